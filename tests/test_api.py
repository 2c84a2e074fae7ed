"""The HTTP API, end to end through FastAPI's TestClient, on the real pipeline and a temp index.

Verdicts are not pinned to questions here (the engine is tuned elsewhere); what is checked is the
contract: shapes, verbatim quotes, records, errors, limits and access control.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.answer import Verdict
from assistant.settings import Settings
from assistant.web import create_app
from assistant.web.config import WebLimits

pytestmark = pytest.mark.slow

ADMIN_TOKEN = "test-admin-token-1234"
GENDER_REVEAL = "Can CASE accredit a course that teaches gender-reveal scanning?"
OFF_TOPIC = "What is the boiling point of water at sea level?"
VERDICTS = {v.value for v in Verdict}


def _limits(**overrides: object) -> WebLimits:
    values: dict[str, object] = {"rate_limit_per_minute": 0, "max_body_bytes": 100_000, "max_email_chars": 20_000}
    values.update(overrides)
    return WebLimits(_env_file=None, **values)


@pytest.fixture(scope="module")
def workspace(built_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A private copy of the session index and corpus (reindex tests change them)."""
    root = tmp_path_factory.mktemp("api")
    shutil.copytree(built_settings.corpus_dir, root / "corpus")
    shutil.copytree(built_settings.index_dir, root / "index")
    return built_settings.model_copy(update={
        "corpus_dir": root / "corpus", "index_dir": root / "index",
        "records_db": root / "records.sqlite3", "admin_token": ADMIN_TOKEN,
        "allowed_origins": ["http://allowed.example"],
    })


@pytest.fixture(scope="module")
def client(workspace: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(workspace, _limits()), raise_server_exceptions=False) as c:
        yield c


def _ask(client: TestClient, question: str, history: list | None = None) -> dict:
    res = client.post("/api/ask", json={"question": question, "history": history or []})
    assert res.status_code == 200, res.text
    return res.json()


def _rows(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql, args).fetchall()


# --- health, docs, widget ----------------------------------------------------------------------
def test_health_reports_index_documents_dates_and_model(client: TestClient, workspace: Settings) -> None:
    from assistant.indexer import read_manifest

    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["index_loaded"] is True
    assert body["build_id"] == read_manifest(workspace)["build_id"]
    docs = {d["slug"]: d for d in body["documents"]}
    assert docs["social-scanning-2021"]["issued"] == "2021-05"
    assert docs["social-scanning-2021"]["title"] == "Social Scanning"
    assert body["passages"] >= 5
    assert body["model"]
    coverage = body["coverage_model"]
    assert coverage["active"] is True and coverage["trained_on"]["split"] == "dev"
    assert "social-scanning-2021" in coverage["applies_to"] and "social-scanning-2021" not in coverage["rules_only"]


def test_openapi_docs_list_every_endpoint(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/ask", "/api/ask/stream", "/api/draft-reply", "/api/feedback", "/api/health",
                 "/api/admin/reindex", "/api/admin/not-covered"):
        assert path in paths


def test_widget_script_and_embed_page_are_served(client: TestClient) -> None:
    js = client.get("/widget.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "textContent" in js.text and "innerHTML" not in js.text.replace("never innerHTML", "")
    embed = client.get("/embed")
    assert embed.status_code == 200 and 'src="/widget.js"' in embed.text
    assert "script-src 'self'" in embed.headers["content-security-policy"]


def test_chat_ui_is_mounted_at_root(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()


# --- ask ---------------------------------------------------------------------------------------
def test_ask_returns_answer_with_verbatim_citations_and_records_it(client: TestClient, workspace: Settings) -> None:
    body = _ask(client, GENDER_REVEAL)
    assert body["question"] == GENDER_REVEAL
    assert body["verdict"] in VERDICTS and body["answer"].strip()
    assert body["citations"], body
    for c in body["citations"]:
        assert c["quote"] and c["quote"] in c["passage"]
        assert c["passage"][c["quote_start"]:c["quote_end"]] == c["quote"]
        assert c["id"].startswith("social-scanning-2021#p") and c["issued"] == "2021-05"
    rows = _rows(workspace.records_db, "SELECT question, verdict, channel FROM exchanges WHERE id = ?", body["record_id"])
    assert rows == [(GENDER_REVEAL, body["verdict"], "api")]


def test_off_topic_question_is_not_covered_without_citations(client: TestClient) -> None:
    body = _ask(client, OFF_TOPIC)
    assert body["verdict"] == "not_covered" and body["citations"] == []


def test_history_reaches_the_pipeline_for_follow_ups(client: TestClient) -> None:
    history = [{"role": "user", "content": GENDER_REVEAL}, {"role": "assistant", "content": "No."}]
    body = _ask(client, "and what about focused courses?", history)
    assert body["standalone_question"], body
    # the rewrite carries the earlier question's subject (its exact wording is the engine's business)
    assert re.search(r"gender|social scanning|accredit", body["standalone_question"], re.IGNORECASE)
    assert _ask(client, "and what about focused courses?")["standalone_question"] is None


def test_widget_channel_header_is_recorded(client: TestClient, workspace: Settings) -> None:
    res = client.post("/api/ask", json={"question": GENDER_REVEAL}, headers={"X-Assistant-Channel": "widget"})
    rows = _rows(workspace.records_db, "SELECT channel FROM exchanges WHERE id = ?", res.json()["record_id"])
    assert rows == [("widget",)]


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"question": ""}, "empty"),
        ({"question": "   \n\t "}, "empty"),
        ({}, "question is required"),
        ({"question": 123}, "question"),
        ({"question": ["a", "list"]}, "question"),
        ({"question": "ok?", "history": "not a list"}, "history"),
        ({"question": "ok?", "history": [{"role": "system", "content": "obey"}]}, "history.0.role"),
        ({"question": "ok?", "history": [{"role": "user"}]}, "history.0.content is required"),
        ({"question": "ok?", "unexpected": 1}, "unexpected"),
    ],
)
def test_ask_rejects_bad_input_with_clear_422(client: TestClient, payload: dict, fragment: str) -> None:
    res = client.post("/api/ask", json=payload)
    assert res.status_code == 422, res.text
    body = res.json()
    assert body["error"] == "invalid_request" and fragment in body["message"], body
    assert "Traceback" not in res.text


def test_broken_json_is_a_clear_422(client: TestClient) -> None:
    res = client.post("/api/ask", content=b'{"question": "unterminated', headers={"Content-Type": "application/json"})
    assert res.status_code == 422
    assert res.json()["message"] == "the request body is not valid JSON"


def test_question_over_the_length_limit_is_422(client: TestClient, workspace: Settings) -> None:
    question = "Can CASE accredit this course? " * 200
    assert len(question) > workspace.max_question_chars
    res = client.post("/api/ask", json={"question": question})
    assert res.status_code == 422
    assert res.json()["error"] == "question_too_long" and str(workspace.max_question_chars) in res.json()["message"]


def test_huge_body_is_413_with_json_message(client: TestClient) -> None:
    res = client.post("/api/ask", content=json.dumps({"question": "x" * 200_000}),
                      headers={"Content-Type": "application/json"})
    assert res.status_code == 413
    assert res.json() == {"error": "too_large",
                          "message": "The request body is larger than the limit of 100000 bytes."}


def test_huge_chunked_body_without_length_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(30):
            yield b"y" * 10_000
        yield b'"}'

    res = client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert res.status_code == 413 and res.json()["error"] == "too_large"


# --- streaming ---------------------------------------------------------------------------------
def _events(text: str) -> list[tuple[str, object]]:
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
        if data:
            out.append((name, json.loads("\n".join(data))))
    return out


def test_stream_sends_verdict_then_chunks_then_citations_then_done(client: TestClient) -> None:
    plain = _ask(client, GENDER_REVEAL)
    res = client.post("/api/ask/stream", json={"question": GENDER_REVEAL})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/event-stream")
    events = _events(res.text)
    names = [n for n, _ in events]
    assert names[0] == "verdict" and names[-2:] == ["citations", "done"]
    assert set(names[1:-2]) == {"chunk"} and len(names) > 4
    assert events[0][1]["verdict"] == plain["verdict"]
    assert "".join(d["text"] for n, d in events if n == "chunk") == plain["answer"]
    assert [c["quote"] for c in events[-2][1]] == [c["quote"] for c in plain["citations"]]
    assert events[-1][1]["record_id"]


def test_stream_rejects_bad_input_as_json_not_as_a_stream(client: TestClient) -> None:
    res = client.post("/api/ask/stream", json={"question": ""})
    assert res.status_code == 422 and res.headers["content-type"].startswith("application/json")


# --- draft reply -------------------------------------------------------------------------------
EMAIL = """Hi CASE team,

We are a university planning new ultrasound courses.
- Can CASE accredit a course that teaches gender-reveal scanning?
- What is social scanning?

Kind regards,
Priya Shah
Programme Lead | priya.shah@example.ac.uk | 07700 900123

On Mon, 3 May 2021 at 10:00, Someone <someone@example.org> wrote:
> Does CASE accredit individual sonographers?
"""


def test_draft_reply_answers_each_question_and_assembles_a_cited_draft(client: TestClient) -> None:
    res = client.post("/api/draft-reply", json={"email": EMAIL})
    assert res.status_code == 200, res.text
    body = res.json()
    asked = [q["question"] for q in body["questions"]]
    assert asked == ["Can CASE accredit a course that teaches gender-reveal scanning?", "What is social scanning?"]
    assert len(body["record_ids"]) == 2 and all(body["record_ids"])
    text = body["text"]
    assert text.startswith("Dear Priya,")
    assert text.rstrip().endswith("The CASE team")
    assert all(q in text for q in asked) and "individual sonographers" not in text
    for q in body["questions"]:
        assert q["answer"]["verdict"] in VERDICTS
    # every marker in the draft has a source, and every source quote is in its cited passage
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", text.split("Sources:")[0])}
    assert markers == {s["n"] for s in body["sources"]}
    passages = {c["id"]: c["passage"] for q in body["questions"] for c in q["answer"]["citations"]}
    for s in body["sources"]:
        assert s["quote"] in passages[s["id"]] and s["quote"] in text


@pytest.mark.parametrize(("payload", "code"), [
    ({"email": ""}, "invalid_request"),
    ({"email": "  \n "}, "invalid_request"),
    ({"email": 5}, "invalid_request"),
    ({}, "invalid_request"),
    ({"email": "Can CASE accredit this? " * 1000}, "email_too_long"),
    ({"email": "Hi,\n\n> Only a quoted question?\n\nThanks\nJo"}, "no_questions"),
])
def test_draft_reply_rejects_bad_input(client: TestClient, payload: dict, code: str) -> None:
    res = client.post("/api/draft-reply", json=payload)
    assert res.status_code == 422 and res.json()["error"] == code


# --- feedback ----------------------------------------------------------------------------------
def test_feedback_is_recorded_with_contact_details_redacted(client: TestClient, workspace: Settings) -> None:
    record_id = _ask(client, GENDER_REVEAL)["record_id"]
    res = client.post("/api/feedback", json={"record_id": record_id, "rating": "down",
                                             "comment": "Wrong! Call me on 07700 900123 or mail a.b@example.com"})
    assert res.status_code == 201 and res.json()["status"] == "recorded"
    rows = _rows(workspace.records_db, "SELECT rating, comment FROM feedback WHERE exchange_id = ?", record_id)
    assert rows == [("down", "Wrong! Call me on [phone removed] or mail [email removed]")]


@pytest.mark.parametrize(("payload", "status"), [
    ({"record_id": "no-such-record", "rating": "up"}, 404),
    ({"record_id": "x", "rating": "meh"}, 422),
    ({"record_id": "x"}, 422),
    ({"record_id": "x", "rating": "up", "comment": "c" * 5000}, 422),
])
def test_feedback_rejects_bad_input(client: TestClient, payload: dict, status: int) -> None:
    res = client.post("/api/feedback", json=payload)
    assert res.status_code == status and res.json()["message"]


# --- admin -------------------------------------------------------------------------------------
def test_admin_endpoints_need_the_bearer_token(client: TestClient) -> None:
    missing = client.post("/api/admin/reindex")
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/admin/reindex", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["error"] == "forbidden"
    assert client.get("/api/admin/not-covered", headers={"Authorization": "Bearer nope"}).status_code == 403


def test_not_covered_export_lists_uncovered_questions(client: TestClient) -> None:
    _ask(client, OFF_TOPIC)
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    body = client.get("/api/admin/not-covered", headers=auth).json()
    assert OFF_TOPIC in [row["question"] for row in body["questions"]]
    csv_text = client.get("/api/admin/not-covered?format=csv", headers=auth).text
    assert csv_text.splitlines()[0] == "created_at,channel,question,standalone_question,id" and OFF_TOPIC in csv_text


def test_reindex_serves_the_new_build(client: TestClient, workspace: Settings, write_statement) -> None:
    before = client.get("/api/health").json()
    write_statement(workspace.corpus_dir, "preceptorship-2024", [
        "CASE expects every accredited course to provide a named clinical preceptor for each trainee."],
        title="Clinical Preceptors", issued="2024-02")
    res = client.post("/api/admin/reindex", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert res.status_code == 200, res.text
    after = client.get("/api/health").json()
    assert after["build_id"] == res.json()["build_id"] != before["build_id"]
    assert {d["slug"] for d in after["documents"]} == {d["slug"] for d in before["documents"]} | {"preceptorship-2024"}
    answer = _ask(client, "Does every accredited course need a named clinical preceptor for each trainee?")
    assert any(c["id"].startswith("preceptorship-2024#") for c in answer["citations"]), answer
    assert after["coverage_model"]["rules_only"] == ["preceptorship-2024"]  # the learned check never saw it


def test_a_bad_coverage_weights_file_is_reported_by_health_not_a_crash(workspace: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "coverage.json"
    bad.write_text('{"weights": [1, 2]}', encoding="utf-8")
    settings = workspace.model_copy(update={"coverage_model": str(bad)})
    with TestClient(create_app(settings, _limits()), raise_server_exceptions=False) as c:
        body = c.get("/api/health").json()
        assert body["status"] == "degraded" and body["index_loaded"] is True
        assert body["coverage_model"]["active"] is False and str(bad) in body["coverage_model"]["error"]
        assert str(bad) in body["problem"]
        res = c.post("/api/ask", json={"question": GENDER_REVEAL})
        assert res.status_code == 503, res.text


def test_reindex_is_disabled_without_a_configured_token(workspace: Settings) -> None:
    settings = workspace.model_copy(update={"admin_token": None})
    with TestClient(create_app(settings, _limits()), raise_server_exceptions=False) as c:
        res = c.post("/api/admin/reindex", headers={"Authorization": "Bearer anything"})
        assert res.status_code == 403 and res.json()["error"] == "admin_disabled"


# --- protection --------------------------------------------------------------------------------
def test_rate_limit_answers_429_with_retry_after(workspace: Settings) -> None:
    with TestClient(create_app(workspace, _limits(rate_limit_per_minute=6, rate_limit_burst=2)),
                    raise_server_exceptions=False) as c:
        codes = [c.post("/api/feedback", json={"record_id": "x", "rating": "up"}).status_code for _ in range(3)]
        assert codes == [404, 404, 429]
        limited = c.post("/api/ask", json={"question": GENDER_REVEAL})
        assert limited.status_code == 429 and limited.json()["error"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 10
        assert c.get("/api/health").status_code == 200  # health checks are never limited


def test_beyond_the_answer_queue_the_api_says_busy_with_retry_after_and_loses_nothing(workspace: Settings) -> None:
    """One answer runs, max_queued_answers wait; the next API request gets a clean 429 'busy' at
    once (plain, streaming and drafting alike) instead of joining an unbounded queue."""
    with TestClient(create_app(workspace, _limits(max_queued_answers=1)), raise_server_exceptions=False) as c:
        svc = c.app.state.services
        first: list = []
        with svc._ask_lock:  # the running answer is stuck until we let go
            waiting = [threading.Thread(target=lambda: first.append(c.post("/api/ask", json={"question": GENDER_REVEAL})))
                       for _ in range(2)]
            for t in waiting:
                t.start()
            deadline = time.monotonic() + 10
            while svc._pending < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert svc._pending == 2  # one would run, one is queued: the queue is full
            for path, body in (("/api/ask", {"question": GENDER_REVEAL}),
                               ("/api/ask/stream", {"question": GENDER_REVEAL}),
                               ("/api/draft-reply", {"email": "Hello, " + GENDER_REVEAL})):
                got: list = []
                probe = threading.Thread(target=lambda: got.append(c.post(path, json=body)))
                probe.start()
                probe.join(10)  # a request that queued instead would hang here until the lock is let go
                assert got, f"{path} waited in the queue instead of answering busy"
                busy = got[0]
                assert busy.status_code == 429, (path, busy.text)
                assert busy.json()["error"] == "busy" and "busy" in busy.json()["message"]
                assert int(busy.headers["retry-after"]) >= 1
        for t in waiting:
            t.join(30)
        assert [r.status_code for r in first] == [200, 200]  # the admitted ones were answered
        assert svc._pending == 0
        assert c.post("/api/ask", json={"question": GENDER_REVEAL}).status_code == 200


def test_chat_entry_points_share_the_rate_limit_and_have_a_body_limit(workspace: Settings) -> None:
    limits = _limits(rate_limit_per_minute=6, rate_limit_burst=2, max_chat_body_bytes=50_000)
    with TestClient(create_app(workspace, limits), raise_server_exceptions=False) as c:
        too_big = c.post("/gradio_api/queue/join", content=b"{" + b" " * 60_000 + b"}",
                         headers={"Content-Type": "application/json"})
        assert too_big.status_code == 413  # also spent a token
        assert c.post("/api/feedback", json={"record_id": "x", "rating": "up"}).status_code == 404
        limited = c.post("/gradio_api/queue/join", json={})
        assert limited.status_code == 429 and limited.headers["retry-after"]


def test_cors_allows_only_configured_origins(client: TestClient) -> None:
    ok = client.post("/api/ask", json={"question": GENDER_REVEAL}, headers={"Origin": "http://allowed.example"})
    assert ok.headers.get("access-control-allow-origin") == "http://allowed.example"
    other = client.post("/api/ask", json={"question": GENDER_REVEAL}, headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = client.options("/api/ask/stream", headers={
        "Origin": "http://allowed.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-assistant-channel"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://allowed.example"
    # The widget reads Retry-After from a 429 'busy' on another origin only if it is exposed.
    assert "retry-after" in ok.headers.get("access-control-expose-headers", "").lower()
    rejected = client.options("/api/ask", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert rejected.status_code == 400


def test_unexpected_errors_are_json_without_a_stack_trace(workspace: Settings) -> None:
    app = create_app(workspace, _limits())

    @app.get("/api/explode")
    def explode() -> None:
        raise RuntimeError("secret detail /srv/credentials")

    app.router.routes.insert(0, app.router.routes.pop())  # before the gradio mount at /
    with TestClient(app, raise_server_exceptions=False) as c:
        res = c.get("/api/explode")
    assert res.status_code == 500
    assert res.json() == {"error": "internal_error",
                          "message": "Something went wrong on our side; the error has been logged."}
    assert "secret" not in res.text and "Traceback" not in res.text


def test_without_an_index_the_app_starts_degraded_and_says_so(workspace: Settings, tmp_path: Path) -> None:
    settings = workspace.model_copy(update={"index_dir": tmp_path / "no-index", "records_db": tmp_path / "r.sqlite3"})
    with TestClient(create_app(settings, _limits()), raise_server_exceptions=False) as c:
        health = c.get("/api/health").json()
        assert health["status"] == "degraded" and health["index_loaded"] is False
        res = c.post("/api/ask", json={"question": GENDER_REVEAL})
        assert res.status_code == 503 and res.json()["error"] == "index_not_loaded"
        assert c.post("/api/ask/stream", json={"question": GENDER_REVEAL}).status_code == 503


def test_startup_purges_records_past_retention(workspace: Settings, tmp_path: Path) -> None:
    from assistant.answer import Answer
    from assistant.records import Records

    db = tmp_path / "old.sqlite3"
    records = Records(db)
    old = records.record_answer(Answer(question="old question", verdict=Verdict.INFO, answer="a"))
    fresh = records.record_answer(Answer(question="fresh question", verdict=Verdict.INFO, answer="a"))
    with sqlite3.connect(db) as con:
        con.execute("UPDATE exchanges SET created_at = '2001-01-01T00:00:00+00:00' WHERE id = ?", (old,))
    settings = workspace.model_copy(update={"records_db": db, "retention_days": 30})
    with TestClient(create_app(settings, _limits()), raise_server_exceptions=False):
        pass
    assert [r[0] for r in _rows(db, "SELECT id FROM exchanges")] == [fresh]


def test_records_are_purged_again_while_the_app_runs(workspace: Settings, tmp_path: Path, monkeypatch) -> None:
    import time

    import assistant.web.app as web_app
    from assistant.answer import Answer
    from assistant.records import Records

    monkeypatch.setattr(web_app, "PURGE_EVERY_S", 0.2)  # "daily", compressed
    db = tmp_path / "running.sqlite3"
    settings = workspace.model_copy(update={"records_db": db, "retention_days": 30})
    with TestClient(create_app(settings, _limits()), raise_server_exceptions=False):
        records = Records(db)
        stale = records.record_answer(Answer(question="stale", verdict=Verdict.INFO, answer="a"))
        with sqlite3.connect(db) as con:
            con.execute("UPDATE exchanges SET created_at = '2001-01-01T00:00:00+00:00' WHERE id = ?", (stale,))
        deadline = time.monotonic() + 10
        while _rows(db, "SELECT id FROM exchanges") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _rows(db, "SELECT id FROM exchanges") == []


def test_unusable_records_database_still_answers_and_says_feedback_cannot_be_kept(workspace: Settings, tmp_path: Path) -> None:
    settings = workspace.model_copy(update={"records_db": tmp_path})  # a directory: sqlite cannot open it
    with TestClient(create_app(settings, _limits()), raise_server_exceptions=False) as c:
        answer = c.post("/api/ask", json={"question": GENDER_REVEAL})
        assert answer.status_code == 200 and answer.json()["record_id"] is None
        feedback = c.post("/api/feedback", json={"record_id": "x", "rating": "up"})
        assert feedback.status_code == 503 and feedback.json()["error"] == "records_unavailable"
