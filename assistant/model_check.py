"""Optional language-model check of a yes/no verdict.

A small model is asked one narrow question it can answer by choosing a label: given the quoted
policy sentence, is the answer Yes or No? The label's log-probability is read (MODELS.md: far more
reliable than free text at this size). The policy sentence comes first in the prompt so repeated
checks against the same rule reuse llama.cpp's cached prefix.
"""

from __future__ import annotations

import math
from typing import Any

from .answer import Verdict

SYSTEM = (
    "You read one sentence from a policy and answer a question strictly from that sentence. "
    "Reply with one word: Yes or No."
)
# The model overrides the evidence rules only when it is this sure (set on the dev split).
OVERRIDE_CONFIDENCE = 0.85


def yes_probability(model: Any, question: str, sentence: str) -> float:
    """P(Yes) that the policy sentence answers the question affirmatively."""
    from .llm.labels import choose_label

    prompt = (
        f"Policy sentence: “{sentence.strip()}”\n\nQuestion: {question.strip()}\n\n"
        "According to the policy sentence, is the answer to the question Yes or No?"
    )
    # A reply without log-probabilities is no confidence at all: treat it as the model being unavailable.
    _, scores = choose_label(model, prompt, ["Yes", "No"], system=SYSTEM, require_logprobs=True)
    yes, no = math.exp(scores["Yes"]), math.exp(scores["No"])
    return yes / (yes + no) if yes + no > 0 else 0.5


def checked_verdict(verdict: Verdict, p_yes: float) -> Verdict:
    """The evidence rules' verdict, unless the model is confident of the opposite."""
    if verdict is Verdict.YES and p_yes <= 1 - OVERRIDE_CONFIDENCE:
        return Verdict.NO
    if verdict is Verdict.NO and p_yes >= OVERRIDE_CONFIDENCE:
        return Verdict.YES
    return verdict
