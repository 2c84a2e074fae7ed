"""The model factory: each provider name, configuration errors, and servers that are down or hung."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.language_models import BaseChatModel

from assistant.llm import LLMConfigError, LLMUnavailable, get_chat_model, model_label, smollm2_path
from assistant.settings import Settings


def _settings(**kw: object) -> Settings:
    return Settings(_env_file=None, **kw)  # type: ignore[call-arg]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def hung_server() -> Iterator[int]:
    """A real TCP server on loopback that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_none_means_no_model() -> None:
    assert get_chat_model(_settings(llm="none")) is None


def test_unknown_provider_is_a_clear_error() -> None:
    with pytest.raises(LLMConfigError) as err:
        get_chat_model(_settings(llm="gpt-17"))
    message = str(err.value)
    assert "'gpt-17'" in message and "qwen-0.5b" in message and "ollama" in message
    assert isinstance(err.value, LLMUnavailable)  # one except clause covers it


@pytest.mark.parametrize(
    ("settings", "hint"),
    [
        ({"llm": "gguf"}, "ASSISTANT_LLM_PATH"),
        ({"llm": "gguf", "llm_path": Path("/nonexistent/model.gguf")}, "/nonexistent/model.gguf"),
        ({"llm": "openai"}, "ASSISTANT_LLM_BASE_URL"),
        ({"llm": "ollama"}, "ASSISTANT_LLM_MODEL"),
    ],
)
def test_incomplete_configuration_names_the_missing_setting(settings: dict, hint: str) -> None:
    with pytest.raises(LLMConfigError, match=hint):
        get_chat_model(_settings(**settings))


def test_file_that_is_not_a_model_is_unavailable(tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"GGUF" + bytes(range(256)) * 64)
    with pytest.raises(LLMUnavailable, match="could not load"):
        get_chat_model(_settings(llm="gguf", llm_path=bogus))


def test_smollm2_loads_once_per_process() -> None:
    from llama_cpp import Llama

    first = get_chat_model(_settings(llm="smollm2"))
    second = get_chat_model(_settings(llm="gguf", llm_path=smollm2_path()))
    assert isinstance(first, BaseChatModel)
    assert isinstance(first.client, Llama)
    assert second is first  # same file -> same loaded model
    assert first.client.n_ctx() >= 1536 and first.client.context_params.n_threads == 2


def test_smollm2_chat_completion_through_langchain() -> None:
    model = get_chat_model(_settings(llm="smollm2"))
    reply = model.invoke([("system", "You are brief."), ("human", "Say hello.")], max_tokens=12)
    assert isinstance(reply.content, str) and reply.content.strip()
    chunks = [c.content for c in model.stream("Count to three.", max_tokens=6)]
    assert len([c for c in chunks if c]) >= 2  # streamed token by token


@pytest.mark.parametrize("provider", ["openai", "ollama"])
def test_server_down_raises_unavailable_at_once(provider: str) -> None:
    url = f"http://127.0.0.1:{_closed_port()}" + ("/v1" if provider == "openai" else "")
    model = get_chat_model(_settings(llm=provider, llm_base_url=url, llm_model="m", llm_timeout_s=5))
    assert isinstance(model, BaseChatModel)
    start = time.monotonic()
    with pytest.raises(LLMUnavailable, match="unavailable"):
        model.invoke("hello")
    assert time.monotonic() - start < 2


@pytest.mark.parametrize("provider", ["openai", "ollama"])
def test_hung_server_times_out_within_the_limit(provider: str, hung_server: int) -> None:
    url = f"http://127.0.0.1:{hung_server}" + ("/v1" if provider == "openai" else "")
    model = get_chat_model(_settings(llm=provider, llm_base_url=url, llm_model="m", llm_timeout_s=1.0))
    start = time.monotonic()
    with pytest.raises(LLMUnavailable):
        model.invoke("hello")
    elapsed = time.monotonic() - start
    assert 0.9 < elapsed < 3.0, elapsed  # waited for the timeout, once: no retries


def test_model_label_names_the_model() -> None:
    assert model_label(_settings(llm="openai", llm_model="qwen2.5")) == "openai:qwen2.5"
    assert model_label(_settings(llm="gguf", llm_path=Path("/m/x.gguf"))) == "gguf:x.gguf"
    assert model_label(_settings(llm="qwen-0.5b")) == "qwen-0.5b"


def test_amx_workaround_applies_only_while_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Models load without llama.cpp's extra (AMX/repack) buffers when asked, and the patch is undone."""
    from llama_cpp import Llama

    from assistant.llm.cpu import safe_llama_params

    monkeypatch.setenv("ASSISTANT_LLAMA_EXTRA_BUFTS", "0")
    with safe_llama_params():
        inside = Llama(str(smollm2_path()), vocab_only=True, verbose=False)
    outside = Llama(str(smollm2_path()), vocab_only=True, verbose=False)
    try:
        assert inside.model_params.use_extra_bufts is False
        assert outside.model_params.use_extra_bufts is True
    finally:
        inside.close()
        outside.close()


def test_async_streaming_leaves_the_event_loop_free() -> None:
    import asyncio

    model = get_chat_model(_settings(llm="smollm2"))

    async def run() -> tuple[int, list[str], list[str]]:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        first = [c.content async for c in model.astream("Count to five.", max_tokens=10)]
        during = ticks
        task.cancel()
        # Two streams at once share one Llama: they take turns, neither errors.
        async def collect(prompt: str) -> list[str]:
            return [c.content async for c in model.astream(prompt, max_tokens=4)]

        a, b = await asyncio.gather(collect("Say A"), collect("Say B"))
        return during, first, a + b

    ticks, first, both = asyncio.run(run())
    assert len([c for c in first if c]) >= 2
    assert ticks >= 3  # other coroutines ran while tokens were generated
    assert any(both)
