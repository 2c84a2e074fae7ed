"""What the web app shares across requests: one Pipeline, the records store, the reindex lock.

Pipeline calls are blocking (embedding, vector search); callers run them in a threadpool. They are
serialised by a lock: an answer takes tens of milliseconds and torch already uses every core, so
the lock costs little and keeps the shared caches safe.

Admission: at most one answer runs and ``max_queued_answers`` (default none) wait. A request beyond that is told
"busy" with a Retry-After estimate (a 429) instead of waiting in an unbounded queue, so that the
answers that are served stay fast under a burst and no client waits into a timeout.
"""

from __future__ import annotations

import logging
import sqlite3
import math
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..answer import Answer
from ..indexer import IndexReport, build_index, manifest_path, read_manifest
from ..coverage_model import CoverageModelError, document_fingerprints
from ..knowledge import IndexMissing
from ..pipeline import Pipeline
from ..records import Records
from ..settings import Settings
from .config import WebLimits

log = logging.getLogger("assistant.web")


class IndexNotLoaded(RuntimeError):
    """The app started without a usable index (run `assistant index`)."""


class Busy(RuntimeError):
    """Too many answers are running or waiting; retry after ``retry_after_s`` seconds."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"The assistant is busy; please try again in {retry_after_s} second(s).")
        self.retry_after_s = retry_after_s


class Services:
    def __init__(self, settings: Settings, limits: WebLimits) -> None:
        self.settings = settings
        self.limits = limits
        self.pipeline: Pipeline | None = None
        self.load_error: str | None = None
        self.coverage_error = False  # the load error is the coverage model's (the index itself loaded)
        self.records: Records | None = None
        self._ask_lock = threading.Lock()
        self._reindex_lock = threading.Lock()
        self._seen_manifest: float | None = None
        self._pending = 0  # answers running or waiting for the ask lock
        self._pending_lock = threading.Lock()
        self._recent_s: deque[float] = deque([0.1], maxlen=32)  # recent answer times, for Retry-After

    # --- lifecycle --------------------------------------------------------------------------
    def start(self) -> None:
        """Load the index and models once, open the records and purge expired rows."""
        try:
            self._seen_manifest = self._manifest_mtime()
            self.pipeline = Pipeline(self.settings)
            self.load_error = None
            self.pipeline.ask("warm-up")  # loads the embedding model now, not on the first visitor's question
        except IndexMissing as exc:
            self.load_error = str(exc)
            log.error("index not loaded: %s", exc)
        except CoverageModelError as exc:
            self.load_error, self.coverage_error = str(exc), True
            log.error("not serving: %s (set ASSISTANT_COVERAGE_MODEL=none to answer by the rules alone)", exc)
        try:
            self.records = Records(self.settings.records_db)
            self.purge()
        except (OSError, sqlite3.Error) as exc:  # answers still go out; feedback says it can't be kept
            self.records = None
            log.error("records unavailable at %s: %s", self.settings.records_db, exc)

    def purge(self) -> int:
        if self.records is None:
            return 0
        removed = self.records.purge(self.settings.retention_days)
        if removed:
            log.info("purged %d record(s) older than %d days", removed, self.settings.retention_days)
        return removed

    # --- answering --------------------------------------------------------------------------
    def _manifest_mtime(self) -> float | None:
        try:
            return manifest_path(self.settings).stat().st_mtime
        except OSError:
            return None

    def refresh_if_rebuilt(self) -> None:
        """Swap in a Pipeline on the new build when `assistant index` ran in another process, so a
        running app never keeps serving (or points at) a build that the indexer has since removed."""
        mtime = self._manifest_mtime()
        if mtime is None or mtime == self._seen_manifest:
            return
        with self._reindex_lock:
            if mtime == self._seen_manifest:
                return
            manifest = read_manifest(self.settings)
            self._seen_manifest = mtime
            if manifest is None or (self.pipeline is not None and manifest["build_id"] == self.pipeline.kb.build_id):
                return
            try:
                fresh = Pipeline(self.settings)
            except Exception as exc:  # noqa: BLE001 - keep serving the build we have
                log.error("could not load the rebuilt index: %s", exc)
                return
            with self._ask_lock:
                self.pipeline, self.load_error = fresh, None
            log.info("now serving index build %s", fresh.kb.build_id)

    def require_pipeline(self) -> Pipeline:
        self.refresh_if_rebuilt()
        if self.pipeline is None:
            raise IndexNotLoaded(self.load_error or "the index is not loaded")
        return self.pipeline

    def retry_after_s(self) -> int:
        """Whole seconds until the queue ahead has likely drained (HTTP Retry-After is an integer)."""
        mean = sum(self._recent_s) / len(self._recent_s)
        return max(1, math.ceil(self._pending * mean))

    def check_capacity(self) -> None:
        """Raise Busy when a new answer would have to wait behind a full queue."""
        if self._pending > self.limits.max_queued_answers:
            raise Busy(self.retry_after_s())

    @contextmanager
    def _admitted(self, queue: bool) -> Iterator[None]:
        with self._pending_lock:
            if not queue:
                self.check_capacity()
            self._pending += 1
        try:
            yield
        finally:
            with self._pending_lock:
                self._pending -= 1

    def ask(self, question: str, history: Sequence[dict[str, str]] | None = None, queue: bool = True) -> Answer:
        """Answer one question. queue=False raises Busy instead of waiting behind a full queue
        (the plain API); the chat UI has its own queue and streams/drafts check capacity up front."""
        pipeline = self.require_pipeline()
        with self._admitted(queue), self._ask_lock:
            started = time.perf_counter()
            answer = pipeline.ask(question, list(history) if history else None)
            self._recent_s.append(time.perf_counter() - started)
            return answer

    def record(self, answer: Answer, channel: str) -> str | None:
        """Write the exchange; a records failure is logged, never turned into a failed answer."""
        if self.records is None:
            return None
        try:
            return self.records.record_answer(answer, channel=channel, build_id=self.build_id)
        except Exception:  # noqa: BLE001 - the answer still goes out; the log says why it wasn't kept
            log.exception("could not record an exchange")
            return None

    def ask_and_record(self, question: str, history: Sequence[dict[str, str]] | None, channel: str,
                       queue: bool = True) -> tuple[Answer, str | None]:
        answer = self.ask(question, history, queue)
        return answer, self.record(answer, channel)

    # --- index ------------------------------------------------------------------------------
    @property
    def build_id(self) -> str | None:
        return self.pipeline.kb.build_id if self.pipeline else None

    def documents(self) -> list[dict[str, Any]]:
        if self.pipeline is None:
            return []
        return [
            {"slug": d.slug, "title": d.title, "issuer": d.issuer, "issued": d.issued, "url": d.url, "status": d.status}
            for d in self.pipeline.kb.documents.values()
        ]

    def coverage_model(self) -> dict[str, Any] | None:
        """What the learned coverage check covers in the build being served (None: nothing loaded)."""
        if self.pipeline is None:
            return {"active": False, "error": self.load_error} if self.coverage_error else None
        model = self.pipeline.coverage_model
        if model is None:
            return {"active": False}
        current = document_fingerprints(self.pipeline.kb)
        fitted = [slug for slug, fp in current.items() if model.documents.get(slug) == fp]
        return {"active": True, "applies_to": fitted, "rules_only": [slug for slug in current if slug not in fitted],
                "trained_on": dict(model.trained_on)}

    def reindex(self) -> IndexReport:
        """Rebuild the index incrementally and swap in a Pipeline on the new build."""
        with self._reindex_lock:
            report = build_index(self.settings, progress=False)
            fresh = Pipeline(self.settings)
            with self._ask_lock:
                self.pipeline, self.load_error = fresh, None
            return report

    def model_name(self) -> str:
        if self.settings.llm == "none":
            return "none (answers from the evidence alone)"
        return self.settings.llm_model or self.settings.llm
