"""The task body: check one stored version and store its result.

The Celery task (``worker.py``) and the embedded in-process worker of ``cchc serve`` both
call ``process_version``; there is no second code path for the logic. Steps, one way:
claim the version → copy its stored files to a temporary folder under their original
names → ``check_document`` → store the result (one per version, by a unique key).

How a run can end, and who acts:
- a result (``done``), findings included: an unreadable file, or OCR that crashed or timed
  out on one file, is the file's finding (``FILE_UNREADABLE`` / ``EVIDENCE_UNREADABLE``
  with the reason);
- ``failed`` with ``retry_at``: the *server* could not check (the OCR engine missing,
  broken or hanging on every file; no disk space to copy the files). A result saying the
  school's files are unreadable would be false, so none is stored; the reviewer reads what
  the operator must fix, and the sweeper sends the version again at ``retry_at``;
- ``failed`` without retry: a bug or the task's time limit, with the reason in Vietnamese;
- a transient error (database or broker away) is raised for the caller to retry later.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from validator.filenames import safe_file_name
from validator.models import CheckResult, DocKind, Period
from validator.options import CheckOptions
from validator.pipeline import check_document
from validator.ruleset import load_ruleset
from validator.settings import Settings
from validator.store import repository
from validator.store.blobs import blob_path
from validator.store.models import School, Version, utcnow
from validator.store.related import approved_plan, earlier_reports

log = logging.getLogger(__name__)

# The database or broker is unreachable for a moment: retried with backoff, not failed.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError)
NO_SPACE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
OCR_PROBE_SECONDS = 15.0  # `tesseract --list-langs` answers in well under a second
UNREADABLE_CODES = {"FILE_UNREADABLE", "EVIDENCE_UNREADABLE"}


class ServerFault(Exception):
    """The server cannot check now, whatever the files: an operator must fix it."""


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
    plan: StoredName | None = None  # reports: the school's approved plan of the year
    earlier: list[StoredName] = field(default_factory=list)  # reports: earlier ones that year


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
        job = job_of(version, settings, session)
        session.commit()
    log_event("started", job, version_id, worker=worker_name())
    try:
        result = run_check(job, settings)
        if unreadable(result):
            ensure_ocr_engine(settings)
    except TRANSIENT_ERRORS:
        raise
    except ServerFault as fault:
        retry_at = utcnow() + dt.timedelta(seconds=settings.fault_retry_seconds)
        log_event("server_fault", job, version_id, error=repr(str(fault)), retry_at=retry_at)
        with sessions() as session:
            repository.mark_failed(session, version_id, fault_message(fault, settings), retry_at)
            session.commit()
        return Outcome.FAILED
    except Exception as exc:  # a bug or a time limit in the pipeline: record it, do not loop
        log.exception("event=failed submission=%s version=%s", job.submission_id, version_id)
        with sessions() as session:
            repository.mark_failed(session, version_id, failure_message(exc))
            session.commit()
        return Outcome.FAILED
    with sessions() as session:
        stored = repository.store_result(session, version_id, result)
    log_event("stored" if stored else "duplicate", job, version_id, decision=result.decision)
    return Outcome.DONE if stored else Outcome.ALREADY_DONE


def job_of(version: Version, settings: Settings, session: Session | None = None) -> Job:
    submission = version.submission
    kind = DocKind(submission.kind)
    options = CheckOptions(
        kind=kind,
        period=Period(submission.period) if submission.period else None,
        year=submission.year,
        submitted_at=repository.first_submitted_at(submission),
        approved_at=submission.approved_at,
        office_plan_date=settings.office_plan_dates.get(submission.year),
        school=submission.school.name,
    )
    files = [StoredName(role=f.role, name=f.name, sha256=f.sha256) for f in version.files]
    job = Job(submission.id, version.id, files, options)
    if session is not None and kind == DocKind.REPORT:
        return _with_related(job, session, version, settings)
    return job


def _with_related(job: Job, session: Session, version: Version, settings: Settings) -> Job:
    """The stored plan and earlier reports the cross-document checks compare with."""
    report = version.submission
    period = Period(report.period) if report.period else None
    plan, earlier = related_documents(
        session, report.school, report.year, period, job.options, settings
    )
    return replace(job, plan=plan, earlier=earlier)


def related_documents(
    session: Session,
    school: School,
    year: int,
    period: Period | None,
    options: CheckOptions,
    settings: Settings,
) -> tuple[StoredName | None, list[StoredName]]:
    """A report's school's approved plan of the year and its earlier reports of that year
    (the ones the rule set compares a report of ``period`` with). Submissions and
    self-checks both use this, so a self-check compares exactly as the Office will."""
    cross = load_ruleset(options.ruleset, settings).vocabulary.crosscheck
    if cross is None:
        return None, []
    plan = approved_plan(session, school, year)
    periods = cross.within.get(period, []) if period else []
    earlier = [d for v in earlier_reports(session, school, year, periods) if (d := _document_of(v))]
    return (_document_of(plan) if plan else None), earlier


def _document_of(version: Version) -> StoredName | None:
    return next(
        (StoredName(f.role, f.name, f.sha256) for f in version.files if f.role == "document"),
        None,
    )


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
        related = [job.plan, *job.earlier]
        copies = [
            materialise(settings, stored, Path(tmp) / f"related-{i}") if stored else None
            for i, stored in enumerate(related)
        ]
        options = job.options.model_copy(
            update={"plan": copies[0], "earlier": [p for p in copies[1:] if p]}
        )
        return check_document(document, evidence, options, settings, display_name=document.name)


def materialise(settings: Settings, stored: StoredName, folder: Path) -> Path:
    """A private copy of a stored file (the stored original is never handed to the checks)."""
    try:
        folder.mkdir()
        target = folder / safe_file_name(stored.name, max_bytes=settings.max_file_name_bytes)
        shutil.copyfile(blob_path(settings, stored.sha256), target)
    except OSError as exc:
        if exc.errno in NO_SPACE:
            raise ServerFault(
                f"Máy chủ hết dung lượng đĩa tạm ({tempfile.gettempdir()}) khi chuẩn bị "
                "kiểm tra hồ sơ."
            ) from exc
        raise
    return target


def unreadable(result: CheckResult) -> bool:
    """A file of the version could not be read, which a broken OCR engine would explain."""
    return any(f.code in UNREADABLE_CODES for f in result.findings) or any(
        not e.readable for e in result.evidence
    )


def ensure_ocr_engine(settings: Settings) -> None:
    """Raise ``ServerFault`` unless tesseract runs and lists every configured language.

    Run only after a file was found unreadable: a missing or broken engine is then the
    cause, and the school must not be told its files are unreadable."""
    problem = ocr_engine_problem(settings)
    if problem:
        raise ServerFault(problem)


def ocr_engine_problem(settings: Settings) -> str | None:
    """What is wrong with the OCR engine, in Vietnamese; None when it works."""
    command = settings.tesseract_cmd
    binary = shutil.which(command)
    if binary is None:
        return f"Máy chủ không có chương trình nhận dạng chữ (không tìm thấy {command!r})."
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=OCR_PROBE_SECONDS
        )
    except subprocess.TimeoutExpired:
        return (
            f"Chương trình nhận dạng chữ ({binary}) không phản hồi sau {OCR_PROBE_SECONDS:g} giây."
        )
    except OSError as exc:
        return f"Không chạy được chương trình nhận dạng chữ ({binary}): {exc.strerror}."
    if listed.returncode != 0:
        how = (
            f"bị dừng bởi tín hiệu {-listed.returncode}"
            if listed.returncode < 0
            else f"thoát với mã lỗi {listed.returncode}"
        )
        return f"Chương trình nhận dạng chữ ({binary}) bị lỗi: {how}."
    missing = [
        lang for lang in settings.ocr_languages.split("+") if lang not in listed.stdout.split()
    ]
    if missing:
        return f"Chương trình nhận dạng chữ thiếu dữ liệu ngôn ngữ: {', '.join(missing)}."
    return None


def fault_message(fault: ServerFault, settings: Settings) -> str:
    """What happened, whose it is, and what comes next, for the reviewer and the school."""
    minutes = max(1, round(settings.fault_retry_seconds / 60))
    return (
        f"Chưa kiểm tra được do lỗi máy chủ, không phải do hồ sơ: {fault} "
        "Quản trị hệ thống cần khắc phục lỗi này; hồ sơ sẽ được tự động kiểm tra lại "
        f"sau khoảng {minutes} phút, trường không cần nộp lại."
    )


def failure_message(exc: Exception) -> str:
    """A check that broke (a bug, the time limit): the reason, and what to do."""
    return (
        f"Việc kiểm tra tự động gặp lỗi nên dừng ({type(exc).__name__}: {exc}). "
        "Cán bộ Phòng GD&ĐT sẽ xem hồ sơ trực tiếp; trường không cần nộp lại. "
        "Quản trị hệ thống xem nhật ký để sửa lỗi."
    )
