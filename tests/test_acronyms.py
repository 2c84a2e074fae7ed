"""Initials: an all-capitals word whose letters begin a run of capitalised words the statements use
stands for that name; it is a known name, and evidence that spells the name out says it."""

from __future__ import annotations

import pytest

from assistant.answer import Verdict
from assistant.text import acronyms, initialisms, stem


def test_runs_of_capitalised_words_are_keyed_by_their_initials():
    found = initialisms("Trainees join the Society for Vascular Technology of Great Britain, then work.")
    words = tuple(stem(w.lower()) for w in ("Society", "Vascular", "Technology"))
    assert words in found["svt"]  # the function word skipped
    assert words in found["sfvt"]  # or kept
    assert tuple(stem(w.lower()) for w in ("Great", "Britain")) in found["gb"]
    # punctuation and ordinary lower-case words end a run
    assert "btw" not in initialisms("In Britain, Then Work")
    assert "tj" not in initialisms("Trainees join the Society")


def test_all_capitals_words_of_a_question_are_read_as_initials():
    assert [key for _, key in acronyms("Do the SVT and the GBs agree? I do")] == ["svt", "gb"]


@pytest.mark.slow
def test_initials_of_a_name_the_statement_spells_out_are_not_an_unknown_name(pipeline):
    answer = pipeline.ask("After a CASE accredited MSc, are sonographers able to sign up to the RCT?")
    assert answer.verdict is Verdict.YES
    assert any(c.id.endswith("#p3") for c in answer.citations)


@pytest.mark.slow
def test_initials_the_statements_never_spell_out_are_still_unknown(pipeline):
    # Neither "RCR" nor a name whose initials these are appears in the statement.
    answer = pipeline.ask("After a CASE accredited MSc, are sonographers able to sign up to the RCR?")
    assert answer.verdict is Verdict.NOT_COVERED


def test_initials_of_a_long_capitalised_run_are_capped():
    from assistant.text import MAX_INITIALS, initialisms
    keys = initialisms(" ".join(f"Word{i}" for i in range(60)))
    assert keys and max(len(k) for k in keys) == MAX_INITIALS
