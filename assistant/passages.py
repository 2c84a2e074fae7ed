"""Turn blocks into citeable passages (ids, offsets) and passages into sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .documents import Passage
from .loaders import Block

_WS = re.compile(r"\s+")
# A sentence ends at . ! ? (optionally closed by a bracket or quote) followed by a capital or "(".
_SENT_END = re.compile(r"(?<=[.!?])[)\]’”\"']?\s+(?=[(‘“\"'A-Z0-9])")
_ABBREV = re.compile(r"\b(eg|e\.g|ie|i\.e|etc|cf|vs|Dr|Mr|Mrs|Ms|Prof|St|No|approx)\.$", re.IGNORECASE)


def normalise_ws(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space."""
    return _WS.sub(" ", text).strip()


def build_passages(slug: str, blocks: list[Block]) -> tuple[str, list[Passage]]:
    """Number paragraphs then footnotes as <slug>#p1.. and return the joined text with offsets."""
    ordered = [b for b in blocks if b.kind == "paragraph"] + [b for b in blocks if b.kind == "footnote"]
    texts = [(block.kind, text) for block in ordered if (text := normalise_ws(block.text))]  # no gaps in numbering
    parts: list[str] = []
    passages: list[Passage] = []
    offset = 0
    for n, (kind, text) in enumerate(texts, start=1):
        if parts:
            offset += 2  # the blank line between passages
        passages.append(Passage(f"{slug}#p{n}", slug, n, kind, text, offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    return "\n\n".join(parts), passages


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset inside the passage
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a passage with their offsets; abbreviations like "eg." do not end one."""
    sentences: list[Sentence] = []
    start = 0
    for match in _SENT_END.finditer(text):
        candidate = text[start : match.start() + len(match.group(0).rstrip())].rstrip()
        head = text[start : match.start()]
        if _ABBREV.search(head):
            continue
        end = start + len(candidate)
        sentences.append(Sentence(text[start:end], start, end))
        start = match.end()
    if start < len(text):
        tail = text[start:].strip()
        if tail:
            s = text.index(tail, start)
            sentences.append(Sentence(tail, s, s + len(tail)))
    return sentences
