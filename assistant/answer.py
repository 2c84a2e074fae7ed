"""The Answer: one model shared by the CLI, the HTTP API, the web UI, the evals and the logs.

Field names here are a contract (see DESIGN.md): extend, never rename.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Verdict(StrEnum):
    YES = "yes"
    NO = "no"
    DEPENDS = "depends"
    INFO = "info"
    NOT_COVERED = "not_covered"
    REFUSED = "refused"


class Citation(BaseModel):
    n: int = Field(description="The marker number used in the answer text, [n].")
    id: str = Field(description="Passage id, <document slug>#p<n>.")
    document: str
    issued: str
    url: str
    quote: str = Field(description="Exact words from the passage.")
    passage: str = Field(description="The whole passage the quote comes from.")
    quote_start: int = Field(description="Character offset of the quote inside the passage.")
    quote_end: int


class StageRun(BaseModel):
    name: str
    ms: float
    model: str | None = None
    note: str | None = None


class Answer(BaseModel):
    question: str
    verdict: Verdict
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    standalone_question: str | None = Field(
        default=None, description="The follow-up rewritten as a standalone question, when it was."
    )
    verification: str = Field(
        default="passed",
        description="passed | repaired | replaced_by_evidence | not_needed",
    )
    flags: list[str] = Field(default_factory=list, description="e.g. injection_ignored, llm_unavailable")
    model: str | None = Field(default=None, description="Language model used, if any.")
    stages: list[StageRun] = Field(default_factory=list)
    latency_ms: float = 0.0
