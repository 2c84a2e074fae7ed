"""Engines under evaluation: the real Pipeline (named configurations) behind one small interface."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .cases import Case
from .metrics import CitedQuote, Outcome

if TYPE_CHECKING:  # importing the pipeline loads chromadb & co: keep `assistant --help` fast
    from assistant.answer import Answer
    from assistant.pipeline import Pipeline

CONFIGS = {
    "default": "Pipeline.ask as configured (language model from ASSISTANT_LLM*, none by default)",
    "evidence-only": "Pipeline.ask(..., evidence_only=True): verdict info, quotes from retrieval alone",
}


@dataclass
class Reply:
    """One engine reply: the raw record for results.json and the plain data the metrics score."""

    raw: dict[str, Any]
    outcome: Outcome


class Engine(Protocol):
    label: str

    def reply(self, case: Case) -> Reply: ...


def outcome_of(answer: Answer, latency_ms: float) -> Outcome:
    return Outcome(
        verdict=answer.verdict.value,
        answer=answer.answer,
        citations=[CitedQuote(c.id, c.quote, c.n, c.quote_start, c.quote_end) for c in answer.citations],
        latency_ms=latency_ms,
    )


def failed(error: BaseException, latency_ms: float) -> Reply:
    message = f"{type(error).__name__}: {error}"
    return Reply({"error": message}, Outcome(verdict="error", error=message, latency_ms=latency_ms))


def chat_history(ask: Callable[[str, list[dict[str, str]]], Answer], turns: Sequence[str]) -> list[dict[str, str]]:
    """The chat a follow-up stands in: each earlier turn asked with the history before it, and answered."""
    history: list[dict[str, str]] = []
    for turn in turns:
        earlier = ask(turn, history)
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": earlier.answer}]
    return history


class PipelineEngine:
    """The answer engine in-process. A follow-up case replays its earlier turns as a real chat would."""

    def __init__(self, pipeline: Pipeline, config: str = "default") -> None:
        if config not in CONFIGS:
            raise ValueError(f"unknown config {config!r}; choose one of: {', '.join(CONFIGS)}")
        self.pipeline = pipeline
        self.config = config
        self.label = f"pipeline ({config})"

    def _ask(self, question: str, history: list[dict[str, str]]) -> Answer:
        return self.pipeline.ask(question, history=history or None, evidence_only=self.config == "evidence-only")

    def reply(self, case: Case) -> Reply:
        try:
            history = chat_history(self._ask, case.turns[:-1])
        except Exception as exc:  # an engine crash is a result to report, not a reason to stop the run
            return failed(exc, 0.0)
        started = time.perf_counter()
        try:
            answer = self._ask(case.question, history)
        except Exception as exc:
            return failed(exc, (time.perf_counter() - started) * 1000)
        latency = (time.perf_counter() - started) * 1000
        return Reply(answer.model_dump(mode="json"), outcome_of(answer, latency))
