"""Definitions stated in the documents, used to bridge vocabulary.

A statement that defines a term ("Social scanning definition: ...", "X means ...") tells us which
everyday words point at that term. Passages that use the term are indexed together with its
definition, and a question close to a definition is searched with the term as well. Nothing here
names a term of any particular statement.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from .documents import Passage
from .passages import split_sentences
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


def definition_sentences(definitions: list[Definition]) -> list[tuple[Definition, str]]:
    """Each definition sentence prefixed by its term: short texts match short questions best."""
    return [(d, f"{d.term}: {s.text}") for d in definitions for s in split_sentences(d.definition)]


def _doc_of(passage_id: str) -> str:
    return passage_id.split("#", 1)[0]


def _contains(stems: Sequence[str], term: tuple[str, ...]) -> bool:
    n = len(term)
    return any(tuple(stems[i : i + n]) == term for i in range(len(stems) - n + 1))


def _choose(defs: list[Definition], passage_id: str) -> Definition | None:
    """One definition per term: none for a passage that itself defines the term, else the one from
    the passage's own statement, else the first. Statements that each define a shared term would
    otherwise append the same gloss many times over (hundreds of times in a large corpus)."""
    if any(d.passage_id == passage_id for d in defs):
        return None
    doc = _doc_of(passage_id)
    return next((d for d in defs if _doc_of(d.passage_id) == doc), defs[0])


class Glossary:
    """The defined terms, indexed by their first stem so that finding the terms a text uses costs
    one set intersection, not one scan per definition."""

    def __init__(self, definitions: list[Definition]) -> None:
        self._order = {d: i for i, d in reversed(list(enumerate(definitions)))}
        self._by_term: dict[tuple[str, ...], list[Definition]] = defaultdict(list)
        for d in definitions:
            if d.term_stems:
                self._by_term[d.term_stems].append(d)
        self._by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for term in self._by_term:
            self._by_first[term[0]].append(term)
        self.by_name: dict[str, list[Definition]] = defaultdict(list)
        for d in definitions:
            self.by_name[d.term].append(d)

    def named_in(self, stems: set[str]) -> list[Definition]:
        """Definitions of every term all of whose words a text uses (in any order)."""
        return [d for first in stems & self._by_first.keys() for term in self._by_first[first]
                if set(term) <= stems for d in self._by_term[term]]

    def used_in(self, stems: Sequence[str], passage_id: str) -> list[Definition]:
        """The definitions of the terms a text uses (its content_stems, in order), one per term,
        in corpus order; see _choose."""
        found = []
        for first in set(stems) & self._by_first.keys():
            for term in self._by_first[first]:
                if _contains(stems, term) and (d := _choose(self._by_term[term], passage_id)):
                    found.append(d)
        return sorted(found, key=self._order.__getitem__)


def mentions(text: str, definition: Definition) -> bool:
    """True when text uses the defined term (matched on stems, so "social scans" counts)."""
    term = definition.term_stems
    return bool(term) and _contains(content_stems(text), term)


def augmented_text(passage: Passage, definitions: list[Definition]) -> str:
    """The passage as indexed: its own words plus the definitions of the terms it uses, one per term.
    (The plain reference for what Glossary computes in bulk.)"""
    by_term: dict[tuple[str, ...], list[Definition]] = {}
    for d in definitions:
        by_term.setdefault(d.term_stems, []).append(d)
    chosen = [_choose(defs, passage.id) for term, defs in by_term.items() if term and mentions(passage.text, defs[0])]
    return " ".join([passage.text, *(d.gloss for d in definitions if d in chosen)])
