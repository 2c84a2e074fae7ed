"""The bench report: targets judged from the measured figures, and the files written."""

from __future__ import annotations

import json
from pathlib import Path

from bench.report import check_targets, markdown, write
from bench.run import parse_args


def _scale(passages: int, rate: float, p50: float, reindex: float) -> dict:
    stats = {"n": 3, "p50_ms": p50, "p95_ms": p50 * 2, "mean_ms": p50, "max_ms": p50 * 3}
    return {"passages": passages, "documents": passages // 50 + 1, "index_build_s": passages / rate,
            "indexing_passages_per_s": rate, "index_mb": 1.0, "kb_load_s": 0.1, "first_query_ms": 100.0,
            "evidence_only": stats, "default": stats, "reindex_one_doc_s": reindex}


def _results() -> dict:
    lat = {"n": 3, "p50_ms": 20.0, "p95_ms": 30.0, "mean_ms": 21.0, "max_ms": 40.0}
    conc = lambda c, p95, errors: {"clients": c, "seconds": 15.0, "answered": 100, "throughput_rps": 6.7,  # noqa: E731
                                   "p50_ms": p95 / 2, "p95_ms": p95, "rejected_429": 2, "errors": errors,
                                   "timeouts": 0, "error_samples": []}
    return {
        "timestamp": "2026-01-01T00-00-00Z", "command": "python -m bench.run",
        "environment": {"cpus": 2, "python": "3.11", "torch_threads": 2, "load_start": [1, 1, 1], "load_end": [1, 1, 1]},
        "latency": {"questions": 3, "rounds": 1, "llm": "none", "baseline_label": "retrieval-only", "default": lat,
                    "evidence_only": lat, "baseline": lat, "ratios_p50_vs_baseline": {"default": 1.0, "evidence_only": 1.0},
                    "ratios_p95_vs_baseline": {"default": 1.0, "evidence_only": 1.0}},
        "scale": [_scale(1005, 300.0, 20.0, 0.5), _scale(10005, 150.0, 60.0, 5.0)],
        "server": {"rate_limit": "off", "body": {}, "runs": [{"label": "default", "cold_start": {"healthy_s": 5.0, "first_answer_s": 6.0}, "peak_rss_mb": 800.0}],
                   "concurrency": [conc(1, 100.0, 0), conc(32, 400.0, 1)]},
        "notes": [],
    }


def test_targets_judged_from_figures() -> None:
    checks = {c["target"]: c for c in check_targets(_results())}
    assert checks["evidence-only answer p50 (ms) at the largest corpus"]["measured"] == 60.0
    assert checks["evidence-only answer p50 (ms) at the largest corpus"]["met"] is False
    assert checks["default answer p50 (ms)"]["met"] is True
    assert checks["indexing throughput (passages/s, >=)"]["measured"] == 150.0  # the slowest large build
    assert checks["indexing throughput (passages/s, >=)"]["met"] is False
    assert checks["re-index after one changed document (s) at the largest corpus"]["met"] is False
    assert checks["32 clients p95 / 1 client p95"]["measured"] == 4.0
    assert checks["32 clients p95 / 1 client p95"]["met"] is False
    assert checks["32 clients: errors + timeouts"]["measured"] == 1


def test_unmeasured_targets_are_not_judged() -> None:
    results = _results()
    del results["scale"], results["server"]
    checks = {c["target"]: c for c in check_targets(results)}
    assert checks["evidence-only answer p50 (ms) at the largest corpus"]["met"] is None
    assert "32 clients p95 / 1 client p95" not in checks


def test_write_produces_json_markdown_and_latest(tmp_path: Path) -> None:
    results = _results()
    results["targets"] = check_targets(results)
    json_path, md_path = write(results, tmp_path)
    assert json.loads(json_path.read_text())["scale"][1]["passages"] == 10005
    text = md_path.read_text()
    assert text == (tmp_path / "latest.md").read_text()
    assert "| 10,005 |" in text and "**no**" in text


def test_quick_flag_picks_small_scales() -> None:
    args = parse_args(["--quick"])
    assert args.scale_list == [10, 1000] and args.rounds == 1 and args.seconds <= 5
    assert parse_args(["--scales", "1000,100000"]).scale_list == [1000, 100000]
    assert parse_args(["--skip", "scale, server"]).skip_set == {"scale", "server"}
