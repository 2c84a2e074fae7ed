"""Comparing two runs names the cases that regressed or were fixed; filters select what they say."""

from __future__ import annotations

import json

import pytest

from evals.cases import load_cases
from evals.compare import compare, load_results
from evals.runner import filter_cases


def _results(outcomes: dict[str, tuple[str, list[str]]], accuracy: float) -> dict:
    return {
        "meta": {"created": "t", "commit": "abc"},
        "engines": {"pipeline": {"metrics": {"all": {"verdict_accuracy": accuracy}}}},
        "cases": [{"id": cid, "pipeline": {"score": {"got": got, "failures": failures}}}
                  for cid, (got, failures) in outcomes.items()],
    }


def test_compare_lists_regressions_and_fixes_and_metric_moves():
    before = _results({"a": ("no", []), "b": ("yes", ["verdict: expected no, got yes"]), "c": ("no", [])}, 0.67)
    after = _results({"a": ("yes", ["verdict: expected no, got yes"]), "b": ("no", []), "c": ("no", []),
                      "new": ("no", [])}, 0.75)
    diff = compare(after, before)
    assert [r["id"] for r in diff["regressed"]] == ["a"]
    assert diff["regressed"][0]["was"] == "no" and diff["regressed"][0]["now"] == "yes"
    assert [r["id"] for r in diff["fixed"]] == ["b"]
    assert diff["common_cases"] == 3
    assert diff["metrics"]["verdict_accuracy"] == (0.67, 0.75)


def test_load_results_reads_a_folder_or_a_file_and_explains_a_bad_path(tmp_path):
    (tmp_path / "results.json").write_text(json.dumps(_results({}, 1.0)))
    assert load_results(tmp_path)["meta"]["commit"] == "abc"
    assert load_results(tmp_path / "results.json")["meta"]["commit"] == "abc"
    with pytest.raises(ValueError, match="cannot read earlier results"):
        load_results(tmp_path / "missing.json")


def test_filters_select_by_id_glob_and_tag():
    cases = load_cases("all")
    para = filter_cases(cases, ["dev-para-*"], [])
    assert para and all(c.id.startswith("dev-para-") for c in para)
    follow_ho = filter_cases(cases, ["ho-*"], ["followup"])
    assert follow_ho and all(c.split == "heldout" and "followup" in c.tags for c in follow_ho)
    assert filter_cases(cases, [], []) == cases
