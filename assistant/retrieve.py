"""Hybrid retrieval: BM25 and dense search fused by reciprocal rank, bridged by definitions."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .knowledge import KnowledgeBase
from .text import content_stems

# A question this close to a stated definition is searched with the defined term too, provided it is
# closer to the definition than to the statements' other sentences in general (so a question that is
# merely about ultrasound courses is not bridged to every term the statements define).
DEFINITION_BRIDGE_MIN = 0.27
DEFINITION_CONTRAST_MIN = -0.25


@dataclass
class Hit:
    passage_id: str
    score: float  # fused (RRF)
    lexical: float = 0.0
    dense: float = 0.0


@dataclass
class Retrieval:
    query: str
    hits: list[Hit]
    bridged_terms: list[str] = field(default_factory=list)
    query_vector: np.ndarray | None = None


def retrieve(kb: KnowledgeBase, query: str, k: int | None = None) -> Retrieval:
    k = k or kb.settings.retrieval_k
    vector = kb.embedder.encode([query])[0]
    bridged: list[str] = []
    if kb.definition_sentences:
        sims = kb.definition_vectors @ vector
        background = kb.background_similarity(vector)
        query_stems = set(content_stems(query))
        for (definition, _), sim in zip(kb.definition_sentences, sims):
            if (
                sim >= DEFINITION_BRIDGE_MIN
                and sim - background >= DEFINITION_CONTRAST_MIN
                and definition.term not in bridged
                and not set(definition.term_stems) <= query_stems
            ):
                bridged.append(definition.term)
    stems = content_stems(" ".join([query, *bridged]))
    lexical = kb.lexical.search(stems, k * 2)
    if bridged:
        # Search again with the bridged terms appended so the dense side finds the rule too.
        vector = kb.embedder.encode([query + " (" + "; ".join(bridged) + ")"])[0]
    dense = kb.dense_search(vector, k * 2)

    fused: dict[str, Hit] = {}
    rrf = kb.settings.rrf_k
    for rank, (pid, score) in enumerate(lexical):
        hit = fused.setdefault(pid, Hit(pid, 0.0))
        hit.score += 1.0 / (rrf + rank + 1)
        hit.lexical = score
    for rank, (pid, sim) in enumerate(dense):
        hit = fused.setdefault(pid, Hit(pid, 0.0))
        hit.score += 1.0 / (rrf + rank + 1)
        hit.dense = sim
    hits = sorted(fused.values(), key=lambda h: h.score, reverse=True)[:k]
    return Retrieval(query=query, hits=hits, bridged_terms=bridged, query_vector=vector)
