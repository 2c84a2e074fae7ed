"""Chat shorthand is written out before a message is read; numbers stay numbers."""

import pytest

from assistant.textspeak import normalise


@pytest.mark.parametrize("typed, meant", [
    ("is 4d scanning safe 4 the baby tho", "is 4d scanning safe for the baby though"),
    ("wat quals get u on the rct", "what qualifications get you on the rct"),
    ("applicants who just want 2 do gender scans 4 money", "applicants who just want to do gender scans for money"),
    ("can u get on the rct wiv a pgd", "can you get on the rct with a pgd"),
    ("is it ilegal to do gender scans if ur not qualified", "is it illegal to do gender scans if your not qualified"),
])
def test_shorthand_is_written_out(typed, meant):
    assert normalise(typed) == meant


@pytest.mark.parametrize("text", [
    "I had 4 scans at 20 weeks", "a 4 day course", "we need 2 scans", "at 4 weeks", "Can CASE accredit my course?",
    "Is MSK ultrasound 4D?", "Unit 4: obstetrics",
])
def test_numbers_and_ordinary_english_are_left_alone(text):
    assert normalise(text) == text


def test_shorthand_reaches_the_answer(pipeline):
    answer = pipeline.ask("dvt scan course 4 nurses can that get case accreditation")
    assert answer.verdict.value in ("yes", "depends"), answer.stages
    assert pipeline.ask("is 4d scanning safe 4 the baby tho").verdict.value == "not_covered"
