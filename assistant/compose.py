"""Compose the answer text so that every sentence stating policy is a cited, verbatim quote."""

from __future__ import annotations

import datetime as dt
import re

from .answer import Citation, Verdict
from .documents import Passage
from .evidence import SentenceEvidence
from .knowledge import KnowledgeBase
from .passages import split_sentences

_OPENERS = {
    Verdict.YES: "Yes.",
    Verdict.NO: "No.",
    Verdict.DEPENDS: "It depends on the conditions the statement sets.",
}


def issued_words(issued: str) -> str:
    """"2021-05" -> "May 2021"."""
    try:
        parts = [int(p) for p in issued.split("-")]
        return dt.date(parts[0], parts[1], 1).strftime("%B %Y")
    except (ValueError, IndexError):
        return issued


# A sentence that opens by pointing back ("They have asked ...", "This is at the heart of ...") says
# nothing quoted alone: its quote starts at the sentence it points back to.
_POINTS_BACK = re.compile(r"^(They|Them|Their|This|These|Those|It|Its|Such)\b")


def _pointed_to(passage_text: str, s: SentenceEvidence, support: list[SentenceEvidence]) -> tuple[int, SentenceEvidence | None]:
    """Where the quote of ``s`` starts, and the quoted sentence it points back to if that is quoted anyway."""
    if not _POINTS_BACK.match(s.text):
        return s.start, None
    before = [sent for sent in split_sentences(passage_text) if sent.end <= s.start]
    if not before:
        return s.start, None  # first in its passage
    quoted = next((o for o in support if o.passage_id == s.passage_id and o.start <= before[-1].start < o.end), None)
    return (s.start, quoted) if quoted is not None else (before[-1].start, None)


def make_citations(kb: KnowledgeBase, support: list[SentenceEvidence]) -> list[Citation]:
    pointed = [_pointed_to(kb.passages[s.passage_id].text, s, support) for s in support]
    starts = {id(s): start for s, (start, _) in zip(support, pointed, strict=True)}
    # A sentence that points back comes after the quoted sentence it points to ("Issues around ... have
    # been raised ..." before "They have asked ...").
    ordered = list(support)
    for s, (_, antecedent) in zip(support, pointed, strict=True):
        if antecedent is not None and ordered.index(antecedent) > ordered.index(s):
            ordered.remove(antecedent)
            ordered.insert(ordered.index(s), antecedent)
    citations = []
    for n, s in enumerate(ordered, start=1):
        passage = kb.passages[s.passage_id]
        doc = kb.documents[passage.doc]
        start = starts[id(s)]
        citations.append(
            Citation(
                n=n,
                id=passage.id,
                document=doc.title,
                issued=doc.issued,
                url=doc.url,
                quote=passage.text[start : s.end],
                passage=passage.text,
                quote_start=start,
                quote_end=s.end,
            )
        )
    return citations


def _source(c: Citation) -> str:
    return f"the {c.document} statement ({issued_words(c.issued)})"


# Said after the verdict when the guard changed what was answered, so the asker knows their claim or
# instruction was noticed and why it made no difference.
_GUARD_NOTES = {
    "claim_checked": "Your message reports a claim about CASE's position. I can only answer from the published "
                     "statements, so I checked the claim against them.",
    "injection_ignored": "Your message includes instructions to me; I have ignored them and answered from the "
                         "published statements only.",
    "pushback": "I can only answer from the published statements, so my answer to your earlier question is "
                "the same.",
}


def guard_notes(flags: list[str]) -> list[str]:
    return [_GUARD_NOTES[f] for f in flags if f in _GUARD_NOTES]


def compose(verdict: Verdict, citations: list[Citation], wh: str | None = None,
            definitions: set[str] | None = None, condition: str | None = None, notes: list[str] | None = None) -> str:
    """definitions: passage ids that define a term the question was bridged through;
    condition: for depends, the words of the first quote that state the deciding condition;
    notes: said after the verdict (guard_notes)."""
    if not citations:
        return ""
    first = citations[0]
    lines: list[str] = []
    if verdict in _OPENERS:
        lines.append(_OPENERS[verdict])
    lines += notes or []
    if verdict is Verdict.DEPENDS:
        if condition:
            lines[0] = f"It depends on whether this condition applies: “{condition}” [{first.n}]"
        lines.append(f"CASE says, in {_source(first)}: “{first.quote}” [{first.n}]")
        for c in citations[1:]:
            lines.append(f"It also says: “{c.quote}” [{c.n}]")
        lines.append("Whether it applies depends on the details of your case; if that is unclear, ask CASE.")
        return "\n".join(lines)
    if wh == "when":
        lines.append(f"The {first.document} statement was issued in {issued_words(first.issued)}.")
    lines.append(f"{'The reason, in' if verdict in _OPENERS else 'In'} {_source(first)}, CASE says: “{first.quote}” [{first.n}]")
    for c in citations[1:]:
        lead = "It defines the term:" if definitions and c.id in definitions else "It also says:"
        lines.append(f"{lead} “{c.quote}” [{c.n}]")
    return "\n".join(lines)


def place_words(passage: Passage) -> str:
    """Where a passage is in its statement: "paragraph 4", "its footnote"."""
    return "its footnote" if passage.kind == "footnote" else f"paragraph {passage.n}"


def quote_check_text(found: bool, citations: list[Citation], place: str | None = None) -> str:
    """The answer to "is this quotation the statement's?": yes with the sentence holding it (and where it
    is, ``place``), or no with the sentence closest to it (the asker's own words are never repeated as a
    quotation)."""
    first = citations[0]
    if found:
        where = f", in {place}" if place else ""
        return f"Yes. Those are the words of {_source(first)}{where}: “{first.quote}” [{first.n}]"
    return (f"No. {_source(first)[0].upper()}{_source(first)[1:]} does not contain those words. "
            f"What it says closest to them is: “{first.quote}” [{first.n}]")


def evidence_text(citations: list[Citation]) -> str:
    """The evidence-only answer: the quotes themselves, each cited, with no verdict."""
    if not citations:
        return ""
    lines = [f"These passages of {_source(citations[0])} are the closest to your question:"]
    lines += [f"“{c.quote}” [{c.n}]" for c in citations]
    return "\n".join(lines)


LISTED_STATEMENTS = 6  # a not-covered answer names this many current statements, newest first


def not_covered_text(kb: KnowledgeBase, thanked: bool = False) -> str:
    """What the statements cover and where to ask instead; thanked: the message only thanked, and asked nothing."""
    current = sorted((d for d in kb.documents.values() if d.status == "current"), key=lambda d: d.issued, reverse=True)
    docs = "; ".join(f"{d.title} ({issued_words(d.issued)})" for d in current[:LISTED_STATEMENTS])
    if len(current) > LISTED_STATEMENTS:
        docs += f"; and {len(current) - LISTED_STATEMENTS} more"
    contact = next(iter(kb.documents.values())).url if kb.documents else ""
    opening = ("You're welcome. Ask me anything else about CASE's position statements." if thanked
               else "The CASE position statements don't answer this, so I can't give you CASE's position on it.")
    return (
        f"{opening} "
        f"The statements I can quote cover: {docs or 'nothing yet'}. "
        f"Please contact CASE directly for {'anything they don’t answer' if thanked else 'an answer'}{' (' + contact.split('/information')[0] + ')' if contact else ''}."
    )
