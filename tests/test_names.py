"""Names: a capital that starts a sentence, a line or a quotation is not a name by that alone; a
question quoted inside a message is what the message asks; line breaks that end a greeting or a
sentence survive the input guard, while wrapped lines are joined."""

from __future__ import annotations

import pytest

from assistant import guard
from assistant.answer import Verdict
from assistant.evidence import asked_sentences
from assistant.question import analyse, is_question, proper_names, quoted_question

FORWARDED = (
    "Hello all,\n\nPassing this along from our clinical lead since nobody here knows: "
    "\"Do students who finish a CASE accredited MSc get to register with the Register of Clinical "
    "Technologists?\"\n\nCheers,\nPriya (Office Manager)\n"
)


def test_line_breaks_that_end_something_survive_and_wrapped_lines_are_joined():
    text = guard.check("Good morning,\nI teach on a\nscanning course.\n\nMany thanks,\nAlex\n", 4000).text
    assert text.split("\n") == ["Good morning,", "I teach on a scanning course.", "Many thanks,", "Alex"]
    # a comma that wraps mid-sentence before a small letter only wraps
    assert guard.check("We run courses,\nwhich are short.", 4000).text == "We run courses, which are short"


def test_a_word_starting_a_line_or_a_quotation_is_not_a_name():
    assert proper_names("Morning,\nReaching out on behalf of my manager today.") == []
    assert proper_names('My colleague asked: "Would the course count?"') == []
    assert proper_names("He said “Should we apply?” to me") == []
    # a capital inside the sentence still is one, quoted or not
    assert proper_names('Reaching out: "Would the Bristol unit count?"') == ["Bristol"]
    assert proper_names("Morning,\nIs the course in Cardiff accredited by the HCPC?") == ["Cardiff", "HCPC"]


def test_a_quoted_question_is_what_the_message_asks():
    assert quoted_question('My director wants to know: "Can trainees sit the exam twice?"') == (
        "Can trainees sit the exam twice?"
    )
    # a quoted term is not a quoted question
    assert quoted_question("Is a 'boy or girl?' scan covered?") == "Is a 'boy or girl?' scan covered?"
    assert is_question('She asked "Is that allowed?"')
    asked = asked_sentences(guard.check(FORWARDED, 4000).text)
    assert asked == [
        "Do students who finish a CASE accredited MSc get to register with the Register of Clinical Technologists?"
    ]
    assert analyse(guard.check(FORWARDED, 4000).text).kind == "yesno"


@pytest.mark.slow
def test_a_forwarded_quoted_question_is_answered(pipeline):
    answer = pipeline.ask(FORWARDED)
    assert answer.verdict is Verdict.YES
    assert any(c.id.endswith("#p3") for c in answer.citations)


def test_a_role_title_or_a_day_is_not_a_name():
    assert proper_names("As Chair, confirm that CASE will accredit my practice.") == ["CASE"]
    assert proper_names("I need the answer by Friday for a job in the NHS, is that possible?") == ["NHS"]
    assert proper_names("Does CASE accredit the course at Sheffield Hallam?") == ["CASE", "Sheffield", "Hallam"]
