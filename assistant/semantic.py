"""Contextual word matching: does the evidence say something close to each word of a question?

Uses the embedding model's token vectors (the same model, no extra download), in the manner of
BERTScore: a question word is matched when one of the evidence's tokens, read in context, is close
to it. This catches paraphrases ("train people" / "trainees") that stems and single-word vectors
miss, while words about another subject ("appeal", "fees") stay unmatched.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

import numpy as np

from .embeddings import Embedder, _load

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+[A-Za-z]*")
_LOCK = threading.Lock()


class TokenMatcher:
    def __init__(self, embedder: Embedder, cache_size: int = 2048) -> None:
        self._embedder = embedder
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def _encode(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        model = _load(self._embedder.model_path)
        with _LOCK:
            vectors = model.encode([text], output_value="token_embeddings", show_progress_bar=False)[0]
            enc = model.tokenizer(text, truncation=True, max_length=model.max_seq_length, return_offsets_mapping=True)
        vectors = vectors.detach().cpu().numpy() if hasattr(vectors, "detach") else np.asarray(vectors)
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        return list(enc["offset_mapping"]), vectors

    def _evidence_vectors(self, text: str) -> np.ndarray:
        cached = self._cache.get(text)
        if cached is None:
            offsets, vectors = self._encode(text)
            keep = [i for i, (a, b) in enumerate(offsets) if b > a]  # drop [CLS]/[SEP]
            cached = vectors[keep]
            self._cache[text] = cached
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(text)
        return cached

    def word_matches(self, question: str, evidence: list[str]) -> list[tuple[str, float]]:
        """Each word of the question with its best similarity to any evidence token, in order."""
        if not evidence:
            return []
        encoded = self._embedder.query(question)
        offsets, qv = encoded.offsets, encoded.tokens
        ev = np.concatenate([self._evidence_vectors(t) for t in evidence])
        best = (qv @ ev.T).max(axis=1)
        out = []
        for m in _WORD.finditer(question):
            pieces = [i for i, (a, b) in enumerate(offsets) if b > a and a >= m.start() and b <= m.end()]
            if pieces:
                out.append((m.group(0), float(np.mean(best[pieces]))))
        return out
