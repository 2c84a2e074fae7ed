"""Retrieval bridges vocabulary through the definitions the statements themselves give."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.indexer import build_index
from assistant.knowledge import KnowledgeBase
from assistant.retrieve import retrieve
from assistant.text import content_stems
from conftest import CORPUS_DIR

pytestmark = pytest.mark.slow  # the embedding model and real index builds

RULE = "social-scanning-2021#p4"


@pytest.mark.parametrize(
    ("question", "everyday_words"),
    [
        ("Can I get a gender reveal scanning course accredited?", ["gender", "reveal"]),
        ("Do you accredit keepsake 4D scan courses?", ["keepsake", "4D"]),
    ],
)
def test_everyday_words_reach_the_social_scanning_rule(pipeline, question: str, everyday_words: list[str]) -> None:
    kb = pipeline.kb
    rule_text = kb.passages[RULE].text.lower()
    assert not [w for w in everyday_words if w.lower() in rule_text]  # the rule never uses these words
    result = retrieve(kb, question)
    assert "Social scanning" in result.bridged_terms
    assert RULE in [h.passage_id for h in result.hits[:2]], [h.passage_id for h in result.hits]


def test_passages_using_a_defined_term_are_indexed_with_its_definition(pipeline) -> None:
    kb = pipeline.kb
    assert [(d.term, d.passage_id) for d in kb.definitions] == [("Social scanning", "social-scanning-2021#p5")]
    assert "(Social scanning: The use of ultrasound for pregnant patients" in kb.indexed_text[RULE]
    # the definition itself is not indexed twice, and a passage not using the term is left alone
    assert kb.indexed_text["social-scanning-2021#p5"] == kb.passages["social-scanning-2021#p5"].text
    assert kb.indexed_text["social-scanning-2021#p2"] == kb.passages["social-scanning-2021#p2"].text


# A made-up statement from a made-up body: nothing in the code knows these words.
MADE_UP = """---
title: Remote Supervision of Trainees
issuer: Northern Board for Imaging Education
issued: 2024-02
url: https://example.org/statements/remote-supervision/
status: current
---

# Position statement: Remote Supervision[^1]

Training centres have asked the Board how new models of placement fit with its standards, as staffing pressures grow across the region and more clinics open in the community.

Every trainee must complete a minimum of two hundred supervised examinations before the final clinical assessment, and each one must be signed off in the logbook.

The Board will not approve placements that rely on tele-sonography for trainees in the first year of a programme. From the second year, tele-sonography may make up no more than a quarter of a trainee's lists.

[^1]: {footnote}
"""
DEFINITION = ("Tele-sonography definition: The remote supervision of a scanning trainee by a qualified practitioner "
              "who watches a live video link from another site.")
NOT_A_DEFINITION = ("In practice this involves remote supervision of a scanning trainee by a qualified practitioner "
                    "who watches a live video link from another site.")
MADE_UP_RULE = "remote-supervision#p3"
QUESTIONS = [
    "Is it acceptable for my supervisor to watch me remotely over a live video link from a different site?",
    "Could a qualified practitioner at another site supervise me through a video link?",
]


def _made_up_kb(root: Path, footnote: str, settings_for) -> KnowledgeBase:
    corpus = root / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)  # the real statement too, as competition
    (corpus / "remote-supervision.md").write_text(MADE_UP.format(footnote=footnote), encoding="utf-8")
    settings = settings_for(corpus, root / "index")
    assert not build_index(settings, progress=False).errors
    return KnowledgeBase(settings)


@pytest.fixture(scope="module")
def made_up(tmp_path_factory: pytest.TempPathFactory, settings_for) -> tuple[KnowledgeBase, KnowledgeBase]:
    """The made-up statement with its definition, and the same statement with the footnote not a definition."""
    return (
        _made_up_kb(tmp_path_factory.mktemp("defined"), DEFINITION, settings_for),
        _made_up_kb(tmp_path_factory.mktemp("undefined"), NOT_A_DEFINITION, settings_for),
    )


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_made_up_definition_bridges_to_its_rule(made_up, question: str) -> None:
    defined, undefined = made_up
    assert ("Tele-sonography", "remote-supervision#p4") in [(d.term, d.passage_id) for d in defined.definitions]
    assert "tele-sonography" not in question.lower()
    result = retrieve(defined, question)
    assert "Tele-sonography" in result.bridged_terms
    assert MADE_UP_RULE in [h.passage_id for h in result.hits[:2]], [h.passage_id for h in result.hits]

    # control: the same words without a stated definition do not find the rule
    assert "Tele-sonography" not in [d.term for d in undefined.definitions]
    control = retrieve(undefined, question)
    assert MADE_UP_RULE not in [h.passage_id for h in control.hits[:2]], [h.passage_id for h in control.hits]


def test_the_first_question_shares_no_word_with_the_made_up_rule(made_up) -> None:
    defined, _ = made_up
    rule_stems = set(content_stems(defined.passages[MADE_UP_RULE].text))
    assert not set(content_stems(QUESTIONS[0])) & rule_stems


def test_a_question_in_a_definitions_own_words_is_bridged_to_its_term(pipeline) -> None:
    """ "3D/4D" moved the question's vector away from the definition, so the term was not bridged and
    the rule on courses for social scanning was not found: 'souvenir', a word only the definition uses,
    now bridges it (and what every passage says, 'ultrasound', does not)."""
    kb = pipeline.kb
    assert kb.definition_markers["Social scanning"] >= {"souveni", "sex"}
    assert "ultraso" not in kb.definition_markers["Social scanning"]
    assert "Social scanning" in retrieve(kb, "Will CASE accredit a 3D/4D souvenir imaging course?").bridged_terms
    answer = pipeline.ask("Will CASE accredit a 3D/4D souvenir imaging course?")
    assert answer.verdict.value == "no" and answer.citations[0].quote.startswith("CASE will not accredit")
