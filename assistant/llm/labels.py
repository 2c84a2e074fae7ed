"""Pick a label by log-probability instead of parsing free text.

Small models pick a label far more reliably than they write (MODELS.md). For a local llama.cpp
model each candidate label is scored as the continuation of the prompt: the sum of its tokens'
log-probabilities. The prompt is wrapped in the model's chat template so the label is the
assistant's first word. Tokens already in llama.cpp's KV cache from the previous call are not
recomputed, so put the fixed part of a prompt (instructions, policy text) first and the varying
part (question, sentence) last: repeated checks then read only the new tail.

Server models are told to reply with one of the labels. An OpenAI-compatible server that returns
log-probabilities (llama.cpp's server, vLLM) is asked for one token with its top 20 alternatives;
this decides when the alternatives name whole labels ("Yes", "No") and none is just the start of
a label ("B" of "Berlin", "no" of "not_covered"). Otherwise (Ollama, servers without log-probs,
multi-token labels) the model writes a short reply that is matched to a label; scores are then
0.0 for the chosen label and -inf for the others.
"""

from __future__ import annotations

import math
import string
import threading
import weakref
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

import numpy as np

from assistant.llm.errors import LLMUnavailable

_raw_locks: weakref.WeakKeyDictionary[Any, threading.RLock] = weakref.WeakKeyDictionary()
_raw_locks_guard = threading.Lock()


def _local_llama(model: Any) -> tuple[Any, AbstractContextManager[Any]] | None:
    """The ``llama_cpp.Llama`` behind ``model`` and the lock guarding it, or None for server models."""
    try:
        from llama_cpp import Llama
    except ImportError:  # llama-cpp-python is optional (the `llm` extra)
        return None
    if isinstance(model, Llama):
        with _raw_locks_guard:
            lock = _raw_locks.setdefault(model, threading.RLock())
        return model, lock
    client = getattr(model, "client", None)
    if isinstance(client, Llama):
        return client, getattr(model, "lock", None) or threading.RLock()
    return None


def chat_prompt(llama: Any, prompt: str, system: str | None = None) -> str:
    """``prompt`` as a user turn in the model's own chat template, ready for the assistant's reply."""
    template = llama.metadata.get("tokenizer.chat_template")
    if not template:
        return prompt
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    def token_text(token_id: int) -> str:
        return llama._model.token_get_text(token_id) if token_id != -1 else ""

    formatter = Jinja2ChatFormatter(
        template=template, eos_token=token_text(llama.token_eos()), bos_token=token_text(llama.token_bos())
    )
    messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
    return formatter(messages=messages).prompt


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _next_token_logprobs(llama: Any, tokens: list[int]) -> np.ndarray:
    """Log-probabilities of the token after ``tokens``, reusing the KV cache's common prefix."""
    cached = _common_prefix(llama.input_ids[: llama.n_tokens].tolist(), tokens)
    cached = min(cached, len(tokens) - 1)  # decode at least one token so the logits are fresh
    if cached > 0 and llama._ctx.kv_cache_seq_rm(-1, cached, -1):
        llama.n_tokens = cached
    else:
        llama.reset()
    llama.eval(tokens[llama.n_tokens :])
    logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(llama.n_vocab(),)).astype(np.float64)
    top = logits.max()
    return logits - (top + math.log(np.exp(logits - top).sum()))


def _tokenize(llama: Any, text: str) -> list[int]:
    """Tokens as llama.cpp's own completion sees them: special tokens parsed, one BOS at most."""
    bos = llama.token_bos()
    starts_with_bos = bos != -1 and text.startswith(llama._model.token_get_text(bos))
    return llama.tokenize(text.encode("utf-8"), add_bos=not starts_with_bos, special=True)


def score_labels_local(llama: Any, text: str, labels: Sequence[str]) -> dict[str, float]:
    """Sum of log-probabilities of each label's tokens as the continuation of ``text`` (already templated)."""
    prompt_tokens = _tokenize(llama, text)
    logprob_cache: dict[tuple[int, ...], np.ndarray] = {}

    def next_logprobs(context: list[int]) -> np.ndarray:
        key = tuple(context)
        if key not in logprob_cache:
            logprob_cache[key] = _next_token_logprobs(llama, context)
        return logprob_cache[key]

    scores: dict[str, float] = {}
    for label in labels:
        full = _tokenize(llama, text + label)
        if len(full) > llama.n_ctx():
            raise LLMUnavailable(f"prompt of {len(full)} tokens exceeds the model's context of {llama.n_ctx()}")
        # Where the label starts: tokens shared with the bare prompt (a merge across the boundary
        # moves the split point back by a token, which is still a fair comparison).
        start = max(1, min(_common_prefix(prompt_tokens, full), len(full) - 1))
        if len(full) <= start or not label:
            raise ValueError(f"label {label!r} adds no tokens to the prompt")
        total = 0.0
        for i in range(start, len(full)):
            total += float(next_logprobs(full[:i])[full[i]])
        scores[label] = total
    return scores


def _reply_to_label(reply: str, labels: Sequence[str]) -> str | None:
    """The label a short free-text reply names: the one it starts with, else the first one it mentions."""
    text = reply.strip().strip(string.punctuation + " \n\"'*`").lower()
    by_length = sorted(labels, key=len, reverse=True)
    for label in by_length:
        if text.startswith(label.lower()):
            return label
    positions = [(text.find(label.lower()), label) for label in by_length if label.lower() in text]
    return min(positions)[1] if positions else None


TOP_LOGPROBS = 20


def _first_token_scores(top: list[dict[str, Any]], labels: Sequence[str]) -> dict[str, float] | None:
    """Label log-probs from the first generated token's alternatives, or None if they can't decide.

    Only a token that is a whole label counts. A token that merely begins a label ("B" for
    "Berlin") also begins other words, so its mass says little about the label: then give up.
    Labels absent from the alternatives score -inf (less likely than every alternative shown).
    """
    scores = {label: -math.inf for label in labels}
    for entry in top:
        piece = str(entry.get("token", "")).strip()
        if not piece:
            continue
        if any(label.startswith(piece) and label != piece for label in labels):
            return None  # could be the start of a longer label ("no" of "not_covered")
        if piece in scores:
            scores[piece] = float(np.logaddexp(scores[piece], float(entry["logprob"])))
    if all(v == -math.inf for v in scores.values()):
        return None
    return scores


def _label_messages(prompt: str, labels: Sequence[str], system: str | None) -> list[Any]:
    from langchain_core.messages import HumanMessage, SystemMessage

    instruction = f"{prompt}\n\nReply with exactly one of: {', '.join(labels)}."
    return ([SystemMessage(system)] if system else []) + [HumanMessage(instruction)]


def _choose_by_server_logprobs(model: Any, prompt: str, labels: Sequence[str], system: str | None) -> dict[str, float] | None:
    """Scores from an OpenAI-compatible server's top log-probs, or None if it gives none usable."""
    import openai

    try:
        reply = model.bind(logprobs=True, top_logprobs=TOP_LOGPROBS, extra_body={"max_tokens": 1}).invoke(
            _label_messages(prompt, labels, system)
        )
    except LLMUnavailable as exc:
        if isinstance(exc.__cause__, openai.APIStatusError):
            return None  # the server refused the log-probs request; a plain completion may still work
        raise
    content = (reply.response_metadata.get("logprobs") or {}).get("content") or []
    if not content or not content[0].get("top_logprobs"):
        return None
    return _first_token_scores(content[0]["top_logprobs"], labels)


def _choose_by_completion(model: Any, prompt: str, labels: Sequence[str], system: str | None) -> tuple[str, dict[str, float]]:
    messages = _label_messages(prompt, labels, system)
    limit = 16
    bound = model
    cls_names = {c.__name__ for c in type(model).__mro__}
    if "ChatOpenAI" in cls_names:
        # langchain-openai sends max_tokens as max_completion_tokens, which llama.cpp's server ignores.
        bound = model.bind(extra_body={"max_tokens": limit})
    elif "ChatOllama" in cls_names:
        bound = model.bind(num_predict=limit)
    reply = bound.invoke(messages)
    content = reply.content if isinstance(reply.content, str) else str(reply.content)
    chosen = _reply_to_label(content, labels)
    if chosen is None:
        raise LLMUnavailable(f"model reply {content[:80]!r} names none of the labels {list(labels)}")
    return chosen, {label: (0.0 if label == chosen else -math.inf) for label in labels}


def choose_label(
    model_or_llama: Any,
    prompt: str,
    labels: list[str],
    *,
    system: str | None = None,
    server_logprobs: bool = True,
    require_logprobs: bool = False,
) -> tuple[str, dict[str, float]]:
    """The most probable of ``labels`` as the model's reply to ``prompt``, and every label's log-probability.

    ``model_or_llama`` is a ``llama_cpp.Llama``, a chat model from ``get_chat_model`` (local ones
    are scored through their ``Llama``), or any langchain chat model (server log-probs or a
    short completion, see the module notes; ``server_logprobs=False`` skips the former).
    The completion fallback's scores (0.0 / -inf) are not probabilities: a caller that acts on a
    probability threshold passes ``require_logprobs=True`` and gets ``LLMUnavailable`` instead.
    Ties go to the earlier label.
    """
    if not labels or len(set(labels)) != len(labels):
        raise ValueError("labels must be a non-empty list of distinct strings")
    local = _local_llama(model_or_llama)
    if local is None:
        if server_logprobs and any(c.__name__ == "ChatOpenAI" for c in type(model_or_llama).__mro__):
            server_scores = _choose_by_server_logprobs(model_or_llama, prompt, labels, system)
            if server_scores is not None:
                return max(labels, key=lambda label: server_scores[label]), server_scores
        if require_logprobs:
            raise LLMUnavailable(f"{type(model_or_llama).__name__} gives no usable log-probabilities for labels {labels}")
        return _choose_by_completion(model_or_llama, prompt, labels, system)
    llama, lock = local
    with lock:
        scores = score_labels_local(llama, chat_prompt(llama, prompt, system), labels)
    best = max(labels, key=lambda label: scores[label])  # max keeps the first of equals
    return best, scores


# Few-shot examples, including a negative sentence that still answers: on 12 probe pairs this took
# Qwen 1.5B from 9/12 to 10/12 with no unsupported sentence accepted (probe_support.py). The fixed
# text comes first so llama.cpp reuses its KV cache across checks.
SUPPORT_SYSTEM = (
    "You check evidence. Given a question and one sentence from a policy document, reply Yes if the "
    "sentence answers the question (fully or in part), No if it does not. Reply with one word.\n\n"
    "Examples:\n"
    "Question: Do members get free parking?\nSentence: Members are not entitled to free parking.\nAnswer: Yes\n\n"
    "Question: Do members get free parking?\nSentence: The car park opens at 7am.\nAnswer: No\n\n"
    "Question: What is a quorum?\nSentence: A quorum is the minimum number of members needed for a vote.\nAnswer: Yes"
)
_YES = ("Yes", "yes")
_NO = ("No", "no")


def support_check(model: Any, question: str, sentence: str, *, require_logprobs: bool = False) -> float:
    """Probability (0..1) that ``sentence`` answers ``question``, from the model's Yes/No log-probs.

    A server without log-probs yields exactly 0.0 or 1.0 (its parsed reply) unless
    ``require_logprobs=True``, which raises ``LLMUnavailable`` instead.

    The question comes before the sentence so checking many sentences for one question reuses
    the cached prompt prefix.
    """
    prompt = f"Question: {question.strip()}\nSentence: {sentence.strip()}\nAnswer:"
    # Locally both casings cost nothing extra (one forward pass scores all one-token labels); a
    # server is offered just "Yes"/"No" so its instruction reads naturally.
    labels = [*_YES, *_NO] if _local_llama(model) is not None else [_YES[0], _NO[0]]
    _, scores = choose_label(model, prompt, labels, system=SUPPORT_SYSTEM, require_logprobs=require_logprobs)
    yes = sum(math.exp(scores[label]) for label in _YES if label in scores)
    no = sum(math.exp(scores[label]) for label in _NO if label in scores)
    return yes / (yes + no) if yes + no > 0 else 0.5
