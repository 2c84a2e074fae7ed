"""Fix misspelt words against the corpus's own vocabulary ("gendr" -> "gender").

Only words the corpus never uses are touched, and only when one corpus word is very close in
spelling, so ordinary words the statements don't use ("placement", "fees") stay as they are. A word
English already has (from WordNet, when given) is never a typo: "still" is not "skill".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import lru_cache

from .text import stem

_TOKEN = re.compile(r"[A-Za-z]{4,}")


class Speller:
    def __init__(self, vocabulary: set[str], is_word: Callable[[str], bool] | None = None) -> None:
        self._vocab = vocabulary
        self._is_word = is_word or (lambda word: False)
        self._stems = {stem(w) for w in vocabulary}
        self._by_initial: dict[str, list[str]] = {}
        for word in vocabulary:
            self._by_initial.setdefault(word[0], []).append(word)

    @lru_cache(maxsize=4096)
    def correct_word(self, word: str) -> str:
        lower = word.lower()
        if lower in self._vocab or len(lower) < 4 or stem(lower) in self._stems:
            return word  # known, or another form of a known word ("clinic" / "clinical")
        if self._is_word(lower):
            return word
        # Same first letter: real typos rarely change it, and it keeps the search small.
        candidates = self._by_initial.get(lower[0], [])
        cutoff = 0.8 if len(lower) >= 5 else 0.85
        match = difflib.get_close_matches(lower, candidates, n=1, cutoff=cutoff)
        return match[0] if match else word

    def correct(self, text: str) -> str:
        return _TOKEN.sub(lambda m: self.correct_word(m.group(0)), text)
