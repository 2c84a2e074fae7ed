"""Re-indexing after one changed document (the bench's scale measurement) gives the same store as
building from scratch, while embedding only the changed passage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.indexer import build_index
from assistant.knowledge import KnowledgeBase
from assistant.settings import Settings
from bench.synth import SynthSpec, change_document, document_path, generate

pytestmark = pytest.mark.slow


def _store(settings: Settings) -> dict[str, tuple[str, dict, np.ndarray]]:
    """(indexed text, vector metadata, vector) of every passage the build serves."""
    kb = KnowledgeBase(settings)
    got = kb.collection.get(include=["metadatas", "embeddings"])
    return {pid: (kb.indexed_text[pid], meta, np.asarray(vec)) for pid, meta, vec in
            zip(got["ids"], got["metadatas"], got["embeddings"])}


def test_incremental_rebuild_matches_a_full_rebuild(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate(corpus, SynthSpec(passages=120, per_doc=40))
    (corpus / "synthetic-00002.md").unlink()  # a removed document as well as a changed one
    incremental = Settings(corpus_dir=corpus, index_dir=tmp_path / "inc")
    build_index(incremental, progress=False)
    change_document(document_path(corpus, 1))
    generate(tmp_path / "extra", SynthSpec(passages=200, per_doc=40))
    (tmp_path / "extra" / "synthetic-00004.md").rename(corpus / "synthetic-00004.md")  # an added one

    report = build_index(incremental, progress=False)
    assert report.changed == ["synthetic-00001"] and report.added == ["synthetic-00004"]
    assert report.embedded == 1 + 40 and report.reused == 80 - 1

    full = Settings(corpus_dir=corpus, index_dir=tmp_path / "full")
    build_index(full, progress=False, force=True)
    a, b = _store(incremental), _store(full)
    assert a.keys() == b.keys() and len(a) == 120
    assert not any(pid.startswith("synthetic-00002#") for pid in a)
    for pid in a:
        assert a[pid][0] == b[pid][0] and a[pid][1] == b[pid][1]
        assert float(a[pid][2] @ b[pid][2]) == pytest.approx(1.0, abs=1e-4)
    assert "This paragraph was revised." in a["synthetic-00001#p2"][0]
    kb = KnowledgeBase(incremental)
    assert kb.collection.name.endswith(kb.build_id)
    assert kb.dense_search(a["synthetic-00001#p2"][2], 1)[0][0] == "synthetic-00001#p2"
