"""What the web app shares across requests: one Pipeline, the records store, the reindex lock.

Pipeline calls are blocking (embedding, vector search); callers run them in a threadpool. They are
serialised by a lock: an answer takes tens of milliseconds and torch already uses every core, so
the lock costs little and keeps the shared caches safe.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

from ..answer import Answer
from ..indexer import IndexReport, build_index, manifest_path, read_manifest
from ..knowledge import IndexMissing
from ..pipeline import Pipeline
from ..records import Records
from ..settings import Settings
from .config import WebLimits

log = logging.getLogger("assistant.web")


class IndexNotLoaded(RuntimeError):
    """The app started without a usable index (run `assistant index`)."""


class Services:
    def __init__(self, settings: Settings, limits: WebLimits) -> None:
        self.settings = settings
        self.limits = limits
        self.pipeline: Pipeline | None = None
        self.load_error: str | None = None
        self.records: Records | None = None
        self._ask_lock = threading.Lock()
        self._reindex_lock = threading.Lock()
        self._seen_manifest: float | None = None

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

    def ask(self, question: str, history: Sequence[dict[str, str]] | None = None) -> Answer:
        pipeline = self.require_pipeline()
        with self._ask_lock:
            return pipeline.ask(question, list(history) if history else None)

    def record(self, answer: Answer, channel: str) -> str | None:
        """Write the exchange; a records failure is logged, never turned into a failed answer."""
        if self.records is None:
            return None
        try:
            return self.records.record_answer(answer, channel=channel, build_id=self.build_id)
        except Exception:  # noqa: BLE001 - the answer still goes out; the log says why it wasn't kept
            log.exception("could not record an exchange")
            return None

    def ask_and_record(self, question: str, history: Sequence[dict[str, str]] | None, channel: str) -> tuple[Answer, str | None]:
        answer = self.ask(question, history)
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
