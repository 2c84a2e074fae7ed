"""An existential question ("Is there a X?") asks whether X exists: X's words are the asked thing, and
evidence that never says them can't answer it, however much of the rest it shares."""

from __future__ import annotations

import pytest

from assistant.answer import Verdict
from assistant.question import focus_words


def test_the_thing_whose_existence_is_asked_is_the_focus():
    assert focus_words("Is there a weekend study pathway for sonographers?") == ["weekend", "study", "pathway"]
    assert focus_words("For our trainees, are there any bursaries on offer?") == ["bursaries"]
    assert focus_words("Is there no waiting list?") == ["waiting", "list"]
    # "anything" is kept as the focus here; evidence drops it later as a frame word
    assert focus_words("Is there anything in it for us?") == ["anything"]
    # "there is" inside a that-clause is not the existential question
    assert focus_words("Is it true that there is a rule?") == []


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Is there an accredited sonography apprenticeship scheme?",
    "Is there a CASE accredited evening course in sonography?",
])
def test_an_existential_question_about_a_thing_the_statement_never_names_is_not_covered(pipeline, question):
    # Without the existential focus these are answered (yes / depends) from the frame words alone.
    assert pipeline.ask(question).verdict is Verdict.NOT_COVERED
