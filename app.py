"""Web entry point (minimal chat until the web issue lands): python app.py [--port N]."""

from __future__ import annotations

import argparse
import os

from assistant import offline  # noqa: F401

import gradio as gr

from assistant.pipeline import Pipeline
from assistant.settings import get_settings


def main() -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", settings.port)))
    parser.add_argument("--host", default=settings.host)
    args = parser.parse_args()
    pipeline = Pipeline(settings)

    def respond(message: str, history: list) -> str:
        answer = pipeline.ask(message, history)
        sources = "\n".join(f"[{c.n}] {c.document} ({c.issued}) {c.id}" for c in answer.citations)
        return f"**{answer.verdict.value}**\n\n{answer.answer}\n\n{sources}".strip()

    gr.ChatInterface(respond, title="CASE position statements").launch(server_name=args.host, server_port=args.port)


if __name__ == "__main__":
    main()
