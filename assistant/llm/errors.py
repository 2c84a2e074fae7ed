"""Errors raised by the language-model layer.

Callers catch ``LLMUnavailable`` and answer from the evidence alone; the message says why.
"""

from __future__ import annotations


class LLMUnavailable(RuntimeError):
    """The configured model can't be used now: parts missing, bad checksum, server down or slow."""


class LLMConfigError(LLMUnavailable, ValueError):
    """The model configuration itself is wrong (unknown provider, missing path or URL)."""


class ModelPartsMissing(LLMUnavailable):
    """Some PyPI part packages of a packaged GGUF are not installed."""


class ModelChecksumMismatch(LLMUnavailable):
    """An assembled GGUF does not have the published sha256; it is refused, never loaded."""

    def __init__(self, path: str, expected: str, actual: str) -> None:
        self.path, self.expected, self.actual = path, expected, actual
        super().__init__(
            f"model file {path} has sha256 {actual}, expected {expected}; refusing to load it "
            "(reinstall the part packages and run `make models`)"
        )
