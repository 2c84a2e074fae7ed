"""Choosing a label by log-probability on a real local model (SmolLM2-135M, 98 MB, fast)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from assistant.llm import LLMUnavailable, get_chat_model
from assistant.llm.labels import _reply_to_label, choose_label, support_check
from assistant.settings import Settings

FIXED_PREFIX = (
    "You will be asked about the following policy text.\n\n"
    + " ".join(
        f"Paragraph {i}: The accreditation body reviews each course against its learning outcomes, "
        "its clinical placements and its assessment of competence before deciding." for i in range(1, 9)
    )
    + "\n\n"
)


@pytest.fixture(scope="module")
def smol() -> Any:
    return get_chat_model(Settings(_env_file=None, llm="smollm2"))  # type: ignore[call-arg]


@pytest.mark.parametrize("labels", [["Paris", "Berlin"], ["Berlin", "Paris"]])
def test_choose_label_picks_the_likely_continuation(smol: Any, labels: list[str]) -> None:
    label, scores = choose_label(smol, "Name the capital of France.", labels)
    assert label == "Paris"
    assert set(scores) == set(labels)
    assert all(math.isfinite(v) and v < 0 for v in scores.values())
    assert label == max(scores, key=scores.__getitem__)


def test_multi_token_labels_score_the_whole_label(smol: Any) -> None:
    llama = smol.client
    labels = ["banana", "tractor engine"]
    assert all(len(llama.tokenize(lab.encode(), add_bos=False)) >= 2 for lab in labels[1:])
    label, scores = choose_label(smol, "Reply with the word banana.", labels)
    assert label == "banana"
    # The same scores from a cold KV cache: prefix reuse must not change the numbers.
    llama.reset()
    _, cold = choose_label(llama, "Reply with the word banana.", labels)
    for lab in labels:
        assert cold[lab] == pytest.approx(scores[lab], abs=0.25)  # kernels differ slightly by batch shape


def test_fixed_prefix_is_read_once(smol: Any) -> None:
    llama = smol.client
    evaluated: list[int] = []
    real_eval = llama.eval

    def counting_eval(tokens: Any) -> None:  # the real eval runs; we only count its input
        evaluated.append(len(tokens))
        real_eval(tokens)

    llama.reset()
    llama.eval = counting_eval
    try:
        choose_label(smol, FIXED_PREFIX + "Does the body review placements? Answer Yes or No.", ["Yes", "No"])
        first = sum(evaluated)
        evaluated.clear()
        choose_label(smol, FIXED_PREFIX + "Does the body sell textbooks? Answer Yes or No.", ["Yes", "No"])
        second = sum(evaluated)
    finally:
        del llama.eval
    assert first > 200
    assert second < first * 0.2, (first, second)


def test_support_check_is_a_probability_from_either_handle(smol: Any) -> None:
    question = "Will the body accredit courses for social scanning?"
    sentence = "The body will not accredit courses solely for social scanning."
    smol.client.reset()  # same cold start for both: llama.cpp's numbers vary slightly with batch shape
    p_chat = support_check(smol, question, sentence)
    smol.client.reset()
    p_raw = support_check(smol.client, question, sentence)
    assert 0.0 < p_chat < 1.0
    assert p_raw == pytest.approx(p_chat, abs=1e-6)


def test_bad_labels_are_rejected(smol: Any) -> None:
    with pytest.raises(ValueError):
        choose_label(smol, "Pick one.", [])
    with pytest.raises(ValueError):
        choose_label(smol, "Pick one.", ["a", "a"])


def test_prompt_longer_than_context_is_unavailable_not_a_crash(smol: Any) -> None:
    with pytest.raises(LLMUnavailable, match="exceeds"):
        choose_label(smol, "word " * 5000, ["Yes", "No"])


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("Yes.", "Yes"), ("no, it doesn't", "No"), ("**Yes**", "Yes"), ("I think the answer is no.", "No"), ("maybe", None)],
)
def test_free_text_reply_is_mapped_to_a_label(reply: str, expected: str | None) -> None:
    assert _reply_to_label(reply, ["Yes", "No"]) == expected


def test_server_alternatives_count_only_whole_labels() -> None:
    from assistant.llm.labels import _first_token_scores

    top = [{"token": " Yes", "logprob": -0.2}, {"token": "Yes", "logprob": -2.0}, {"token": "Maybe", "logprob": -3.0}]
    scores = _first_token_scores(top, ["Yes", "No"])
    assert scores is not None
    assert scores["Yes"] == pytest.approx(math.log(math.exp(-0.2) + math.exp(-2.0)))
    assert scores["No"] == float("-inf")
    # "no" is a whole label but also begins "not_covered": the first token can't separate them.
    assert _first_token_scores([{"token": "no", "logprob": -0.1}], ["no", "not_covered"]) is None
    assert _first_token_scores([{"token": "Maybe", "logprob": -0.1}], ["Yes", "No"]) is None
