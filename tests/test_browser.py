"""The real app in a real browser: uvicorn in a subprocess on a free loopback port over a temp
index, Debian's chromium driven by Playwright, and a host page served from another port.

Screenshots of the chat, the email view and the widget go to docs/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import os
import sqlite3
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.server import free_port
from conftest import REPO_ROOT, stop, wait_until_serving

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("chromium is not installed (bash scripts/install-browser.sh)", allow_module_level=True)

from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
GENDER_REVEAL = "Can CASE accredit a course that teaches gender-reveal scanning?"
XSS = '<img src=x onerror="window.__xss=1;alert(1)"> can CASE accredit social scanning courses?'
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)


@dataclass
class Server:
    url: str
    records_db: Path
    host_url: str


def _index_loaded(url: str) -> bool:
    with urllib.request.urlopen(f"{url}/api/health", timeout=2) as res:
        return bool(json.load(res)["index_loaded"])


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def server(built_settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("browser")
    port, host_port = free_port(), free_port()
    url, host_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{host_port}"

    # The example host page, pointed at this test's app, served from another origin.
    site = root / "site"
    site.mkdir()
    page = (REPO_ROOT / "examples" / "host-page.html").read_text(encoding="utf-8").replace("http://127.0.0.1:7860", url)
    (site / "index.html").write_text(page, encoding="utf-8")
    (site / "iframe.html").write_text(page.replace("defer\n", 'defer data-mode="iframe"\n'), encoding="utf-8")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", host_port),
                                            functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_CORPUS_DIR=str(built_settings.corpus_dir), ASSISTANT_INDEX_DIR=str(built_settings.index_dir),
               ASSISTANT_RECORDS_DB=str(root / "records.sqlite3"), ASSISTANT_LLM="none",
               ASSISTANT_ALLOWED_ORIGINS=json.dumps([host_url]), ASSISTANT_RATE_LIMIT_PER_MINUTE="600",
               ASSISTANT_RATE_LIMIT_BURST="100", PYTHONUNBUFFERED="1")
    log = root / "app.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=REPO_ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(proc, lambda: _index_loaded(url), log, "app", 180)
        yield Server(url, root / "records.sqlite3", host_url)
    finally:
        stop(proc)
        httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A fresh page, and the messages of any dialog (alert/confirm) it opened."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg, dialogs
    context.close()


def _shot(pg: Page, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def _ask_in_chat(pg: Page, question: str) -> None:
    box = pg.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


# --- the chat ----------------------------------------------------------------------------------
def test_chat_answers_with_a_verdict_badge_and_an_expandable_verbatim_citation(page, server: Server, pipeline) -> None:
    pg, dialogs = page
    external: list[str] = []
    pg.on("request", lambda r: external.append(r.url) if not r.url.startswith(server.url) else None)
    pg.goto(server.url + "/")
    expect(pg.locator("#statements-line")).to_contain_text("Social Scanning (issued May 2021)")
    expect(pg.locator("#statements-line")).to_contain_text("CASE itself decides")
    _ask_in_chat(pg, GENDER_REVEAL)
    expect(pg.locator("#chat .answer-complete")).to_have_count(1)
    citation = pg.locator("#chat details.citation").first
    badge = pg.locator("#chat .verdict-badge").last
    expect(badge).to_have_text(re.compile(r"\S"))
    quote = citation.locator("blockquote.citation-quote")
    expect(quote).to_be_hidden()  # collapsed until opened
    citation.locator("summary").click()
    expect(quote).to_be_visible()
    passage_id = citation.locator("code").inner_text()
    assert quote.inner_text().strip() in pipeline.kb.passages[passage_id].text
    expect(citation.locator("summary")).to_contain_text("issued May 2021")
    assert citation.locator("a.citation-link").get_attribute("href").startswith("https://")
    # the plain-text copy of the answer carries the quote and its source
    pg.get_by_text("Copy the last answer as plain text").click()
    expect(pg.locator("#plain-answer textarea")).to_have_value(re.compile("Sources:"))
    _shot(pg, "chat.png")
    assert dialogs == [] and external == []  # works offline: no fonts, scripts or analytics from elsewhere


def test_chat_thumbs_and_comment_are_recorded(page, server: Server) -> None:
    pg, _ = page
    pg.goto(server.url + "/")
    pg.get_by_role("button", name="What is social scanning?").click()  # an example question
    box = pg.locator("#question textarea")
    expect(box).to_have_value("What is social scanning?")
    box.press("Enter")
    expect(pg.locator("#chat .answer-complete")).to_have_count(1)
    pg.locator("#chat button[aria-label='Dislike']").last.click()
    expect(pg.locator("#feedback-status")).to_contain_text("Thanks for the feedback")
    pg.locator("#feedback-comment textarea").fill("The second quote is off topic; mail me at x@example.org")
    pg.locator("#feedback-send").click()
    expect(pg.locator("#feedback-status")).to_contain_text("Comment saved")
    with sqlite3.connect(server.records_db) as con:
        rows = con.execute("SELECT e.question, e.channel, f.rating, f.comment FROM feedback f "
                           "JOIN exchanges e ON e.id = f.exchange_id").fetchall()
    assert ("What is social scanning?", "chat", "down",
            "The second quote is off topic; mail me at [email removed]") in rows


def test_chat_follow_up_uses_the_conversation(page, server: Server) -> None:
    pg, _ = page
    pg.goto(server.url + "/")
    _ask_in_chat(pg, GENDER_REVEAL)
    expect(pg.locator("#chat .answer-complete")).to_have_count(1)
    _ask_in_chat(pg, "and what about focused courses?")
    expect(pg.locator("#chat .answer-complete")).to_have_count(2)
    with sqlite3.connect(server.records_db) as con:
        standalone = con.execute("SELECT standalone_question FROM exchanges WHERE question = ? "
                                 "ORDER BY created_at DESC LIMIT 1", ("and what about focused courses?",)).fetchone()[0]
    assert standalone and re.search(r"gender|social scanning|accredit", standalone, re.IGNORECASE)


def test_chat_shows_markup_in_a_question_as_text_and_runs_nothing(page, server: Server) -> None:
    pg, dialogs = page
    pg.goto(server.url + "/")
    _ask_in_chat(pg, XSS)
    expect(pg.locator("#chat .answer-complete")).to_have_count(1)
    expect(pg.locator("#chat .question-text")).to_have_text(XSS)
    pg.wait_for_timeout(500)
    assert pg.locator("#chat img[src='x']").count() == 0
    assert pg.evaluate("window.__xss") is None and dialogs == []


# --- email drafting ----------------------------------------------------------------------------
def test_email_view_drafts_an_editable_cited_reply(page, server: Server) -> None:
    pg, _ = page
    pg.goto(server.url + "/")
    pg.get_by_role("tab", name="Draft an email reply").click()
    pg.locator("#email-input textarea").fill(
        "Dear CASE,\n\nWe are planning new courses.\n- Can CASE accredit a course that teaches gender-reveal scanning?\n"
        "- What is social scanning?\n\nKind regards,\nPriya Shah\n\nOn Mon, 3 May 2021, X <x@example.org> wrote:\n"
        "> Does CASE accredit individual sonographers?\n")
    pg.locator("#draft-button").click()
    draft = pg.locator("#draft-output textarea")
    expect(draft).to_have_value(re.compile(r"^Dear Priya,"))
    text = draft.input_value()
    assert "1. You asked: “Can CASE accredit a course that teaches gender-reveal scanning?”" in text
    assert "2. You asked: “What is social scanning?”" in text
    assert "individual sonographers" not in text and "The CASE team" in text
    expect(pg.locator("#draft-breakdown .verdict-badge")).to_have_count(2)
    _shot(pg, "email.png", full_page=True)
    draft.fill(text + "\nP.S. edited by staff")  # the draft is editable
    expect(draft).to_have_value(re.compile("edited by staff"))


# --- the widget on another site ----------------------------------------------------------------
def _widget(pg: Page):
    return pg.locator("[data-case-assistant]")


def _ask_in_widget(pg: Page, question: str) -> None:
    widget = _widget(pg)
    widget.locator(".bubble").click()
    widget.locator("textarea").fill(question)
    widget.locator("textarea").press("Enter")


def test_widget_on_a_host_page_from_another_origin_answers(page, server: Server, pipeline) -> None:
    pg, dialogs = page
    pg.goto(server.host_url + "/index.html")
    assert server.host_url != server.url
    _ask_in_widget(pg, GENDER_REVEAL)
    answer = _widget(pg).locator(".msg.bot[data-state='done']")
    expect(answer).to_have_count(1)
    expect(answer.locator(".verdict")).to_have_text(re.compile(r"\S"))
    assert answer.locator(".text").inner_text().strip()
    citation = answer.locator("details.citation").first
    citation.locator("summary").click()
    quote = citation.locator("blockquote")
    expect(quote).to_be_visible()
    assert quote.inner_text().strip() in pipeline.kb.passages[citation.get_attribute("data-passage-id")].text
    _shot(pg, "widget.png")
    with sqlite3.connect(server.records_db) as con:
        assert con.execute("SELECT COUNT(*) FROM exchanges WHERE channel = 'widget' AND question = ?",
                           (GENDER_REVEAL,)).fetchone()[0] >= 1
    assert dialogs == []


def test_widget_waits_out_a_busy_server_and_then_answers(page, server: Server) -> None:
    """The first request meets a full answer queue (a 429 'busy' injected at the network layer,
    as the app sends it); the widget says so, waits Retry-After and asks the real app again."""
    pg, _ = page
    seen: list[str] = []

    def busy_once(route) -> None:  # noqa: ANN001 - a Playwright Route
        seen.append(route.request.method)
        if route.request.method == "POST" and seen.count("POST") == 1:
            route.fulfill(status=429, content_type="application/json",
                          headers={"Retry-After": "1", "Access-Control-Allow-Origin": server.host_url,
                                   "Access-Control-Expose-Headers": "Retry-After"},
                          body=json.dumps({"error": "busy", "message": "The assistant is busy."}))
        else:
            route.continue_()

    pg.route("**/api/ask/stream", busy_once)
    pg.goto(server.host_url + "/index.html")
    _ask_in_widget(pg, GENDER_REVEAL)
    expect(_widget(pg).locator(".msg.bot .text")).to_have_text(re.compile("busy; trying again in 1 s"))
    answer = _widget(pg).locator(".msg.bot[data-state='done']")
    expect(answer).to_have_count(1, timeout=15_000)
    assert answer.locator("details.citation").count() >= 1
    assert seen.count("POST") == 2


def test_widget_shows_markup_in_a_question_as_text_and_runs_nothing(page, server: Server) -> None:
    pg, dialogs = page
    pg.goto(server.host_url + "/index.html")
    _ask_in_widget(pg, XSS)
    expect(_widget(pg).locator(".msg.bot[data-state='done']")).to_have_count(1)
    expect(_widget(pg).locator(".msg.user")).to_have_text(XSS)
    pg.wait_for_timeout(500)
    assert _widget(pg).locator("img").count() == 0 and pg.locator("img").count() == 0
    assert pg.evaluate("window.__xss") is None and dialogs == []


def test_widget_on_an_origin_not_allowed_gets_no_answer(page, server: Server) -> None:
    pg, _ = page
    other_origin = server.host_url.replace("127.0.0.1", "localhost")  # same files, an origin not in the list
    pg.goto(other_origin + "/index.html")
    _ask_in_widget(pg, GENDER_REVEAL)
    reply = _widget(pg).locator(".msg.bot[data-state='error']")
    expect(reply).to_have_count(1)
    expect(reply.locator(".text")).to_have_text("Could not reach the assistant. Please try again later.")
    assert _widget(pg).locator("details.citation").count() == 0


def test_widget_iframe_mode_answers_inside_the_embed_page(page, server: Server) -> None:
    pg, _ = page
    pg.goto(server.host_url + "/iframe.html")
    frame = pg.frame_locator("iframe")
    frame.locator("[data-case-assistant] textarea").fill(GENDER_REVEAL)
    frame.locator("[data-case-assistant] textarea").press("Enter")
    expect(frame.locator("[data-case-assistant] .msg.bot[data-state='done'] details.citation").first).to_be_attached()


def test_openapi_docs_render_without_a_cdn(page, server: Server) -> None:
    pg, _ = page
    external: list[str] = []
    pg.on("request", lambda r: external.append(r.url) if not r.url.startswith(server.url) else None)
    pg.goto(server.url + "/docs")
    expect(pg.locator(".opblock-summary-path[data-path='/api/ask']")).to_be_visible()
    expect(pg.locator(".opblock-summary-path[data-path='/api/ask/stream']")).to_be_visible()
    assert external == []


# --- the gradio API ----------------------------------------------------------------------------
def test_gradio_client_talks_to_the_launched_app(server: Server) -> None:
    from gradio_client import Client

    client = Client(server.url + "/", verbose=False)
    chat, box, plain = client.predict(GENDER_REVEAL, api_name="/chat")
    assert box == ""
    last = chat[-1]
    assert last["role"] == "assistant" and "verdict-badge" in json.dumps(last["content"])
    assert plain.splitlines()[0].endswith(".") and "Sources:" in plain
    answer = client.predict(GENDER_REVEAL, [], api_name="/ask")
    assert answer["question"] == GENDER_REVEAL and answer["verdict"] and answer["record_id"]
    assert answer["citations"] and all(c["quote"] in c["passage"] for c in answer["citations"])
    assert client.predict("  ", [], api_name="/ask")["error"] == "invalid_request"
    draft, breakdown = client.predict("Hi,\nWhat is social scanning?\nThanks\nAl", api_name="/draft_reply")
    assert draft.startswith("Dear Al,") and "You asked: “What is social scanning?”" in draft
    assert "verdict-badge" in breakdown
