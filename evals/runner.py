"""Run the golden cases through the real Pipeline (and the plain-RAG baseline), score, report, gate."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from assistant.pipeline import Pipeline
from assistant.settings import Settings, get_settings

from . import report
from .cases import SPLITS, Case, load_cases, read_yaml, select
from .compare import compare, load_results
from .engines import Engine, PipelineEngine, Reply
from .metrics import CaseScore, aggregate, check_threshold_names, normalise_ws, score_case, threshold_failures

EVALS_DIR = Path(__file__).parent
THRESHOLDS_FILE = EVALS_DIR / "thresholds.yaml"
REPORTS_DIR = EVALS_DIR / "reports"
WARM_UP_QUESTION = "What is social scanning?"  # loads lazy models before anything is timed


@dataclass
class RunOptions:
    split: str = "all"
    subset: str | None = None
    config: str = "default"
    baseline: bool = True
    baseline_llm: str | None = None  # provider for the baseline only; default: the configured one
    out: Path | None = None
    thresholds_file: Path = THRESHOLDS_FILE
    case_globs: list[str] = field(default_factory=list)  # only cases whose id matches one (debugging)
    tags: list[str] = field(default_factory=list)  # only cases with one of these tags (debugging)
    compare: Path | None = None  # an earlier results.json (or its folder) to diff against

    @property
    def filtered(self) -> bool:
        return bool(self.case_globs or self.tags)


@dataclass
class RunResult:
    out_dir: Path
    results: dict[str, Any]
    threshold_failures: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.threshold_failures else 0


def default_out_dir() -> Path:
    return REPORTS_DIR / dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")


def load_thresholds(path: Path, subset: str | None) -> tuple[str, dict[str, float]]:
    """The threshold set for this run: "fast" for the fast subset, "full" otherwise."""
    name = "fast" if subset == "fast" else "full"
    data = read_yaml(path) or {}
    limits = {str(k): float(v) for k, v in (data.get(name) or {}).items()}
    check_threshold_names(limits, SPLITS)
    return name, limits


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=EVALS_DIR)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def filter_cases(cases: list[Case], case_globs: list[str], tags: list[str]) -> list[Case]:
    if case_globs:
        cases = [c for c in cases if any(fnmatchcase(c.id, g) for g in case_globs)]
    if tags:
        cases = [c for c in cases if set(tags) & set(c.tags)]
    return cases


def corpus_passages(settings: Settings, indexed: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Passage texts read from corpus/ itself: quotes are checked against these by citation id, never
    against the passage an Answer carries, nor only against the index. Also names any passage whose
    indexed text differs (a stale index), so a report can say so."""
    from assistant.corpus import load_corpus

    passages = {p.id: p.text for doc in load_corpus(settings.corpus_dir).documents for p in doc.passages}
    stale = sorted(pid for pid in set(passages) | set(indexed)
                   if normalise_ws(passages.get(pid, "")) != normalise_ws(indexed.get(pid, "")))
    return passages, stale


def run_engine(engine: Engine, cases: list[Case], passages: dict[str, str],
               progress: Callable[[str], None] | None = None) -> tuple[list[Reply], list[CaseScore]]:
    replies, scores = [], []
    for i, case in enumerate(cases, start=1):
        reply = engine.reply(case)
        replies.append(reply)
        scores.append(score_case(case, reply.outcome, passages))
        if progress and (i % 25 == 0 or i == len(cases)):
            progress(f"{engine.label}: {i}/{len(cases)}")
    return replies, scores


def metrics_by_split(scores: list[CaseScore]) -> dict[str, Any]:
    out = {"all": aggregate(scores)}
    for split in SPLITS:
        part = [s for s in scores if s.split == split]
        if part:
            out[split] = aggregate(part)
    return out


def gated_metrics(by_split: dict[str, Any]) -> dict[str, Any]:
    """Metrics as thresholds name them: "verdict_accuracy" over the run, "heldout.verdict_accuracy" per split.
    A split the run did not include is absent, so its thresholds are not applied."""
    flat = {k: v for k, v in by_split["all"].items() if not isinstance(v, dict)}
    for split, metrics in by_split.items():
        if split != "all":
            flat.update({f"{split}.{k}": v for k, v in metrics.items() if not isinstance(v, dict)})
    return flat


def _baseline(kb, settings: Settings, llm: str | None):
    from .baseline import PlainRagBaseline, chat_model_for

    baseline_settings = settings.model_copy(update={"llm": llm}) if llm else settings
    model, label = chat_model_for(baseline_settings)
    return PlainRagBaseline(kb, baseline_settings, model, label)


def run(options: RunOptions, settings: Settings | None = None, pipeline: Pipeline | None = None,
        progress: Callable[[str], None] | None = None) -> RunResult:
    started = time.perf_counter()
    cases = filter_cases(select(load_cases(options.split), options.subset), options.case_globs, options.tags)
    earlier = load_results(options.compare) if options.compare else None
    threshold_set, limits = load_thresholds(options.thresholds_file, options.subset)
    if not cases:
        raise ValueError(f"no cases in split {options.split!r}" + (f", subset {options.subset!r}" if options.subset else ""))
    settings = settings or get_settings()
    pipeline = pipeline or Pipeline(settings)
    kb = pipeline.kb
    passages, stale = corpus_passages(settings, {pid: p.text for pid, p in kb.passages.items()})

    engine = PipelineEngine(pipeline, options.config)
    try:
        pipeline.ask(WARM_UP_QUESTION)
    except Exception:  # noqa: BLE001 - an engine that fails here fails per case below, with its message
        pass
    replies, scores = run_engine(engine, cases, passages, progress)
    engines: dict[str, dict[str, Any]] = {
        "pipeline": {"label": engine.label, "metrics": metrics_by_split(scores)},
    }
    per_engine: dict[str, tuple[list[Reply], list[CaseScore]]] = {"pipeline": (replies, scores)}

    if options.baseline:
        base = _baseline(kb, settings, options.baseline_llm)
        try:
            b_replies, b_scores = run_engine(base, cases, passages, progress)
        finally:
            base.close()
        engines["baseline"] = {"label": base.label, "retrieval_only": base.retrieval_only,
                               "metrics": metrics_by_split(b_scores)}
        per_engine["baseline"] = (b_replies, b_scores)

    gated = options.config == "default" and not options.filtered
    breaches = threshold_failures(gated_metrics(engines["pipeline"]["metrics"]), limits) if gated else []

    results = {
        "meta": {
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "split": options.split,
            "subset": options.subset,
            "config": options.config,
            "llm": settings.llm,
            "coverage_model": settings.coverage_model,
            "index_build": kb.build_id,
            "index_differs_from_corpus": stale,
            "commit": _git_commit(),
            "cases": len(cases),
            "seconds": None,
        },
        "engines": engines,
        "thresholds": {
            "set": threshold_set,
            "applied": gated,
            "note": None if gated else (
                "thresholds are not applied to a run filtered by --case/--tag" if options.filtered
                else f"thresholds are only applied to the default config, not {options.config!r}"),
            "limits": limits,
            "failures": breaches,
        },
        "cases": [
            {
                "id": c.id, "split": c.split, "tags": list(c.tags), "turns": list(c.turns),
                "verdicts": list(c.verdicts), "cite": list(c.cite), "cite_ok": list(c.cite_ok),
                "must": list(c.must), "must_not": list(c.must_not),
                **{name: {"answer": r[0][i].raw, "score": asdict(r[1][i])} for name, r in per_engine.items()},
            }
            for i, c in enumerate(cases)
        ],
    }
    if earlier is not None:
        results["comparison"] = compare(results, earlier)
    results["meta"]["seconds"] = round(time.perf_counter() - started, 1)

    out_dir = options.out or default_out_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    (out_dir / "summary.md").write_text(report.summary_md(results), encoding="utf-8")
    (out_dir / "report.html").write_text(report.report_html(results), encoding="utf-8")
    return RunResult(out_dir, results, breaches)


def main() -> None:  # python -m evals.runner: the same as `assistant eval`
    from .cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
