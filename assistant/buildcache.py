"""What one index build leaves for the next: each document parsed, stemmed and turned into index
rows, kept by the file's content so that a rebuild after one edit reads, parses and stems only
that file (at 100k passages those steps took ~15 s of a one-document re-index).

Two entries per document, both pickles under ``index/cache/``:
- parsed: the Document, its passages' stems and the definitions it states (depends on the file);
- rows: its passages.jsonl lines, the stems and term counts the lexical index needs, and the
  definitions appended to each passage (depends on the file *and* on every definition in the
  corpus, because a passage is indexed with the definitions of the terms it uses).
An unreadable or stale entry is simply rebuilt; the cache never decides what is indexed.
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
from .documents import Document
from .lexical import TermCounts
from .text import content_stems


@dataclass
class Parsed:
    document: Document
    stems: list[list[str]]  # content_stems of each passage's own text
    definitions: list[Definition]


@dataclass
class DocumentRows:
    rows: list[dict]  # passages.jsonl rows plus "indexed_glosses" (the definitions appended)
    lines: str  # the rows as written to passages.jsonl
    counts: list[TermCounts]  # of each row's indexed text, for the lexical index


def definitions_key(definitions: list[Definition]) -> str:
    """Fingerprint of every definition in the corpus: rows stay valid while it is unchanged."""
    digest = hashlib.sha256()
    for d in definitions:
        digest.update(f"{d.passage_id}\x00{d.term}\x00{d.definition}\x01".encode())
    return digest.hexdigest()[:24]


class BuildCache:
    def __init__(self, folder: Path, version: str) -> None:
        self.folder = folder
        self.version = version
        self._used: set[str] = set()
        self._parsed_key: dict[str, str] = {}  # document slug -> its parsed entry's key
        self._parsed: dict[str, Parsed] = {}

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pkl"

    def _read(self, key: str) -> object | None:
        self._used.add(key)
        try:
            with open(self._path(key), "rb") as fh:
                return pickle.load(fh)
        except Exception:  # missing, truncated or from another version: rebuild it
            return None

    def _write(self, key: str, value: object) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{uuid.uuid4().hex}.tmp"
        try:
            with open(tmp, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(key))
        except OSError:  # a cache that cannot be written only costs time next build
            tmp.unlink(missing_ok=True)

    def parse(self, path: Path) -> Document:
        """load_document(path), from the cache when the file is unchanged."""
        key = hashlib.sha256(f"parsed\x00{self.version}\x00{path.name}\x00{file_hash(path)}".encode()).hexdigest()[:32]
        parsed = self._read(key)
        if not isinstance(parsed, Parsed):
            document = load_document(path)  # raises DocumentError: never cached
            parsed = Parsed(document, [content_stems(p.text) for p in document.passages], find_definitions(document.passages))
            self._write(key, parsed)
        parsed.document.path = path
        self._parsed_key[parsed.document.slug] = key
        self._parsed[parsed.document.slug] = parsed
        return parsed.document

    def parsed(self, document: Document) -> Parsed:
        return self._parsed[document.slug]

    def rows(self, document: Document, definitions: str, make: Callable[[Parsed], DocumentRows]) -> DocumentRows:
        """The document's index rows for this corpus's definitions, made once and then reused."""
        key = hashlib.sha256(f"rows\x00{self._parsed_key[document.slug]}\x00{definitions}".encode()).hexdigest()[:32]
        rows = self._read(key)
        if not isinstance(rows, DocumentRows):
            rows = make(self.parsed(document))
            self._write(key, rows)
        return rows

    def prune(self) -> None:
        """Drop entries this build did not use (old versions of edited or removed documents)."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.suffix == ".pkl" and entry.stem not in self._used or entry.suffix == ".tmp":
                entry.unlink(missing_ok=True)
