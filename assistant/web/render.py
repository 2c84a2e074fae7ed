"""Answers as HTML for the chat and as plain text for copying.

Everything that comes from a user or a document is escaped here; the chat's own sanitiser is a
second line of defence, not the first. The HTML has no blank lines so the chat's Markdown
renderer keeps it as one HTML block and never reinterprets the quoted text.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlparse

from ..answer import Answer, Citation, Verdict
from ..compose import issued_words

VERDICT_LABELS = {
    Verdict.YES: "Yes",
    Verdict.NO: "No",
    Verdict.DEPENDS: "It depends",
    Verdict.INFO: "Information",
    Verdict.NOT_COVERED: "Not covered by the statements",
    Verdict.REFUSED: "Can't help with that",
}


def paragraph_label(passage_id: str) -> str:
    """"social-scanning-2021#p4" -> "paragraph 4"."""
    _, _, para = passage_id.partition("#p")
    return f"paragraph {para}" if para.isdigit() else passage_id


def safe_url(url: str) -> str | None:
    """Only http(s) links are shown: a document's URL must not become a javascript: link."""
    return url if urlparse(url).scheme in {"http", "https"} else None


def badge(verdict: Verdict) -> str:
    return (f'<span class="verdict-badge verdict-{escape(verdict.value)}">'
            f"{escape(VERDICT_LABELS.get(verdict, verdict.value))}</span>")


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def citation_html(c: Citation) -> str:
    link = safe_url(c.url)
    source = (f'<a class="citation-link" href="{escape(link)}" target="_blank" rel="noopener noreferrer">'
              f"Read the statement</a>") if link else ""
    return (
        f'<details class="citation">'
        f"<summary>[{c.n}] {escape(c.document)}, issued {escape(issued_words(c.issued))}, "
        f"{escape(paragraph_label(c.id))}</summary>"
        f'<blockquote class="citation-quote">{escape(c.quote)}</blockquote>'
        f'<div class="citation-meta">Passage <code>{escape(c.id)}</code>. {source}</div>'
        f"</details>"
    )


def answer_html(answer: Answer, text: str | None = None, citations: bool = True) -> str:
    """The assistant message: badge, answer text (or the part streamed so far), citations."""
    body = answer.answer if text is None else text
    # classes, not data- attributes: the chat's sanitiser keeps only the former; "complete" marks
    # the final render (whole text and citations), for people and tests waiting on it
    state = "complete" if text is None and citations else "streaming"
    parts = [f'<div class="answer answer-{escape(answer.verdict.value)} answer-{state}">', badge(answer.verdict),
             f'<div class="answer-text">{_text(body)}</div>']
    if citations and answer.citations:
        parts.append('<div class="citations">' + "".join(citation_html(c) for c in answer.citations) + "</div>")
    parts.append("</div>")
    return "".join(parts)


def user_html(question: str) -> str:
    """The user's own words, shown as text whatever they contain."""
    return f'<div class="question-text">{_text(question)}</div>'


def plain_text(answer: Answer) -> str:
    """For copying into an email or a document."""
    label = f"{VERDICT_LABELS.get(answer.verdict, answer.verdict.value)}."
    lines = [answer.answer] if answer.answer.startswith(label) else [label, "", answer.answer]
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.document} (issued {issued_words(c.issued)}), {paragraph_label(c.id)}: "
                         f"“{c.quote}” {c.url}")
    return "\n".join(lines)
