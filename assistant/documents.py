"""Documents and their citeable passages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, HttpUrl, field_validator

_ISSUED = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")


class DocumentMeta(BaseModel):
    """Front matter every statement must carry. Unknown keys are kept but not required."""

    model_config = ConfigDict(extra="allow")

    title: str
    issuer: str
    issued: str
    url: HttpUrl
    status: str = "current"
    supersedes: str | None = None
    slug: str | None = None

    @field_validator("issued", mode="before")
    @classmethod
    def _issued(cls, value: object) -> str:
        if isinstance(value, (dt.date, dt.datetime)):
            return value.strftime("%Y-%m-%d")
        text = str(value).strip()
        if not _ISSUED.match(text):
            raise ValueError("must be YYYY-MM or YYYY-MM-DD")
        return text

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        if value not in {"current", "superseded"}:
            raise ValueError("must be 'current' or 'superseded'")
        return value

    @field_validator("title", "issuer")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()


@dataclass(frozen=True)
class Passage:
    """A citeable unit: one paragraph or footnote, with its place in the document text."""

    id: str
    doc: str
    n: int
    kind: str  # "paragraph" | "footnote"
    text: str
    start: int  # offset of the passage inside Document.text
    end: int


@dataclass
class Document:
    slug: str
    path: Path
    meta: DocumentMeta
    text: str  # the cleaned body: passages joined by blank lines
    passages: list[Passage] = field(default_factory=list)
    content_hash: str = ""

    @property
    def title(self) -> str:
        return self.meta.title


class DocumentError(Exception):
    """A file that cannot be indexed; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
