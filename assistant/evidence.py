"""Sentence-level evidence: which sentences of the retrieved passages answer the question,
how much of the question they cover, and whether they affirm or deny what it asks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .knowledge import KnowledgeBase
from .passages import split_sentences
from .retrieve import Retrieval
from .text import content_stems, stem, words

# Words that frame a request rather than name its subject (generic English, not policy words).
FRAME_STEMS = frozenset(
    stem(w)
    for w in """get know tell want need like ask wonder question help explain say said find anyone someone
    something anything thing things way possible allowed able okay ok sure really actually currently
    planning plan thinking think looking look hoping hope interested curious quick wondering could
    would let us we i me my our you your one would""".split()
)
WORD_MATCH_MIN = 0.62  # cosine at which an unseen question word counts as a synonym of an evidence word
PASSAGES_FOR_EVIDENCE = 4

_NEG_CUE = re.compile(
    r"\b(not|no|never|unable|cannot|can't|won't|isn't|aren't|doesn't|don't|absence|lack|without|neither|nor|need for)\b",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r",|;|:|\bhowever\b|\bbut\b|\bwhereas\b|\balthough\b", re.IGNORECASE)


@dataclass
class SentenceEvidence:
    passage_id: str
    text: str
    start: int
    end: int
    score: float
    dense: float
    lexical: float  # share of the question's weighted words found in this sentence
    matched: set[str] = field(default_factory=set)
    negative: bool = False


@dataclass
class Evidence:
    query_stems: list[str]
    weights: dict[str, float]
    coverage: float  # share of the question's weighted words the evidence covers
    uncovered: list[str]
    sentences: list[SentenceEvidence]
    bridged: list[str]
    top_dense: float


def _negative_for(sentence: str, matched: set[str]) -> bool:
    """Is the clause that carries the matched words negated? ("will not accredit", "absence of")."""
    clauses = [c for c in _CLAUSE_SPLIT.split(sentence) if c and c.strip()]
    if not clauses:
        return False
    best = max(clauses, key=lambda c: len(matched & set(content_stems(c))))
    if not matched & set(content_stems(best)):
        best = sentence
    return bool(_NEG_CUE.search(best))


def gather(kb: KnowledgeBase, question: str, retrieval: Retrieval) -> Evidence:
    stems = [s for s in dict.fromkeys(content_stems(question)) if s not in FRAME_STEMS]
    bridged_stems = {s for term in retrieval.bridged_terms for s in content_stems(term)}
    weights = {s: kb.lexical.idf(s) for s in stems}
    bridge_weights = {s: kb.lexical.idf(s) * 0.5 for s in bridged_stems if s not in weights}
    total = sum(weights.values()) or 1.0

    top = [h.passage_id for h in retrieval.hits[:PASSAGES_FOR_EVIDENCE]]
    vocab: set[str] = set()
    for pid in top:
        vocab.update(content_stems(kb.indexed_text[pid]))
    for doc in kb.documents.values():
        vocab.update(content_stems(f"{doc.title} {doc.issuer}"))

    # Exact stems first, then single-word embeddings for the rest (synonyms, other spellings).
    covered = {s for s in stems if s in vocab}
    missing = [s for s in stems if s not in covered]
    if missing and vocab:
        surface = {stem(w): w for w in words(question)}
        vocab_words = sorted({w for pid in top for w in words(kb.passages[pid].text) if len(w) > 2})
        qv = kb.vectors.get([surface.get(s, s) for s in missing])
        vv = kb.vectors.get(vocab_words)
        sims = qv @ vv.T
        for s, row in zip(missing, sims):
            if row.size and float(row.max()) >= WORD_MATCH_MIN:
                covered.add(s)
    coverage = sum(weights[s] for s in covered) / total if stems else 0.0

    sentences: list[SentenceEvidence] = []
    all_weights = {**weights, **bridge_weights}
    denom = sum(all_weights.values()) or 1.0
    for rank, pid in enumerate(top):
        passage = kb.passages[pid]
        split = split_sentences(passage.text)
        if not split:
            continue
        vecs = kb.vectors.get([s.text for s in split])
        dense = vecs @ retrieval.query_vector if retrieval.query_vector is not None else np.zeros(len(split))
        for sent, d in zip(split, dense):
            sstems = set(content_stems(sent.text))
            matched = {s for s in all_weights if s in sstems}
            lex = sum(all_weights[s] for s in matched) / denom
            score = 0.55 * float(d) + 0.45 * lex - 0.01 * rank
            sentences.append(
                SentenceEvidence(pid, sent.text, sent.start, sent.end, score, float(d), lex, matched,
                                 _negative_for(sent.text, matched))
            )
    sentences.sort(key=lambda s: s.score, reverse=True)
    return Evidence(
        query_stems=stems,
        weights=weights,
        coverage=coverage,
        uncovered=[s for s in stems if s not in covered],
        sentences=sentences,
        bridged=list(retrieval.bridged_terms),
        top_dense=max((h.dense for h in retrieval.hits), default=0.0),
    )
