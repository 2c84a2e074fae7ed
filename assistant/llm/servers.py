"""Chat models behind a server: any OpenAI-compatible API (vLLM, llama.cpp server, TGI) or Ollama.

Both are the stock langchain classes with two changes: one request timeout and no retries (a
retry would triple the wait before the pipeline falls back to the evidence), and transport
errors re-raised as ``LLMUnavailable`` so callers handle one error type whatever the provider.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import httpx
import ollama
import openai
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI

from assistant.llm.errors import LLMUnavailable


class _UnavailableOnTransportError:
    """Mixin for a ``BaseChatModel``: turn this provider's connection/timeout errors into LLMUnavailable."""

    _transport_errors: ClassVar[tuple[type[BaseException], ...]] = ()
    _provider: ClassVar[str] = "server"

    def _unavailable(self, exc: BaseException) -> LLMUnavailable:
        where = getattr(self, "openai_api_base", None) or getattr(self, "base_url", None) or "?"
        return LLMUnavailable(f"{self._provider} model server at {where} unavailable: {type(exc).__name__}: {exc}")

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super()._generate(*args, **kwargs)  # type: ignore[misc]
        except self._transport_errors as exc:
            raise self._unavailable(exc) from exc

    async def _agenerate(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super()._agenerate(*args, **kwargs)  # type: ignore[misc]
        except self._transport_errors as exc:
            raise self._unavailable(exc) from exc

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            yield from super()._stream(*args, **kwargs)  # type: ignore[misc]
        except self._transport_errors as exc:
            raise self._unavailable(exc) from exc

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        try:
            async for chunk in super()._astream(*args, **kwargs):  # type: ignore[misc]
                yield chunk
        except self._transport_errors as exc:
            raise self._unavailable(exc) from exc


class ServerChatOpenAI(_UnavailableOnTransportError, ChatOpenAI):
    _transport_errors = (openai.APIError, httpx.HTTPError)
    _provider = "OpenAI-compatible"


class ServerChatOllama(_UnavailableOnTransportError, ChatOllama):
    _transport_errors = (ConnectionError, httpx.HTTPError, TimeoutError, ollama.ResponseError)
    _provider = "Ollama"


def openai_chat(base_url: str, model: str, api_key: str | None, timeout_s: float) -> ServerChatOpenAI:
    return ServerChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=api_key or "not-needed",  # local servers ignore it; the client insists on one
        timeout=timeout_s,
        max_retries=0,
        temperature=0.0,
    )


def ollama_chat(base_url: str, model: str, timeout_s: float) -> ServerChatOllama:
    return ServerChatOllama(
        base_url=base_url,
        model=model,
        temperature=0.0,
        client_kwargs={"timeout": timeout_s},
    )
