"""The object of a yes/no question ("Does CASE accredit <X>?") names the thing asked about: evidence
must say one of its words, or match one closely; a loose match to a more general word does not say it."""

from __future__ import annotations

import pytest

from assistant.answer import Verdict
from assistant.question import object_words


def test_the_noun_phrase_after_the_verb_is_the_object():
    assert object_words("Does CASE certify cardiac physiology apprenticeships?") == ["cardiac", "physiology", "apprenticeships"]
    assert object_words("Will they validate my foreign certificate so I can practise?") == ["foreign", "certificate"]
    # a preposition's noun phrase names the thing too
    assert object_words("Would CASE approve a masters in breast imaging?") == ["masters", "breast", "imaging"]
    # and so does a relative clause
    assert object_words("Will CASE accredit a bootcamp that teaches sexing scans?") == ["bootcamp", "teaches", "sexing", "scans"]
    # and so does the other half of a coordination
    assert object_words("Does CASE accredit clinicians, or only programmes?") == ["clinicians", "programmes"]
    # not this shape: a copula, a longer subject, a frame verb
    assert object_words("Is CASE a regulator of sonographers?") == []
    assert object_words("Do accredited courses cover cardiac scans?") == []
    assert object_words("Can you explain the remit of CASE?", frame=lambda verb: verb == "explain") == []


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Does CASE accredit nursing degrees?",
    "Will CASE recognise my overseas qualification?",
])
def test_an_object_the_statement_never_says_is_not_covered(pipeline, question):
    assert pipeline.ask(question).verdict is Verdict.NOT_COVERED


@pytest.mark.slow
@pytest.mark.parametrize("question, verdict", [
    # the preposition's phrase says what the statement does ("diagnostic ultrasound")
    ("Will CASE accredit a masters in diagnostic ultrasound?", Verdict.YES),
    ("Would you accredit a gender-reveal party scanning workshop?", Verdict.NO),
    # the other half of the coordination is said ("programmes")
    ("Does CASE accredit professionals, or only programmes?", None),
])
def test_an_object_the_statement_says_is_still_answered(pipeline, question, verdict):
    got = pipeline.ask(question).verdict
    assert got is verdict if verdict is not None else got is not Verdict.NOT_COVERED
