"""Chat rendering escapes what users and documents wrote; the rate limiter's arithmetic; SSE chunks."""

from __future__ import annotations

import pytest

from assistant.answer import Answer, Citation, Verdict
from assistant.web.ratelimit import TokenBuckets
from assistant.web.render import answer_html, plain_text, safe_url, user_html
from assistant.web.streaming import text_chunks

EVIL = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def _answer(url: str = "https://example.org/s") -> Answer:
    quote = f"Quote with {EVIL} inside."
    passage = f"Before. {quote}"
    return Answer(question=EVIL, verdict=Verdict.NO, answer=f"No.\nCASE says: “{quote}” [1]", citations=[
        Citation(n=1, id="doc-2021#p4", document=f"Doc {EVIL}", issued="2021-05", url=url, quote=quote,
                 passage=passage, quote_start=8, quote_end=len(passage))])


def test_answer_html_escapes_answer_quote_and_document_title() -> None:
    html = answer_html(_answer())
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert '<span class="verdict-badge verdict-no">No</span>' in html
    assert "<summary>[1] Doc &lt;img" in html and "issued May 2021, paragraph 4</summary>" in html
    assert "\n\n" not in html  # one HTML block for the chat's Markdown renderer


def test_user_message_is_escaped() -> None:
    assert user_html(EVIL + "\nline two") == (
        '<div class="question-text">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
        "&lt;script&gt;alert(2)&lt;/script&gt;<br>line two</div>")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "JaVaScRiPt:alert(1)", "//evil"])
def test_only_http_links_are_rendered(url: str) -> None:
    assert safe_url(url) is None
    html = answer_html(_answer(url))
    assert "href" not in html and "Read the statement" not in html


def test_streaming_render_shows_badge_and_partial_text_without_citations() -> None:
    html = answer_html(_answer(), text="No.", citations=False)
    assert "verdict-badge" in html and "answer-streaming" in html and "details" not in html
    assert "answer-complete" in answer_html(_answer())


def test_plain_text_copy_lists_sources() -> None:
    text = plain_text(_answer())
    assert text.startswith("No.\nCASE says:")  # the verdict is not repeated when the answer opens with it
    assert plain_text(Answer(question="q", verdict=Verdict.INFO, answer="CASE says x.")).startswith("Information.\n\nCASE says x.")
    assert text.endswith("[1] Doc " + EVIL + " (issued May 2021), paragraph 4: “Quote with " + EVIL
                         + " inside.” https://example.org/s")


def test_text_chunks_rejoin_exactly_and_break_on_words() -> None:
    text = "No.\nThe reason, in the statement, CASE says: “CASE will not accredit courses.” [1]  end"
    chunks = list(text_chunks(text, size=10))
    assert "".join(chunks) == text and len(chunks) > 3
    assert all(c[-1].isspace() or c is chunks[-1] for c in chunks)
    assert list(text_chunks("")) == []


def test_token_bucket_allows_a_burst_then_waits_for_refill() -> None:
    buckets = TokenBuckets(per_minute=60, burst=3)  # one token a second
    assert [buckets.take("a", now=100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a", now=100.0) == pytest.approx(1.0)
    assert buckets.take("b", now=100.0) == 0.0  # clients are independent
    assert buckets.take("a", now=100.5) == pytest.approx(0.5)
    assert buckets.take("a", now=101.0) == 0.0
    assert buckets.take("a", now=200.0) == 0.0 and buckets.take("a", now=200.0) == 0.0  # refilled, capped at burst
