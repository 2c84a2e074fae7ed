"""Follow-up rewrite: "and what about focused courses?" becomes a standalone question.

Only questions that refer back are rewritten; the rewrite keeps the earlier question's subject and
adds what the follow-up changes, so retrieval and the verdict see one complete question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .text import STOPWORDS, words

_REFERS_BACK = re.compile(
    r"^\s*(and|also|but|so|or|what about|how about|what if|same (for|with)|and if|then|ok(ay)?,? (and|what|so)|does that|is that|would that|will that|can that|could that)\b"
    r"|\b(it|that|this|those|these|they|them|the same|as well|too|instead)\b\s*\??\s*$"
    r"|^\s*(does|do|is|are|would|will|can|could) (it|that|this|they|those|these)\b",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^\s*(and|also|but|so|or|then|ok(ay)?,?)\s+", re.IGNORECASE)


def _user_turns(history: Sequence[Any]) -> list[str]:
    turns = []
    for turn in history or []:
        if isinstance(turn, dict):
            role, content = turn.get("role"), turn.get("content")
        elif isinstance(turn, (list, tuple)) and len(turn) == 2:  # (user, assistant) pairs
            role, content = "user", turn[0]
        else:
            continue
        if role == "user" and isinstance(content, str) and content.strip():
            turns.append(content.strip())
    return turns


def refers_back(question: str) -> bool:
    content = [w for w in words(question) if w not in STOPWORDS]
    return bool(_REFERS_BACK.search(question)) and len(content) <= 8


def rewrite(question: str, history: Sequence[Any] | None) -> str | None:
    """The standalone question, or None when the question stands on its own (or has no history)."""
    turns = _user_turns(history or [])
    if not turns or not refers_back(question):
        return None
    previous = turns[-1].rstrip(" ?.!")
    follow = _LEAD.sub("", question).strip()
    return f"{previous}? {follow}"


_ASKS_AGAIN = re.compile(r"^\s*((and|but|so|ok(ay)?),?\s+)?((what|how) about|what if|same (for|with)|and (for|with))\b", re.IGNORECASE)


def asks_again(question: str) -> bool:
    """"What about focused courses?" repeats the earlier question with a new subject."""
    return bool(_ASKS_AGAIN.search(question))
