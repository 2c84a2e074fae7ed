"""Web entry point: python app.py [--port N] [--host H] [--workers N]  (PORT or ASSISTANT_PORT also
set the port; WEB_CONCURRENCY the workers).

Each worker process serves the chat at /, the HTTP API under /api (docs at /docs) and the widget at
/widget.js and /embed, with its own copy of the models; all share the index folder and the records
database. Several workers suit the API and the widget (each request stands alone); the gradio chat
keeps a session in the worker that started it, so put chat users behind sticky sessions or run it
with one worker.
"""

from __future__ import annotations

import argparse
import os

from assistant import offline  # noqa: F401  (before any model code)

import uvicorn

from assistant.settings import get_settings
from assistant.web import create_app


def main() -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description="CASE position statements assistant (web)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", settings.port)))
    parser.add_argument("--host", default=settings.host, help="default 127.0.0.1 (ASSISTANT_HOST)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1")),
                        help="worker processes (default 1; each loads the models, ~0.6 GB)")
    args = parser.parse_args()
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    # Client addresses (for the per-client rate limit) come from X-Forwarded-For only when the
    # request arrives from a trusted proxy: uvicorn's FORWARDED_ALLOW_IPS, by default 127.0.0.1.
    common = dict(host=args.host, port=args.port, log_level="info", proxy_headers=True, server_header=False,
                  timeout_graceful_shutdown=5)
    if args.workers == 1:
        uvicorn.run(create_app(settings), **common)
    else:  # uvicorn starts each worker from an import string; each builds its app from the environment
        uvicorn.run("assistant.web:create_app", factory=True, workers=args.workers, **common)


if __name__ == "__main__":
    main()
