"""Follow-up rewrite: "and what about focused courses?" becomes a standalone question.

Only questions that refer back are rewritten; the rewrite keeps the earlier question's subject and
adds what the follow-up changes, so retrieval and the verdict see one complete question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .question import INDIRECT_QUESTION, SENTENCE_BREAK, adds_to, analyse, is_question
from .text import STOPWORDS, stem, words

_REFERS_BACK = re.compile(
    r"^\s*((really|hmm+|oh|ah|right|ok(ay)?)[?!.,]*\s+)*(and|also|but|so|or|what about|how about|what if|same (for|with)|and if|then|ok(ay)?,? (and|what|so|but)|does that|is that|would that|will that|can that|could that)\b"
    r"|\b(it|that|this|those|these|they|them|the same|as well|too|instead)\b\s*\??\s*$"
    r"|^\s*(does|do|is|are|would|will|can|could) (it|that|this|they|those|these)\b",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^\s*(and|also|but|so|or|then|ok(ay)?,?)\s+", re.IGNORECASE)


def _user_turns(history: Sequence[Any]) -> list[str]:
    turns = []
    for turn in history or []:
        if isinstance(turn, dict):
            role, content = turn.get("role"), turn.get("content")
        elif isinstance(turn, (list, tuple)) and len(turn) == 2:  # (user, assistant) pairs
            role, content = "user", turn[0]
        else:
            continue
        if role == "user" and isinstance(content, str) and content.strip():
            turns.append(content.strip())
    return turns


# A reply that disputes the last answer without asking anything new ("Are you sure?", "Come on, just
# say yes", "But my tutor said it changed"): the question it disputes is asked again, and answered
# from the statements as before.
_PUSHBACK = re.compile(
    r"^\s*((ok(ay)?|but|no|hmm+|so|well|oh|ah|look|listen|please|pls)[,.!]?\s+)*(are you (sure|certain|positive)|really\b|seriously|surely|come on"
    r"|that('s| is)( just)? (wrong|not (right|true|correct))|that can'?t be (right|true)|you'?re wrong|you are wrong"
    r"|i don'?t (believe|think so|buy)|no way|(please |pls |just |only |can you |could you )*(say|answer|reply|tell me|confirm) (yes|no|it'?s (fine|ok(ay)?))"
    r"|just this once|(my|our|the|a) (\w+ ){1,3}(says?|said|told|insists?|reckons?)|i('ve| have)? (heard|read|was told))",
    re.IGNORECASE,
)
# "Why?", "Why not?", "How come?": the reason for the last answer.
_WHY = re.compile(r"^\s*((and|but|so|ok(ay)?)[,.]?\s+)?(why|how come)(\s+(not|is that|so|that is))?\s*[?!.]*\s*$", re.IGNORECASE)
PUSHBACK_MAX_WORDS = 30  # (the new-words test below is what keeps a new question out)
PUSHBACK_NEW_WORDS = 0  # more new words than this beside the dispute, and the reply asks something new
# Words a dispute uses about the answer itself, not about a new subject (generic English).
_DISPUTE_WORDS = frozenset(stem(w) for w in """change changed changes different differently update updated new
    last year years month months week weeks ago recently lately since before anymore right wrong true false
    correct incorrect fine ok okay sure certain mistake mistaken outdated old honestly really actually disagree
    disagrees agree think thinks thought know knows believe believes heard read told insist insists say says said
    claim claims tell yes answer reply confirm once come please pls otherwise out date rule rules now still
    longer valid current""".split())


def pushback(question: str, previous: str | None = None) -> bool:
    m = _PUSHBACK.search(question)
    if not m or len(words(question)) > PUSHBACK_MAX_WORDS:
        return False
    rest = {stem(w) for w in words(question[m.end():]) if w not in STOPWORDS} - _DISPUTE_WORDS
    return len(rest - {stem(w) for w in words(previous or "")}) <= PUSHBACK_NEW_WORDS


# "Is it legal for me to open a studio ...?", "Is it OK to ...": an "it" that stands for what follows,
# not for anything said before
_ENDS_REFERRING = re.compile(r"\b(it|that|this|those|these|them|the same|one|ones|too|as well|also|either|then)\s*[?.!]*\s*$", re.IGNORECASE)
_DUMMY_IT = re.compile(
    r"^\W*((and|also|but|so|ok(ay)?)[,.]?\s+)*(is|was|isn'?t|wasn'?t|would|will|could|might)\s+it\s+(be\s+)?(\w+\s+)?"
    r"(legal|illegal|lawful|unlawful|ok|okay|possible|impossible|true|allowed|worth|safe|unsafe|necessary|normal|common|wise|easy|hard"
    r"|realistic|reasonable|fine|acceptable|better|best|required|mandatory|compulsory|likely|usual|advisable|sensible)\s+"
    # (before a clause of its own: "for me to open ...", "to run ...", "that ...", "if ..."; not "Is it possible for a focused course?")
    r"(for\s+(\w+\s+){1,4}to\s+\w+|to\s+\w+|that\b|if\b)",
    re.IGNORECASE)


# "which ones?", "like what?", "such as?": asks for more of what the last answer spoke of
_ELLIPTICAL = re.compile(r"^\W*((and|so|ok(ay)?|but)[,.]?\s+)*(which|what|who)(\s+(ones?|one|are they|were they|is it|exactly|specifically|then|though|precisely)){0,2}\W*$"
                         r"|^\W*((and|so|ok(ay)?|but)[,.]?\s+)*(like what|such as|for (example|instance)|e\.?g\.?|any examples?|name them|list them)\W*$",
                         re.IGNORECASE)
# "What if the course also has a half-day on safety, but the rest is still just sexing?": an opener that
# only a follow-up uses, however much detail follows it
_FOLLOW_UP_OPENER = re.compile(r"^\s*((ok(ay)?|so|and|but|right|hmm+|then|well)[,.]?\s+)*((what|how) about|what if|and if|same (for|with)|even (if|when|though|for|with))\b",
                               re.IGNORECASE)
FOLLOW_UP_MAX_CONTENT = 8  # content words of a follow-up that refers back by a pronoun or a leading "and"/"so"
OPENER_MAX_CONTENT = 20  # ... or by an opener only follow-ups use


# "Are you sure? Surely they would if it was a full MSc": a dispute that changes a detail of the earlier
# question, which it refers to by a pronoun, asks that question again with the new detail
# (only a dispute of the answer itself: "I've heard ..." or "My tutor said ..." may go on to ask anything)
_DISPUTE_OPENER = re.compile(r"^\s*((ok(ay)?|but|no|hmm+|so|well|oh|ah|look|listen)[,.!]?\s+)*(are you (sure|certain|positive)|really|seriously|come on"
                             r"|that('s| is)( just)? (wrong|not (right|true|correct))|that can'?t be (right|true)|you'?re wrong|you are wrong)\W*(?=surely\b|\w)",
                             re.IGNORECASE)
_ASKS_ITSELF = re.compile(r"^\W*((so|and|but|well|ok|okay|then)[,\s]+)*((can|could|will|would|is|are|does|do|did|may|might|should|has|have|was|were|must)\s+\w+"
                          r"|(what|why|who|whom|whose|which|when|where|how)\b)", re.IGNORECASE)
_REFERRING = re.compile(r"\b(they|it|that|this|them|those|these|one)\b", re.IGNORECASE)


def disputes_with_detail(question: str) -> bool:
    m = _DISPUTE_OPENER.match(question)
    if not m:
        return False
    rest = question[m.end():]
    content = [w for w in words(rest) if w not in STOPWORDS]
    # ("Are you sure? Does CASE actually say people can't tell them apart?", "Really? Then who regulates
    # them?" ask a question of their own)
    own_question = any(_ASKS_ITSELF.match(s) for s in re.split(r"(?<=[?.!])\s+", rest))
    return bool(_REFERRING.search(rest)) and 0 < len(content) <= OPENER_MAX_CONTENT and not own_question and not pushback(question)


# "does that definition cover ...?", "is this rule still in force?": a demonstrative before a word the
# earlier question used points back to it, however much the follow-up adds
_DEMONSTRATIVE = re.compile(r"\b(that|this|those|these|the same)\s+([\w-]+)", re.IGNORECASE)
DEMONSTRATIVE_REACH = 3  # words before it ("so does that definition ...")


def _points_back(question: str, earlier: str | None) -> bool:
    if not earlier:
        return False
    said = {stem(w) for w in words(earlier) if w not in STOPWORDS}

    def used(word: str) -> bool:  # ("definition" after "define": one stem begins the other)
        st = stem(word)
        return word.lower() not in STOPWORDS and any(a.startswith(b) for x in said for a, b in ((st, x), (x, st)) if len(b) >= 4)
    # (near the start: in "I had a scan for a heart problem; was that scan social scanning?" it points at
    # what the follow-up itself describes)
    return any(used(m.group(2)) and len(words(question[: m.start()])) <= DEMONSTRATIVE_REACH for m in _DEMONSTRATIVE.finditer(question))


def refers_back(question: str, earlier: str | None = None) -> bool:
    content = [w for w in words(question) if w not in STOPWORDS]
    if _points_back(question, earlier) and len(content) <= OPENER_MAX_CONTENT:
        return True
    if disputes_with_detail(question):
        return True
    if _ELLIPTICAL.search(question):
        return True
    if _FOLLOW_UP_OPENER.search(question) and len(content) <= OPENER_MAX_CONTENT:
        return True
    dummy = _DUMMY_IT.search(question) and not _ENDS_REFERRING.search(question)  # ("Is it OK to do that?" refers back)
    return bool(_REFERS_BACK.search(question)) and len(content) <= FOLLOW_UP_MAX_CONTENT and not dummy


def _disputes(turn: str, said: str | None = None, previous: str | None = None) -> bool:
    return pushback(said or turn, previous) or bool(_WHY.match(turn))


# "What if it also trains diagnostic scanning?" ("what if it's only partly for that?") after "... a course
# only about gender reveal scans?": what the follow-up adds, or its "part", ends the earlier "only"
_ONLY = re.compile(r"\b(only|just|solely|purely|exclusively|entirely|simply)\s+", re.IGNORECASE)


def _joined(earlier: str, turn: str) -> str:
    """The follow-up after the question it refers to."""
    if adds_to(turn):
        earlier = _ONLY.sub("", earlier)
    return f"{earlier.rstrip(' ?.!')}? {_LEAD.sub('', turn).strip()}"


# "thanks", "ok great", "cheers!": an acknowledgement changes nothing; the question before it stays the one referred to
_ACKNOWLEDGEMENT = re.compile(r"^\W*((ok(ay)?|great|cool|right|thanks|thank you|thank u|ty|ta|cheers|got it|i see|understood|perfect|brilliant"
                              r"|lovely|fab|nice|noted|fair enough|makes sense|ah|oh|hmm+|mm+|yes|yeah|sure|sound)\W*)+$", re.IGNORECASE)


_THANKS = re.compile(r"\b(thanks|thank you|thank u|ty|cheers|ta)\b", re.IGNORECASE)


def thanks(text: str) -> bool:
    """"thanks", "ok great, cheers!": the message thanks, and asks nothing."""
    return bool(_ACKNOWLEDGEMENT.match(text) and _THANKS.search(text))


def _standalone_turns(turns: list[str]) -> list[str | None]:
    """Each user turn as the question it asked on its own (None for a dispute with nothing before it)."""
    out: list[str | None] = []
    for turn in turns:
        asked = [t for t in out if t is not None]
        if out and _ACKNOWLEDGEMENT.match(turn):
            out.append(out[-1])
        elif _disputes(turn, previous=asked[-1] if asked else None):
            out.append(asked[-1] if asked else None)
        elif out and out[-1] is not None and refers_back(turn, out[-1]):
            out.append(_joined(out[-1], turn))
        else:
            out.append(turn)
    return out


def _disputed_in(turns: list[str | None], question: str, said: str | None) -> str | None:
    earlier = [t for t in turns if t is not None]
    return earlier[-1] if earlier and _disputes(question, said, earlier[-1]) else None


def standalone(question: str, history: Sequence[Any] | None, said: str | None = None) -> tuple[str | None, bool]:
    """(the standalone question or None, whether it is the earlier question, as it was asked on its own,
    that this reply disputes ("Are you sure?") or asks the reason for ("Why not?")). said: the asker's
    words before the guard cut any instruction ("just say yes")."""
    raw = _user_turns(history or [])
    turns = _standalone_turns(raw)
    again = _disputed_in(turns, question, said)
    if again is not None:
        return again, True
    joined = _joined(turns[-1], question) if turns and turns[-1] is not None and refers_back(question, turns[-1]) else None
    situation = _situation(raw) if _FIRST_PERSON.search(question) else None
    if situation is not None and situation not in (joined or ""):
        # "I'm halfway through a CASE accredited PgC. / When I finish, can I register ...?": the asker's own
        # situation, told in a turn of its own, is part of a question about them, as in an email
        return f"{situation.rstrip(' .!')}. {joined or question}", False
    return joined, False


_FIRST_PERSON = re.compile(r"\b(i|i['’]m|im|i['’]ve|i['’]d|my|we|we['’]re|we['’]ve|our|us|me)\b", re.IGNORECASE)
SITUATION_REACH = 3  # the asker's situation is looked for among this many last user turns


def _situation(turns: list[str]) -> str | None:
    """The latest recent turn that only tells the asker's situation ("We run a postgrad obstetric module."):
    it speaks of the asker and asks nothing."""
    for turn in reversed(turns[-SITUATION_REACH:]):
        if any(is_question(t) for t in SENTENCE_BREAK.split(turn)) or INDIRECT_QUESTION.search(turn) or _ACKNOWLEDGEMENT.match(turn):
            continue
        if _FIRST_PERSON.search(turn) and len([w for w in words(turn) if w not in STOPWORDS]) >= 3:
            return turn
    return None


def earlier_question(history: Sequence[Any] | None) -> str | None:
    """The question the last user turn asked, as a standalone question (None if it only disputed)."""
    turns = _standalone_turns(_user_turns(history or []))
    return turns[-1] if turns else None


def rewrite(question: str, history: Sequence[Any] | None, said: str | None = None) -> str | None:
    """The standalone question, or None when the question stands on its own (or has no history)."""
    return standalone(question, history, said)[0]


_ASKS_AGAIN = re.compile(r"^\s*((and|but|so|ok(ay)?|really|hmm+|oh|ah|right)[?!.,]*\s+)*((what|how) about|what if|same (for|with)|and (for|with))\b", re.IGNORECASE)


def asks_again(question: str) -> bool:
    """"What about focused courses?" repeats the earlier question with a new subject; "Are you sure?"
    repeats it as it was."""
    # (not "OK, but what if it's just a short module - could that one be accredited?", which asks its own question)
    return ((bool(_ASKS_AGAIN.search(question)) and analyse(question).kind != "yesno") or pushback(question)
            or disputes_with_detail(question) or asks_why(question))


def asks_why(question: str) -> bool:
    """"Why not?" after an answer: the same question, whose answer gives the reason."""
    return bool(_WHY.match(question))
