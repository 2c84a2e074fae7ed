"""Passages: readable stable ids, exact offsets, sentence splitting."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.corpus import load_corpus, load_document
from assistant.indexer import build_index
from assistant.knowledge import KnowledgeBase
from assistant.passages import split_sentences
from conftest import CORPUS_DIR

STATEMENT = CORPUS_DIR / "social-scanning-2021.md"


def test_ids_are_slug_hash_p_number_in_order() -> None:
    doc = load_document(STATEMENT)
    assert [p.id for p in doc.passages] == [f"social-scanning-2021#p{n}" for n in range(1, 6)]
    for p in doc.passages:
        assert re.fullmatch(rf"{re.escape(doc.slug)}#p{p.n}", p.id)
        assert p.doc == doc.slug
    # p4 is the rule paragraph, p5 the footnote: the numbers the design and the evals rely on
    assert "CASE will not accredit courses (full awards or focused)" in doc.passages[3].text
    assert doc.passages[4].kind == "footnote"


def test_offsets_slice_the_document_text_exactly(write_statement, tmp_path: Path) -> None:
    docs = [load_document(STATEMENT)]
    path = write_statement(
        tmp_path, "odd-spacing",
        ["First  paragraph\twith   odd\u00a0spacing and a line\nbreak inside it.", "Second paragraph, short."],
        footnotes=["A footnote that ends the document."],
    )
    docs.append(load_document(path))
    for doc in docs:
        assert doc.passages
        for p in doc.passages:
            assert doc.text[p.start : p.end] == p.text
        # passages do not overlap and come in order
        assert all(a.end <= b.start for a, b in zip(doc.passages, doc.passages[1:]))
    assert docs[1].passages[0].text == "First paragraph with odd spacing and a line break inside it."


@pytest.mark.slow
def test_ids_do_not_change_across_rebuilds(tmp_path: Path, settings_for, write_statement) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    settings = settings_for(corpus, tmp_path / "index")
    build_index(settings, progress=False)
    first = {pid: p.text for pid, p in KnowledgeBase(settings).passages.items()}

    # a new document and a forced full rebuild leave existing ids pointing at the same words
    write_statement(corpus, "another-statement", ["Another statement's only paragraph."])
    build_index(settings, progress=False, force=True)
    second = {pid: p.text for pid, p in KnowledgeBase(settings).passages.items()}
    assert {pid: second[pid] for pid in first} == first
    assert "another-statement#p1" in second


def test_eg_does_not_end_a_sentence() -> None:
    p1 = load_document(STATEMENT).passages[0].text
    sentences = [s.text for s in split_sentences(p1)]
    assert len(sentences) == 2
    assert sentences[0].endswith("(eg. baby scans for gender-reveal parties).")
    assert sentences[1].startswith("They have asked for clarification")


def test_sentence_offsets_and_other_abbreviations() -> None:
    text = "Trainees, i.e. students on a course, must be supervised by a qualified practitioner, eg. a sonographer. Dr. Smith agrees. A third one? Yes (see below)."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Trainees, i.e. students on a course, must be supervised by a qualified practitioner, eg. a sonographer.",
        "Dr. Smith agrees.",
        "A third one?",
        "Yes (see below).",
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_every_passage_of_the_corpus_splits_into_sentences_that_cover_it() -> None:
    for doc in load_corpus(CORPUS_DIR).documents:
        for p in doc.passages:
            sentences = split_sentences(p.text)
            assert sentences
            assert " ".join(s.text for s in sentences) == p.text


def test_numbering_has_no_gaps_when_a_block_is_empty_after_cleaning(write_statement, tmp_path: Path) -> None:
    # "**[^1]**" is nothing but markup once emphasis and the footnote reference are removed
    path = write_statement(tmp_path, "gappy", ["First paragraph of words.", "**[^1]**", "Second paragraph of words."],
                           footnotes=["The footnote."])
    doc = load_document(path)
    assert [(p.id, p.text) for p in doc.passages] == [
        ("gappy#p1", "First paragraph of words."),
        ("gappy#p2", "Second paragraph of words."),
        ("gappy#p3", "The footnote."),
    ]


def test_build_passages_skips_blank_blocks_without_a_gap() -> None:
    from assistant.loaders import Block
    from assistant.passages import build_passages

    text, passages = build_passages("s", [Block("paragraph", "A."), Block("paragraph", " \u00a0 "), Block("footnote", "F."),
                                          Block("paragraph", "B.")])
    assert [(p.id, p.kind, p.text) for p in passages] == [("s#p1", "paragraph", "A."), ("s#p2", "paragraph", "B."),
                                                          ("s#p3", "footnote", "F.")]
    assert text == "A.\n\nB.\n\nF."
