"""Records of questions, answers, verdicts and feedback, in SQLite (WAL mode).

Several app workers may write to one database file: WAL lets readers and one writer work at once,
``busy_timeout`` makes a second writer wait for the lock instead of failing, and every write is one
short transaction on its own connection, so no write is lost. E-mail addresses and phone numbers
are redacted before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import phonenumbers

from .answer import Answer

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_MIN_PHONE_DIGITS = 9  # fewer digits are dates, years, course codes: not worth redacting
EMAIL_MARK = "[email removed]"
PHONE_MARK = "[phone removed]"

Rating = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS exchanges (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    question TEXT NOT NULL,
    standalone_question TEXT,
    verdict TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    flags TEXT NOT NULL,
    latency_ms REAL,
    build_id TEXT
);
CREATE INDEX IF NOT EXISTS exchanges_created ON exchanges(created_at);
CREATE INDEX IF NOT EXISTS exchanges_verdict ON exchanges(verdict);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    exchange_id TEXT NOT NULL REFERENCES exchanges(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback(created_at);
"""


def redact(text: str | None) -> str | None:
    """The text with e-mail addresses and phone numbers replaced by markers."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL_MARK, text)
    spans = [
        (m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
        if sum(ch.isdigit() for ch in m.raw_string) >= _MIN_PHONE_DIGITS
    ]
    for start, end in reversed(spans):
        text = text[:start] + PHONE_MARK + text[end:]
    return text


def _clean_comment(comment: str | None) -> str | None:
    return redact(comment.strip()) if comment and comment.strip() else None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class UnknownExchange(LookupError):
    """Feedback for an exchange that was never recorded (or was purged)."""


class Records:
    """The records database. Cheap to create; each call opens its own short-lived connection."""

    def __init__(self, path: Path | str, busy_timeout_ms: int = 10_000) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a crash loses no committed row
            db.row_factory = sqlite3.Row
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; BEGIN IMMEDIATE takes the lock up front so it waits, not fails."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def record_answer(self, answer: Answer, channel: str = "api", build_id: str | None = None) -> str:
        """Store one answered question; returns its id (for feedback)."""
        exchange_id = uuid.uuid4().hex
        citations = [{"id": c.id, "quote": c.quote} for c in answer.citations]
        with self._write() as db:
            db.execute(
                "INSERT INTO exchanges (id, created_at, channel, question, standalone_question, verdict, answer,"
                " citations, flags, latency_ms, build_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    exchange_id, _now(), channel[:32], redact(answer.question), redact(answer.standalone_question),
                    answer.verdict.value, redact(answer.answer), json.dumps(citations), json.dumps(answer.flags),
                    answer.latency_ms, build_id,
                ),
            )
        return exchange_id

    def record_feedback(self, exchange_id: str, rating: Rating, comment: str | None = None) -> int:
        """Store a thumbs up/down (and optional comment) for an exchange; returns the feedback id."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM exchanges WHERE id = ?", (exchange_id,)).fetchone() is None:
                raise UnknownExchange(exchange_id)
            cur = db.execute(
                "INSERT INTO feedback (exchange_id, created_at, rating, comment) VALUES (?,?,?,?)",
                (exchange_id, _now(), rating, _clean_comment(comment)),
            )
            return int(cur.lastrowid)

    def add_comment(self, feedback_id: int, comment: str) -> bool:
        """Attach a comment to feedback already given (the chat records the thumb first)."""
        with self._write() as db:
            cur = db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (_clean_comment(comment), feedback_id))
            return cur.rowcount == 1

    def purge(self, retention_days: int, now: dt.datetime | None = None) -> int:
        """Delete exchanges (and their feedback) older than the retention period; returns rows removed."""
        if retention_days <= 0:
            return 0
        cutoff = ((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=retention_days)).isoformat(timespec="seconds")
        with self._write() as db:
            db.execute("DELETE FROM feedback WHERE created_at < ?", (cutoff,))
            removed = db.execute("DELETE FROM exchanges WHERE created_at < ?", (cutoff,)).rowcount
        return removed

    def exchanges(self, limit: int = 1000) -> list[dict[str, Any]]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM exchanges ORDER BY created_at DESC, rowid DESC LIMIT ?", (limit,))
            return [dict(r) for r in rows]

    def feedback(self, exchange_id: str | None = None) -> list[dict[str, Any]]:
        with self._connect() as db:
            if exchange_id:
                rows = db.execute("SELECT * FROM feedback WHERE exchange_id = ? ORDER BY id", (exchange_id,))
            else:
                rows = db.execute("SELECT * FROM feedback ORDER BY id")
            return [dict(r) for r in rows]

    def not_covered(self, since: str | None = None) -> list[dict[str, Any]]:
        """Questions the statements did not cover, newest first: what staff may want CASE to address."""
        sql = "SELECT id, created_at, channel, question, standalone_question FROM exchanges WHERE verdict = 'not_covered'"
        args: tuple[Any, ...] = ()
        if since:
            sql += " AND created_at >= ?"
            args = (since,)
        with self._connect() as db:
            return [dict(r) for r in db.execute(sql + " ORDER BY created_at DESC, rowid DESC", args)]


def not_covered_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["created_at", "channel", "question", "standalone_question", "id"],
                            extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
