"""Limits that keep answers readable and fast when the corpus holds many statements."""

from __future__ import annotations

from pathlib import Path

import pytest

import assistant.retrieve as retrieve_module
from assistant.answer import Verdict
from assistant.indexer import build_index
from assistant.knowledge import KnowledgeBase
from assistant.pipeline import Pipeline
from assistant.retrieve import retrieve

pytestmark = pytest.mark.slow

KINDS = ["Remote", "Tele", "Distance", "Off-site", "Virtual", "Home", "Mobile", "Outreach"]


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory, write_statement, settings_for):
    root = tmp_path_factory.mktemp("many")
    for i, kind in enumerate(KINDS):
        write_statement(root / "corpus", f"{kind.lower()}-scanning", [f"Courses may include {kind.lower()} scanning practice under supervision."],
                        footnotes=[f"{kind} scanning definition: Ultrasound scanning of patients performed away from the main hospital site."],
                        issued=f"2022-{i + 1:02d}")
    settings = settings_for(root / "corpus", root / "index")
    build_index(settings, progress=False)
    return settings


def test_not_covered_names_the_newest_statements_and_counts_the_rest(many) -> None:
    answer = Pipeline(many).ask("What is the capital of Australia?")
    assert answer.verdict is Verdict.NOT_COVERED
    assert "and 2 more" in answer.answer
    assert "Outreach Scanning (August 2022)" in answer.answer and "Remote Scanning (January 2022)" not in answer.answer


def test_only_the_nearest_defined_terms_bridge_a_question(many, monkeypatch) -> None:
    kb = KnowledgeBase(many)
    question = "Can ultrasound be performed on patients away from the hospital?"
    assert 1 <= len(retrieve(kb, question).bridged_terms) <= retrieve_module.MAX_BRIDGED_TERMS
    monkeypatch.setattr(retrieve_module, "MAX_BRIDGED_TERMS", 100)
    assert len(retrieve(kb, question).bridged_terms) > 2  # without the limit, every near term bridges
