"""What one index build leaves for the next: each document parsed, stemmed and turned into index
rows, kept by the file's content, so that a rebuild after one edit reads, parses and stems only
that file (at 100k passages those steps took ~15 s of a one-document re-index).

Three entries per document, pickles under ``index/cache/``, the light ones read on every build:
- summary (light): what the manifest and the glossary need, including the definitions it states;
- parsed (heavy): its passages and their stems, read only when its rows must be made again;
- rows (light): its passages.jsonl lines, passage ids and term counts for the lexical index. Rows
  depend on the file *and* on every definition in the corpus (a passage is indexed with the
  definitions of the terms it uses), so their key includes a fingerprint of all definitions.
An unreadable or stale entry is made again from the file; the cache never decides what is indexed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .corpus import file_hash, load_document
from .definitions import Definition, find_definitions
from .documents import Document, DocumentMeta
from .lexical import DocumentCounts
from .text import content_stems


@dataclass
class DocumentSummary:
    """A document as the build sees it when its text is not needed (the Document fields it uses)."""

    slug: str
    path: Path
    meta: DocumentMeta
    content_hash: str
    passage_count: int
    definitions: list[Definition]
    key: str  # the cache key of this version of the file


@dataclass
class Parsed:
    document: Document
    stems: list[list[str]]  # content_stems of each passage's own text


@dataclass
class DocumentRows:
    ids: list[str]
    lines: str  # the rows as written to passages.jsonl (each with its indexed_glosses)
    counts: DocumentCounts  # of each row's indexed text, for the lexical index
    key: str = ""


def definitions_key(definitions: list[Definition]) -> str:
    """Fingerprint of every definition in the corpus: rows stay valid while it is unchanged."""
    digest = hashlib.sha256()
    for d in definitions:
        digest.update(f"{d.passage_id}\x00{d.term}\x00{d.definition}\x01".encode())
    return digest.hexdigest()[:24]


def _key(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]


class BuildCache:
    def __init__(self, folder: Path, version: str) -> None:
        self.folder = folder
        self.version = version
        self._used: set[str] = set()
        self._parsed: dict[str, Parsed] = {}  # parsed this build, by summary key

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pkl"

    def _read(self, key: str, kind: type) -> object | None:
        self._used.add(key)
        try:
            with open(self._path(key), "rb") as fh:
                value = pickle.load(fh)
        except Exception:  # missing, truncated or from another version: make it again
            return None
        return value if isinstance(value, kind) else None

    def _write(self, key: str, value: object) -> None:
        self._used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{uuid.uuid4().hex}.tmp"
        try:
            with open(tmp, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(key))
        except OSError:  # a cache that cannot be written only costs time next build
            tmp.unlink(missing_ok=True)

    def _parse(self, path: Path, key: str) -> Parsed:
        document = load_document(path)  # raises DocumentError: errors are never cached
        parsed = Parsed(document, [content_stems(p.text) for p in document.passages])
        self._write("p" + key, parsed)
        self._parsed[key] = parsed
        return parsed

    def summary(self, path: Path) -> DocumentSummary:
        """The file's summary, parsing it only when this version of it was never seen."""
        key = _key(self.version, path.name, file_hash(path))
        summary = self._read("s" + key, DocumentSummary)
        if summary is None:
            document = self._parse(path, key).document
            summary = DocumentSummary(document.slug, path, document.meta, document.content_hash,
                                      len(document.passages), find_definitions(document.passages), key)
            self._write("s" + key, summary)
        summary.path = path
        return summary

    def parsed(self, summary: DocumentSummary) -> Parsed:
        parsed = self._parsed.get(summary.key) or self._read("p" + summary.key, Parsed)
        if parsed is None:
            parsed = self._parse(summary.path, summary.key)
        parsed.document.path = summary.path
        return parsed

    def rows(self, summary: DocumentSummary, definitions: str, make: Callable[[Parsed], DocumentRows]) -> DocumentRows:
        """The document's index rows for this corpus's definitions, made once and then reused."""
        key = _key(summary.key, definitions)
        rows = self._read("r" + key, DocumentRows)
        if rows is None:
            rows = make(self.parsed(summary))
            rows.key = key
            self._write("r" + key, rows)
        else:
            self._used.add("p" + summary.key)  # kept: rows are remade from it when a definition elsewhere changes
        return rows

    def prune(self) -> None:
        """Drop entries this build did not use (old versions of edited or removed documents)."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if (entry.suffix == ".pkl" and entry.stem not in self._used) or entry.suffix == ".tmp":
                entry.unlink(missing_ok=True)
