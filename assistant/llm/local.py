"""Local GGUF models through llama-cpp-python, loaded once per process.

The chat model is langchain-community's ``ChatLlamaCpp`` (works with langchain-core 1.8); its
``client`` is the ``llama_cpp.Llama`` that ``labels.choose_label`` scores with, so one model file
is in memory once. A ``Llama`` is not thread-safe, so every call holds the model's lock.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from pydantic import PrivateAttr

from assistant.llm.cpu import safe_llama_params
from assistant.llm.errors import LLMConfigError, LLMUnavailable

# Sized for a ~1.5k-token prompt plus a short answer; the KV cache grows with n_ctx.
N_CTX = 2048
N_THREADS = 2
# Prompt tokens per forward pass. ChatLlamaCpp's default of 8 makes prompt reading ~10x slower.
N_BATCH = 512

_cache: dict[tuple[str, int], Any] = {}
_cache_lock = threading.Lock()

with warnings.catch_warnings():
    # langchain-community warns on import that it is being sunset; the class still works.
    warnings.simplefilter("ignore", DeprecationWarning)
    from langchain_community.chat_models import ChatLlamaCpp


class LockedChatLlamaCpp(ChatLlamaCpp):
    """``ChatLlamaCpp`` that serialises calls on its ``Llama`` (shared with label scoring)."""

    _call_lock: Any = PrivateAttr(default_factory=threading.RLock)

    @property
    def lock(self) -> Any:
        return self._call_lock

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return super()._generate(*args, **kwargs)

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        with self.lock:
            yield from super()._stream(*args, **kwargs)

    async def _astream(
        self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        # The whole sync stream runs in ONE worker thread (the lock is an RLock, released by the
        # thread that took it; langchain's default calls next() from varying threads) and hands
        # chunks to the event loop, which stays free for other requests meanwhile.
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Any] = asyncio.Queue()
        done = object()
        sync_manager = run_manager.get_sync() if run_manager else None

        def produce() -> None:
            try:
                for chunk in self._stream(messages, stop, sync_manager, **kwargs):
                    loop.call_soon_threadsafe(queue.put_nowait, chunk)
            except BaseException as exc:  # re-raised in the consumer
                loop.call_soon_threadsafe(queue.put_nowait, exc)
            finally:
                loop.call_soon_threadsafe(queue.put_nowait, done)

        worker = loop.run_in_executor(None, produce)
        while (item := await queue.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
        await worker


@atexit.register
def _close_all() -> None:
    """Free models before interpreter teardown (else Llama.__del__ prints a TypeError at exit)."""
    with _cache_lock:
        for chat in _cache.values():
            chat.client.close()
        _cache.clear()


def load_local_chat(path: Path, *, n_ctx: int = N_CTX) -> LockedChatLlamaCpp:
    """The process-wide chat model for the GGUF at ``path`` (loaded on first use).

    Per-call options go through ``invoke(..., max_tokens=50, stop=[...])``.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise LLMConfigError(f"no GGUF model file at {path}")
    key = (str(path.resolve()), n_ctx)
    with _cache_lock:
        if key not in _cache:
            try:
                with safe_llama_params():
                    _cache[key] = LockedChatLlamaCpp(
                        model_path=str(path),
                        n_ctx=n_ctx,
                        n_threads=N_THREADS,
                        n_batch=N_BATCH,
                        max_tokens=256,
                        temperature=0.0,  # the same question gets the same answer
                        verbose=False,
                    )
            except ValueError as exc:  # ChatLlamaCpp wraps load failures in ValueError
                raise LLMUnavailable(
                    f"llama.cpp could not load {path} (not a GGUF file, truncated, or an unsupported model)"
                ) from exc
        return _cache[key]
