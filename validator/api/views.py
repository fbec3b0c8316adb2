"""Stored rows → API bodies. Reads only; every decision rule lives in the repository."""

from __future__ import annotations

from sqlalchemy.orm import Session

from validator.api.schemas import (
    DocumentRecord,
    SubmissionSummary,
    SubmissionView,
    TimelinessView,
    VersionView,
)
from validator.models import DocKind
from validator.settings import Settings
from validator.store import repository
from validator.store.models import Submission, Version, utcnow


def version_view(version: Version) -> VersionView:
    return VersionView(
        id=version.id,
        number=version.number,
        state=version.state,
        decision=repository.automatic_decision(version),
        attempts=version.attempts,
        error=version.error,
        created_at=version.created_at,
        finished_at=version.finished_at,
        files=[f.name for f in version.files],
    )


def timeliness_view(submission: Submission, settings: Settings) -> TimelinessView:
    deadline, status = repository.timeliness_of(submission, settings.office_plan_dates, utcnow())
    plan = submission.kind == DocKind.PLAN
    return TimelinessView(
        deadline=deadline, status=status, judged_by="approval" if plan else "first_submission"
    )


def summary_view(session: Session, submission: Submission) -> SubmissionSummary:
    latest = submission.versions[-1]
    return SubmissionSummary(
        id=submission.id,
        school=submission.school.code,
        kind=submission.kind,
        year=submission.year,
        period=submission.period,
        state=latest.state,
        decision=repository.current_decision(session, latest),
        versions=len(submission.versions),
        created_at=submission.created_at,
    )


def submission_view(session: Session, submission: Submission, settings: Settings) -> SubmissionView:
    latest = submission.versions[-1]
    return SubmissionView(
        **summary_view(session, submission).model_dump(),
        approved_at=submission.approved_at,
        returns=len(repository.open_return_events(session, submission_id=submission.id)),
        timeliness=timeliness_view(submission, settings),
        result=latest.result.body if latest.result else None,
        history=[version_view(v) for v in submission.versions],
    )


def document_record(session: Session, submission: Submission, settings: Settings) -> DocumentRecord:
    summary = summary_view(session, submission)
    return DocumentRecord(
        submission_id=submission.id,
        kind=submission.kind,
        year=submission.year,
        period=submission.period,
        versions=summary.versions,
        returns=len(repository.open_return_events(session, submission_id=submission.id)),
        decision=summary.decision,
        timeliness=timeliness_view(submission, settings),
    )
