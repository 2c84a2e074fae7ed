"""Load the corpus folder into Documents; a bad file is reported and skipped, never fatal."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import ValidationError

from .documents import Document, DocumentError, DocumentMeta
from .loaders import SUPPORTED, read_file
from .passages import build_passages

D = TypeVar("D")  # what a file is loaded as: a Document, or the build cache's summary of one
_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "document"


def file_hash(path: Path) -> str:
    """Content hash of a document and its sidecar metadata, if any."""
    digest = hashlib.sha256(path.read_bytes())
    side = path.with_name(path.name + ".yaml")
    if side.exists():
        digest.update(side.read_bytes())
    return digest.hexdigest()


def _meta_error(exc: ValidationError) -> str:
    missing = [".".join(map(str, e["loc"])) for e in exc.errors() if e["type"] == "missing"]
    invalid = [f"{'.'.join(map(str, e['loc']))} ({e['msg']})" for e in exc.errors() if e["type"] != "missing"]
    parts = []
    if missing:
        parts.append("missing metadata: " + ", ".join(missing))
    if invalid:
        parts.append("invalid metadata: " + "; ".join(invalid))
    return "; ".join(parts)


def load_document(path: Path) -> Document:
    """One file as a Document; raises DocumentError naming the file and the problem."""
    raw_meta, blocks = read_file(path)
    try:
        meta = DocumentMeta.model_validate(raw_meta)
    except ValidationError as exc:
        raise DocumentError(path, _meta_error(exc)) from exc
    slug = slugify(meta.slug or path.stem)
    text, passages = build_passages(slug, blocks)
    if not passages:
        raise DocumentError(path, "unreadable: no paragraphs of text found")
    return Document(slug=slug, path=path, meta=meta, text=text, passages=passages, content_hash=file_hash(path))


@dataclass
class CorpusLoad(Generic[D]):
    documents: list[D] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)


def corpus_files(folder: Path) -> list[Path]:
    """Statement files under folder, sorted; sidecars, READMEs and hidden files are not statements."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUPPORTED
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.name.lower() not in {"readme.md", "readme.txt"}
    )


def load_corpus(folder: Path, parse: Callable[[Path], D] = load_document) -> CorpusLoad[D]:
    """Every statement file in folder; parse is load_document, or the build cache's summary of it."""
    result: CorpusLoad[D] = CorpusLoad()
    seen: dict[str, Path] = {}
    for path in corpus_files(folder):
        try:
            doc = parse(path)
            if doc.slug in seen:
                raise DocumentError(path, f"duplicate document id {doc.slug!r} (also {seen[doc.slug].name})")
        except DocumentError as exc:
            result.errors.append(exc)
            continue
        except Exception as exc:  # a reader library's own failure: still one clear error, never a crash
            result.errors.append(DocumentError(path, f"unreadable: {type(exc).__name__}: {exc}"))
            continue
        seen[doc.slug] = path
        result.documents.append(doc)
    return result
