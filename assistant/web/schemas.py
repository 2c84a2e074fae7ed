"""Request and response bodies of the HTTP API (what /docs shows)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..answer import Answer
from ..drafting import Draft

MAX_TURN_CHARS = 4000
MAX_COMMENT_CHARS = 2000


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_TURN_CHARS)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"question": "Can CASE accredit a course in gender-reveal scanning?", "history": []}]
    })
    question: str = Field(description="The question, in plain English.")
    history: list[Turn] = Field(default_factory=list, description="Earlier turns, oldest first, for follow-ups.")

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the question is empty")
        return value


class AskResponse(Answer):
    record_id: str | None = Field(default=None, description="Pass to /api/feedback to rate this answer.")


class DraftRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(description="The enquiry as received (greeting, signature and quoted text are ignored).")

    @field_validator("email")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the email is empty")
        return value


class DraftResponse(Draft):
    record_ids: list[str | None] = Field(default_factory=list, description="One per answered question.")


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    record_id: str = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)


class FeedbackResponse(BaseModel):
    status: Literal["recorded"] = "recorded"
    feedback_id: int


class DocumentInfo(BaseModel):
    slug: str
    title: str
    issuer: str
    issued: str
    url: str
    status: str


class CoverageModelInfo(BaseModel):
    active: bool = Field(description="Whether the learned coverage check is on (ASSISTANT_COVERAGE_MODEL).")
    applies_to: list[str] = Field(default_factory=list, description="Statements it judges (fitted on them, unchanged since).")
    rules_only: list[str] = Field(default_factory=list, description="Statements judged by the routing rules alone (new or revised since fitting).")
    trained_on: dict[str, Any] = Field(default_factory=dict)
    error: str | None = Field(default=None, description="Why the weights could not be loaded (nothing is served then).")


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    index_loaded: bool
    build_id: str | None = Field(description="The index build being served.")
    documents: list[DocumentInfo]
    passages: int
    model: str
    coverage_model: CoverageModelInfo | None = None
    app_build: str | None = None
    problem: str | None = None


class ReindexResponse(BaseModel):
    status: Literal["reindexed"] = "reindexed"
    build_id: str | None
    summary: str
    documents: int
    passages: int


class ErrorBody(BaseModel):
    error: str = Field(description="A short machine-readable code, e.g. rate_limited.")
    message: str = Field(description="What went wrong, for a person.")
