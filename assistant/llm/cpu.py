"""Work around llama.cpp's AMX kernels crashing (SIGILL) on CPUs that advertise AMX.

On this machine's Xeon (AMX_INT8 reported, and usable from plain C) llama.cpp 0.3.36's AMX
matrix-multiply path dies with "Illegal instruction" at `tilezero` on the first decode, killing
the whole process. The AMX code runs only for weights placed in the AMX "extra buffer type", so
loading models with ``use_extra_bufts = False`` avoids it at the cost of llama.cpp's weight
repacking. llama-cpp-python doesn't expose that flag, so we set it on the default model params
while a ``Llama`` is being constructed. Set ``ASSISTANT_LLAMA_EXTRA_BUFTS=1`` to force the fast
path on (e.g. after a llama.cpp upgrade that fixes AMX), ``=0`` to force it off.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

_patch_lock = threading.Lock()


@lru_cache(maxsize=1)
def cpu_has_amx() -> bool:
    """True when the compiled llama.cpp CPU backend reports AMX support."""
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode("utf-8", "replace")
    return "AMX_INT8 = 1" in info


def extra_buffer_types_allowed() -> bool:
    forced = os.environ.get("ASSISTANT_LLAMA_EXTRA_BUFTS", "").strip()
    if forced in {"0", "1"}:
        return forced == "1"
    return not cpu_has_amx()


@contextmanager
def safe_llama_params() -> Iterator[None]:
    """Within this block, new ``llama_cpp.Llama`` objects load without extra buffer types if needed."""
    if extra_buffer_types_allowed():
        yield
        return
    import llama_cpp.llama_cpp as lib

    with _patch_lock:
        original = lib.llama_model_default_params

        def params_without_extra_bufts():  # type: ignore[no-untyped-def]
            params = original()
            params.use_extra_bufts = False
            return params

        lib.llama_model_default_params = params_without_extra_bufts
        try:
            yield
        finally:
            lib.llama_model_default_params = original
