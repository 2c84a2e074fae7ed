"""A real OpenAI-compatible llama.cpp server on loopback, reached through the factory's `openai` provider."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from assistant.llm import LLMUnavailable, get_chat_model, smollm2_path
from assistant.llm.labels import choose_label, support_check
from assistant.settings import Settings
from bench.server import free_port
from conftest import stop, wait_until_serving

pytestmark = pytest.mark.server

TIMEOUT_S = 60.0  # generous: the CI machine is shared; failure must still come within it


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    log = log_path.open("wb")  # a file, not a pipe: nobody drains a pipe and the server would block
    # `python -m llama_cpp.server` with the AMX workaround (the stock module dies with SIGILL on
    # CPUs that advertise AMX; see assistant/llm/cpu.py).
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.llm.serve", "--model", str(smollm2_path()),
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "1024", "--n_threads", "2"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/v1"
    wait_until_serving(proc, lambda: httpx.get(f"{base}/models", timeout=2).status_code == 200,
                       log_path, "llama server", 90)
    yield proc, base
    stop(proc, 10)
    log.close()


def _model(base: str, timeout: float = TIMEOUT_S):  # type: ignore[no-untyped-def]
    return get_chat_model(Settings(_env_file=None, llm="openai", llm_base_url=base, llm_timeout_s=timeout))  # type: ignore[call-arg]


def test_chat_completion_through_the_openai_provider(llama_server: tuple[subprocess.Popen[bytes], str]) -> None:
    _, base = llama_server
    reply = _model(base).invoke([("human", "Say hello.")], extra_body={"max_tokens": 12})
    assert isinstance(reply.content, str) and reply.content.strip()
    assert reply.response_metadata.get("token_usage", {}).get("completion_tokens", 0) <= 12


def test_choose_label_reads_the_servers_log_probs(llama_server: tuple[subprocess.Popen[bytes], str]) -> None:
    _, base = llama_server
    question, labels = "Is ice hot?", ["Yes", "No"]
    label, scores = choose_label(_model(base), question, labels)
    assert all(math.isfinite(v) and v < 0 for v in scores.values())  # read from log-probs, not 0/-inf
    # The same model scored locally (same chat template and instruction) agrees. The server renders
    # the template its own way, so the numbers agree only roughly.
    local = get_chat_model(Settings(_env_file=None, llm="smollm2"))  # type: ignore[call-arg]
    local_label, local_scores = choose_label(local, f"{question}\n\nReply with exactly one of: Yes, No.", labels)
    assert label == local_label
    for lab in labels:
        assert scores[lab] == pytest.approx(local_scores[lab], abs=0.6)


def test_label_given_only_by_its_first_letters_is_not_guessed(llama_server: tuple[subprocess.Popen[bytes], str]) -> None:
    _, base = llama_server
    # SmolLM2's likeliest first token here is "B" (as in "Bonjour"), which must not count for "Berlin".
    label, scores = choose_label(_model(base), "What is the capital of France?", ["Berlin", "Paris"])
    assert label == "Paris"
    assert scores == {"Paris": 0.0, "Berlin": float("-inf")}  # decided by a short completion instead
    # A caller that needs real probabilities is told there are none rather than handed 0/-inf.
    with pytest.raises(LLMUnavailable, match="log-probabilities"):
        choose_label(_model(base), "What is the capital of France?", ["Berlin", "Paris"], require_logprobs=True)


def test_choose_label_falls_back_to_a_short_completion(llama_server: tuple[subprocess.Popen[bytes], str]) -> None:
    _, base = llama_server
    label, scores = choose_label(_model(base), "What is the capital of France?", ["Berlin", "Paris"], server_logprobs=False)
    assert label == "Paris"
    assert scores == {"Paris": 0.0, "Berlin": float("-inf")}  # no log-probs: chosen vs not


def test_support_check_through_the_server(llama_server: tuple[subprocess.Popen[bytes], str]) -> None:
    _, base = llama_server
    p = support_check(_model(base), "Is ice cold?", "Ice is frozen water and is cold.")
    assert 0.0 < p < 1.0  # a probability from Yes/No log-probs, not a parsed 0 or 1


def test_killed_server_fails_fast_with_unavailable(llama_server: tuple[subprocess.Popen[bytes], str]) -> None:
    proc, base = llama_server
    model = _model(base, timeout=5.0)
    proc.kill()
    proc.wait(10)
    start = time.monotonic()
    with pytest.raises(LLMUnavailable, match="unavailable"):
        model.invoke("Say hello.")
    assert time.monotonic() - start < 5.0
