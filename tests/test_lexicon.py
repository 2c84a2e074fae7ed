"""The domain vocabulary (assistant/data/lexicon.yaml): askers' words for the statements' words."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.lexicon import DEFAULT_PATH, Lexicon, LexiconError, get_lexicon
from assistant.text import content_stems

from conftest import CORPUS_DIR

ENTRIES = [
    {"says": "fetal sexing", "asked": ["boy or girl", "gender scan"]},
    {"says": "personal accreditation of an individual", "asked": ["individual sonographers"]},
]


def test_a_phrase_matches_the_questions_meaningful_words_in_order():
    lexicon = Lexicon(ENTRIES)
    assert [link.asked for link in lexicon.matches("Is it a boy or a girl?")] == [tuple(content_stems("boy girl"))]
    assert lexicon.matches("a girl or a boy") == []  # another order is another phrase
    assert lexicon.expansion("gender scans for parties") == sorted(content_stems("fetal sexing"))


def test_a_link_counts_only_where_the_evidence_says_the_whole_phrase():
    lexicon = Lexicon(ENTRIES)
    said = set(content_stems("Personal accreditation of an individual's ultrasound practice"))
    assert lexicon.links("Do you accredit individual sonographers?", said) == {
        st: [frozenset(content_stems("personal accreditation individual"))] for st in content_stems("individual sonographers")
    }
    # "accredit" alone is not "personal accreditation of an individual"
    assert lexicon.links("Do you accredit individual sonographers?", set(content_stems("CASE will not accredit courses"))) == {}


def test_the_shipped_vocabulary_links_only_to_words_the_statement_uses():
    statement = set(content_stems((CORPUS_DIR / "social-scanning-2021.md").read_text(encoding="utf-8")))
    lexicon = get_lexicon()
    assert lexicon.words  # the speller learns them
    says = {st for links in lexicon._by_first.values() for link in links for st in link.says}
    assert says <= statement, says - statement


@pytest.mark.parametrize("text, problem", [
    ("- says: accredit\n  asked: approve\n", "'asked' list"),
    ("says: [unclosed\n", "Cannot read"),
])
def test_a_malformed_vocabulary_is_a_clear_error(tmp_path: Path, text: str, problem: str):
    path = tmp_path / "lexicon.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=problem) as info:
        Lexicon.load(path)
    assert str(path) in str(info.value)


def test_the_default_path_is_packaged():
    assert DEFAULT_PATH.is_file() and DEFAULT_PATH.parent.name == "data"


@pytest.mark.slow
@pytest.mark.parametrize("question, verdict", [
    ("Would CASE put its seal of approval on a boy-or-girl scan course?", "no"),
    ("Does CASE think ultrasound should be controlled by legislation?", "yes"),
    ("Would CASE endorse a programme teaching ultrasound-guided nerve blocks?", "yes"),
    ("Can mums-to-be tell a hospital sonographer from a scan studio worker?", "no"),
])
def test_a_paraphrase_in_the_askers_words_is_answered_and_without_the_vocabulary_it_is_not(pipeline, question, verdict):
    answer = pipeline.ask(question)
    assert answer.verdict.value == verdict, answer.stages
    assert answer.citations and answer.verification == "passed"
    saved = pipeline.kb.lexicon
    try:
        pipeline.kb.lexicon = Lexicon([])
        assert pipeline.ask(question).verdict.value != verdict
    finally:
        pipeline.kb.lexicon = saved


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Does CASE accredit nursing degrees?",  # "degree" is a kind of course; "nursing" says which, and isn't said
    "Do midwives need CASE approval to scan?",  # who acts is someone the statements never mention
    "Is it illegal to sell keepsake scans?",  # what the law allows, not whether regulation is needed
])
def test_the_vocabulary_does_not_make_an_unanswered_question_look_answered(pipeline, question):
    assert pipeline.ask(question).verdict.value == "not_covered"


def test_a_phrase_whose_function_words_carry_its_sense_matches_only_as_written():
    lexicon = Lexicon([{"says": "personal accreditation of an individual", "asked": ["accredit me", "personal licence"]},
                       {"says": "accredit", "asked": ["sign off", "kitemark"]}])
    assert lexicon.matches("Does CASE accredit courses?") == []
    assert lexicon.matches("Can I sign up to the register?") == []
    assert [link.asked for link in lexicon.matches("a personal licence to scan")] == [tuple(content_stems("personal licence"))]
    assert [sorted(link.says) for link in lexicon.matches("would CASE sign off our module?")] == [sorted(content_stems("accredit"))]
    assert [sorted(link.says) for link in lexicon.matches("Can CASE accredit me?")] == [
        sorted(content_stems("personal accreditation of an individual"))]


def test_organs_and_symptoms_are_medical_diagnosis(pipeline):
    """A course to scan kidneys to find what causes symptoms is one for medical diagnosis (it was depends)."""
    answer = pipeline.ask("Would CASE accredit a course teaching GPs to scan kidneys and bladders to find the cause of "
                          "patients' symptoms?")
    assert answer.verdict.value == "yes", answer.stages


def test_a_typical_link_covers_but_is_left_out_when_asked_for_strict_links():
    from assistant.lexicon import Lexicon

    lexicon = Lexicon([{"says": "souvenir images", "asked": ["keepsake"]},
                       {"says": "souvenir images", "typical": True, "asked": ["4d scan"]}])
    from assistant.text import content_stems

    stems = set(content_stems("souvenir images"))
    assert lexicon.links("a 4D scan at a clinic", stems)
    assert not lexicon.links("a 4D scan at a clinic", stems, typical=False)
    assert lexicon.links("a keepsake scan", stems, typical=False)


def test_an_opposite_link_says_the_question_is_answered_the_other_way_round():
    from assistant.lexicon import Lexicon
    from assistant.text import content_stems

    lexicon = Lexicon([{"says": "increase", "opposite": True, "asked": ["fewer", "going down"]}])
    sentence = set(content_stems("Programme Leads are seeing an increase in applicants"))
    assert lexicon.opposes("Are fewer people applying?", sentence)
    assert lexicon.opposes("are applications going down?", sentence)
    assert not lexicon.opposes("Are more people applying?", sentence)
    assert not lexicon.opposes("Are fewer people applying?", set(content_stems("CASE will not accredit courses")))
    # an opposite is never searched for as if it meant the statement's words
    assert lexicon.expansion("Are fewer people applying?") == []
