"""Retrieval at scale: indexing throughput, index size, query latency and re-index time on
synthetic corpora (bench/synth.py) that also hold the real statements."""

from __future__ import annotations

import gc
import shutil
import time
from pathlib import Path

from chromadb.api.shared_system_client import SharedSystemClient

from assistant.corpus import corpus_files
from assistant.embeddings import get_embedder
from assistant.indexer import build_index
from assistant.pipeline import Pipeline
from assistant.settings import Settings

from .latency import time_calls
from .stats import summary
from .synth import SynthSpec, change_document, document_path, generate
from .workdir import disk_bytes, fresh

DEFAULT_SCALES = (10, 1_000, 10_000, 100_000)


def prepare_corpus(folder: Path, spec: SynthSpec, real_corpus: Path) -> int:
    """Synthetic statements plus copies of the real ones; returns the number of files."""
    fresh(folder)
    generate(folder, spec)
    for path in corpus_files(real_corpus):
        shutil.copy2(path, folder / path.name)
    return len(corpus_files(folder))


def run_scale(n: int, work: Path, real_corpus: Path, questions: list[str], profile_dir: Path | None = None, log=print) -> dict:
    base = work / f"scale-{n}"
    spec = SynthSpec(passages=n)
    files = prepare_corpus(base / "corpus", spec, real_corpus)
    settings = Settings(corpus_dir=base / "corpus", index_dir=fresh(base / "index"))

    log(f"  [{n}] indexing {files} files")
    started = time.perf_counter()
    report = build_index(settings, progress=False)
    build_s = time.perf_counter() - started
    if report.errors:
        raise RuntimeError(f"synthetic corpus failed to load: {report.errors[:3]}")
    size = disk_bytes(settings.index_dir)

    started = time.perf_counter()
    pipeline = Pipeline(settings)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    pipeline.ask(questions[0], evidence_only=True)  # lazy work (definition vectors) lands here
    first_ms = (time.perf_counter() - started) * 1000
    for q in questions:  # warm the word-vector cache as a running server's would be
        pipeline.ask(q, evidence_only=True)
    evidence = lambda q: pipeline.ask(q, evidence_only=True)  # noqa: E731
    log(f"  [{n}] querying")
    profiler = None
    if profile_dir is not None:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    evidence_ms = time_calls(evidence, questions, 1)
    if profiler is not None:
        profiler.stop()
        (profile_dir / f"profile-query-{n}.txt").write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    default_ms = time_calls(pipeline.ask, questions, 1)
    del pipeline
    gc.collect()

    log(f"  [{n}] re-indexing after one changed document")
    change_document(document_path(settings.corpus_dir, 0))
    profiler = None
    if profile_dir is not None:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    started = time.perf_counter()
    reindex = build_index(settings, progress=False)
    reindex_s = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
        (profile_dir / f"profile-reindex-{n}.txt").write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    SharedSystemClient.clear_system_cache()  # let the old builds' Chroma systems go
    gc.collect()
    return {
        "synthetic_passages": n,
        "documents": report.documents,
        "passages": report.passages,
        "index_build_s": round(build_s, 2),
        "indexing_passages_per_s": round(report.passages / build_s, 1),
        "index_bytes": size,
        "index_mb": round(size / 1e6, 1),
        "kb_load_s": round(load_s, 2),
        "first_query_ms": round(first_ms, 1),
        "evidence_only": summary(evidence_ms),
        "default": summary(default_ms),
        "reindex_one_doc_s": round(reindex_s, 2),
        "reindex_embedded": reindex.embedded,
        "reindex_reused": reindex.reused,
    }


def run(scales: list[int], work: Path, real_corpus: Path, questions: list[str], profile_dir: Path | None = None, log=print) -> list[dict]:
    get_embedder().encode(["load the model before timing indexing"])
    return [run_scale(n, work, real_corpus, questions, profile_dir, log) for n in scales]
