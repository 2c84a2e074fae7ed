"""Verdict rules of decide.py, end to end on the real corpus and index (no language model)."""

from assistant.answer import Verdict

PERSONAL = "Personal accreditation of an individual"


def test_an_alternative_question_is_answered_for_its_first_alternative(pipeline):
    """ "X or just Y?": the rule on Y (courses are accredited) must not answer X (individuals) yes."""
    for question in (
        "Would CASE accredit a sonographer personally, or only the courses they take?",
        "can case give individual accreditation to practitioners or is it just for training programmes",
    ):
        answer = pipeline.ask(question)
        assert answer.verdict is Verdict.NO, (question, answer.stages)
        assert answer.citations[0].quote.startswith(PERSONAL)
        assert len({c.quote for c in answer.citations}) == 2  # the rule on the second alternative too
