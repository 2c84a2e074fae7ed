"""The HTTP API: ask (plain and streaming), draft-reply, feedback, health, admin."""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from typing import Annotated, Literal, NamedTuple

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.sse import EventSourceResponse, ServerSentEvent

from ..coverage_model import CoverageModelError
from ..drafting import NoQuestions, draft_reply
from ..records import UnknownExchange, not_covered_csv
from .errors import ApiError
from .schemas import (AskRequest, AskResponse, DraftRequest, DraftResponse, ErrorBody, FeedbackRequest,
                      FeedbackResponse, Health, ReindexResponse)
from .services import Services
from .streaming import answer_events, error_event

_ERRORS = {code: {"model": ErrorBody} for code in (413, 422, 429, 500, 503)}

log = logging.getLogger("assistant.web")
router = APIRouter(prefix="/api", responses=_ERRORS)
_bearer = HTTPBearer(auto_error=False)


def services(request: Request) -> Services:
    return request.app.state.services


Svc = Annotated[Services, Depends(services)]


class Asked(NamedTuple):
    question: str
    history: list[dict[str, str]]
    channel: str


def asked(body: AskRequest, svc: Svc, request: Request) -> Asked:
    """The checked question; runs before a streaming response starts, so errors are plain JSON."""
    limit = svc.settings.max_question_chars
    if len(body.question) > limit:
        raise ApiError(422, "question_too_long", f"The question is {len(body.question)} characters; the limit is {limit}.")
    svc.require_pipeline()
    svc.check_capacity()
    turns = body.history[-svc.limits.max_history_turns:] if svc.limits.max_history_turns > 0 else []
    return Asked(body.question, [t.model_dump() for t in turns], _channel(request))


Question = Annotated[Asked, Depends(asked)]


@router.post("/ask", response_model=AskResponse, summary="Answer one question")
async def ask(q: Question, svc: Svc) -> AskResponse:
    answer, record_id = await run_in_threadpool(svc.ask_and_record, q.question, q.history, q.channel, False)
    return AskResponse(**answer.model_dump(), record_id=record_id)


@router.post("/ask/stream", response_class=EventSourceResponse,
             summary="Answer one question as server-sent events: verdict, chunk..., citations, done")
async def ask_stream(q: Question, svc: Svc) -> AsyncIterator[ServerSentEvent]:
    try:
        answer, record_id = await run_in_threadpool(svc.ask_and_record, q.question, q.history, q.channel)
    except Exception:  # noqa: BLE001 - the stream has started; report in-band, log the detail
        log.exception("streaming answer failed")
        yield error_event("Something went wrong on our side; the error has been logged.")
        return
    for event in answer_events(answer, record_id):
        yield event


def _channel(request: Request) -> str:
    """Where a question came from, for the records: the widget says so in a header."""
    source = request.headers.get("x-assistant-channel", "api").strip().lower()
    return source if source in {"api", "widget", "embed"} else "api"


@router.post("/draft-reply", response_model=DraftResponse, summary="Draft a cited reply to an email enquiry")
async def draft(body: DraftRequest, svc: Svc) -> DraftResponse:
    limit = svc.limits.max_email_chars
    if len(body.email) > limit:
        raise ApiError(422, "email_too_long", f"The email is {len(body.email)} characters; the limit is {limit}.")
    svc.require_pipeline()
    svc.check_capacity()
    record_ids: list[str | None] = []

    def ask_one(question: str, history: list[dict[str, str]] | None):
        answer, record_id = svc.ask_and_record(question, history, "draft")
        record_ids.append(record_id)
        return answer

    try:
        result = await run_in_threadpool(draft_reply, body.email, ask_one, svc.limits.max_draft_questions)
    except NoQuestions as exc:
        raise ApiError(422, "no_questions", str(exc)) from None
    return DraftResponse(**result.model_dump(), record_ids=record_ids)


@router.post("/feedback", response_model=FeedbackResponse, status_code=201, summary="Rate an answer")
async def feedback(body: FeedbackRequest, svc: Svc) -> FeedbackResponse:
    if svc.records is None:
        raise ApiError(503, "records_unavailable", "Feedback cannot be recorded right now.")
    try:
        feedback_id = await run_in_threadpool(svc.records.record_feedback, body.record_id, body.rating, body.comment)
    except UnknownExchange:
        raise ApiError(404, "unknown_record", "No answer with that record_id was recorded (or it has expired).") from None
    return FeedbackResponse(feedback_id=feedback_id)


@router.get("/health", response_model=Health, summary="Index, documents, model and build")
async def health(svc: Svc) -> Health:
    pipeline = svc.pipeline
    return Health(
        status="ok" if pipeline else "degraded",
        index_loaded=pipeline is not None or svc.coverage_error,
        build_id=svc.build_id,
        documents=svc.documents(),
        passages=len(pipeline.kb.passages) if pipeline else 0,
        model=svc.model_name(),
        coverage_model=svc.coverage_model(),
        app_build=svc.limits.build_id,
        problem=None if pipeline else (svc.load_error or "index not loaded; run `assistant index`"),
    )


# --- admin ---------------------------------------------------------------------------------------
def require_admin(svc: Svc, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    token = svc.settings.admin_token
    if not token:
        raise ApiError(403, "admin_disabled", "Admin endpoints are disabled: no ASSISTANT_ADMIN_TOKEN is configured.")
    if credentials is None:
        raise ApiError(401, "unauthorized", "Send the admin token as 'Authorization: Bearer <token>'.",
                       headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        raise ApiError(403, "forbidden", "The admin token is not valid.")


Admin = Depends(require_admin)


@router.post("/admin/reindex", response_model=ReindexResponse, dependencies=[Admin],
             summary="Rebuild the index from the corpus and serve the new build")
async def reindex(svc: Svc) -> ReindexResponse:
    try:
        report = await run_in_threadpool(svc.reindex)
    except CoverageModelError as exc:  # the new build is on disk; the build being served stays in use
        raise ApiError(500, "coverage_model_invalid", f"Rebuilt, but not serving the new build: {exc}") from None
    return ReindexResponse(build_id=report.build_id, summary=report.summary(), documents=report.documents,
                           passages=report.passages)


@router.get("/admin/not-covered", dependencies=[Admin], summary="Questions the statements did not cover",
            responses={200: {"content": {"text/csv": {}, "application/json": {}}}})
async def not_covered(svc: Svc, format: Literal["json", "csv"] = "json", since: str | None = None):  # noqa: A002 - query name
    if svc.records is None:
        raise ApiError(503, "records_unavailable", "Records are not available.")
    rows = await run_in_threadpool(svc.records.not_covered, since)
    if format == "csv":
        return PlainTextResponse(not_covered_csv(rows), media_type="text/csv")
    return {"count": len(rows), "questions": rows}
