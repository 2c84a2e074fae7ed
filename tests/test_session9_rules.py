"""Verdict rules added from blind sets S-W (session 9), end to end on the real corpus and index."""

import pytest

from assistant.answer import Verdict
from assistant.issue_date import AskedDate, asked_issue_date, matches


@pytest.mark.parametrize("question", [
    "Once I finish my CASE accredited PgD will I be put straight onto the RCT register?",
    "Are you guaranteed a place on the Register of Clinical Technologists once you complete an accredited MSc?",
    "Does an accredited PgC get you registered with the RCT automatically?",
])
def test_able_to_register_is_not_registered_automatically(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.verdict is Verdict.NO, answer.stages
    assert "able to register" in answer.citations[0].quote


def test_being_able_to_register_is_still_yes(pipeline):
    answer = pipeline.ask("Can I register with the RCT after finishing a CASE accredited PgD?")
    assert answer.verdict is Verdict.YES, answer.stages


@pytest.mark.parametrize("question, expected", [
    ("Was the social scanning position statement put out in 2020?", Verdict.NO),
    ("Did CASE publish the social scanning statement in March 2021?", Verdict.NO),
    ("Was CASE's statement on social scanning issued in May 2021?", Verdict.YES),
    ("Is the social scanning statement dated from 2021?", Verdict.YES),
])
def test_a_proposed_issue_date_is_checked_against_the_statements_date(pipeline, question, expected):
    answer = pipeline.ask(question)
    assert answer.verdict is expected, answer.stages
    assert "May 2021" in answer.answer
    assert "issued" in answer.citations[0].quote  # the sentence saying it was issued, not a rule


def test_issue_date_reading():
    assert asked_issue_date("was it released back in 2019?") == AskedDate(2019, None)
    assert asked_issue_date("Was it issued in Sept 2021?") == AskedDate(2021, 9)
    assert asked_issue_date("Does a course from 2019 count?") is None  # no verb of issuing, not the statement
    assert matches(AskedDate(2021, None), "2021-05") and matches(AskedDate(2021, 5), "2021-05")
    assert not matches(AskedDate(2021, 4), "2021-05") and matches(AskedDate(2021, 4), "undated") is None


def test_the_statements_name_says_nothing_of_what_a_course_is_for(pipeline):
    """ "CASE's stance on social scanning" names the statement: it doesn't say the course is for social scanning."""
    answer = pipeline.ask("We run a focused course in early pregnancy scanning for nurses in a gynaecology unit. "
                          "Does CASE's position on social scanning mean it can't be accredited?")
    assert answer.verdict is not Verdict.YES, answer.stages
    plain = pipeline.ask("We run a focused course purely in gender reveal scanning. Does CASE's position on social "
                         "scanning mean it can't be accredited?")
    assert plain.verdict is Verdict.YES, plain.stages


def test_fertility_scanning_is_a_medical_purpose(pipeline):
    answer = pipeline.ask("Would a focused course teaching IVF nurses follicle tracking be ruled out by the statement "
                          "on social scanning?")
    assert answer.verdict is Verdict.NO, answer.stages


@pytest.mark.parametrize("question, expected", [
    ("Is it untrue that CASE will accredit courses that only teach gender reveal scanning?", Verdict.YES),
    ("Would it be wrong to claim that CASE wants ultrasound practice regulated by statute?", Verdict.NO),
    ("Is it incorrect to say that the public can easily tell NHS sonographers from social scanners?", Verdict.YES),
    ("Is it false that CASE thinks statutory regulation of ultrasound is urgently needed?", Verdict.NO),
])
def test_asking_whether_a_claim_is_false_answers_the_opposite_of_the_claim(pipeline, question, expected):
    answer = pipeline.ask(question)
    assert answer.verdict is expected, answer.stages


def test_is_it_wrong_to_do_something_is_not_a_question_about_a_claim():
    from assistant.question import asks_if_false
    assert asks_if_false("Is it false that CASE accredits keepsake courses?")
    assert not asks_if_false("Is it wrong to offer gender scans at weekends?")
    assert not asks_if_false("Am I wrong that CASE won't accredit keepsake courses?")  # "..., isn't it?"


@pytest.mark.parametrize("question", [
    "Has CASE stopped accrediting obstetric courses altogether?",
    "Has CASE put a blanket ban on accrediting focused courses?",
])
def test_a_refusal_limited_by_a_condition_is_no_refusal_of_all(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.verdict is Verdict.NO, answer.stages


@pytest.mark.parametrize("question, expected", [
    ("Would CASE accredit a half-day focused course in 4D bonding scans for parents?", Verdict.NO),
    ("Is a private scan at 20 weeks purely to learn the baby's sex a social scan?", Verdict.YES),
])
def test_course_lengths_and_private_scans_are_details_not_unknown_words(pipeline, question, expected):
    answer = pipeline.ask(question)
    assert answer.verdict is expected, answer.stages


@pytest.mark.parametrize("question", [
    "Does CASE go round and audit private scan clinics?",
    "What is CASE's view on the safety of 3D ultrasound for unborn babies?",
    "Are there risks from repeated 4D scans?",
])
def test_what_the_statements_never_say_stays_not_covered(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.verdict is Verdict.NOT_COVERED, answer.stages
