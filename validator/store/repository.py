"""Queries and state changes shared by the API, the worker and the sweeper.

Every function takes an open ``Session`` and leaves committing to the caller, except where
a step must be durable before the next one (said in its docstring).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from validator.filenames import safe_file_name
from validator.models import CheckResult, DocKind, Period
from validator.store.models import (
    Result,
    ReturnEvent,
    Review,
    School,
    StoredFile,
    Submission,
    Version,
    VersionFile,
    VersionState,
    utcnow,
)
from validator.store.timeliness import Timeliness, deadline_for, judge


@dataclass(frozen=True)
class UploadedFile:
    role: str  # "document" | "evidence"
    name: str
    sha256: str
    size: int


# --------------------------------------------------------------------------- submissions


def get_or_create_school(session: Session, code: str, name: str | None) -> School:
    """The school by code, created on its first upload. Two first uploads at once both try
    to create it: the loser's insert (in a savepoint) fails and it takes the winner's row."""
    school = session.scalar(select(School).where(School.code == code))
    if school is None:
        try:
            with session.begin_nested():
                school = School(code=code, name=name)
                session.add(school)
        except IntegrityError:
            school = session.scalars(select(School).where(School.code == code)).one()
    elif name and not school.name:
        school.name = name
    return school


def find_submission(
    session: Session, school: School, kind: DocKind, year: int, period: Period | None
) -> Submission | None:
    """The school's existing submission for this document, if any."""
    period_clause = (
        Submission.period.is_(None) if period is None else Submission.period == period.value
    )
    return session.scalar(
        select(Submission).where(
            Submission.school_id == school.id,
            Submission.kind == kind.value,
            Submission.year == year,
            period_clause,
        )
    )


def create_submission(
    session: Session, school: School, kind: DocKind, year: int, period: Period | None
) -> Submission:
    submission = Submission(
        school_id=school.id, kind=kind.value, year=year, period=period.value if period else None
    )
    session.add(submission)
    session.flush()
    return submission


def add_version(session: Session, submission: Submission, files: list[UploadedFile]) -> Version:
    """A new version of ``submission`` with its files, queued for checking."""
    number = (
        session.scalar(
            select(func.max(Version.number)).where(Version.submission_id == submission.id)
        )
        or 0
    ) + 1
    version = Version(submission_id=submission.id, number=number, state=VersionState.QUEUED)
    session.add(version)
    session.flush()
    for position, upload in enumerate(files):
        ensure_stored_file(session, upload)
        session.add(
            VersionFile(
                version_id=version.id,
                sha256=upload.sha256,
                role=upload.role,
                name=safe_file_name(upload.name),
                position=position,
            )
        )
    session.flush()
    return version


def ensure_stored_file(session: Session, upload: UploadedFile) -> None:
    """The content's row, once; the same content uploaded twice at once inserts it twice,
    and the second insert (in a savepoint) gives way to the first."""
    if session.get(StoredFile, upload.sha256) is not None:
        return
    try:
        with session.begin_nested():
            session.add(StoredFile(sha256=upload.sha256, size=upload.size))
    except IntegrityError:
        session.get_one(StoredFile, upload.sha256)


def get_submission(session: Session, submission_id: int) -> Submission | None:
    return session.scalar(
        select(Submission)
        .where(Submission.id == submission_id)
        .options(
            selectinload(Submission.school),
            selectinload(Submission.versions).selectinload(Version.result),
            selectinload(Submission.versions).selectinload(Version.files),
        )
    )


@dataclass(frozen=True)
class SubmissionFilter:
    school: str | None = None
    kind: DocKind | None = None
    year: int | None = None
    period: Period | None = None
    state: VersionState | None = None
    limit: int = 100
    offset: int = 0


def list_submissions(session: Session, where: SubmissionFilter) -> list[Submission]:
    """Submissions matching ``where``, newest first; ``state`` is the latest version's."""
    query = select(Submission).join(School).options(selectinload(Submission.school))
    if where.school:
        query = query.where(School.code == where.school)
    if where.kind:
        query = query.where(Submission.kind == where.kind.value)
    if where.year:
        query = query.where(Submission.year == where.year)
    if where.period:
        query = query.where(Submission.period == where.period.value)
    if where.state:
        latest = (
            select(Version.submission_id, func.max(Version.number).label("number"))
            .group_by(Version.submission_id)
            .subquery()
        )
        query = (
            query.join(latest, latest.c.submission_id == Submission.id)
            .join(
                Version,
                (Version.submission_id == Submission.id) & (Version.number == latest.c.number),
            )
            .where(Version.state == where.state.value)
        )
    query = query.order_by(Submission.id.desc()).limit(where.limit).offset(where.offset)
    return list(
        session.scalars(
            query.options(selectinload(Submission.versions).selectinload(Version.result))
        )
    )


# --------------------------------------------------------------------------- the task's states


def mark_enqueued(session: Session, version_id: int) -> None:
    version = session.get(Version, version_id)
    if version is not None and version.state == VersionState.QUEUED:
        version.enqueued_at = utcnow()


def claim_version(session: Session, version_id: int, worker: str) -> Version | None:
    """Mark the version started by ``worker``; None when it is already done (or unknown).

    A version left ``started`` by a dead worker may be claimed again: the result's unique
    key, not this state, is what keeps one result per version.
    """
    version = session.get(Version, version_id, options=[selectinload(Version.files)])
    if version is None or version.state == VersionState.DONE:
        return None
    version.state = VersionState.STARTED
    version.started_at = utcnow()
    version.attempts += 1
    version.worker = worker
    version.error = None
    version.retry_at = None
    return version


def store_result(session: Session, version_id: int, result: CheckResult) -> bool:
    """Store the version's result (and its automatic return); False if one was stored already.

    Commits: the result, the version's ``done`` state and the return event land together.
    """
    session.add(
        Result(
            version_id=version_id,
            decision=result.decision,
            returns=result.stats.returns,
            warnings=result.stats.warnings,
            infos=result.stats.infos,
            ruleset=result.ruleset.id,
            body=result.model_dump(mode="json"),
        )
    )
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return False
    version = session.get_one(Version, version_id)
    version.state = VersionState.DONE
    version.finished_at = utcnow()
    if result.decision == "return":
        session.add(
            ReturnEvent(
                submission_id=version.submission_id, version_id=version_id, source="automatic"
            )
        )
    session.commit()
    return True


def mark_failed(
    session: Session, version_id: int, error: str, retry_at: dt.datetime | None = None
) -> None:
    """The version ends ``failed`` with ``error`` for reviewers; with ``retry_at`` (a server
    fault, not the files') the sweeper sends it again at that moment."""
    version = session.get(Version, version_id)
    if version is not None and version.state != VersionState.DONE:
        version.state = VersionState.FAILED
        version.finished_at = utcnow()
        version.error = error
        version.retry_at = retry_at


def requeue(version: Version) -> None:
    """Queue a version failed by a server fault again; its lost-worker count starts over."""
    version.state = VersionState.QUEUED
    version.retry_at = None
    version.enqueued_at = None
    version.attempts = 0


def stale_versions(
    session: Session, now: dt.datetime, stale_after: dt.timedelta, unsent_grace: dt.timedelta
) -> list[Version]:
    """Versions to send again: never sent (after a grace period for the upload sending it),
    queued/started for longer than ``stale_after``, or failed by a server fault whose
    ``retry_at`` has come."""
    cutoff = now - stale_after
    queued = Version.state == VersionState.QUEUED
    query = select(Version).where(
        or_(
            queued & Version.enqueued_at.is_(None) & (Version.created_at < now - unsent_grace),
            queued & (Version.enqueued_at < cutoff),
            (Version.state == VersionState.STARTED) & (Version.started_at < cutoff),
            (Version.state == VersionState.FAILED) & (Version.retry_at <= now),
        )
    )
    return list(session.scalars(query.order_by(Version.id)))


def sent_and_queued(session: Session) -> list[Version]:
    """Versions sent to the broker and not yet taken: lost if the broker lost its queue."""
    query = select(Version).where(
        Version.state == VersionState.QUEUED, Version.enqueued_at.is_not(None)
    )
    return list(session.scalars(query.order_by(Version.id)))


# --------------------------------------------------------------------------- reviews and returns


def automatic_decision(version: Version) -> str | None:
    return version.result.decision if version.result else None


def latest_review(session: Session, version_id: int) -> Review | None:
    return session.scalar(
        select(Review).where(Review.version_id == version_id).order_by(Review.id.desc()).limit(1)
    )


def current_decision(session: Session, version: Version) -> str | None:
    """The reviewer's decision where there is one, else the automatic one."""
    review = latest_review(session, version.id)
    return review.decision if review else automatic_decision(version)


def record_review(
    session: Session, version: Version, reviewer: str, decision: str, reasons: list[str]
) -> Review:
    """A reviewer confirms (same decision) or overrides; the return count follows.

    Overriding to ``return`` adds a reviewer return event; overriding a return to ``pass``
    withdraws the version's open return events. A pass on a plan is its approval.
    """
    before = current_decision(session, version)
    action = "confirm" if decision == before else "override"
    review = Review(
        version_id=version.id, reviewer=reviewer, action=action, decision=decision, reasons=reasons
    )
    session.add(review)
    session.flush()
    if action == "override" and decision == "return":
        session.add(
            ReturnEvent(
                submission_id=version.submission_id,
                version_id=version.id,
                source="reviewer",
                review_id=review.id,
            )
        )
    if action == "override" and decision == "pass":
        for event in open_return_events(session, version_id=version.id):
            event.withdrawn_by_review_id = review.id
    submission = version.submission
    if decision == "pass" and submission.kind == DocKind.PLAN and submission.approved_at is None:
        submission.approved_at = review.created_at
    return review


def open_return_events(
    session: Session, *, version_id: int | None = None, submission_id: int | None = None
) -> list[ReturnEvent]:
    query = select(ReturnEvent).where(ReturnEvent.withdrawn_by_review_id.is_(None))
    if version_id is not None:
        query = query.where(ReturnEvent.version_id == version_id)
    if submission_id is not None:
        query = query.where(ReturnEvent.submission_id == submission_id)
    return list(session.scalars(query.order_by(ReturnEvent.id)))


# --------------------------------------------------------------------------- timeliness


def first_submitted_at(submission: Submission) -> dt.datetime:
    return submission.versions[0].created_at if submission.versions else submission.created_at


def timeliness_of(
    submission: Submission, office_plan_dates: dict[int, dt.date], now: dt.datetime
) -> tuple[dt.datetime | None, Timeliness]:
    """The submission's deadline and whether it was (or still can be) met."""
    kind = DocKind(submission.kind)
    period = Period(submission.period) if submission.period else None
    deadline = deadline_for(kind, submission.year, period, office_plan_dates)
    moment = first_submitted_at(submission) if kind == DocKind.REPORT else submission.approved_at
    return deadline, judge(deadline, moment, now)
