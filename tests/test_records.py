"""Records: redaction before writing, WAL, no lost writes under concurrent writers, retention,
the not-covered export (API-free: the CLI)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import multiprocessing
import sqlite3
import subprocess
from pathlib import Path

import pytest

from assistant.answer import Answer, Citation, Verdict
from assistant.records import EMAIL_MARK, PHONE_MARK, Records, UnknownExchange, redact


def _answer(question: str, verdict: Verdict = Verdict.INFO, text: str = "An answer.") -> Answer:
    return Answer(question=question, verdict=verdict, answer=text)


@pytest.mark.parametrize(("text", "expected"), [
    ("mail jane.doe+case@uni.example.ac.uk now", f"mail {EMAIL_MARK} now"),
    ("call 07700 900123 today", f"call {PHONE_MARK} today"),
    ("ring +44 20 7946 0958.", f"ring {PHONE_MARK}."),
    ("or (020) 7946 0958", f"or {PHONE_MARK}"),
    ("US office +1 415-555-0100", f"US office {PHONE_MARK}"),
    ("mobile 07911123456", f"mobile {PHONE_MARK}"),
])
def test_redact_removes_email_addresses_and_phone_numbers(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Issued 2021-05-12 under the Saving Babies Lives Care Bundle v2",
    "A PgC course of 12 weeks in 2021, cohort 123456",
    "Can CASE accredit a course in gender-reveal scanning?",
])
def test_redact_keeps_dates_years_and_ordinary_text(text: str) -> None:
    assert redact(text) == text


def test_everything_written_is_redacted(tmp_path: Path) -> None:
    records = Records(tmp_path / "r.sqlite3")
    answer = _answer("I'm jo@example.com, 07700 900123: can we run it?", text="Reply to jo@example.com")
    answer.standalone_question = "jo@example.com asks"
    exchange = records.record_answer(answer)
    records.record_feedback(exchange, "up", "call 020 7946 0958")
    raw = (tmp_path / "r.sqlite3").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("r.sqlite3-*"))
    assert b"jo@example.com" not in raw and b"900123" not in raw and b"7946" not in raw
    row = records.exchanges()[0]
    assert row["question"] == f"I'm {EMAIL_MARK}, {PHONE_MARK}: can we run it?"
    assert records.feedback(exchange)[0]["comment"] == f"call {PHONE_MARK}"


def test_database_uses_wal_and_stores_the_answer(tmp_path: Path) -> None:
    records = Records(tmp_path / "r.sqlite3")
    answer = _answer("q?", Verdict.NO, "No. [1]")
    answer.citations = [Citation(n=1, id="doc#p1", document="D", issued="2021-05", url="https://x", quote="q",
                                 passage="q", quote_start=0, quote_end=1)]
    exchange = records.record_answer(answer, channel="chat", build_id="b1")
    with sqlite3.connect(tmp_path / "r.sqlite3") as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    row = records.exchanges()[0]
    assert row["id"] == exchange and row["verdict"] == "no" and row["channel"] == "chat" and row["build_id"] == "b1"
    assert json.loads(row["citations"]) == [{"id": "doc#p1", "quote": "q"}]


def test_feedback_for_an_unknown_exchange_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnknownExchange):
        Records(tmp_path / "r.sqlite3").record_feedback("missing", "up")


def test_comment_is_attached_to_earlier_feedback(tmp_path: Path) -> None:
    records = Records(tmp_path / "r.sqlite3")
    exchange = records.record_answer(_answer("q?"))
    feedback_id = records.record_feedback(exchange, "down")
    assert records.add_comment(feedback_id, "  quote was wrong, see a@b.co  ")
    [row] = records.feedback(exchange)
    assert (row["rating"], row["comment"]) == ("down", f"quote was wrong, see {EMAIL_MARK}")
    assert not records.add_comment(feedback_id + 100, "no such feedback")


def _writer(db: str, worker: int, count: int) -> None:
    records = Records(db)
    for i in range(count):
        exchange = records.record_answer(_answer(f"worker {worker} question {i}"))
        records.record_feedback(exchange, "up" if i % 2 else "down")


def test_concurrent_writer_processes_lose_no_writes(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.sqlite3")
    Records(db)
    workers, per_worker = 4, 40
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(db, w, per_worker)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0] == workers * per_worker
        assert con.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == workers * per_worker
        assert con.execute("SELECT COUNT(DISTINCT question) FROM exchanges").fetchone()[0] == workers * per_worker


def test_purge_removes_rows_older_than_retention_with_their_feedback(tmp_path: Path) -> None:
    records = Records(tmp_path / "r.sqlite3")
    old = records.record_answer(_answer("old?"))
    records.record_feedback(old, "up")
    new = records.record_answer(_answer("new?"))
    with sqlite3.connect(tmp_path / "r.sqlite3") as con:
        long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).isoformat(timespec="seconds")
        con.execute("UPDATE exchanges SET created_at = ? WHERE id = ?", (long_ago, old))
        con.execute("UPDATE feedback SET created_at = ? WHERE exchange_id = ?", (long_ago, old))
    assert records.purge(retention_days=0) == 0  # 0 keeps everything
    assert records.purge(retention_days=30) == 1
    assert [r["id"] for r in records.exchanges()] == [new]
    assert records.feedback() == []


def test_export_not_covered_cli(tmp_path: Path, cli_env) -> None:
    from conftest import ASSISTANT_BIN

    db = tmp_path / "r.sqlite3"
    records = Records(db)
    records.record_answer(_answer("What is the capital of France?", Verdict.NOT_COVERED))
    records.record_answer(_answer("Can CASE accredit it?", Verdict.NO))
    records.record_answer(_answer("Email me at x@y.org about parking", Verdict.NOT_COVERED))
    env = cli_env(tmp_path, tmp_path / "index")
    out = subprocess.run([str(ASSISTANT_BIN), "records", "export-not-covered", "--db", str(db)],
                         capture_output=True, text=True, env=env, timeout=60, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(r["question"] for r in rows) == [f"Email me at {EMAIL_MARK} about parking",
                                                   "What is the capital of France?"]
    out = subprocess.run([str(ASSISTANT_BIN), "records", "export-not-covered", "--db", str(db), "--format", "jsonl"],
                         capture_output=True, text=True, env=env, timeout=60, check=True).stdout
    assert len([json.loads(line) for line in out.splitlines()]) == 2
    missing = subprocess.run([str(ASSISTANT_BIN), "records", "export-not-covered", "--db", str(tmp_path / "none.db")],
                             capture_output=True, text=True, env=env, timeout=60)
    assert missing.returncode == 2 and "no records database" in missing.stderr
