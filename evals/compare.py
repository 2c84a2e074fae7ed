"""Compare a run with an earlier one: which cases flipped, and how each headline metric moved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

COMPARED = ("verdict_accuracy", "citation_recall", "citation_precision", "quotes_verbatim",
            "abstention_precision", "abstention_recall", "adversarial_pass", "phrase_pass")


def load_results(path: Path) -> dict[str, Any]:
    """A results.json, or a report folder holding one."""
    file = path / "results.json" if path.is_dir() else path
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read earlier results from {file}: {exc}") from exc


def compare(current: dict[str, Any], earlier: dict[str, Any], engine: str = "pipeline") -> dict[str, Any]:
    """Cases present in both runs that went pass->fail (regressed) or fail->pass (fixed); metric deltas."""
    before = {c["id"]: c for c in earlier.get("cases", []) if engine in c}
    regressed, fixed = [], []
    for c in current["cases"]:
        old = before.get(c["id"])
        if old is None or engine not in c:
            continue
        was_ok, now_ok = not old[engine]["score"]["failures"], not c[engine]["score"]["failures"]
        row = {"id": c["id"], "was": old[engine]["score"]["got"], "now": c[engine]["score"]["got"],
               "failures": c[engine]["score"]["failures"]}
        if was_ok and not now_ok:
            regressed.append(row)
        elif now_ok and not was_ok:
            fixed.append(row)
    now_m = current["engines"][engine]["metrics"]["all"]
    old_m = (earlier.get("engines", {}).get(engine) or {}).get("metrics", {}).get("all", {})
    deltas = {k: (old_m.get(k), now_m.get(k)) for k in COMPARED}
    return {
        "earlier": earlier.get("meta", {}).get("created"),
        "earlier_commit": earlier.get("meta", {}).get("commit"),
        "common_cases": sum(1 for c in current["cases"] if c["id"] in before),
        "regressed": regressed,
        "fixed": fixed,
        "metrics": deltas,
    }
