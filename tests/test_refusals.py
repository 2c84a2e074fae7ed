"""Requests to fabricate CASE's words or approval are refused, however indirectly they are put; their
look-alikes (quote the statement, help me explain the policy in my own name, questions *about* an
approval letter or an accreditation number) are not.

fixtures/refusal_probes.yaml holds 40 messages written by someone who had not seen the guard, and 19
ordinary questions a reviewer found an earlier version refusing; both shaped the guard, so this is a
regression test, not a measure of it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant import guard

PROBES = yaml.safe_load((Path(__file__).parent / "fixtures" / "refusal_probes.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("probe", PROBES, ids=[p["id"] for p in PROBES])
def test_fabrication_is_refused_and_its_look_alikes_are_not(probe):
    refused = guard.check(probe["question"], 4000).refusal is not None
    assert refused == (probe["expect"] == "refused"), probe["question"]


def test_the_probes_hold_both_kinds():
    kinds = {p["expect"] for p in PROBES}
    assert kinds == {"refused", "not_refused"}
