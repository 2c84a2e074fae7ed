"""The build cache: an unchanged file is not parsed again, and cached rows never outlive the
definitions they were augmented with (a passage is indexed with the definitions of its terms)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import assistant.buildcache as buildcache
from assistant.indexer import build_index, build_dir, read_manifest
from assistant.settings import Settings

pytestmark = pytest.mark.slow


def _indexed(settings: Settings) -> dict[str, str]:
    folder = build_dir(settings, read_manifest(settings)["build_id"])
    rows = [json.loads(line) for line in (folder / "passages.jsonl").read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r["indexed_text"] for r in rows}


def test_only_changed_files_are_parsed_and_rows_follow_definition_changes(tmp_path: Path, write_statement, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    write_statement(corpus, "terms", ["Remote reporting is reviewed by the board."],
                    footnotes=["Remote reporting definition: Reports written away from the scan room."])
    write_statement(corpus, "uses", ["Courses may not teach remote reporting alone."])
    write_statement(corpus, "other", ["Placements are arranged by each provider."])
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build_index(settings, progress=False)
    assert "(Remote reporting: Reports written away from the scan room.)" in _indexed(settings)["uses#p1"]

    parsed: list[str] = []
    real = buildcache.load_document
    monkeypatch.setattr(buildcache, "load_document", lambda path: parsed.append(path.name) or real(path))

    write_statement(corpus, "other", ["Placements are arranged by each provider and checked yearly."])
    report = build_index(settings, progress=False)
    assert report.changed == ["other"] and parsed == ["other.md"]  # the others came from the cache
    assert report.embedded == 1

    # A changed definition reaches every passage that uses the term, though that file is unchanged.
    write_statement(corpus, "terms", ["Remote reporting is reviewed by the board."],
                    footnotes=["Remote reporting definition: Reports issued by a sonographer off site."])
    parsed.clear()
    build_index(settings, progress=False)
    assert parsed == ["terms.md"]
    incremental = _indexed(settings)
    assert "(Remote reporting: Reports issued by a sonographer off site.)" in incremental["uses#p1"]
    full = Settings(corpus_dir=corpus, index_dir=tmp_path / "full")
    build_index(full, progress=False, force=True)
    assert _indexed(full) == incremental

    # Entries of old file versions are pruned; a corrupt entry is rebuilt, not trusted.
    entries = sorted((settings.index_dir / "cache").glob("*.pkl"))
    assert len(entries) == 9  # summary, parsed text and rows of each of the three current files
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    write_statement(corpus, "other", ["Placements are arranged by each provider."])
    build_index(settings, progress=False)
    assert _indexed(settings) == {**incremental, "other#p1": "Placements are arranged by each provider."}


def test_definition_vectors_are_stored_with_the_build_and_reused(tmp_path: Path, write_statement, monkeypatch) -> None:
    """The first question no longer embeds every definition: the build stores the vectors, and a
    rebuild embeds only definition sentences that are new."""
    from assistant.embeddings import get_embedder
    from assistant.indexer import load_definition_vectors
    from assistant.knowledge import KnowledgeBase

    corpus = tmp_path / "corpus"
    write_statement(corpus, "a", ["Remote reporting is reviewed."], footnotes=["Remote reporting definition: Reports written off site."])
    write_statement(corpus, "b", ["Hand scanning is taught."], footnotes=["Hand scanning definition: Scanning with a handheld probe."])
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build_index(settings, progress=False)
    stored = load_definition_vectors(build_dir(settings, read_manifest(settings)["build_id"]))
    assert set(stored) == {"Remote reporting: Reports written off site.", "Hand scanning: Scanning with a handheld probe."}

    kb = KnowledgeBase(settings)
    embedder = get_embedder()
    encoded: list[list[str]] = []
    real = type(embedder).encode
    monkeypatch.setattr(type(embedder), "encode", lambda self, texts, *a, **k: encoded.append(list(texts)) or real(self, texts, *a, **k))
    vectors = kb.definition_vectors
    assert encoded == []  # loaded, not embedded
    direct = real(embedder, [t for _, t in kb.definition_sentences])
    assert (vectors * direct).sum(axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)

    write_statement(corpus, "b", ["Hand scanning is taught."], footnotes=["Hand scanning definition: Scanning with a small probe."])
    build_index(settings, progress=False)
    assert ["Hand scanning: Scanning with a small probe."] in encoded  # only the changed sentence
    assert not any("Remote reporting: Reports written off site." in batch for batch in encoded)
