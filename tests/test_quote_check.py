"""Quote checks: a quotation put to the assistant as the statement's words is confirmed only if the
statements contain it word for word (end to end on the real corpus and index, plus the pure readers)."""

import pytest

from assistant.answer import Verdict
from assistant.quote_check import find_verbatim, quoted_claim

PASSAGES = {"doc#p1": "CASE will not accredit courses (full awards or focused) that prepare trainees solely for the "
                      "purpose of social scanning where there is no medical justification."}


def test_a_quotation_is_found_word_for_word_with_case_punctuation_and_ellipsis_forgiven():
    assert find_verbatim("case will not accredit courses (full awards or focused)", PASSAGES) == "doc#p1"
    assert find_verbatim("“CASE will not accredit courses … solely for the purpose of social scanning”", PASSAGES) == "doc#p1"
    assert find_verbatim("CASE will not accredit any courses for social scanning", PASSAGES) is None
    # the parts of an elided quotation must come in the statement's order
    assert find_verbatim("solely for the purpose of social scanning ... CASE will not accredit", PASSAGES) is None


@pytest.mark.parametrize("message, wording", [
    ('A blog quotes CASE as writing "all private baby scanning should be banned outright". Is that a genuine quote?', True),
    ("Does your statement really contain the sentence 'sonographers must hold a CASE licence to practise'?", True),
    ('Someone told me the statement says "CASE accredits courses for any use of ultrasound". Can you confirm?', False),
])
def test_a_quotation_asked_about_is_read_with_whether_its_wording_is_asked(message, wording):
    found = quoted_claim(message)
    assert found is not None and found.about_wording is wording


@pytest.mark.parametrize("message", [
    'Your statement says "CASE will not accredit courses that prepare trainees solely for social scanning". Does that apply to a vascular course?',
    'My manager calls it "scanning for fun with no clinical point". Does CASE accredit courses in that?',
    'Is "social scanning" defined anywhere?',
])
def test_a_quotation_that_only_leads_to_the_question_is_not_a_quote_check(message):
    assert quoted_claim(message) is None


def test_a_made_up_quotation_is_denied_and_the_nearest_real_sentence_quoted(pipeline):
    answer = pipeline.ask('A blog quotes CASE as writing "social scanning courses may be accredited if the trainer '
                          'is experienced". Is that a genuine quote?')
    assert answer.verdict is Verdict.NO, answer.stages
    assert "does not contain those words" in answer.answer
    assert "trainer is experienced" not in answer.answer  # the made-up words are never presented as a quotation
    assert answer.citations and answer.citations[0].quote in answer.citations[0].passage


def test_a_real_quotation_is_confirmed_with_its_sentence(pipeline):
    answer = pipeline.ask("I'm citing this in an essay: 'there is urgent need for statutory regulation of ultrasound "
                          "practice in the UK'. Is that accurate?")
    assert answer.verdict is Verdict.YES, answer.stages
    assert "urgent need for statutory regulation" in answer.citations[0].quote


def test_a_quotation_true_in_substance_but_not_in_wording_keeps_the_policy_answer(pipeline):
    answer = pipeline.ask('Does CASE say "we will not accredit courses that only teach social scanning"?')
    assert answer.verdict is Verdict.YES, answer.stages
