"""The CI gate: the fast golden subset through the real Pipeline on a temp index meets its thresholds,
and the reports a person reads to see why a case failed are written."""

from __future__ import annotations

import json
import subprocess
from html import escape

import pytest

from evals.cases import load_cases, select
from evals.runner import RunOptions, load_thresholds, run

from conftest import ASSISTANT_BIN, CORPUS_DIR

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fast_run(pipeline, built_settings, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "report"
    return run(RunOptions(split="all", subset="fast", out=out), settings=built_settings, pipeline=pipeline)


def test_the_fast_subset_meets_the_fast_thresholds(fast_run):
    th = fast_run.results["thresholds"]
    assert th["set"] == "fast" and th["applied"]
    assert {"verdict_accuracy", "quotes_verbatim", "abstention_recall", "adversarial_pass"} <= set(th["limits"])
    assert fast_run.threshold_failures == [], "\n".join(fast_run.threshold_failures)
    assert fast_run.exit_code == 0


def test_results_json_holds_every_case_with_the_full_answer_for_both_engines(fast_run):
    results = json.loads((fast_run.out_dir / "results.json").read_text(encoding="utf-8"))
    expected_ids = [c.id for c in select(load_cases("all"), "fast")]
    assert [c["id"] for c in results["cases"]] == expected_ids
    for c in results["cases"]:
        answer = c["pipeline"]["answer"]
        assert {"question", "verdict", "answer", "citations", "stages", "latency_ms"} <= set(answer)
        assert c["pipeline"]["score"]["got"] == answer["verdict"]
        assert c["baseline"]["score"]["got"] == c["baseline"]["answer"]["verdict"]
    # No language model in tests: the baseline must say it is retrieval-only.
    assert results["engines"]["baseline"]["retrieval_only"] is True
    assert set(results["engines"]["pipeline"]["metrics"]) == {"all", "dev", "heldout"}


def test_report_html_shows_each_failure_reason_and_summary_names_the_baseline(fast_run):
    html = (fast_run.out_dir / "report.html").read_text(encoding="utf-8")
    summary = (fast_run.out_dir / "summary.md").read_text(encoding="utf-8")
    reasons = [(c["id"], r) for c in fast_run.results["cases"] for engine in ("pipeline", "baseline")
               for r in c[engine]["score"]["failures"]]
    # The retrieval-only baseline answers "info" to everything, so it fails refusals at least.
    assert any("verdict: expected refused, got info" in r for _, r in reasons)
    for case_id, reason in reasons:
        assert escape(reason) in html, f"{case_id}: {reason!r} not in report.html"
    assert "Confusion matrix" in html and "retrieval-only baseline" in html
    assert "retrieval-only baseline" in summary and "## Headline metrics" in summary
    # Injection text in a question is shown as text, never as markup.
    assert "<system>" not in html and escape("<system>") in html


def test_a_breached_threshold_fails_the_assistant_eval_command(built_settings, cli_env, tmp_path):
    strict = tmp_path / "thresholds.yaml"
    strict.write_text("fast:\n  verdict_accuracy: 1.01\n  latency_p95_ms: 600000\n")
    out = tmp_path / "report"
    proc = subprocess.run(
        [str(ASSISTANT_BIN), "eval", "--split", "dev", "--subset", "fast", "--no-baseline",
         "--thresholds", str(strict), "--out", str(out)],
        env=cli_env(CORPUS_DIR, built_settings.index_dir), capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "verdict_accuracy" in proc.stdout and "below the minimum 1.01" in proc.stdout
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert "baseline" not in results["engines"]
    assert {c["split"] for c in results["cases"]} == {"dev"}


def test_the_thresholds_file_has_both_sets_and_the_issue_targets_are_noted():
    from evals.runner import THRESHOLDS_FILE

    assert load_thresholds(THRESHOLDS_FILE, "fast")[1] and load_thresholds(THRESHOLDS_FILE, None)[1]
    text = THRESHOLDS_FILE.read_text(encoding="utf-8")
    for target in ("0.95", "not_covered recall 1.0", "adversarial pass 1.0", "quotes verbatim 1.0"):
        assert target in text
