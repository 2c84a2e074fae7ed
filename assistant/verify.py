"""Verify before anything reaches a user: quotes verbatim, markers point at real citations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .answer import Citation
from .knowledge import KnowledgeBase
from .passages import normalise_ws

_MARKER = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"“([^”]+)”")


@dataclass
class Check:
    ok: bool
    problems: list[str]
    good: list[Citation]


def quote_is_verbatim(quote: str, passage: str) -> bool:
    """The quote is a substring of the passage after whitespace normalisation."""
    return bool(quote.strip()) and normalise_ws(quote) in normalise_ws(passage)


def check(kb: KnowledgeBase, text: str, citations: list[Citation]) -> Check:
    problems: list[str] = []
    good: list[Citation] = []
    for c in citations:
        passage = kb.passages.get(c.id)
        if passage is None:
            problems.append(f"[{c.n}] cites unknown passage {c.id}")
        elif normalise_ws(c.passage) != normalise_ws(passage.text):
            problems.append(f"[{c.n}] passage text differs from {c.id}")
        elif not quote_is_verbatim(c.quote, passage.text):
            problems.append(f"[{c.n}] quote is not verbatim in {c.id}")
        else:
            good.append(c)
    numbers = {c.n for c in citations}
    for n in map(int, _MARKER.findall(text)):
        if n not in numbers:
            problems.append(f"marker [{n}] has no citation")
    for line in text.splitlines():
        for quoted in _QUOTED.findall(line):
            if not _MARKER.search(line):
                problems.append(f"quoted text without a citation: {quoted[:40]}")
            elif not any(quote_is_verbatim(quoted, c.passage) for c in good):
                problems.append(f"quoted text not found in any cited passage: {quoted[:40]}")
    return Check(not problems, problems, good)
