"""BM25 over passages (bm25s), built once per index build and loaded once per process."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from .text import content_stems


@dataclass(frozen=True)
class DocumentCounts:
    """The term counts of a run of passages (one document's), as a few flat arrays: cheap to keep
    in the build cache and to load (one small array per passage cost 1.7 s to unpickle at 100k)."""

    terms: list[str]  # the distinct terms of these passages
    term_idx: np.ndarray  # per (passage, distinct term): index into terms
    tf: np.ndarray  # per (passage, distinct term): occurrences
    ptr: np.ndarray  # passage i's entries are [ptr[i], ptr[i+1])
    lengths: np.ndarray  # per passage: length in terms

    @classmethod
    def of(cls, passages: list[list[str]]) -> "DocumentCounts":
        local: dict[str, int] = {}
        idx, tf, ptr, lengths = [], [], [0], []
        for stems in passages:
            tokens = stems or ["_"]  # an empty passage still takes a place in the index
            counted = Counter(tokens)
            idx += [local.setdefault(t, len(local)) for t in counted]
            tf += counted.values()
            ptr.append(len(idx))
            lengths.append(len(tokens))
        return cls(list(local), np.asarray(idx, np.int32), np.asarray(tf, np.float32),
                   np.asarray(ptr, np.int64), np.asarray(lengths, np.float32))


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
        return cls.from_counts(ids, [DocumentCounts.of(stems)])

    @classmethod
    def from_counts(cls, ids: list[str], counts: list[DocumentCounts]) -> "LexicalIndex":
        """The index from term counts (passages in ids order), in vectorised numpy: the same
        scores as bm25s.BM25().index() (BM25 "lucene", k1 1.5, b 0.75), without its per-token
        Python loops, which took ~3 s at 100k passages and made every one-document re-index pay
        for the whole corpus. The indexer keeps each document's counts: only an edit is counted."""
        vocab: dict[str, int] = {}
        terms, tfs, docs, lengths, start = [], [], [], [], 0
        for c in counts:
            to_global = np.fromiter((vocab.setdefault(t, len(vocab)) for t in c.terms), np.int64, len(c.terms))
            terms.append(to_global[c.term_idx])
            tfs.append(c.tf)
            n = len(c.lengths)
            docs.append(np.repeat(np.arange(start, start + n), np.diff(c.ptr)))
            lengths.append(c.lengths)
            start += n
        if start != len(ids):
            raise ValueError(f"{len(ids)} passage ids but counts for {start} passages")
        term = np.concatenate(terms) if terms else np.zeros(0, np.int64)
        tf = np.concatenate(tfs).astype(np.float32) if tfs else np.zeros(0, np.float32)
        doc_idx = np.concatenate(docs) if docs else np.zeros(0, np.int64)
        lengths = np.concatenate(lengths) if lengths else np.zeros(0, np.float32)
        if "" not in vocab:  # bm25s keeps an empty token that no passage uses
            vocab[""] = len(vocab)
        n_docs, n_vocab = max(1, len(ids)), len(vocab)
        df = np.bincount(term, minlength=n_vocab)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        avg = float(lengths.mean()) if len(lengths) else 1.0
        k1, b = 1.5, 0.75
        score = idf[term] * tf / (k1 * ((1 - b) + b * lengths[doc_idx] / avg) + tf)
        order = np.lexsort((doc_idx, term))  # CSC: by token, then by passage
        model = bm25s.BM25(k1=k1, b=b, method="lucene")
        model.scores = {
            "data": score[order].astype(np.float32),
            "indices": doc_idx[order].astype(np.int32),
            "indptr": np.concatenate([[0], np.cumsum(df)]).astype(np.int32),
            "num_docs": len(ids),
        }
        model.vocab_dict = vocab
        model.unique_token_ids_set = set(vocab.values())
        model.nonoccurrence_array = None
        words = list(vocab)
        return cls(model, ids, {words[i]: int(n) for i, n in enumerate(df) if n})

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
