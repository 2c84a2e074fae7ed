"""Definitions stated in the documents, used to bridge vocabulary.

A statement that defines a term ("Social scanning definition: ...", "X means ...") tells us which
everyday words point at that term. Passages that use the term are indexed together with its
definition, and a question close to a definition is searched with the term as well. Nothing here
names a term of any particular statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .documents import Passage
from .text import content_stems

_PATTERNS = [
    re.compile(r"^(?P<term>[A-Z][\w’' -]{1,60}?)\s+definition\s*:\s*(?P<definition>.+)$", re.DOTALL),
    re.compile(r"^(?:definition of\s+)?[‘'\"“]?(?P<term>[\w’' -]{2,60}?)[’'\"”]?\s*:\s*(?P<definition>(?:the|a|an)\s.+)$", re.DOTALL | re.IGNORECASE),
    re.compile(r"^(?:in this statement,?\s+)?[‘'\"“]?(?P<term>[\w’' -]{2,60}?)[’'\"”]?\s+(?:means|is defined as|refers to)\s+(?P<definition>.+)$", re.DOTALL | re.IGNORECASE),
]


@dataclass(frozen=True)
class Definition:
    term: str
    definition: str
    passage_id: str

    @property
    def gloss(self) -> str:
        """How the definition is appended to a text that uses the term (index and evidence alike)."""
        return f"({self.term}: {self.definition})"

    @cached_property  # asked for per sentence per query: compute once
    def term_stems(self) -> tuple[str, ...]:
        return tuple(content_stems(self.term))


def find_definitions(passages: list[Passage]) -> list[Definition]:
    found: list[Definition] = []
    for passage in passages:
        for pattern in _PATTERNS:
            match = pattern.match(passage.text)
            if match:
                found.append(Definition(match["term"].strip(), match["definition"].strip(), passage.id))
                break
    return found


def mentions(text: str, definition: Definition) -> bool:
    """True when text uses the defined term (matched on stems, so "social scans" counts)."""
    stems = content_stems(text)
    term = definition.term_stems
    if not term:
        return False
    return any(tuple(stems[i : i + len(term)]) == term for i in range(len(stems) - len(term) + 1))


def augmented_text(passage: Passage, definitions: list[Definition]) -> str:
    """The passage as indexed: its own words plus the definitions of the terms it uses."""
    extra = [
        d.gloss
        for d in definitions
        if d.passage_id != passage.id and mentions(passage.text, d)
    ]
    return " ".join([passage.text, *extra])
