"""A learned second opinion on "do the statements answer this at all?".

The routing rules (route.py) judge coverage from the question's words; on questions nobody tuned
them on they call too many answerable questions not covered. This model sees what the rules see
(coverage, best sentence, uncovered words, the rules' own call) plus the asked sentence's embedding,
and was fitted by logistic regression on the dev golden cases (`python -m evals.train_coverage`);
the held-out cases are never used to fit it. At run time it is one dot product: no extra library.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from pathlib import Path
from typing import Any

import numpy as np

from .evidence import Evidence
from .knowledge import KnowledgeBase

DEFAULT_PATH = Path(__file__).parent / "data" / "coverage_model.json"
# The numbers after the embedding, in order (the weights file names them, and must agree).
NUMERIC_FEATURES = ("coverage", "best_sentence", "uncovered_words", "question_words", "rules_not_covered")


@dataclass(frozen=True, eq=False)
class CoverageModel:
    weights: np.ndarray  # read-only: one instance serves every request
    bias: float
    threshold: float  # P(not covered) above this: not covered
    embedder: str
    # {document slug: fingerprint} of the statements its training questions were asked about. It knows
    # what those statements leave out, not what a new or revised one says: there, the rules decide.
    documents: Mapping[str, str]
    trained_on: Mapping[str, Any] = field(default_factory=dict)

    def skip_reason(self, kb: KnowledgeBase, evidence: Evidence) -> str | None:
        """None when the best evidence comes from a statement the model was fitted on, unchanged;
        else why the rules alone decide."""
        if not evidence.sentences:
            return "no evidence"
        doc = kb.passages[evidence.sentences[0].passage_id].doc
        if doc not in self.documents:
            return f"model not fitted on {doc}"
        if self.documents[doc] != document_fingerprints(kb).get(doc):
            return f"model skipped: {doc} changed since it was fitted"
        return None

    def probability(self, features: np.ndarray) -> float:
        """P(the statements do not answer the question)."""
        z = float(features @ self.weights) + self.bias
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def document_fingerprints(kb: KnowledgeBase) -> dict[str, str]:
    """{slug: sha256 of the document's passages}: changes whenever a statement's text does."""
    cached = getattr(kb, "_coverage_fingerprints", None)
    if cached is None:
        digests: dict[str, Any] = {}
        for pid in sorted(kb.passages):
            passage = kb.passages[pid]
            digests.setdefault(passage.doc, hashlib.sha256()).update(f"{pid}\n{passage.text}\n".encode())
        cached = {doc: h.hexdigest() for doc, h in digests.items()}
        kb._coverage_fingerprints = cached  # (a KnowledgeBase is one build; a reindex makes a new one)
    return cached


def features(kb: KnowledgeBase, evidence: Evidence, question: str, rules_covered: bool) -> np.ndarray:
    """The model's input for one question: the asked sentence's unit vector, then NUMERIC_FEATURES."""
    asked = evidence.asked or question
    vector = kb.embedder.query(asked).vector
    best = evidence.sentences[0].score if evidence.sentences else 0.0
    numeric = [evidence.coverage, best, len(evidence.uncovered), len(evidence.query_stems), 0.0 if rules_covered else 1.0]
    return np.concatenate([vector.astype(np.float64), np.asarray(numeric, dtype=np.float64)])


class CoverageModelError(RuntimeError):
    """The weights file is missing or does not fit this build (wrong embedder or feature list)."""


def load(path: Path = DEFAULT_PATH, embedder: str | None = None, dimensions: int | None = None) -> CoverageModel:
    """The weights file, checked to fit: `dimensions` is the embedder's vector size, when known.
    Read once per Pipeline, so a reindex or restart picks up refitted weights."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        weights = np.asarray(raw["weights"], dtype=np.float64)
        documents = raw["documents"]
        if not (isinstance(documents, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in documents.items())):
            raise ValueError("documents must map statement slugs to fingerprints")
        model = CoverageModel(weights=weights, bias=float(raw["bias"]), threshold=float(raw["threshold"]),
                              embedder=str(raw["embedder"]), documents=MappingProxyType(dict(documents)),
                              trained_on=MappingProxyType(dict(raw.get("trained_on") or {})))
        numeric = tuple(raw["numeric_features"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CoverageModelError(f"coverage model {path}: {exc}") from exc
    if numeric != NUMERIC_FEATURES:
        raise CoverageModelError(f"coverage model {path}: features {numeric}, this build computes {NUMERIC_FEATURES}")
    if embedder is not None and model.embedder != embedder:
        raise CoverageModelError(f"coverage model {path} was fitted on {model.embedder} vectors, the index uses {embedder}")
    expected = (dimensions + len(NUMERIC_FEATURES)) if dimensions is not None else None
    if weights.ndim != 1 or weights.size <= len(NUMERIC_FEATURES) or (expected is not None and weights.size != expected):
        raise CoverageModelError(f"coverage model {path}: {weights.size} weights, this build needs {expected or 'more'}")
    if not (np.all(np.isfinite(weights)) and math.isfinite(model.bias)):
        raise CoverageModelError(f"coverage model {path}: weights must be finite numbers")
    if not 0.0 < model.threshold < 1.0:
        raise CoverageModelError(f"coverage model {path}: threshold {model.threshold} is not a probability between 0 and 1")
    weights.setflags(write=False)
    return model
