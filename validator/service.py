"""The task body: check one stored version and store its result.

The Celery task (``worker.py``) and the embedded in-process worker of ``cchc serve`` both
call ``process_version``; there is no second code path for the logic. Steps, one way:
claim the version → copy its stored files to a temporary folder under their original
names → ``check_document`` → store the result (one per version, by a unique key).
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from validator.models import CheckResult, DocKind, Period
from validator.options import CheckOptions
from validator.pipeline import check_document
from validator.settings import Settings
from validator.store import repository
from validator.store.blobs import blob_path
from validator.store.models import Version

log = logging.getLogger(__name__)

# The database or broker is unreachable for a moment: retried with backoff, not failed.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError)


class Outcome(StrEnum):
    DONE = "done"  # this call stored the result
    ALREADY_DONE = "already_done"  # another run stored it first (or the version is unknown)
    FAILED = "failed"  # the check raised: recorded on the version, not retried


@dataclass(frozen=True)
class StoredName:
    role: str
    name: str
    sha256: str


@dataclass(frozen=True)
class Job:
    """What a check needs, read from the database before the (long) check runs."""

    submission_id: int
    version_id: int
    files: list[StoredName]
    options: CheckOptions


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def log_event(event: str, job: Job | None, version_id: int, **fields: object) -> None:
    """One key=value line per step, with the submission and version ids."""
    submission = job.submission_id if job else "?"
    extra = " ".join(f"{key}={value}" for key, value in fields.items())
    log.info("event=%s submission=%s version=%s %s", event, submission, version_id, extra)


def process_version(
    version_id: int, settings: Settings, sessions: sessionmaker[Session]
) -> Outcome:
    """Check version ``version_id`` and store its result; safe to run twice or concurrently."""
    with sessions() as session:
        version = repository.claim_version(session, version_id, worker_name())
        if version is None:
            log_event("skipped", None, version_id, reason="done_or_unknown")
            return Outcome.ALREADY_DONE
        job = job_of(version, settings)
        session.commit()
    log_event("started", job, version_id, worker=worker_name())
    try:
        result = run_check(job, settings)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:  # a bug or a time limit in the pipeline: record it, do not loop
        log.exception("event=failed submission=%s version=%s", job.submission_id, version_id)
        with sessions() as session:
            repository.mark_failed(session, version_id, f"{type(exc).__name__}: {exc}")
            session.commit()
        return Outcome.FAILED
    with sessions() as session:
        stored = repository.store_result(session, version_id, result)
    log_event("stored" if stored else "duplicate", job, version_id, decision=result.decision)
    return Outcome.DONE if stored else Outcome.ALREADY_DONE


def job_of(version: Version, settings: Settings) -> Job:
    submission = version.submission
    kind = DocKind(submission.kind)
    options = CheckOptions(
        kind=kind,
        period=Period(submission.period) if submission.period else None,
        year=submission.year,
        submitted_at=repository.first_submitted_at(submission),
        approved_at=submission.approved_at,
        office_plan_date=settings.office_plan_dates.get(submission.year),
    )
    files = [StoredName(role=f.role, name=f.name, sha256=f.sha256) for f in version.files]
    return Job(submission.id, version.id, files, options)


def run_check(job: Job, settings: Settings) -> CheckResult:
    """Copy the stored files out under their original names and check them."""
    if settings.task_delay_seconds:
        time.sleep(settings.task_delay_seconds)
    with tempfile.TemporaryDirectory(prefix=f"cchc-v{job.version_id}-") as tmp:
        paths = [
            materialise(settings, stored, Path(tmp) / str(i)) for i, stored in enumerate(job.files)
        ]
        document = next(p for p, f in zip(paths, job.files, strict=True) if f.role == "document")
        evidence = [p for p, f in zip(paths, job.files, strict=True) if f.role == "evidence"]
        return check_document(document, evidence, job.options, settings, display_name=document.name)


def materialise(settings: Settings, stored: StoredName, folder: Path) -> Path:
    """A private copy of a stored file (the stored original is never handed to the checks)."""
    folder.mkdir()
    target = folder / stored.name
    shutil.copyfile(blob_path(settings, stored.sha256), target)
    return target
