"""Look-alikes found by reviewing session 9's rules: each must be left to the ordinary answer."""

import pytest

from assistant import guard
from assistant.answer import Verdict
from assistant.asker import claimed_asker
from assistant.issue_date import asked_issue_date
from assistant.quote_check import find_verbatim, quoted_claim


@pytest.mark.parametrize("message", [
    "Do we have to look at getting our obstetric MSc accredited by CASE before we recruit?",
    "Can a course be accredited without CASE checking the learning outcomes?",
    "Does a CASE accredited PgD allow you to give 4D keepsake scans privately?",
    "Could you answer the following questions for our course team: will CASE accredit a focused course in fetal echo?",
    "Please tell me the instructions programme leads follow to apply for accreditation?",
])
def test_ordinary_questions_are_neither_refused_nor_cut(message):
    result = guard.check(message, 4000)
    assert result.refusal is None and "injection_ignored" not in result.flags
    assert result.text == message


@pytest.mark.parametrize("question", [
    "Can a course introduced in 2020 for obstetric diagnosis be CASE accredited?",
    "Was my PgCert, issued in 2019, CASE accredited?",
    "Does the statement apply to courses written in 2019?",
    "Has the social scanning statement been updated since it was issued in 2021?",
    "Will CASE issue a new social scanning statement in 2025?",
])
def test_a_year_that_is_not_the_statements_issue_date_is_not_checked_as_one(question):
    assert asked_issue_date(question) is None


def test_the_date_check_comes_before_asking_if_false(pipeline):
    assert pipeline.ask("Is it false that the social scanning statement was issued in 2019?").verdict is Verdict.YES


@pytest.mark.parametrize("question", [
    "Since our course was made for obstetric scanning, does the statement cover it?",
    "Did the position statement make any exceptions for diagnostic courses?",
    "As the statement asked, do I need to register with the RCT after my PgD?",
])
def test_not_every_asking_is_who_asked_for_the_statement(question):
    assert claimed_asker(question) is None


@pytest.mark.parametrize("question", [
    "Did applicants ask CASE for the statement?",
    "Was the statement released after sonographers raised concerns?",
])
def test_words_of_the_report_that_name_no_asker_are_not_the_asker(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.verdict is Verdict.NO, answer.stages


def test_quotation_look_ups_respect_words_and_negations():
    passages = {"p": "Members of the public are unable to distinguish between sonographers employed in an NHS context."}
    assert find_verbatim("able to distinguish between sonographers", passages) is None
    rule = {"p": "CASE will not accredit courses (full awards or focused) that prepare trainees solely for social scanning."}
    assert find_verbatim("CASE will ... accredit courses ... for social scanning", rule) is None


@pytest.mark.parametrize("message", [
    "My colleague says it only bans courses 'purely for keepsake or gender reveal scanning' - is that right?",
    'Our prospectus says "this course teaches obstetric scanning including 3D and 4D imaging" - is it right that CASE would accredit it?',
])
def test_someone_elses_words_are_not_a_quotation_of_the_statement(message):
    assert quoted_claim(message) is None


def test_a_quotation_with_a_further_question_gets_the_further_question_answered(pipeline):
    answer = pipeline.ask('The statement says "CASE will not accredit courses" - so is it right that CASE will not '
                          'accredit any courses at all?')
    assert "Those are the words" not in answer.answer


@pytest.mark.parametrize("question", [
    "Is patient safety from social scanning part of why CASE wants regulation?",
    "Our course is half online, half in person, and entirely diagnostic obstetric scanning. Can CASE accredit it?",
    "Is a course for purely keepsake 4D scans ruled out altogether?",
])
def test_look_alikes_of_the_new_kinds_keep_the_policy_yes(pipeline, question):
    assert pipeline.ask(question).verdict is Verdict.YES


@pytest.mark.parametrize("question, expected", [
    # a medical word that says who, not what for, doesn't clear a social scanning course
    ("We're a clinical training provider. Can our social scanning course get CASE accreditation?", Verdict.NO),
    ("Can my course for social scans be CASE accredited? It has a medical director.", Verdict.NO),
    # "Is it not true that X?" asks whether X
    ("Is it not true that CASE accredits courses for keepsake scans?", Verdict.NO),
    ("Is it not correct that CASE accredits individual sonographers?", Verdict.NO),
    # two diagnostic subjects in one award are no second purpose
    ("Would CASE accredit an MSc that teaches both MSK and abdominal ultrasound?", Verdict.YES),
])
def test_second_review_look_alikes(pipeline, question, expected):
    answer = pipeline.ask(question)
    assert answer.verdict is expected, answer.stages


@pytest.mark.parametrize("question", [
    "Do I have to wait until 20 weeks for a gender scan?",
    "Is it safe to use a home doppler?",
    "Has CASE knocked back any universities?",
])
def test_everyday_words_do_not_make_unanswered_questions_answered(pipeline, question):
    assert pipeline.ask(question).verdict is Verdict.NOT_COVERED


def test_asking_someone_else_is_not_asking_for_the_statement():
    assert claimed_asker("Is our MSc still accreditable under the position statement because the local NHS trust "
                         "asked us to run it?") is None
    assert claimed_asker("Did the university tell students about CASE's position on social scanning?") is None


def test_a_version_of_another_guideline_is_not_compared():
    from assistant.decide import _other_version
    sentence = "these outcomes must be consistent with the NHS Fetal Anomaly Screening Programme and Saving Babies Lives Care Bundle v2."
    assert not _other_version("Must outcomes follow the NHS FASP standards version 2023?", sentence)
    assert _other_version("Must outcomes follow version 3 of the Care Bundle?", sentence)
