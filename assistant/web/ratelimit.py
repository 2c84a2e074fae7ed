"""Per-client rate limit on the API: a token bucket per client address, 429 with Retry-After."""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

_MAX_CLIENTS = 10_000
# The HTTP API, and the chat's own entry points (one bucket per client for both, so the chat
# cannot be used to get round the API's limit).
LIMITED = ("/api/", "/gradio_api/queue/join", "/gradio_api/call/", "/gradio_api/run/")  # buckets kept; idle ones are dropped first when the table is full


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """rate tokens per second, up to burst; take() says how long to wait when empty."""

    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        """0 when the request may go ahead; otherwise the seconds until it may."""
        now = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.get(client)
            if bucket is None:
                if len(self._buckets) >= _MAX_CLIENTS:
                    self._drop_idle(now)
                bucket = self._buckets[client] = _Bucket(float(self.burst), now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self.rate

    def _drop_idle(self, now: float) -> None:
        full_after = self.burst / self.rate
        for key in [k for k, b in self._buckets.items() if now - b.updated >= full_after]:
            del self._buckets[key]
        if len(self._buckets) >= _MAX_CLIENTS:  # all busy: forget the oldest half
            for key in sorted(self._buckets, key=lambda k: self._buckets[k].updated)[: _MAX_CLIENTS // 2]:
                del self._buckets[key]


class RateLimitMiddleware:
    """Limits requests under the given path prefix; exempt paths (health checks) pass freely."""

    def __init__(self, app: ASGIApp, per_minute: float, burst: int, prefixes: tuple[str, ...] = LIMITED,
                 exempt: tuple[str, ...] = ("/api/health",)) -> None:
        self.app = app
        self.enabled = per_minute > 0
        self.buckets = TokenBuckets(per_minute, burst) if self.enabled else None
        self.prefixes = prefixes
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or not self.enabled or not path.startswith(self.prefixes)
                or path in self.exempt or scope.get("method") == "OPTIONS"):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.buckets.take(client)
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        retry = max(1, math.ceil(wait))
        body = json.dumps({"error": "rate_limited",
                           "message": f"Too many requests; try again in {retry} second(s)."}).encode()
        await send({"type": "http.response.start", "status": 429,
                    "headers": [(b"content-type", b"application/json"), (b"retry-after", str(retry).encode()),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
