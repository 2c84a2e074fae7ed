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


def test_a_course_described_with_a_second_purpose_in_the_background_depends(pipeline):
    """The rule refuses courses *solely* for social scanning; a course an email describes as clinical
    but with a keepsake unit too is not settled by it."""
    mixed = pipeline.ask("Our course trains staff in pregnancy scanning for clinical care, but there is also a unit "
                         "on keepsake 4D images for parents. Could that course be accredited?")
    assert mixed.verdict is Verdict.DEPENDS, mixed.stages
    assert len({c.quote for c in mixed.citations}) >= 2
    only = pipeline.ask("Our course trains staff in souvenir 4D images for parents. Could that course be accredited?")
    assert only.verdict is Verdict.NO, only.stages
