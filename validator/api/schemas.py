"""Response and request bodies of the API (the check result itself is the contract's JSON)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from validator.store.timeliness import Timeliness


class Accepted(BaseModel):
    submission_id: int
    version_id: int
    version: int
    state: str
    status_url: str
    message: str


class VersionView(BaseModel):
    id: int
    number: int
    state: str
    decision: str | None  # the automatic decision
    attempts: int
    error: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    files: list[str]


class TimelinessView(BaseModel):
    deadline: dt.datetime | None
    status: Timeliness
    judged_by: Literal["first_submission", "approval"]


class SubmissionSummary(BaseModel):
    id: int
    school: str
    kind: str
    year: int
    period: str | None
    state: str  # the latest version's
    decision: str | None  # the reviewer's where reviewed, else the automatic one
    versions: int
    created_at: dt.datetime


class SubmissionView(SubmissionSummary):
    approved_at: dt.datetime | None
    returns: int
    timeliness: TimelinessView
    result: dict[str, Any] | None  # the latest version's result, as ``cchc check`` prints it
    history: list[VersionView]


class ReviewIn(BaseModel):
    # the signed-in reviewer is recorded; a name sent here is ignored (kept for old scripts)
    reviewer: str | None = Field(default=None, max_length=200)
    decision: Literal["pass", "return"]
    reasons: list[str] = Field(default_factory=list)


class ReviewView(BaseModel):
    id: int
    version_id: int
    reviewer: str
    action: str
    decision: str
    reasons: list[str]
    created_at: dt.datetime
    returns: int  # the submission's return count after this review


class DocumentRecord(BaseModel):
    submission_id: int
    kind: str
    year: int
    period: str | None
    versions: int
    returns: int
    decision: str | None
    timeliness: TimelinessView


class SchoolSummary(BaseModel):
    school: str
    name: str | None
    returns: int
    on_time: int
    late: int
    documents: list[DocumentRecord]


class RuleView(BaseModel):
    id: str
    code: str
    severity: str
    clause: str  # where the guidance says it (letter 260 §N)
    applies_to: list[str]
    message: str
    hint: str


class RulesetView(BaseModel):
    id: str
    version: str
    title: str
    source: str
    digest: str  # of the rule set file, as results name it
    rules: list[RuleView]
