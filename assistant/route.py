"""Route: is there evidence that answers this question at all? If not, it is not_covered."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .evidence import Evidence
from .question import looks_foreign

COVERAGE_MIN = 0.75  # share of the question's weighted words the evidence must cover
COVERAGE_MIN_BRIDGED = 0.35  # a question that matched a stated definition may use words the statement doesn't
SENTENCE_SCORE_MIN = 0.25
_QUANTITY_Q = re.compile(r"\bhow (many|much|long|often|soon|quickly)\b|\b(what|which) (is the )?(fee|cost|price|number|deadline|duration)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Route:
    covered: bool
    reason: str
    flag: str | None = None  # recorded on the Answer, e.g. "not_english"


def route(evidence: Evidence, question: str) -> Route:
    if looks_foreign(question):
        return Route(False, "not in English; the statements are answered in English only", "not_english")
    if not evidence.query_stems:
        return Route(False, "the question names no subject")
    if not evidence.sentences:
        return Route(False, "nothing retrieved")
    best = evidence.sentences[0]
    needed = COVERAGE_MIN_BRIDGED if evidence.bridged else COVERAGE_MIN
    if evidence.coverage < needed:
        return Route(False, f"coverage {evidence.coverage:.2f}; not in the statements: {', '.join(evidence.uncovered)}")
    if best.score < SENTENCE_SCORE_MIN:
        return Route(False, f"best sentence scores {best.score:.2f}")
    if _QUANTITY_Q.search(question) and not any(s.quantity for s in evidence.sentences[:3]):
        return Route(False, "asks for a quantity the statements don't give")
    return Route(True, f"coverage {evidence.coverage:.2f}, best sentence {best.score:.2f}")
