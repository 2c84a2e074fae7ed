"""Route: is there evidence that answers this question at all? If not, it is not_covered."""

from __future__ import annotations

from dataclasses import dataclass

from .evidence import Evidence

COVERAGE_MIN = 0.6  # share of the question's weighted words the evidence must cover
SENTENCE_SCORE_MIN = 0.25


@dataclass(frozen=True)
class Route:
    covered: bool
    reason: str


def route(evidence: Evidence) -> Route:
    if not evidence.query_stems:
        return Route(False, "the question names no subject")
    if not evidence.sentences:
        return Route(False, "nothing retrieved")
    best = evidence.sentences[0]
    if evidence.coverage < COVERAGE_MIN:
        return Route(False, f"coverage {evidence.coverage:.2f}; not in the statements: {', '.join(evidence.uncovered)}")
    if best.score < SENTENCE_SCORE_MIN:
        return Route(False, f"best sentence scores {best.score:.2f}")
    return Route(True, f"coverage {evidence.coverage:.2f}, best sentence {best.score:.2f}")
