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
# In a large corpus many terms clear those bars; the nearest few are the ones a question means.
MAX_BRIDGED_TERMS = 2
BRIDGE_WEIGHT = 0.5  # the bridged terms' share of the dense query, next to the question's own vector


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
    vector = kb.embedder.query(query).vector
    bridged: list[str] = []
    if kb.definition_sentences:
        sims = kb.definition_vectors @ vector
        background = kb.background_similarity(vector)
        query_stems = set(content_stems(query))
        for i in np.argsort(-sims):  # nearest definitions first; only the few nearest terms bridge
            definition, sim = kb.definition_sentences[i][0], float(sims[i])
            if sim < DEFINITION_BRIDGE_MIN or len(bridged) >= MAX_BRIDGED_TERMS:
                break
            if (
                sim - background >= DEFINITION_CONTRAST_MIN
                and definition.term not in bridged
                and not set(definition.term_stems) <= query_stems
            ):
                bridged.append(definition.term)
    # The statements' words for the asker's phrases ("kitemark" -> "accredit") are searched for too.
    expansion = kb.lexicon.expansion(query)
    if len(bridged) < MAX_BRIDGED_TERMS:
        # A question in a definition's own words, or the domain vocabulary's for them ("a 3D/4D souvenir
        # imaging course": souvenir images), speaks of the term even when its vector is not close.
        said = set(content_stems(query)) | set(expansion)
        for definition in kb.definitions:
            if (len(bridged) < MAX_BRIDGED_TERMS and definition.term not in bridged
                    and not set(definition.term_stems) <= said and said & kb.definition_markers[definition.term]):
                bridged.append(definition.term)
    stems = content_stems(" ".join([query, *bridged])) + expansion
    lexical = kb.lexical.search(stems, k * 2)
    if bridged:
        # Search again with the bridged terms appended so the dense side finds the rule too.
        # The terms' vector is cached (terms recur), and adding it costs no second forward pass.
        terms = kb.vectors.get(["; ".join(bridged)])[0]
        vector = vector + BRIDGE_WEIGHT * terms
        vector = vector / max(float(np.linalg.norm(vector)), 1e-9)
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
