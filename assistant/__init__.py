"""CASE scope-of-practice assistant: cited verdicts from CASE position statements."""

__version__ = "0.1.0"

import os as _os

# OpenMP threads (torch, llama.cpp) spin while waiting by default; on a shared 2-core machine that
# made llama.cpp generation ~20x slower (40 s vs 2 s for 30 tokens). Must be set before torch or
# llama_cpp is imported, hence here. Override by setting OMP_WAIT_POLICY yourself.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
