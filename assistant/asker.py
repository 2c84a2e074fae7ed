"""Who asked for a statement: "Was it issued because the Department of Health asked CASE to?", "Did
patients complain?". The statement reports who raised the issue; a question naming someone else is
answered no from that report, not left unanswered because the name is new to the statements."""

from __future__ import annotations

import re

from .evidence import FRAME_STEMS, Evidence, SentenceEvidence
from .text import content_stems

# Someone put forward as having asked for, pushed for or prompted the statement.
_VERBS = (r"(asked|requested|complained|demanded|pushed|lobbied|pressured|pressed|told|instructed|ordered"
          r"|raised|called for|begged|urged|forced)")
# (asked of someone other than CASE: "because the trust asked us to run it", "did the university tell students")
_NOT_OF_OTHERS = (r"(?!\s+(us|me|him|her|our|my|their|his|students?|staff|them|people|parents|patients|the public|sonographers"
                  r"|trainees|applicants|colleagues|everyone|midwives|nurses)\b)")
_ACTOR = r"(?P<actor>(?:(?:the|a|an|some|its|their|our|many|lots of|a few|several)\s+)?[\w'’ -]{2,50}?)"
_CLAIMED = [re.compile(p, re.IGNORECASE) for p in (
    # "... because the government asked it to", "after patients complained"
    rf"\b(because|after)\s+(of\s+)?{_ACTOR}\s+(had\s+|have\s+|has\s+|were\s+|was\s+)?{_VERBS}\b{_NOT_OF_OTHERS}",
    # "Was it the people running courses who pushed CASE ...?"
    rf"\b(was|were|is|are)\s+it\s+{_ACTOR}\s+(who|that)\s+(had\s+|have\s+)?(first\s+)?{_VERBS}\b{_NOT_OF_OTHERS}",
    # "Did the Department of Health ask CASE to ...?", "Did patients complain ...?"
    r"^\W*did\s+" + _ACTOR + r"\s+(ask|request|complain|demand|push|lobby|pressure|press|tell|instruct|order|raise|call for|urge|force)\b"
    + _NOT_OF_OTHERS,
)]
# The sentence reporting who asked: "They have asked for clarification ...", "Issues ... have been raised as ..."
_REPORTS_ASKING = re.compile(r"\b(asked|raised|requested|called for)\b", re.IGNORECASE)
_SELF = re.compile(r"\b(statement|position|policy|guidance|document)\b", re.IGNORECASE)  # the statement is no asker
_NOT_AN_ACTOR = frozenset({"case", "it", "they", "them", "someone", "anyone", "somebody", "anybody", "people"})


# (the question is about the statement being issued, not about a complaint to CASE in general)
_ABOUT_THE_STATEMENT = re.compile(r"\b(statement|position|stance|issue[ds]?|issuing|publish\w*|put (it |this )?out|releas\w*"
                                  r"|clarif\w*|spell\w* (it |this )?out|wr[io]te|written|came out)\b", re.IGNORECASE)


def claimed_asker(clause: str) -> list[str] | None:
    """The content stems of whoever the question says asked for the statement, or None."""
    if not _ABOUT_THE_STATEMENT.search(clause):
        return None
    for pattern in _CLAIMED:
        m = pattern.search(clause)
        if m is None:
            continue
        stems = [st for st in content_stems(m.group("actor")) if st not in FRAME_STEMS]
        # ("Did the position statement ask for regulation?")
        if stems and m.group("actor").strip().lower() not in _NOT_AN_ACTOR and not _SELF.search(m.group("actor")):
            return stems
    return None


def report_of_asking(evidence: Evidence) -> SentenceEvidence | None:
    """The sentence of the evidence that reports who asked or raised the issue."""
    return next((s for s in evidence.sentences if _REPORTS_ASKING.search(s.text) and not s.rule), None)


# Who a report names as acting: a capitalised name within a sentence ("as Programme Leads are seeing ...")
_NAMED = re.compile(r"(?<=[a-z,;:(] )((?:[A-Z][\w'’-]+ ?)+)")


def _names_in(text: str, issuer: frozenset[str]) -> set[str]:
    """The stems of the names a sentence gives, the issuer's aside."""
    return {st for m in _NAMED.finditer(text) for st in content_stems(m.group(1))} - issuer


def asker_is_said(actor: list[str], evidence: Evidence, report: SentenceEvidence) -> bool:
    """Is the actor someone the reporting passage names (a capitalised name in it, "Programme Leads"),
    in its words or in words the vocabulary links to that name ("course leaders")? Other words of the
    passage ("applicants", "sonography") are not who asked."""
    passage = [s for s in evidence.sentences if s.passage_id == report.passage_id]
    named = {st for s in passage for st in _names_in(s.text, evidence.issuer)}
    if not named:
        return False
    if all(st in named for st in actor):
        return True
    # linked by the vocabulary: the sentence's matched words include the name's and the actor's
    return any(all(st in s.matched for st in actor) and s.matched & named - set(actor) for s in passage)


def naming_sentence(evidence: Evidence, report: SentenceEvidence) -> SentenceEvidence | None:
    """The sentence of the report's passage that names who raised the issue ("... as Programme Leads are
    seeing ..."), when it is another sentence than the report's own ("They have asked ...")."""
    return next((s for s in evidence.sentences if s.passage_id == report.passage_id and s is not report
                 and _names_in(s.text, evidence.issuer)), None)
