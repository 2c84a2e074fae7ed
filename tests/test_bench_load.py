"""The concurrency client counts answers, clean 429 rejections and real errors apart.

Runs against a real HTTP server on loopback (a tiny FastAPI app under uvicorn) whose replies
cycle through 200, 429 and 500, so each kind of outcome is known in advance."""

from __future__ import annotations

import asyncio
import itertools
import os
import threading
import time

import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from bench.server import _load, free_port, peak_rss_mb


def _serve(app: FastAPI) -> tuple[uvicorn.Server, str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.time() + 10
    while not server.started and time.time() < deadline:
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{port}"


def test_load_counts_answers_rejections_and_errors() -> None:
    replies = itertools.cycle([200, 200, 429, 500])
    seen: list[int] = []
    app = FastAPI()

    @app.post("/api/ask")
    async def ask(body: dict) -> JSONResponse:
        status = next(replies)
        seen.append(status)
        return JSONResponse({"question": body["question"]}, status_code=status, headers={"Retry-After": "0"} if status == 429 else None)

    server, url = _serve(app)
    try:
        result = asyncio.run(_load(url, clients=3, seconds=1.0, questions=["a", "b"], body_extra={}, timeout_s=5))
    finally:
        server.should_exit = True
    assert len(seen) > 8
    assert result["answered"] == seen.count(200)
    assert result["rejected_429"] == seen.count(429)
    assert result["errors"] == seen.count(500) > 0
    assert result["timeouts"] == 0
    assert all(s.startswith("HTTP 500") for s in result["error_samples"])
    assert result["throughput_rps"] > 0 and result["p95_ms"] >= result["p50_ms"]


def test_load_counts_timeouts_separately() -> None:
    app = FastAPI()

    @app.post("/api/ask")
    async def ask(body: dict) -> dict:
        await asyncio.sleep(0.5)
        return {}

    server, url = _serve(app)
    try:
        result = asyncio.run(_load(url, clients=2, seconds=0.5, questions=["a"], body_extra={}, timeout_s=0.1))
    finally:
        server.should_exit = True
    assert result["timeouts"] >= 2 and result["answered"] == 0 and result["errors"] == 0


def test_peak_rss_of_this_process() -> None:
    peak = peak_rss_mb(os.getpid())
    assert peak is not None and peak > 10
