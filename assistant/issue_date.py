"""Yes/no questions about when a statement was issued ("Was it issued back in 2019?"): answered from
the statement's own date (its front matter), not from any sentence's wording."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .answer import Verdict

if TYPE_CHECKING:
    from .evidence import SentenceEvidence
    from .knowledge import KnowledgeBase

_MONTHS = ("january february march april may june july august september october november december").split()
_MONTH = r"(?P<month>" + "|".join(_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
_YEAR = r"(?P<year>(19|20)\d\d)"
# the statement (or "it"), then the verb of issuing, then within a few words a month and/or a year: "was the
# statement issued back in 2019", "did CASE publish it in March 2020"; not "a course introduced in 2020"
_SUBJECT = r"\b(statement|position|guidance|document|it|this|case)\b"
_VERB = (r"(issue[sd]?|publish(ed|es)?|release[sd]?|put out|puts out|bring out|brought out|came out|come out|comes out|write|wrote"
         r"|written|dated|launch(ed|es)?|introduce[sd]?|produced|made public)")
# (nothing else issued in between: "does the statement apply to courses written in 2019?")
_BETWEEN = r"(?:(?!\b(?:courses?|programmes?|modules?|training|awards?|qualifications?|certificates?|pgcert|apply|applies|cover|covers)\b)[^?.!\n])"
_ISSUED = re.compile(
    rf"{_SUBJECT}{_BETWEEN}{{0,40}}?\b{_VERB}\b[^?.!\n]{{0,45}}?\b(in|during|back in|around|on)\s+(the\s+)?"
    rf"({_MONTH}\s+(of\s+)?)?{_YEAR}\b",
    re.IGNORECASE)
# "Is the statement from 2019?", "Does it date from 2018?"
_DATED = re.compile(
    rf"\b(statement|it|position|guidance|document)\s+(is\s+|was\s+)?(dated?|dates)?\s*(from|to)\s+({_MONTH}\s+)?{_YEAR}\b",
    re.IGNORECASE)
# A question about what came after, or will come ("updated since it was issued in 2021", "a newer version",
# "will CASE issue a new statement in 2025"): not a question of when it was issued.
_NOT_THE_ISSUE = re.compile(r"\b(since|updated?|updates|new|newer|newest|latest|revis\w*|replace\w*|will|going to|next|plans?|"
                            r"planning|anything|any other|another|more)\b", re.IGNORECASE)


@dataclass(frozen=True)
class AskedDate:
    year: int
    month: int | None  # 1..12, or None when only a year is asked


def asked_issue_date(question: str) -> AskedDate | None:
    """The date a yes/no question proposes for a statement's issue, if it proposes one."""
    if _NOT_THE_ISSUE.search(question):
        return None
    m = _ISSUED.search(question) or _DATED.search(question)
    return _date_of(m) if m else None


def _date_of(m: re.Match[str]) -> AskedDate:
    month = m.group("month")
    number = next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith(month.lower()[:3])) if month else None
    return AskedDate(int(m.group("year")), number)


# A follow-up proposing the date of what the earlier question said was issued: "Why did CASE put out its
# statement?" then "And that was back in 2021, correct?", "was it in May 2021?"
_THAT_WAS = re.compile(rf"\b((that|it|this)\s+(was|is)|(was|is)\s+(that|it|this))\s+(back\s+)?((in|during|around)\s+)?(the\s+)?"
                       rf"({_MONTH}\s+(of\s+)?)?{_YEAR}\b"
                       # (the date ends the claim: not "was it the 2020 rise in applicants that prompted it?")
                       r"(?=\s*([,?.!]|$|(right|correct|yes|true|wasn'?t it|isn'?t it|then)\b))", re.IGNORECASE)
_ISSUING = re.compile(rf"{_SUBJECT}{_BETWEEN}{{0,40}}?\b{_VERB}\b|\b{_VERB}\b[^?.!\n]{{0,20}}\b(statement|position|guidance|it)\b",
                      re.IGNORECASE)


def follow_up_issue_date(earlier: str, follow_up: str) -> AskedDate | None:
    """The date a follow-up proposes for the issuing the earlier question spoke of, if it proposes one."""
    m = _THAT_WAS.search(follow_up)
    if m is None or _NOT_THE_ISSUE.search(follow_up) or not _ISSUING.search(earlier):
        return None
    return _date_of(m)


def matches(asked: AskedDate, issued: str) -> bool | None:
    """Does the proposed date agree with the statement's ("2021-05")? None if that date can't be read."""
    try:
        parts = [int(p) for p in issued.split("-")]
    except ValueError:
        return None
    if not parts:
        return None
    if asked.year != parts[0]:
        return False
    return asked.month is None or len(parts) < 2 or asked.month == parts[1]


def issue_date_verdict(kb: KnowledgeBase, asked: str, support: list[SentenceEvidence], earlier: str | None = None) -> Verdict | None:
    """yes/no for a yes/no question proposing when the statement it is answered from was issued; None
    when it proposes no date, or the statement's date can't be read. earlier: the question a follow-up
    (asked) refers to."""
    proposed = (follow_up_issue_date(earlier, asked) if earlier else asked_issue_date(asked)) if support else None
    if proposed is None:
        return None
    doc = kb.documents.get(support[0].passage_id.split("#")[0])
    agrees = matches(proposed, doc.issued) if doc is not None else None
    return None if agrees is None else Verdict.YES if agrees else Verdict.NO


_SAYS_ISSUED = re.compile(r"\b(issued|published)\b", re.IGNORECASE)


def issuing_sentence(sentences: list[SentenceEvidence]) -> SentenceEvidence | None:
    """The evidence sentence saying the statement was issued (quoted for a date answer), if there is one."""
    return next((s for s in sentences if _SAYS_ISSUED.search(s.text)), None)
