"""Contextual word matching: does the evidence say something close to each word of a question?

Uses the embedding model's token vectors (the same model, no extra download), in the manner of
BERTScore: a question word is matched when one of the evidence's tokens, read in context, is close
to it. This catches paraphrases ("train people" / "trainees") that stems and single-word vectors
miss, while words about another subject ("appeal", "fees") stay unmatched.

The last layer's token vectors are shaped by the whole sentence (good for "train people" /
"trainees"); a middle layer's still carry more of the word itself, which is where a paraphrase by a
near-synonym ("graduates", "postgraduate certificate" against "trainees completing", "PgC") shows
(as BERTScore found, the best layer for word similarity is below the top). word_matches_at() reads
such a layer from the question's one pass (Embedder.query); callers use it only for words still
unmatched, since evidence texts not yet cached cost a pass each.
"""

from __future__ import annotations

import re
from collections import OrderedDict

import numpy as np

from .embeddings import Embedder, _unit_rows, hidden_states

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+[A-Za-z]*")
MIDDLE_LAYER = 4  # of the model's 6: where word_matches_at() is read by default (see above)


class TokenMatcher:
    def __init__(self, embedder: Embedder, cache_size: int = 2048) -> None:
        self._embedder = embedder
        self._cache: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cache_size = cache_size

    def _forward(self, text: str, layers: int | None = None) -> tuple[list[tuple[int, int]], list[np.ndarray]]:
        """Unit-length token vectors of every hidden layer (0 = the input embeddings) up to `layers`."""
        offsets, states = hidden_states(self._embedder.model_path, text, layers)
        return offsets, [_unit_rows(state) for state in states]

    def _encode_layer(self, text: str, layer: int) -> tuple[list[tuple[int, int]], np.ndarray]:
        offsets, states = self._forward(text, layer)
        return offsets, states[layer]

    def _evidence_vectors(self, text: str, layer: int | None = None) -> np.ndarray:
        """An evidence text's token vectors at the last layer (layer None) or at a middle one. The
        last layer and MIDDLE_LAYER come from one pass and are cached together (the middle one, read
        only for leftover words, in half precision)."""
        cached = self._cache.get(text)
        if cached is None:
            offsets, states = self._forward(text)
            keep = [i for i, (a, b) in enumerate(offsets) if b > a]  # drop [CLS]/[SEP]
            cached = (states[-1][keep], states[MIDDLE_LAYER][keep].astype(np.float16))
            self._cache[text] = cached
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(text)
        if layer is None:
            return cached[0]
        if layer == MIDDLE_LAYER:
            return cached[1].astype(np.float32)
        offsets, vectors = self._encode_layer(text, layer)
        return vectors[[i for i, (a, b) in enumerate(offsets) if b > a]]

    def word_matches_at(self, question: str, evidence: list[str], layer: int = MIDDLE_LAYER) -> list[tuple[str, float]]:
        """word_matches() read at a given hidden layer (0 = the input embeddings)."""
        if not evidence:
            return []
        encoded = self._embedder.query(question)  # the question's pass is shared with retrieval
        offsets, qv = encoded.offsets, encoded.layers[layer]
        ev = np.concatenate([self._evidence_vectors(t, layer) for t in evidence])
        return self._per_word(question, offsets, (qv @ ev.T).max(axis=1))

    def word_matches(self, question: str, evidence: list[str]) -> list[tuple[str, float]]:
        """Each word of the question with its best similarity to any evidence token, in order."""
        if not evidence:
            return []
        encoded = self._embedder.query(question)
        offsets, qv = encoded.offsets, encoded.tokens
        ev = np.concatenate([self._evidence_vectors(t) for t in evidence])
        return self._per_word(question, offsets, (qv @ ev.T).max(axis=1))

    @staticmethod
    def _per_word(question: str, offsets: list[tuple[int, int]], best: np.ndarray) -> list[tuple[str, float]]:
        out = []
        for m in _WORD.finditer(question):
            pieces = [i for i, (a, b) in enumerate(offsets) if b > a and a >= m.start() and b <= m.end()]
            if pieces:
                out.append((m.group(0), float(np.mean(best[pieces]))))
        return out
