"""The gradio chat and email-drafting views, mounted at / by the web app.

Callbacks reach the shared Services (one Pipeline per process) at call time, because the
Pipeline is created in the app's lifespan, after this UI is built.
"""

from __future__ import annotations

import logging
import time
from html import escape
from typing import Any

import gradio as gr

from ..compose import issued_words
from ..drafting import Draft, NoQuestions, draft_reply
from ..records import UnknownExchange
from . import render
from .services import IndexNotLoaded, Services
from .streaming import text_chunks

log = logging.getLogger("assistant.web")

EXAMPLES = [
    "Can CASE accredit a course that teaches gender-reveal scanning?",
    "Will CASE accredit a focused course for social scanning?",
    "What is social scanning?",
    "Does CASE accredit individual sonographers?",
    "Why did CASE issue the social scanning statement?",
]
REMINDER = ("Answers quote CASE's position statements word for word; they are not a CASE decision. "
            "CASE itself decides on accreditation.")
_STREAM_PAUSE_S = 0.02  # lets the browser paint each chunk, so a long answer visibly streams

CSS = """
.verdict-badge { display:inline-block; padding:2px 10px; border-radius:999px; font-weight:600; font-size:0.85em;
  margin-bottom:6px; border:1px solid transparent; }
.verdict-yes { background:#e6f4ea; color:#137333; border-color:#137333; }
.verdict-no { background:#fce8e6; color:#a50e0e; border-color:#a50e0e; }
.verdict-depends { background:#fef7e0; color:#8a5300; border-color:#8a5300; }
.verdict-info { background:#e8f0fe; color:#174ea6; border-color:#174ea6; }
.verdict-not_covered, .verdict-refused { background:#f1f3f4; color:#3c4043; border-color:#5f6368; }
.answer-text { margin:4px 0 8px; }
details.citation { border-left:3px solid #9aa0a6; padding:2px 8px; margin:4px 0; }
details.citation summary { cursor:pointer; font-size:0.9em; }
blockquote.citation-quote { margin:6px 0; font-style:italic; }
.citation-meta { font-size:0.8em; opacity:0.8; }
#statements-line p { margin:0; }
"""


def _statements_line(svc: Services) -> str:
    docs = svc.documents()
    if not docs:
        return "**No statements are loaded** - an administrator must run `assistant index`."
    listed = "; ".join(f"{escape(d['title'])} (issued {issued_words(d['issued'])})" for d in docs
                       if d["status"] == "current")
    return f"**Statements loaded:** {listed}.  \n{REMINDER}"


def _problem(message: str) -> str:
    return f'<div class="answer answer-problem answer-complete">{escape(message)}</div>'


def _draft_breakdown(draft: Draft) -> str:
    """The questions found and the answer behind each, for staff to check before sending."""
    rows = []
    for i, item in enumerate(draft.questions, start=1):
        rows.append(f'<div class="draft-question"><p><strong>{i}. {escape(item.question)}</strong></p>'
                    f"{render.answer_html(item.answer)}</div>")
    notes = "".join(f"<p><em>{escape(n)}</em></p>" for n in draft.notes)
    return f'<div class="draft-breakdown">{notes}{"".join(rows)}</div>'


def build_ui(svc: Services) -> gr.Blocks:
    max_chars = svc.settings.max_question_chars

    def respond(message: str, chat: list, history: list, ids: dict) -> Any:
        message = (message or "").strip()
        if not message:
            yield chat, "", history, ids, gr.update()
            return
        chat = list(chat) + [{"role": "user", "content": render.user_html(message)},
                             {"role": "assistant", "content": '<div class="answer pending">Looking in the statements…</div>'}]
        yield chat, "", history, ids, gr.update()
        try:
            answer, record_id = svc.ask_and_record(message, history[-svc.limits.max_history_turns:], "chat")
        except IndexNotLoaded:
            chat[-1] = {"role": "assistant", "content": _problem("No statements are loaded yet; please try again later.")}
            yield chat, "", history, ids, gr.update()
            return
        except Exception:  # noqa: BLE001 - the chat shows a short message; the log has the detail
            log.exception("chat answer failed")
            chat[-1] = {"role": "assistant", "content": _problem("Something went wrong on our side; please try again.")}
            yield chat, "", history, ids, gr.update()
            return
        # verdict first, then the text in chunks, then the citations (as the API streams it)
        shown = ""
        chat[-1] = {"role": "assistant", "content": render.answer_html(answer, text="", citations=False)}
        yield chat, "", history, ids, gr.update()
        for chunk in text_chunks(answer.answer):
            shown += chunk
            time.sleep(_STREAM_PAUSE_S)
            chat[-1] = {"role": "assistant", "content": render.answer_html(answer, text=shown, citations=False)}
            yield chat, "", history, ids, gr.update()
        chat[-1] = {"role": "assistant", "content": render.answer_html(answer)}
        ids = {**ids, str(len(chat) - 1): record_id}
        history = history + [{"role": "user", "content": message}, {"role": "assistant", "content": answer.answer}]
        yield chat, "", history, ids, render.plain_text(answer)

    def rate(ids: dict, data: gr.LikeData) -> tuple[Any, str]:
        index = data.index if isinstance(data.index, int) else data.index[0]
        record_id = ids.get(str(index))
        if data.liked not in (True, False) or not record_id or svc.records is None:
            return None, ""
        try:
            feedback_id = svc.records.record_feedback(record_id, "up" if data.liked else "down")
        except UnknownExchange:
            return None, "That answer is no longer on record."
        return feedback_id, "Thanks for the feedback. Add a comment below if you like."

    def comment(feedback_id: int | None, text: str) -> tuple[str, str]:
        if not (text or "").strip():
            return text, "Write a comment first."
        if feedback_id is None or svc.records is None:
            return text, "Rate an answer with the thumbs first, then add your comment."
        svc.records.add_comment(feedback_id, text[:2000])
        return "", "Comment saved. Thank you."

    def make_draft(email: str) -> tuple[str, str]:
        email = email or ""
        if not email.strip():
            return "", "<p>Paste an email enquiry first.</p>"
        if len(email) > svc.limits.max_email_chars:
            return "", f"<p>The email is longer than {svc.limits.max_email_chars} characters; paste only the enquiry.</p>"
        try:
            draft = draft_reply(email, lambda q, h: svc.ask_and_record(q, h, "draft")[0], svc.limits.max_draft_questions)
        except NoQuestions as exc:
            return "", f"<p>{escape(str(exc))}</p>"
        except IndexNotLoaded:
            return "", "<p>No statements are loaded yet; please try again later.</p>"
        except Exception:  # noqa: BLE001 - short message for staff; the log has the detail
            log.exception("draft failed")
            return "", "<p>Something went wrong on our side; please try again.</p>"
        return draft.text, _draft_breakdown(draft)

    with gr.Blocks(title="CASE position statements assistant") as demo:
        gr.Markdown("# CASE position statements assistant")
        statements = gr.Markdown(elem_id="statements-line")
        history = gr.State([])
        ids = gr.State({})
        feedback_id = gr.State(None)
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                chatbot = gr.Chatbot(elem_id="chat", height=480, label="Conversation", buttons=["copy_all"], layout="bubble",
                                     feedback_options=("Like", "Dislike"),
                                     placeholder="Ask about CASE's position statements. " + REMINDER)
                with gr.Row():
                    box = gr.Textbox(show_label=False, placeholder="Ask a question…", scale=8, lines=1,
                                     max_length=max_chars, elem_id="question", autofocus=True)
                    ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-button")
                gr.Examples(examples=[[e] for e in EXAMPLES], inputs=[box], label="Example questions")
                with gr.Accordion("Copy the last answer as plain text", open=False):
                    plain = gr.Textbox(show_label=False, lines=8, interactive=False, buttons=["copy"],
                                       elem_id="plain-answer")
                with gr.Row():
                    note = gr.Textbox(label="Comment on your rating (optional)", scale=8, max_length=2000,
                                      elem_id="feedback-comment")
                    send_note = gr.Button("Send comment", scale=1, elem_id="feedback-send")
                status = gr.Markdown(elem_id="feedback-status")
                new_chat = gr.Button("New conversation", size="sm")
            with gr.Tab("Draft an email reply", id="draft"):
                gr.Markdown("Paste an enquiry. The assistant finds its questions, answers each from the statements "
                            "and drafts a reply for you to check, edit and send. " + REMINDER)
                email = gr.Textbox(label="Email enquiry", lines=10, max_length=svc.limits.max_email_chars,
                                   elem_id="email-input")
                draft_button = gr.Button("Draft a reply", variant="primary", elem_id="draft-button")
                draft_text = gr.Textbox(label="Draft reply (editable)", lines=18, interactive=True, buttons=["copy"],
                                        elem_id="draft-output")
                breakdown = gr.HTML(elem_id="draft-breakdown")

        outputs = [chatbot, box, history, ids, plain]
        # answers are serialised by the pipeline lock; a higher limit only lets streams interleave
        box.submit(respond, [box, chatbot, history, ids], outputs, api_name="chat", concurrency_limit=8)
        ask.click(respond, [box, chatbot, history, ids], outputs, api_visibility="private", concurrency_limit=8)
        chatbot.like(rate, [ids], [feedback_id, status], api_visibility="private")
        send_note.click(comment, [feedback_id, note], [note, status], api_visibility="private")
        new_chat.click(lambda: ([], [], {}, "", None), None, [chatbot, history, ids, plain, feedback_id],
                       api_visibility="private")
        draft_button.click(make_draft, [email], [draft_text, breakdown], api_name="draft_reply")
        demo.load(lambda: _statements_line(svc), None, statements, api_visibility="private")

        def ask(question: str, history: list[dict] | None = None) -> dict:
            """One question (and optional earlier turns) -> the Answer as JSON, for gradio_client users."""
            if not (question or "").strip():
                return {"error": "invalid_request", "message": "the question is empty"}
            turns = [t for t in (history or []) if isinstance(t, dict)][-svc.limits.max_history_turns:]
            answer, record_id = svc.ask_and_record(question, turns, "api")
            return {**answer.model_dump(mode="json"), "record_id": record_id}

        gr.api(ask, api_name="ask", concurrency_limit=8)
    return demo
