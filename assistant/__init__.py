"""CASE scope-of-practice assistant: cited verdicts from CASE position statements."""

__version__ = "0.1.0"
