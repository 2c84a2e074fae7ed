"""Server-sent events for one answer: verdict first, then the answer text in chunks, then the
citations, then done. The same order drives the chat UI's progressive rendering."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fastapi.sse import ServerSentEvent

from ..answer import Answer

_CHUNK_CHARS = 48


def text_chunks(text: str, size: int = _CHUNK_CHARS) -> Iterator[str]:
    """Pieces of about `size` characters that end on word boundaries; joined they give `text` back."""
    piece = ""
    for token in re.findall(r"\S+\s*|\s+", text):
        piece += token
        if len(piece) >= size:
            yield piece
            piece = ""
    if piece:
        yield piece


def answer_events(answer: Answer, record_id: str | None) -> Iterator[ServerSentEvent]:
    yield ServerSentEvent(event="verdict", data={
        "verdict": answer.verdict.value, "question": answer.question,
        "standalone_question": answer.standalone_question,
    })
    for chunk in text_chunks(answer.answer):
        yield ServerSentEvent(event="chunk", data={"text": chunk})
    yield ServerSentEvent(event="citations", data=[c.model_dump() for c in answer.citations])
    yield ServerSentEvent(event="done", data={
        "record_id": record_id, "verification": answer.verification, "flags": answer.flags,
        "model": answer.model, "latency_ms": answer.latency_ms,
    })


def error_event(message: str) -> ServerSentEvent:
    return ServerSentEvent(event="error", data={"error": "internal_error", "message": message})
