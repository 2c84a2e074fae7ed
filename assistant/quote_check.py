"""Quote checks: "Our handbook quotes CASE as saying "..." - is that accurate?". A quoted sentence put
to the assistant as the statement's words is looked up word for word in the statements: only words
they contain are confirmed as theirs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .question import SENTENCE_BREAK

MIN_QUOTE_WORDS = 5  # shorter quoted text is a phrase or a name ("social scanning"), not a quotation
# after the quotation, at most this many words ("Is that accurate?", "That's from the May 2021 statement, yes?")
# if the quotation is all that is asked about
ONLY_QUESTION_WORDS = 10

# Text between double quotes (straight or curly), or single quotes that open after a space or the start
# and close before a space or punctuation (not the apostrophe in "CASE's").
_QUOTED = re.compile(r"[\"“”]([^\"“”\n]{10,600})[\"“”]|(?:^|(?<=[\s(:]))[‘'](?=\w)([^‘’'\n]{10,600}?)(?<=[\w.!?,])[’'](?=[\s.,;:!?)]|$)")
# The quotation is said to be the statement's: "the statement says", "quotes CASE as saying", "the line",
# "from the May 2021 statement", "CASE wrote"
_ATTRIBUTED = re.compile(
    r"\b(says?|said|saying|states?|stated|stating|quotes?|quoted|quoting|quotation|line|lines|sentence|contains?|wording|words"
    r"|wrote|written|writes|put it|puts it|phrase)\b", re.IGNORECASE)
# (a quotation or citation is someone's words by itself)
_CITED = re.compile(r"\b(quotes?|quoted|quoting|quotation|cite[sd]?|citing|citation)\b", re.IGNORECASE)
_OF_THE_STATEMENT = re.compile(r"\b(case|statement|position|policy|guidance|document)\b", re.IGNORECASE)
# The quotation is put in someone else's mouth just before it: "my colleague says '...'", "our prospectus says"
# (not "my handbook quotes CASE as saying", which attributes it to CASE)
_SOMEONE_ELSES = re.compile(r"\b(my|our|his|her|their|a|the)\s+(?!statement\b|position\b|policy\b|guidance\b|document\b)[\w'’-]+"
                            r"\s+(says?|said|told me|tells me|claims?|claimed|reckons?|thinks?|wrote|writes)\s*:?\s*$"
                            r"|\b(he|she|they|someone|somebody)\s+(says?|said|claims?|claimed|reckons?)\s*:?\s*$", re.IGNORECASE)
# What asks about the wording itself, not what it means: "an accurate quote", "contains the line"
_ABOUT_WORDING = re.compile(
    r"\b(quotes?|quoted|quotation|line|sentence|word for word|verbatim|exact (words|wording)|wording|contains?|actual words"
    r"|in those words|direct(ly)? quote)\b", re.IGNORECASE)
# The question is about the quotation itself ("Is that accurate?", "Does the statement really say ...?",
# "That's from the May 2021 statement, yes?"), not about something it leads to ("Does that apply to us?").
_ASKS = re.compile(
    r"\b(is|was|are) (that|this|it|these) (an? )?(really |actually )?(accurate|correct|right|real|genuine|true|exact|actual|verbatim|legit)\b"
    r"|\b(does|did|do) (the|this|that|your|case['’]?s?) ?(\w+ )?(statement|position|policy|document|case|it|they)?\s*(really |actually |ever )?"
    r"(say|says|contain|state|include|use|write|word)\b"
    r"|\b(confirm|verify|quote check|fact[- ]check|double[- ]check)\b"
    r"|\b(that['’]?s|that is|is that|is this|are these) (from|in|what|how|the|their|your|case['’]s)\b"
    r"|\b(yes|right|correct|true|no)\s*\?\s*$", re.IGNORECASE)
# Asking where the quotation is ("Which paragraph is that in?") presumes it is there: a quote check
_LOCATES = re.compile(r"\b(which|what) (paragraph|section|part|page|bit|line|sentence)\b"
                      r"|\bwhere (does|did|do) (it|the statement|case|they|you) (say|says|state|write)\b"
                      r"|\bwhere (is|was|are|can i find) (that|this|it|these|those)\b", re.IGNORECASE)
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True)
class QuotedClaim:
    quote: str  # the quoted words, as the asker wrote them
    about_wording: bool  # the question asks whether these are the words, not only whether it is so
    only_question: bool = True  # nothing else is asked ("... - so can we advertise X?" asks more)


def _normal(text: str) -> str:
    text = text.translate(_FOLD).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]+", " ", text)).strip()


LOCATING_QUESTION_WORDS = 8


def _only_locates(after: str) -> bool:
    """ "Which paragraph is that in? I want to quote it.": the question after the quotation is a short
    "where is it?" (not "which paragraph is that in, and does it also apply to MSc programmes?")."""
    asked = next((s.strip() for s in SENTENCE_BREAK.split(after) if s.strip().endswith("?")), "")
    return bool(_LOCATES.search(asked)) and len(asked.split()) <= LOCATING_QUESTION_WORDS and "," not in asked


def quoted_claim(message: str) -> QuotedClaim | None:
    """The quotation a message asks about as the statement's words, if it asks about one."""
    if not (_ASKS.search(message) or _LOCATES.search(message)):
        return None
    for m in _QUOTED.finditer(message):
        quote = (m.group(1) or m.group(2) or "").strip()
        if len(quote.split()) < MIN_QUOTE_WORDS:
            continue
        before = message[max(0, m.start() - 120):m.start()]
        around = before + " " + message[m.end():m.end() + 120]
        if _SOMEONE_ELSES.search(before):
            continue  # "my tutor said "..."": someone else's words, asked about as policy
        # (asking where it is, "Which line says "..."?", asks where in the statement)
        locates = _LOCATES.search(around)
        if _ATTRIBUTED.search(around) and (_OF_THE_STATEMENT.search(around) or locates) or _CITED.search(around):
            outside = message[:m.start()] + " " + message[m.end():]
            after = message[m.end():]
            only = after.count("?") <= 1 and (len(after.split()) <= ONLY_QUESTION_WORDS or _only_locates(after))
            return QuotedClaim(quote, bool(locates) or bool(_ABOUT_WORDING.search(outside)), only)
    return None


def find_verbatim(quote: str, passages: dict[str, str]) -> str | None:
    """The id of the passage containing the quotation word for word (case, punctuation and the kind of
    quote mark aside; an ellipsis may stand for left-out words), or None."""
    parts = [_normal(p) for p in re.split(r"\.\.\.|…|\[\.\.\.\]", quote)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    for pid, text in passages.items():
        body = f" {_normal(text)} "
        at, previous = 0, None
        for part in parts:
            found = body.find(f" {part} ", at)  # whole words: "able to" is not inside "unable to"
            if found < 0 or (previous is not None and _NEGATION.search(body[previous:found])):
                break  # (an ellipsis that leaves out "not" changes what was said)
            at = previous = found + len(part) + 1
        else:
            return pid
    return None


_NEGATION = re.compile(r"\b(not|no|never|nor|cannot|unable|without)\b|n't\b")
