"""Answer latency over the benchmark questions: default pipeline, evidence-only, plain RAG baseline."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from assistant.indexer import build_index
from assistant.pipeline import Pipeline
from assistant.settings import Settings

from .baseline import PlainRag
from .stats import ratio, summary
from .workdir import fresh


def time_calls(fn: Callable[[str], object], questions: list[str], rounds: int) -> list[float]:
    """Wall-clock milliseconds of fn(q) for every question, `rounds` times over."""
    samples = []
    for _ in range(rounds):
        for q in questions:
            started = time.perf_counter()
            fn(q)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def real_index_settings(work: Path, corpus_dir: Path) -> Settings:
    """Settings for an index of the real corpus built inside the bench work folder."""
    settings = Settings(corpus_dir=corpus_dir, index_dir=work / "real" / "index")
    build_index(settings, progress=False)
    return settings


def run(settings: Settings, questions: list[str], work: Path, rounds: int = 3, log=print) -> dict:
    pipeline = Pipeline(settings)
    default = lambda q: pipeline.ask(q)  # noqa: E731
    evidence = lambda q: pipeline.ask(q, evidence_only=True)  # noqa: E731
    rag = PlainRag(settings, {pid: p.text for pid, p in pipeline.kb.passages.items()}, fresh(work / "baseline"))
    for fn in (default, evidence, rag.ask):  # warm caches and lazy loads before timing
        for q in questions:
            fn(q)
    log(f"  timing {len(questions)} questions x {rounds} rounds")
    results = {
        "default": summary(time_calls(default, questions, rounds)),
        "evidence_only": summary(time_calls(evidence, questions, rounds)),
        "baseline": summary(time_calls(rag.ask, questions, rounds)),
    }
    base = results["baseline"]["p50_ms"]
    return {
        "questions": len(questions),
        "rounds": rounds,
        "llm": settings.llm,
        "baseline_label": rag.label,
        **results,
        "ratios_p50_vs_baseline": {
            "default": ratio(results["default"]["p50_ms"], base),
            "evidence_only": ratio(results["evidence_only"]["p50_ms"], base),
        },
        "ratios_p95_vs_baseline": {
            "default": ratio(results["default"]["p95_ms"], results["baseline"]["p95_ms"]),
            "evidence_only": ratio(results["evidence_only"]["p95_ms"], results["baseline"]["p95_ms"]),
        },
    }
