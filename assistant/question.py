"""What kind of question this is: yes/no, a wh-question, and whether it is phrased negatively."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import words

_AUX = {
    "can", "could", "will", "would", "is", "are", "does", "do", "did", "may", "might", "should",
    "shall", "am", "has", "have", "was", "were", "must", "isnt", "arent", "doesnt", "cant", "wont",
}
_WH = {"what", "why", "when", "who", "whom", "whose", "which", "where", "how"}
_YESNO_PHRASES = re.compile(
    r"\b(is it (possible|ok|okay|allowed|permitted|true)|am i (allowed|able|eligible)|are we (allowed|able|eligible)"
    r"|allowed to|permitted to|eligible|any chance|possible to|true that|right\?|correct\?|yes or no)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(not|n't|never|refuse[sd]?|reject(s|ed)?|ban(s|ned)?|forbid(s|den)?|prohibit(s|ed)?|exclude[sd]?|ineligible|disallow(s|ed)?|no longer)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuestionInfo:
    kind: str  # "yesno" | "wh" | "other"
    wh: str | None
    negated: bool


def _clauses(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[.?!])\s+|\n+", text) if p.strip()]
    questions = [p for p in parts if p.endswith("?")]
    return questions or parts[-1:] or [text]


def analyse(text: str) -> QuestionInfo:
    """Classify the question clause(s); statements of context around a question are ignored."""
    clause = " ".join(_clauses(text))
    toks = words(clause)
    negated = bool(_NEGATED.search(clause))
    first = next((t.replace("'", "") for t in toks if t not in {"so", "and", "but", "also", "please", "hi", "hello", "ok", "okay", "then", "well"}), "")
    if first in _WH or (toks and any(t in _WH for t in toks[:2])):
        wh = first if first in _WH else next(t for t in toks[:2] if t in _WH)
        # "how come" is why; "how do I" / "how can" are procedures (kept as wh "how")
        return QuestionInfo("wh", "why" if clause.lower().startswith("how come") else wh, negated)
    if first in _AUX or _YESNO_PHRASES.search(clause):
        return QuestionInfo("yesno", None, negated)
    if any(t in _WH for t in toks):
        return QuestionInfo("wh", next(t for t in toks if t in _WH), negated)
    if re.search(r"\b(tell me|explain|describe|define|definition|meaning)\b", clause, re.IGNORECASE):
        return QuestionInfo("wh", "what", negated)
    return QuestionInfo("yesno" if clause.endswith("?") else "other", None, negated)
