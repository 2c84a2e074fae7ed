"""The vectorised BM25 builder scores exactly as bm25s's own index() does, and survives save/load."""

from __future__ import annotations

import random
from pathlib import Path

import bm25s
import numpy as np

from assistant.lexical import DocumentCounts, LexicalIndex


def _corpus(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(800)]
    # Skewed vocabularies and lengths, empty passages and repeated words included.
    return [[rng.choice(words[: rng.randint(3, 800)]) for _ in range(rng.randint(0, 50))] for _ in range(1500)]


def test_scores_match_bm25s_index(tmp_path: Path) -> None:
    stems = _corpus(7)
    ids = [f"d#p{i}" for i in range(len(stems))]
    ours = LexicalIndex.from_stems(ids, stems)
    reference = bm25s.BM25()
    reference.index([s or ["_"] for s in stems], show_progress=False)
    ours.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    rng = random.Random(3)
    for _ in range(20):
        query = [f"w{rng.randint(0, 799)}" for _ in range(rng.randint(1, 5))]
        expected = reference.get_scores(query)
        assert np.allclose(ours._model.get_scores(query), expected, atol=1e-5)
        assert np.allclose(loaded._model.get_scores(query), expected, atol=1e-5)
    top = loaded.search(["w1", "w2"], 5)
    assert top and all(score > 0 for _, score in top)
    assert loaded.df == ours.df and ours.df["w1"] == sum("w1" in set(s) for s in stems)


def test_counts_kept_per_document_give_the_same_index_as_one_pass() -> None:
    stems = _corpus(11)[:300]
    ids = [f"d#p{i}" for i in range(len(stems))]
    whole = LexicalIndex.from_stems(ids, stems)
    pieces = [DocumentCounts.of(stems[i : i + 37]) for i in range(0, len(stems), 37)]
    split = LexicalIndex.from_counts(ids, pieces)
    for query in (["w1"], ["w3", "w40", "w700"], ["_"]):
        assert np.allclose(whole._model.get_scores(query), split._model.get_scores(query), atol=1e-6)
    assert whole.df == split.df
