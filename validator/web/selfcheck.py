"""Self-check: a school checks a draft without submitting it.

Nothing goes into the submissions list, the return count or the timeliness record. The files
are still stored first (content-addressed, like every upload), and the check's state lives
in a small JSON record under ``data_dir/self-checks/``, so a check cut short (the process
stopped) is started again when its page is next opened: the file is never lost mid-check.
The check itself is the worker's own ``run_check``: no second code path for the logic.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from validator.options import CheckOptions
from validator.service import Job, StoredName, run_check
from validator.settings import Settings
from validator.store.models import utcnow

log = logging.getLogger(__name__)

State = Literal["queued", "started", "done", "failed"]
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class SelfCheckFile(BaseModel):
    role: str  # "document" | "evidence"
    name: str
    sha256: str


class SelfCheck(BaseModel):
    """One self-check: who asked, which files, what was declared, how it went."""

    id: str
    account_id: int
    school: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    state: State = "queued"
    files: list[SelfCheckFile]
    options: CheckOptions
    plan: SelfCheckFile | None = None  # reports: the school's approved plan of the year
    earlier: list[SelfCheckFile] = []  # reports: the school's earlier reports of the year
    result: dict[str, Any] | None = None
    error: str | None = None

    def evidence_files(self) -> list[SelfCheckFile]:
        return [f for f in self.files if f.role == "evidence"]

    def document_file(self) -> SelfCheckFile:
        return next(f for f in self.files if f.role == "document")


def folder(settings: Settings) -> Path:
    path = settings.data_dir / "self-checks"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(settings: Settings, record: SelfCheck) -> None:
    """Write atomically: a reader sees the old record or the new one, never half."""
    fd, tmp = tempfile.mkstemp(dir=folder(settings), suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(record.model_dump_json())
    os.replace(tmp, folder(settings) / f"{record.id}.json")


def load(settings: Settings, check_id: str) -> SelfCheck | None:
    if not ID_PATTERN.match(check_id):
        return None
    path = folder(settings) / f"{check_id}.json"
    if not path.exists():
        return None
    return SelfCheck.model_validate_json(path.read_text(encoding="utf-8"))


def create(
    settings: Settings,
    account_id: int,
    school: str | None,
    files: list[SelfCheckFile],
    options: CheckOptions,
    related: tuple[SelfCheckFile | None, list[SelfCheckFile]] = (None, []),
) -> SelfCheck:
    prune(settings)
    record = SelfCheck(
        id=secrets.token_urlsafe(18),
        account_id=account_id,
        school=school,
        created_at=utcnow(),
        files=files,
        options=options,
        plan=related[0],
        earlier=related[1],
    )
    save(settings, record)
    return record


def prune(settings: Settings) -> None:
    """Forget records older than ``selfcheck_keep_days`` (the stored files stay: they may be
    shared with submissions, and stored content is never deleted by processing)."""
    cutoff = utcnow().timestamp() - settings.selfcheck_keep_days * 86400
    for path in folder(settings).glob("*.json"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


class Runner:
    """Runs self-checks on background threads, at most ``selfcheck_workers`` at once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.slots = threading.BoundedSemaphore(max(1, settings.selfcheck_workers))
        self.running: set[str] = set()
        self.lock = threading.Lock()

    def start(self, record: SelfCheck) -> None:
        with self.lock:
            if record.id in self.running:
                return
            self.running.add(record.id)
        threading.Thread(
            target=self._run, args=(record,), name="cchc-selfcheck", daemon=True
        ).start()

    def resume_if_orphaned(self, record: SelfCheck) -> None:
        """A record left queued or started by a stopped process is started again."""
        if record.state in ("queued", "started") and record.id not in self.running:
            self.start(record)

    def _run(self, record: SelfCheck) -> None:
        try:
            with self.slots:
                record = record.model_copy(update={"state": "started", "started_at": utcnow()})
                save(self.settings, record)
                self._check(record)
        finally:
            with self.lock:
                self.running.discard(record.id)

    def _check(self, record: SelfCheck) -> None:
        files = [StoredName(f.role, f.name, f.sha256) for f in record.files]
        plan = (
            StoredName(record.plan.role, record.plan.name, record.plan.sha256)
            if record.plan
            else None
        )
        earlier = [StoredName(f.role, f.name, f.sha256) for f in record.earlier]
        try:
            result = run_check(Job(0, 0, files, record.options, plan, earlier), self.settings)
        except Exception as exc:  # a bug in the pipeline: shown on the page, not lost
            log.exception("event=selfcheck_failed id=%s", record.id)
            failed = {"state": "failed", "finished_at": utcnow(), "error": type(exc).__name__}
            save(self.settings, record.model_copy(update=failed))
            return
        body = result.model_dump(mode="json")
        done = {"state": "done", "finished_at": utcnow(), "result": body}
        save(self.settings, record.model_copy(update=done))
        log.info("event=selfcheck_done id=%s decision=%s", record.id, result.decision)
