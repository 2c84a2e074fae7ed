"""BM25 over passages (bm25s), built once per index build and loaded once per process."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import bm25s
import numpy as np

from .text import content_stems


class LexicalIndex:
    def __init__(self, model: bm25s.BM25, ids: list[str], df: dict[str, int]) -> None:
        self._model = model
        self.ids = ids
        self.df = df  # passages containing each stem: how common a word is in this corpus

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> "LexicalIndex":
        return cls.from_stems(ids, [content_stems(t) for t in texts])

    @classmethod
    def from_stems(cls, ids: list[str], stems: list[list[str]]) -> "LexicalIndex":
        """build() from texts already reduced to content_stems (the indexer has them at hand)."""
        tokens = [s or ["_"] for s in stems]
        model = bm25s.BM25()
        model.index(tokens, show_progress=False)
        df: Counter[str] = Counter()
        for toks in tokens:
            df.update(set(toks))
        return cls(model, ids, dict(df))

    def idf(self, stem: str) -> float:
        """Smoothed inverse passage frequency; a word the corpus never uses weighs most."""
        n = max(1, len(self.ids))
        return math.log(1 + n / (1 + self.df.get(stem, 0))) + 0.1

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._model.save(str(folder))
        (folder / "ids.txt").write_text("\n".join(self.ids), encoding="utf-8")
        (folder / "df.json").write_text(json.dumps(self.df), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        model = bm25s.BM25.load(str(folder))
        ids = (folder / "ids.txt").read_text(encoding="utf-8").split("\n")
        df = json.loads((folder / "df.json").read_text(encoding="utf-8"))
        return cls(model, ids, df)

    def search(self, stems: list[str], k: int) -> list[tuple[str, float]]:
        """(passage id, BM25 score) best first; only passages sharing a word with the query."""
        known = [s for s in stems if s in self._model.vocab_dict]
        if not known or not self.ids:
            return []
        scores = self._model.get_scores(known)
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
