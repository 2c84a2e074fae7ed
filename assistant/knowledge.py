"""The serving index, loaded once: passages, lexical index, vector collection, definitions."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from .definitions import Definition, Glossary, definition_sentences, find_definitions
from .documents import Passage
from .embeddings import Embedder, get_embedder
from .indexer import build_dir, load_definition_vectors, read_manifest
from .lexical import LexicalIndex
from .lexicon import Lexicon, get_lexicon
from .semantic import TokenMatcher
from .spelling import Speller
from .thesaurus import Thesaurus, get_thesaurus
from .text import content_stems, initialisms, words
from .settings import Settings
from .store import chroma_client, open_collection


class IndexMissing(RuntimeError):
    """No usable index: tell the user to run `assistant index`."""


@dataclass(frozen=True)
class DocInfo:
    slug: str
    title: str
    issuer: str
    issued: str
    url: str
    status: str


class KnowledgeBase:
    def __init__(self, settings: Settings) -> None:
        manifest = read_manifest(settings)
        if manifest is None:
            raise IndexMissing(f"No index in {settings.index_dir}/ - run `assistant index` (or `make index`) first.")
        self.settings = settings
        self.manifest = manifest
        self.build_id: str = manifest["build_id"]
        folder: Path = build_dir(settings, self.build_id)
        self.passages: dict[str, Passage] = {}
        self.indexed_text: dict[str, str] = {}
        with open(folder / "passages.jsonl", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                self.indexed_text[row["id"]] = row.pop("indexed_text")
                row.pop("indexed_hash", None)
                row.pop("indexed_glosses", None)
                self.passages[row["id"]] = Passage(**row)
        self.documents: dict[str, DocInfo] = {
            slug: DocInfo(slug, d["title"], d.get("issuer", ""), d["issued"], d["url"], d.get("status", "current"))
            for slug, d in manifest["documents"].items()
        }
        self.lexical = LexicalIndex.load(folder / "lexical")
        client = chroma_client(manifest.get("chroma_url"), folder / "chroma")
        self.collection = open_collection(client, manifest["collection"])
        self.embedder: Embedder = get_embedder(settings.embedding_model_path)
        self.definitions: list[Definition] = find_definitions(list(self.passages.values()))
        self.glossary = Glossary(self.definitions)
        self.vectors = VectorCache(self.embedder)
        self.tokens = TokenMatcher(self.embedder)
        self.thesaurus: Thesaurus = get_thesaurus()
        self.lexicon: Lexicon = get_lexicon()
        corpus_words = {w for text in self.indexed_text.values() for w in words(text) if len(w) >= 4}
        self.speller = Speller(corpus_words | self.lexicon.words, is_word=self.thesaurus.is_word)

    @cached_property
    def definition_ids(self) -> frozenset[str]:
        return frozenset(d.passage_id for d in self.definitions)

    @cached_property
    def definition_markers(self) -> dict[str, frozenset[str]]:
        """Term -> the stems its definition uses and no other passage does ("fetal", "sexing",
        "souvenir" for social scanning): a question saying one of them speaks of what the term means."""
        elsewhere = {st for pid, p in self.passages.items() if pid not in self.definition_ids for st in content_stems(p.text)}
        return {d.term: frozenset(set(content_stems(d.definition)) - elsewhere - set(d.term_stems)) for d in self.definitions}

    @cached_property
    def title_stems(self) -> list[frozenset[str]]:
        return [frozenset(content_stems(d.title)) for d in self.documents.values()]

    @cached_property
    def issuer_names(self) -> frozenset[str]:
        """"Consortium for ... (CASE)" -> "case": the short names a question uses for an issuer."""
        return frozenset(w.lower() for d in self.documents.values() for w in re.findall(r"\((\w+)\)", d.issuer))

    @cached_property
    def initialisms(self) -> dict[str, set[tuple[str, ...]]]:
        """Initials of the runs of capitalised words the statements use ("rct" -> the stems of
        "Register of Clinical Technologists"): an all-capitals word of a question may stand for one."""
        out: dict[str, set[tuple[str, ...]]] = {}
        texts = [p.text for p in self.passages.values()] + [f"{d.title}. {d.issuer}" for d in self.documents.values()]
        for text in texts:
            for key, expansions in initialisms(text).items():
                out.setdefault(key, set()).update(expansions)
        return out

    @cached_property
    def document_stems(self) -> frozenset[str]:
        """Stems of every title and issuer: words a question may use to name a statement."""
        return frozenset(st for d in self.documents.values() for st in content_stems(f"{d.title} {d.issuer}"))

    @cached_property
    def definition_sentences(self) -> list[tuple[Definition, str]]:
        return definition_sentences(self.definitions)

    @cached_property
    def definition_vectors(self) -> np.ndarray:
        """Stored by the indexer beside the build; computed here only for a build without them."""
        texts = [text for _, text in self.definition_sentences]
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        stored = load_definition_vectors(build_dir(self.settings, self.build_id))
        if all(t in stored for t in texts):
            return np.stack([stored[t] for t in texts])
        return self.embedder.encode(texts)

    def background_similarity(self, vector: np.ndarray, k: int = 3) -> float:
        """Mean similarity of the k nearest passages that are not definitions: how close the
        question is to the statements in general."""
        # A bounded search: with thousands of definitions, asking for k + all of them cost ~2,000
        # neighbours per question; a few extra is enough to skip the definitions among the nearest.
        near = [sim for pid, sim in self.dense_search(vector, k + 12) if pid not in self.definition_ids]
        return float(np.mean(near[:k])) if near else 0.0

    def passage_doc(self, passage_id: str) -> DocInfo:
        return self.documents[self.passages[passage_id].doc]

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) best first."""
        k = min(k, len(self.passages))
        if k == 0:
            return []
        got = self.collection.query(query_embeddings=[vector.tolist()], n_results=k, include=["distances"])
        return [(pid, 1.0 - float(dist)) for pid, dist in zip(got["ids"][0], got["distances"][0])]


class VectorCache:
    """Embeddings of short texts (sentences, single words), computed on first use and kept."""

    def __init__(self, embedder: Embedder, limit: int = 50_000) -> None:
        self._embedder = embedder
        self._cache: dict[str, np.ndarray] = {}
        self._limit = limit

    def get(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            if len(self._cache) + len(missing) > self._limit:
                self._cache.clear()
            for text, vec in zip(missing, self._embedder.encode(missing)):
                self._cache[text] = vec
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])
