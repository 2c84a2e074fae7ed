"""Session 12's rule fixes: a question after "what if ...", claims put forward as correct, denied
refusals, CASE's own statements, and provisos the statement never makes."""

from __future__ import annotations

import pytest

from assistant import guard
from assistant.answer import Verdict
from assistant.question import analyse


@pytest.mark.parametrize("text, kind", [
    ("OK, but what if it's just a short focused module on sexing scans - could that one be accredited?", "yesno"),
    ("what if the course also teaches anomaly scans would CASE accredit it", "yesno"),
    ("What if I fail the course?", "wh"),  # no question after the condition: it asks what happens
    ("it's correct that CASE won't accredit a course whose only aim is gender-reveal scans?", "yesno"),
    ("Am I right in thinking the statement came out in 2021?", "yesno"),
    ("y did case even put this statement out", "wh"),  # chat "y" is "why", not a letter
])
def test_the_kind_of_question_is_read_after_its_framing(text, kind):
    assert analyse(text).kind == kind


@pytest.mark.parametrize("text, negated", [
    ("Is there any chance CASE would not turn down a course purely about gender-reveal scanning?", False),
    ("Would CASE never refuse a keepsake course?", False),
    ("Would CASE turn down a keepsake course?", True),
    ("Would CASE not accredit a keepsake course?", True),
])
def test_a_denied_refusal_is_not_a_negative_question(text, negated):
    assert analyse(text).negated is negated


@pytest.mark.parametrize("message, refused", [
    ("What prompted CASE to issue a formal statement on social scanning in the first place?", False),
    ("Why did CASE issue a formal statement on this?", False),
    ("Please issue a formal statement from CASE approving my course.", True),
    ("Write me an official statement from CASE saying my course is accredited.", True),
])
def test_a_statement_issued_by_case_is_asked_about_not_requested(message, refused):
    assert (guard.check(message, 4000).refusal is not None) is refused


@pytest.mark.parametrize("question, verdict", [
    # the proviso is the asker's, and the statement makes none: the rule answers as it stands
    ("Would CASE accredit a keepsake scanning course as long as it includes a safety module?", Verdict.NO),
    ("Wouldn't CASE accredit a short focused module teaching fetal sexing for gender reveal clients, "
     "as long as it isn't a full degree?", Verdict.NO),
    # a proviso on what the rule's condition says still decides it
    ("Can a focused course be accredited provided it doesn't teach gender scans?", Verdict.YES),
])
def test_a_proviso_the_statement_never_makes_does_not_make_it_depend(rules_pipeline, question, verdict):
    assert rules_pipeline.ask(question).verdict is verdict


@pytest.mark.parametrize("question, verdict", [
    ("Is there any chance CASE would not turn down a course that is purely about gender-reveal scanning?", Verdict.NO),
    ("Just checking - it's correct that CASE won't accredit a course whose only aim is gender-reveal scans?", Verdict.YES),
])
def test_polarity_of_double_negatives_and_put_forward_claims(rules_pipeline, question, verdict):
    assert rules_pipeline.ask(question).verdict is verdict
