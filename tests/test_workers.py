"""Several app workers (python app.py --workers 2) share one index and one records database:
every answer is recorded once, and feedback reaches a record whichever worker wrote it."""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from bench.server import AppServer, _children

pytestmark = pytest.mark.slow

QUESTIONS = [
    "Can CASE accredit a gender reveal scanning course?",
    "Does CASE accredit individual sonographers?",
    "What is social scanning?",
    "How much does accreditation cost?",
    "Which guidelines must obstetric learning outcomes follow?",
]


def test_two_workers_share_the_index_and_lose_no_record(built_settings: Settings, tmp_path: Path) -> None:
    db = tmp_path / "records.sqlite3"
    env = {"ASSISTANT_INDEX_DIR": str(built_settings.index_dir), "ASSISTANT_CORPUS_DIR": str(built_settings.corpus_dir),
           "ASSISTANT_RECORDS_DB": str(db), "WEB_CONCURRENCY": "2", "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0",
           "ASSISTANT_MAX_QUEUED_ANSWERS": "64"}
    asked = [QUESTIONS[i % len(QUESTIONS)] + f" (#{i})" for i in range(30)]
    with AppServer(env, tmp_path / "app.log") as server:
        server.wait_healthy(timeout_s=240)
        deadline = time.monotonic() + 120
        while len(_children(server.proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_children(server.proc.pid)) >= 2, "uvicorn did not start two workers"
        with httpx.Client(base_url=server.url, timeout=60) as http:
            for _ in range(40):  # until both workers answer (the second may still be loading)
                if http.get("/api/health").status_code == 200:
                    break
            with ThreadPoolExecutor(6) as pool:
                answers = list(pool.map(lambda q: http.post("/api/ask", json={"question": q}), asked))
            assert [a.status_code for a in answers] == [200] * len(asked), [a.text[:200] for a in answers if a.status_code != 200]
            record_ids = [a.json()["record_id"] for a in answers]
            assert all(record_ids) and len(set(record_ids)) == len(asked)
            with ThreadPoolExecutor(6) as pool:
                rated = list(pool.map(lambda rid: http.post("/api/feedback", json={"record_id": rid, "rating": "up"}), record_ids))
            assert [r.status_code for r in rated] == [201] * len(asked)
    with sqlite3.connect(db) as con:
        assert sorted(q for (q,) in con.execute("SELECT question FROM exchanges")) == sorted(asked)
        assert con.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == len(asked)
