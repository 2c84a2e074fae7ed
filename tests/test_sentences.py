"""Where a message's sentences end: not at the dot of "e.g.", "i.e." or a title before a name."""

from assistant.evidence import asked_sentences
from assistant.question import SENTENCE_BREAK


def test_abbreviations_do_not_end_a_sentence():
    assert SENTENCE_BREAK.split("Do you cover animal work, e.g. scanning dogs? Cheers.") == [
        "Do you cover animal work, e.g. scanning dogs?", "Cheers."]
    assert SENTENCE_BREAK.split("Imaging, i.e. ultrasound, is it in scope?") == ["Imaging, i.e. ultrasound, is it in scope?"]
    assert SENTENCE_BREAK.split("My tutor Dr. Okafor says yes. Is that right?") == [
        "My tutor Dr. Okafor says yes.", "Is that right?"]
    # a real sentence end still is one
    assert SENTENCE_BREAK.split("We run scans. Is that fine?") == ["We run scans.", "Is that fine?"]


def test_the_asked_sentence_keeps_its_example():
    asked = asked_sentences("Hello. Would CASE accredit equine courses, eg. scanning mares in foal?")
    assert asked == ["Would CASE accredit equine courses, eg. scanning mares in foal?"]
