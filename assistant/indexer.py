"""Build the index: incremental (unchanged passages keep their vectors) and atomic.

Each build is written beside the serving one (``index/builds/<id>/``, or a new collection on a
Chroma server) and only then made current by replacing ``index/manifest.json`` in one rename.
Killing a build therefore leaves the previous index serving; leftovers are removed next time.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .buildcache import BuildCache, DocumentRows, DocumentSummary, Parsed, definitions_key
from .corpus import corpus_files, file_hash, load_corpus
from .loaders import SUPPORTED
from .definitions import Definition, Glossary, definition_sentences, find_definitions
from .documents import Document, Passage
from .embeddings import get_embedder
from .lexical import DocumentCounts, LexicalIndex
from .settings import Settings
from .store import StoreUnavailable, chroma_client, open_collection
from .text import content_stems

FORMAT = 5  # bump when passage text processing, stemming or how vectors are made changes
PROGRESS_MIN_PASSAGES = 200  # below this a progress bar is noise
DEFINITION_VECTORS = "definitions.npz"  # the definition sentences and their vectors, for bridging


@dataclass
class IndexReport:
    build_id: str | None
    documents: int = 0
    passages: int = 0
    embedded: int = 0
    reused: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    up_to_date: bool = False
    not_built: str | None = None  # why nothing was built (the serving index, if any, is unchanged)
    seconds: float = 0.0

    def summary(self) -> str:
        if self.not_built:
            head = f"Index not built: {self.not_built}"
        elif self.up_to_date:
            head = f"Index up to date: {self.documents} document(s), {self.passages} passage(s); nothing embedded."
        else:
            parts = [f"{len(self.added)} added", f"{len(self.changed)} changed", f"{len(self.removed)} removed"]
            head = (
                f"Index built ({', '.join(parts)}): {self.documents} document(s), {self.passages} passage(s); "
                f"embedded {self.embedded}, reused {self.reused} in {self.seconds:.1f}s."
            )
        lines = [head]
        for name, docs in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            lines += [f"  {name}: {d}" for d in docs]
        lines += [f"  error: {e}" for e in self.errors]
        return "\n".join(lines)


def manifest_path(settings: Settings) -> Path:
    return settings.index_dir / "manifest.json"


def read_manifest(settings: Settings) -> dict | None:
    try:
        data = json.loads(manifest_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("format") == FORMAT else None


def build_dir(settings: Settings, build_id: str) -> Path:
    return settings.index_dir / "builds" / build_id


def _write_json_atomic(path: Path, data: object) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _built_from(manifest: dict | None, file_hashes: dict[str, str], settings: Settings) -> bool:
    """True when the manifest's build was made from exactly these files ({path: hash}) and store."""
    if manifest is None:
        return False
    indexed = {**{d["path"]: d["hash"] for d in manifest["documents"].values()}, **manifest.get("failed", {})}
    return file_hashes == indexed and manifest.get("chroma_url") == settings.chroma_url


def is_stale(settings: Settings) -> bool:
    """True when the corpus differs from what the serving index was built from (no model load)."""
    current = {str(p): file_hash(p) for p in corpus_files(settings.corpus_dir)}
    return not _built_from(read_manifest(settings), current, settings)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _augment_with(passages: list[Passage], stems: list[list[str]], glossary: Glossary) -> list[tuple[str, list[str], list[str]]]:
    """(indexed text, its content_stems, the glosses appended) of each passage, from the passages'
    own stems: each passage is looked up in the Glossary once (the naive loop re-stems the passage
    for every definition, which takes hours at 100k passages x 2k definitions)."""
    gloss_stems: dict[Definition, list[str]] = {}  # words never span the joining space
    out = []
    for p, own in zip(passages, stems):
        used = glossary.used_in(own, p.id)
        extra = [gloss_stems.setdefault(d, content_stems(d.gloss)) for d in used]
        glosses = [d.gloss for d in used]
        out.append((" ".join([p.text, *glosses]), own + [s for e in extra for s in e], glosses))
    return out


def _augment(passages: list[Passage], definitions: list[Definition]) -> list[tuple[str, list[str], list[str]]]:
    """augmented_text() of every passage, with its stems and glosses (see _augment_with)."""
    return _augment_with(passages, [content_stems(p.text) for p in passages], Glossary(definitions))


def _augmented_texts(passages: list[Passage], definitions: list[Definition]) -> list[str]:
    return [text for text, _, _ in _augment(passages, definitions)]


def _row(p: Passage, indexed: str, glosses: list[str]) -> dict:
    """A passages.jsonl row: the passage, its indexed text, that text's hash and the glosses in it."""
    return {**vars(p), "indexed_text": indexed, "indexed_hash": _sha(indexed), "indexed_glosses": glosses}  # vars: flat


def _document_rows(parsed: Parsed, glossary: Glossary) -> DocumentRows:
    """One document's passages.jsonl lines (with the glosses appended, for embedding) and counts."""
    passages = parsed.document.passages
    augmented = _augment_with(passages, parsed.stems, glossary)
    lines = [json.dumps(_row(p, indexed, glosses), ensure_ascii=False) + "\n" for p, (indexed, _, glosses) in zip(passages, augmented)]
    return DocumentRows([p.id for p in passages], "".join(lines), DocumentCounts.of([stems for _, stems, _ in augmented]))


def _rows(documents: list[Document]) -> tuple[list[dict], list[list[str]]]:
    """Rows for passages.jsonl and each row's indexed_text as content_stems, without a cache."""
    passages = [p for d in documents for p in d.passages]
    augmented = _augment(passages, find_definitions(passages))
    return [_row(p, indexed, glosses) for p, (indexed, _, glosses) in zip(passages, augmented)], [st for _, st, _ in augmented]


def _rows_of(per_document: list[DocumentRows]) -> list[dict]:
    return [json.loads(line) for d in per_document for line in d.lines.splitlines()]


def _corpus_rows(summaries: list[DocumentSummary], cache: BuildCache) -> list[DocumentRows]:
    """Every document's rows, reusing the cached rows of documents that did not change while the
    corpus's definitions did not change either."""
    definitions = [d for s in summaries for d in s.definitions]
    glossary, key = Glossary(definitions), definitions_key(definitions)
    return [cache.rows(s, key, lambda parsed: _document_rows(parsed, glossary)) for s in summaries]


def _old_vectors(settings: Settings, manifest: dict | None, ids: list[str]) -> dict[str, tuple[str, list[float]]]:
    """Vectors of the serving build by passage id, to reuse for passages whose text is unchanged."""
    if not manifest or not ids or manifest.get("embedding_model") != get_embedder(settings.embedding_model_path).name:
        return {}
    try:
        old_path = build_dir(settings, manifest["build_id"]) / "chroma"
        client = chroma_client(manifest.get("chroma_url"), old_path)
        got = open_collection(client, manifest["collection"]).get(ids=ids, include=["embeddings", "metadatas"])
    except Exception:  # an unreadable old build only costs re-embedding
        return {}
    return {
        pid: (meta.get("indexed_hash", ""), list(vec))
        for pid, meta, vec in zip(got["ids"], got["metadatas"], got["embeddings"])
    }


def _copy_forward(settings: Settings, manifest: dict | None, folder: Path, collection_name: str):
    """Start an embedded build from a copy of the serving build's Chroma store, renamed for this build,
    so that only changed passages are written: re-adding every vector rebuilds the whole HNSW graph
    (57% of a one-document re-index at 10k passages). Returns the collection, or None when there is
    nothing to copy from (the caller then writes every passage)."""
    if settings.chroma_url or not manifest or manifest.get("chroma_url"):
        return None
    if manifest.get("embedding_model") != get_embedder(settings.embedding_model_path).name:
        return None
    target = folder / "chroma"
    try:
        shutil.copytree(build_dir(settings, manifest["build_id"]) / "chroma", target)
        collection = open_collection(chroma_client(None, target), manifest["collection"])
        collection.modify(name=collection_name)
    except Exception:  # an unreadable old build only costs a full write
        shutil.rmtree(target, ignore_errors=True)
        return None
    return collection


def _stored_for(collection, slugs: list[str]) -> dict[str, str]:  # noqa: ANN001 - a Chroma collection
    """{passage id: indexed_hash} the copied store holds for these documents."""
    stored: dict[str, str] = {}
    for slug in slugs:
        got = collection.get(where={"doc": slug}, include=["metadatas"])
        stored.update({pid: (meta or {}).get("indexed_hash") for pid, meta in zip(got["ids"], got["metadatas"])})
    return stored


def load_definition_vectors(folder: Path) -> dict[str, np.ndarray]:
    """{definition sentence: vector} stored with a build; empty when missing or unreadable."""
    try:
        with np.load(folder / DEFINITION_VECTORS, allow_pickle=False) as data:
            return dict(zip(data["texts"].tolist(), data["vectors"]))
    except (OSError, ValueError, KeyError):
        return {}


def _store_definition_vectors(folder: Path, previous: Path | None, definitions: list[Definition], embedder) -> None:
    """Embed the definition sentences at build time (the first question paid for it: ~12 s at 100k
    passages), reusing the previous build's vectors for sentences that did not change."""
    texts = list(dict.fromkeys(text for _, text in definition_sentences(definitions)))
    known = load_definition_vectors(previous) if previous else {}
    todo = [t for t in texts if t not in known]
    if todo:
        known.update(zip(todo, embedder.encode(todo)))
    vectors = np.stack([known[t] for t in texts]) if texts else np.zeros((0, 1), dtype=np.float32)
    np.savez(folder / DEFINITION_VECTORS, texts=np.array(texts, dtype=str), vectors=vectors)


def _cleanup(settings: Settings, keep: set[str | None]) -> None:
    """Remove every build but those in keep: the serving one and the one it replaced, because a
    process that loaded that one before the swap (a running web server) still reads its files."""
    prefix = settings.collection_prefix + "_"
    builds = settings.index_dir / "builds"
    if builds.is_dir():
        for old in builds.iterdir():
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
    if settings.chroma_url:
        try:
            client = chroma_client(settings.chroma_url, None)
            for col in client.list_collections():
                name = col if isinstance(col, str) else col.name
                if name.startswith(prefix) and name.removeprefix(prefix) not in keep:
                    client.delete_collection(name)
        except Exception:
            pass  # leftovers on a server cost space, not correctness


@contextmanager
def _build_lock(settings: Settings) -> Iterator[None]:
    """One build at a time per index folder (threads or processes): a second build waits, then finds
    the index up to date, instead of racing the first and deleting its half-written folder."""
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.index_dir / ".build.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # released by the OS even if the process is killed
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_index(
    settings: Settings,
    progress: bool = True,
    force: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> IndexReport:
    """Bring the index in line with the corpus folder; see the module docstring."""
    with _build_lock(settings):
        return _build(settings, progress, force, on_step)


def _build(
    settings: Settings, progress: bool, force: bool, on_step: Callable[[str], None] | None
) -> IndexReport:
    started = time.perf_counter()
    cache = BuildCache(settings.index_dir / "cache", version=str(FORMAT))
    loaded = load_corpus(settings.corpus_dir, parse=cache.summary)
    documents: list[DocumentSummary] = loaded.documents
    manifest = read_manifest(settings)
    old_docs = (manifest or {}).get("documents", {})
    new_hashes = {d.slug: d.content_hash for d in documents}
    report = IndexReport(build_id=None, documents=len(documents), passages=sum(d.passage_count for d in documents))
    report.errors = [str(e) for e in loaded.errors]
    report.added = sorted(s for s in new_hashes if s not in old_docs)
    report.changed = sorted(s for s in new_hashes if s in old_docs and old_docs[s]["hash"] != new_hashes[s])
    report.removed = sorted(s for s in old_docs if s not in new_hashes)
    failed = {str(e.path): file_hash(e.path) for e in loaded.errors if e.path.exists()}

    current = {**{str(d.path): d.content_hash for d in documents}, **failed}  # hashed once, by the cache
    if not force and _built_from(manifest, current, settings):
        report.up_to_date, report.build_id = True, manifest["build_id"]
        _cleanup(settings, keep={manifest["build_id"], manifest.get("previous_build_id")})  # a killed build's leftovers
        return report

    if not documents:
        # An empty index answers nothing: keep serving the last good one and say why.
        if not report.errors:
            folder = settings.corpus_dir
            report.errors.append(f"{folder}: " + (
                f"no statement files ({', '.join(SUPPORTED)})" if folder.is_dir() else "the corpus folder does not exist"))
        report.not_built = "no statement could be loaded" + ("; the serving index is unchanged." if manifest else ".")
        report.build_id = manifest["build_id"] if manifest else None
        return report
    if settings.chroma_url:
        try:  # fail before the embedding work, not after it
            chroma_client(settings.chroma_url, None)
        except StoreUnavailable as exc:
            report.errors.append(str(exc))
            report.not_built = "the vector store is unavailable" + ("; the serving index is unchanged." if manifest else ".")
            report.build_id = manifest["build_id"] if manifest else None
            return report

    embedder = get_embedder(settings.embedding_model_path)
    per_document = _corpus_rows(documents, cache)
    ids = [pid for d in per_document for pid in d.ids]
    build_id = time.strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:6]
    folder = build_dir(settings, build_id)
    folder.mkdir(parents=True, exist_ok=True)
    report.build_id = build_id

    collection_name = f"{settings.collection_prefix}_{build_id}"
    copied = None if force else _copy_forward(settings, manifest, folder, collection_name)
    vectors: dict[str, list[float]] = {}
    if copied:
        # The copied store is current for every document whose rows are the ones it was built from;
        # only the others are compared passage by passage.
        redo = [(doc, rows) for doc, rows in zip(documents, per_document) if old_docs.get(doc.slug, {}).get("rows") != rows.key]
        stored = _stored_for(copied, [doc.slug for doc, _ in redo] + report.removed)
        rows = _rows_of([r for _, r in redo])
        todo = [r for r in rows if stored.get(r["id"]) != r["indexed_hash"]]
        stale = sorted(set(stored) - set(ids))
    else:
        rows = _rows_of(per_document)
        old = {} if force else _old_vectors(settings, manifest, ids)
        vectors = {r["id"]: old[r["id"]][1] for r in rows if r["id"] in old and old[r["id"]][0] == r["indexed_hash"]}
        todo = [r for r in rows if r["id"] not in vectors]
    report.reused = len(ids) - len(todo)
    report.embedded = len(todo)
    if todo:
        if on_step:
            on_step(f"Embedding {len(todo)} passage(s)…")
        fresh = embedder.encode_composed([r["text"] for r in todo], [r["indexed_glosses"] for r in todo],
                                         progress=progress and len(todo) >= PROGRESS_MIN_PASSAGES)
        vectors.update({r["id"]: v.tolist() for r, v in zip(todo, fresh)})

    if copied:
        collection, write, method = copied, todo, "upsert"
        for i in range(0, len(stale), 5000):
            collection.delete(ids=stale[i : i + 5000])
    else:
        client = chroma_client(settings.chroma_url, folder / "chroma")
        collection, write, method = open_collection(client, collection_name, create=True), rows, "add"
    step = 5000 if copied else max(1, min(5000, client.get_max_batch_size()))
    for i in range(0, len(write), step):
        batch = write[i : i + step]
        getattr(collection, method)(
            ids=[r["id"] for r in batch],
            embeddings=[vectors[r["id"]] for r in batch],
            metadatas=[{"doc": r["doc"], "n": r["n"], "indexed_hash": r["indexed_hash"]} for r in batch],
        )

    LexicalIndex.from_counts(ids, [d.counts for d in per_document]).save(folder / "lexical")
    with open(folder / "passages.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(d.lines for d in per_document)
    same_model = manifest and manifest.get("embedding_model") == embedder.name and not force
    _store_definition_vectors(folder, build_dir(settings, manifest["build_id"]) if same_model else None,
                              [d for doc in documents for d in doc.definitions], embedder)

    previous = manifest["build_id"] if manifest else None
    _write_json_atomic(
        manifest_path(settings),
        {
            "format": FORMAT,
            "build_id": build_id,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "embedding_model": embedder.name,
            "chroma_url": settings.chroma_url,
            "collection": collection_name,
            "previous_build_id": previous,
            "documents": {
                d.slug: {
                    "path": str(d.path),
                    "hash": d.content_hash,
                    "title": d.meta.title,
                    "issuer": d.meta.issuer,
                    "issued": d.meta.issued,
                    "url": str(d.meta.url),
                    "status": d.meta.status,
                    "supersedes": d.meta.supersedes,
                    "passages": d.passage_count,
                    "rows": rows.key,  # which cached rows the stored vectors were made from
                }
                for d, rows in zip(documents, per_document)
            },
            "failed": failed,
        },
    )
    _cleanup(settings, keep={build_id, previous})
    cache.prune()
    report.seconds = time.perf_counter() - started
    return report
