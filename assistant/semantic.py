"""Contextual word matching: does the evidence say something close to each word of a question?

Uses the embedding model's token vectors (the same model, no extra download), in the manner of
BERTScore: a question word is matched when one of the evidence's tokens, read in context, is close
to it. This catches paraphrases ("train people" / "trainees") that stems and single-word vectors
miss, while words about another subject ("appeal", "fees") stay unmatched.

The last layer's token vectors are shaped by the whole sentence (good for "train people" /
"trainees"); a middle layer's still carry more of the word itself, which is where a paraphrase by a
near-synonym ("graduates", "postgraduate certificate" against "trainees completing", "PgC") shows
(as BERTScore found, the best layer for word similarity is below the top). word_matches_at() reads such a layer; it costs a
second forward pass of the question, so callers use it only for the words still unmatched.
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

    def _encode_layer(self, text: str, layer: int) -> tuple[list[tuple[int, int]], np.ndarray]:
        import torch

        model = _load(self._embedder.model_path)
        transformer = model[0].auto_model
        with _LOCK:
            enc = model.tokenizer(text, truncation=True, max_length=model.max_seq_length,
                                  return_offsets_mapping=True, return_tensors="pt")
            offsets = [tuple(o) for o in enc.pop("offset_mapping")[0].tolist()]
            with torch.no_grad():
                # One unpadded text: no attention mask is needed, and the layers above `layer` are
                # skipped (the same vectors as the full model's hidden_states[layer]).
                hidden = transformer.embeddings(input_ids=enc["input_ids"], token_type_ids=enc.get("token_type_ids"))
                for block in transformer.encoder.layer[:layer]:
                    out = block(hidden)
                    hidden = out[0] if isinstance(out, tuple) else out
                hidden = hidden[0]
        vectors = hidden.detach().cpu().numpy()
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        return offsets, vectors

    def _evidence_layer(self, text: str, layer: int) -> np.ndarray:
        key = f"\x00{layer}\x00{text}"
        cached = self._cache.get(key)
        if cached is None:
            offsets, vectors = self._encode_layer(text, layer)
            cached = vectors[[i for i, (a, b) in enumerate(offsets) if b > a]]
            self._cache[key] = cached
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return cached

    def word_matches_at(self, question: str, evidence: list[str], layer: int) -> list[tuple[str, float]]:
        """word_matches() read at a given hidden layer (0 = the input embeddings)."""
        if not evidence:
            return []
        offsets, qv = self._encode_layer(question, layer)
        ev = np.concatenate([self._evidence_layer(t, layer) for t in evidence])
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
