"""Web entry point: python app.py [--port N] [--host H]  (PORT or ASSISTANT_PORT also set the port).

One process serves the chat at /, the HTTP API under /api (docs at /docs) and the widget at
/widget.js and /embed.
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
    args = parser.parse_args()
    # Client addresses (for the per-client rate limit) come from X-Forwarded-For only when the
    # request arrives from a trusted proxy: uvicorn's FORWARDED_ALLOW_IPS, by default 127.0.0.1.
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info",
                proxy_headers=True, server_header=False, timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
