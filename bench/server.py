"""The app as a real subprocess on loopback: cold start, concurrent clients, peak memory."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from .stats import summary

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    """Every descendant of pid (workers a server may fork), read from /proc."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of pid plus its descendants, in MB."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1) if total else None


class AppServer:
    """`python app.py --port N` with the given environment; use as a context manager."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **env}
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self.spawned_at = 0.0

    def __enter__(self) -> "AppServer":
        self._log = open(self.log_path, "wb")
        self.spawned_at = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "app.py", "--port", str(self.port), "--host", "127.0.0.1"],
            cwd=REPO, env=self.env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()

    def wait_healthy(self, timeout_s: float = 180) -> float:
        """Seconds from spawn until /api/health answers 200."""
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app.py exited with {self.proc.returncode}; see {self.log_path}")
            try:
                r = httpx.get(self.url + "/api/health", timeout=2)
            except httpx.HTTPError:
                time.sleep(0.05)
                continue
            if r.status_code == 200:
                body = r.json()
                if body.get("status", "ok") != "ok":
                    raise RuntimeError(f"app.py is up but not ready: {body.get('problem') or body}")
                return time.perf_counter() - self.spawned_at
            time.sleep(0.05)
        raise TimeoutError(f"app.py not healthy after {timeout_s}s; see {self.log_path}")

    def peak_rss_mb(self) -> float | None:
        return peak_rss_mb(self.proc.pid)


def ask_fields(url: str) -> set[str]:
    """Fields the running app's POST /api/ask body accepts (from its OpenAPI schema)."""
    spec = httpx.get(url + "/openapi.json", timeout=10).json()
    body = spec["paths"]["/api/ask"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in body:
        body = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    return set(body.get("properties", {}))


def cold_start(server: AppServer, question: str, body_extra: dict) -> dict:
    healthy_s = server.wait_healthy()
    r = httpx.post(server.url + "/api/ask", json={"question": question, **body_extra}, timeout=120)
    r.raise_for_status()
    return {"healthy_s": round(healthy_s, 2), "first_answer_s": round(time.perf_counter() - server.spawned_at, 2)}


def warm_up(url: str, questions: list[str]) -> None:
    """Ask every question once, so the load test measures a warm server."""
    with httpx.Client(timeout=120) as http:
        for q in questions:
            http.post(url + "/api/ask", json={"question": q})


async def _client(http: httpx.AsyncClient, url: str, questions: list[str], start: int, deadline: float,
                  body_extra: dict, out: dict) -> None:
    i = start
    while time.perf_counter() < deadline:
        q = questions[i % len(questions)]
        i += 1
        started = time.perf_counter()
        try:
            r = await http.post(url + "/api/ask", json={"question": q, **body_extra})
        except httpx.TimeoutException:
            out["timeouts"] += 1
            continue
        except httpx.HTTPError as exc:
            out["errors"] += 1
            out["error_samples"].append(f"{type(exc).__name__}: {exc}"[:200])
            continue
        ms = (time.perf_counter() - started) * 1000
        if r.status_code == 200:
            out["latencies"].append(ms)
        elif r.status_code == 429:
            out["rejected_429"] += 1
            retry = r.headers.get("retry-after")
            await asyncio.sleep(min(float(retry), 1.0) if retry and retry.replace(".", "", 1).isdigit() else 0.1)
        else:
            out["errors"] += 1
            out["error_samples"].append(f"HTTP {r.status_code}: {r.text[:150]}")


async def _load(url: str, clients: int, seconds: float, questions: list[str], body_extra: dict, timeout_s: float) -> dict:
    out = {"latencies": [], "rejected_429": 0, "errors": 0, "timeouts": 0, "error_samples": []}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=timeout_s, limits=limits) as http:
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*[_client(http, url, questions, c * 7, deadline, body_extra, out) for c in range(clients)])
        elapsed = time.perf_counter() - started
    lat = out.pop("latencies")
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "answered": len(lat),
        "throughput_rps": round(len(lat) / elapsed, 2),
        **(summary(lat) if lat else {}),
        **out,
        "error_samples": out["error_samples"][:5],
    }


def concurrency(url: str, levels: list[int], seconds: float, questions: list[str], body_extra: dict,
                timeout_s: float = 30.0, log=print) -> list[dict]:
    results = []
    for clients in levels:
        log(f"  {clients} client(s) for {seconds:.0f}s")
        results.append(asyncio.run(_load(url, clients, seconds, questions, body_extra, timeout_s)))
    return results
