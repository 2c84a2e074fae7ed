"""The web app: HTTP API, gradio chat, email-drafting view, embeddable widget (`python app.py`).

Routes
  /                        the chat (gradio), with an "Draft an email reply" tab
  POST /api/ask            {"question", "history"} -> Answer JSON + record_id
  POST /api/ask/stream     server-sent events: verdict, chunk..., citations, done
  POST /api/draft-reply    {"email"} -> the draft text, its sources and the Answers behind it
  POST /api/feedback       {"record_id", "rating": "up"|"down", "comment"?}
  GET  /api/health         index loaded, documents and dates, model, build id
  POST /api/admin/reindex  Authorization: Bearer $ASSISTANT_ADMIN_TOKEN (disabled without one)
  GET  /api/admin/not-covered[?format=csv]  questions the statements did not answer
  /docs                    OpenAPI docs (served without a CDN)
  /widget.js, /embed       <script src=".../widget.js" data-mode="bubble|iframe"> on any page

Configuration (environment, prefix ASSISTANT_): HOST, PORT (or PORT / --port), ALLOWED_ORIGINS (JSON
list, e.g. '["https://help.example.org"]'), ADMIN_TOKEN, RECORDS_DB, RETENTION_DAYS,
RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST, MAX_BODY_BYTES, MAX_CHAT_BODY_BYTES, MAX_EMAIL_CHARS,
MAX_DRAFT_QUESTIONS, MAX_HISTORY_TURNS, BUILD_ID.
"""

from .app import create_app

__all__ = ["create_app"]
