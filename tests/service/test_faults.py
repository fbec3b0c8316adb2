"""Faults of the service's surroundings, each made real: a tesseract that is missing, exits
with an error, is killed or hangs (fake ``tesseract`` scripts first on the PATH); a SQLite
database locked by another connection; PostgreSQL connections terminated or refused; Redis
restarted with tasks waiting in it; the data folder's disk full (a small tmpfs).

Each must end in a state a reviewer can read (a result whose finding says why, or
``failed`` with a Vietnamese reason) or an answer that tells the client to come back
(503/507 with Retry-After), with nothing stuck, lost or half-stored. (A worker killed
mid-task is in ``test_workers.py``.)
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from validator.queueing import EmbeddedDispatcher
from validator.settings import Settings
from validator.store.db import make_engine, make_sessionmaker
from validator.store.models import Result, School, Submission, Version

from .infra import PG_ADMIN_URL, RedisServer, Service, admin_sql, wait_until
from .samples import write_evidence, write_plan
from .test_store import new_version

pytestmark = pytest.mark.service

REAL_TESSERACT = shutil.which("tesseract") or "/usr/bin/tesseract"
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

# Fake engines: broken for every call, or only when asked to read an image.
ALWAYS_EXIT_1 = "#!/bin/sh\necho 'tesseract: error while loading shared libraries' >&2\nexit 1\n"
ALWAYS_KILLED = "#!/bin/sh\nkill -9 $$\n"
ON_IMAGES = '#!/bin/sh\ncase "$1" in --version|--list-langs) exec {real} "$@";; esac\n{then}\n'
HANGS_ON_IMAGES = ON_IMAGES.format(real=REAL_TESSERACT, then="exec /bin/sleep 120")
CRASHES_ON_IMAGES = ON_IMAGES.format(
    real=REAL_TESSERACT, then="echo 'Error in pixReadStream: corrupt' >&2\nexit 1"
)


def fake_bin(tmp_path: Path, script: str | None) -> Path:
    """A folder to use as the whole PATH: with a ``tesseract`` script, or empty."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    if script is not None:
        target = folder / "tesseract"
        target.write_text(script)
        target.chmod(0o755)
    return folder


def count(sessions: sessionmaker[Session], model: Any, *where: Any) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def version_row(sessions: sessionmaker[Session], version_id: int) -> Version:
    with sessions() as session:
        return session.get_one(Version, version_id)


def submissions_of(sessions: sessionmaker[Session], school: str) -> int:
    return count(sessions, Submission, Submission.school.has(School.code == school))


def upload_plan_with_scan(service: Service, tmp_path: Path, school: str) -> dict[str, Any]:
    plan = write_plan(tmp_path)
    scan = write_evidence(tmp_path, "qd-1.png")
    response = service.upload(plan, [scan], school=school, kind="plan", year=2023)
    assert response.status_code == 202, response.text
    accepted: dict[str, Any] = response.json()
    return accepted


def latest(view: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = view["history"][-1]
    return entry


# --------------------------------------------------------------------------- tesseract


@SQLITE_ONLY
@pytest.mark.slow
def test_a_missing_tesseract_fails_the_version_for_the_operator_and_a_retry_after_the_fix_checks_it(
    make_service: Callable[..., Service], sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    """No result blames the school's scan; the reviewer reads that tesseract is missing;
    once it is installed the version is checked again without a new upload."""
    path = fake_bin(tmp_path, None)
    service = make_service(PATH=str(path), CCHC_FAULT_RETRY_SECONDS="4")
    service.start_api()
    service.start_workers()
    accepted = upload_plan_with_scan(service, tmp_path, "T1")

    view = service.wait_finished(accepted["submission_id"])
    assert view["state"] == "failed", service.logs()
    error = latest(view)["error"]
    assert "không tìm thấy 'tesseract'" in error
    assert "không phải do hồ sơ" in error and "tự động kiểm tra lại" in error
    assert view["result"] is None
    assert count(sessions, Result, Result.version_id == accepted["version_id"]) == 0

    (path / "tesseract").symlink_to(REAL_TESSERACT)  # the operator installs it
    view = wait_until(
        lambda: (v := service.submission(accepted["submission_id"]))["state"] == "done" and v,
        90,
        "the version to be checked again after the fix",
    )
    assert all(e["readable"] for e in view["result"]["evidence"]), view["result"]["evidence"]
    codes = {f["code"] for f in view["result"]["findings"]}
    assert "EVIDENCE_UNREADABLE" not in codes
    assert latest(view)["error"] is None
    assert count(sessions, Result, Result.version_id == accepted["version_id"]) == 1


@SQLITE_ONLY
@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "reason"),
    [(ALWAYS_EXIT_1, "thoát với mã lỗi 1"), (ALWAYS_KILLED, "bị dừng bởi tín hiệu 9")],
    ids=["exit-1", "kill-9"],
)
def test_a_tesseract_that_always_crashes_fails_the_version_with_its_reason(
    make_service: Callable[..., Service],
    sessions: sessionmaker[Session],
    tmp_path: Path,
    script: str,
    reason: str,
) -> None:
    service = make_service(PATH=str(fake_bin(tmp_path, script)))
    service.start_api()
    service.start_workers()
    accepted = upload_plan_with_scan(service, tmp_path, "T2")
    view = service.wait_finished(accepted["submission_id"])
    assert view["state"] == "failed", service.logs()
    assert reason in latest(view)["error"]
    assert "Quản trị hệ thống cần khắc phục" in latest(view)["error"]
    assert count(sessions, Result, Result.version_id == accepted["version_id"]) == 0
    row = version_row(sessions, accepted["version_id"])
    assert row.retry_at is not None and row.finished_at is not None
    assert row.retry_at > row.finished_at


@SQLITE_ONLY
@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "reason"),
    [(HANGS_ON_IMAGES, "vượt quá thời gian"), (CRASHES_ON_IMAGES, "gặp lỗi khi đọc tệp")],
    ids=["hangs", "crashes"],
)
def test_tesseract_failing_on_one_scan_is_that_scans_finding(
    make_service: Callable[..., Service],
    sessions: sessionmaker[Session],
    tmp_path: Path,
    script: str,
    reason: str,
) -> None:
    """The engine works (it lists its languages) but fails on this image: the version gets
    its result, and the finding names the scan and why it could not be read."""
    service = make_service(PATH=str(fake_bin(tmp_path, script)), CCHC_OCR_TIMEOUT_SECONDS="2")
    service.start_api()
    service.start_workers()
    accepted = upload_plan_with_scan(service, tmp_path, "T3")
    view = service.wait_finished(accepted["submission_id"])
    assert view["state"] == "done", service.logs()
    unreadable = [f for f in view["result"]["findings"] if f["code"] == "EVIDENCE_UNREADABLE"]
    assert len(unreadable) == 1, view["result"]["findings"]
    assert "qd-1.png" in unreadable[0]["message"] and reason in unreadable[0]["message"]
    assert view["decision"] == "return"
    assert count(sessions, Result, Result.version_id == accepted["version_id"]) == 1


# --------------------------------------------------------------------------- the database


@contextmanager
def sqlite_write_lock(url: str, release_after: float | None) -> Iterator[Callable[[], None]]:
    """Another connection holding SQLite's write lock; released after ``release_after``
    seconds, or when the caller calls the yielded function (and at the end)."""
    path = url.removeprefix("sqlite:///")
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release() -> None:
        if not released.is_set():
            released.set()
            connection.rollback()

    timer = threading.Timer(release_after, release) if release_after is not None else None
    if timer:
        timer.start()
    try:
        yield release
    finally:
        if timer:
            timer.cancel()
        release()
        connection.close()


def assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    assert "cơ sở dữ liệu" in response.json()["detail"]


@SQLITE_ONLY
@pytest.mark.slow
def test_a_locked_sqlite_database_is_waited_for_then_answered_503_with_nothing_stored(
    make_service: Callable[..., Service],
    database_url: str,
    sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    service = make_service(CCHC_REDIS_URL="", CCHC_DB_RETRY_SECONDS="3")  # embedded worker
    service.start_api()
    plan = write_plan(tmp_path)

    with sqlite_write_lock(database_url, release_after=1.5):
        started = time.monotonic()
        briefly = service.upload(plan, [], school="L1", kind="plan", year=2023)
    assert briefly.status_code == 202, briefly.text
    assert time.monotonic() - started >= 1.4  # it waited for the lock, then stored

    with sqlite_write_lock(database_url, release_after=None):
        held = service.upload(plan, [], school="L2", kind="plan", year=2023)
    assert_unavailable(held)
    assert submissions_of(sessions, "L2") == 0

    again = service.upload(plan, [], school="L2", kind="plan", year=2023)
    assert again.status_code == 202, again.text
    for accepted in (briefly.json(), again.json()):
        assert service.wait_finished(accepted["submission_id"])["state"] == "done"
        assert count(sessions, Result, Result.version_id == accepted["version_id"]) == 1


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def terminate_connections(name: str) -> None:
    admin_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )


def allow_connections(name: str, allowed: bool) -> None:
    admin_sql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {str(allowed).lower()}")


@contextmanager
def postgres_refusing(name: str, release_after: float | None) -> Iterator[None]:
    """The database refuses new connections and its open ones are dropped, for a while."""
    allow_connections(name, False)
    terminate_connections(name)
    timer = (
        threading.Timer(release_after, allow_connections, (name, True)) if release_after else None
    )
    if timer:
        timer.start()
    try:
        yield
    finally:
        if timer:
            timer.join()
        allow_connections(name, True)


@POSTGRES_ONLY
@pytest.mark.slow
def test_postgres_connections_dropped_or_refused_are_retried_then_answered_503(
    make_service: Callable[..., Service],
    database_url: str,
    sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    assert PG_ADMIN_URL.rsplit("/", 1)[1] != database_name(database_url)
    name = database_name(database_url)
    service = make_service(CCHC_DB_RETRY_SECONDS="4")
    service.start_api()
    service.start_workers()
    plan = write_plan(tmp_path)
    assert service.upload(plan, [], school="P0", kind="plan", year=2023).status_code == 202

    terminate_connections(name)  # every pooled connection of the API and worker is dead
    dropped = service.upload(plan, [], school="P1", kind="plan", year=2023)
    assert dropped.status_code == 202, dropped.text

    with postgres_refusing(name, release_after=1.5):
        refused_briefly = service.upload(plan, [], school="P2", kind="plan", year=2023)
    assert refused_briefly.status_code == 202, refused_briefly.text

    with postgres_refusing(name, release_after=None):
        refused = service.upload(plan, [], school="P3", kind="plan", year=2023)
    assert_unavailable(refused)
    assert submissions_of(sessions, "P3") == 0

    again = service.upload(plan, [], school="P3", kind="plan", year=2023)
    assert again.status_code == 202, again.text
    for accepted in (dropped.json(), refused_briefly.json(), again.json()):
        assert service.wait_finished(accepted["submission_id"])["state"] == "done"
        assert count(sessions, Result, Result.version_id == accepted["version_id"]) == 1


# --------------------------------------------------------------------------- Redis


@pytest.mark.slow
def test_tasks_waiting_in_a_restarted_redis_are_sent_again_and_each_checked_once(
    make_service: Callable[..., Service],
    redis_server: RedisServer,
    sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    """Redis keeps no data across the restart, so the waiting tasks are gone; the sweeper
    sees the new server and sends them again at once (long before ``stale_after``), and the
    worker reconnects and checks them."""
    service = make_service(CCHC_TASK_DELAY_SECONDS="2", CCHC_STALE_AFTER_SECONDS="600")
    service.start_api()
    service.start_workers()
    plan = write_plan(tmp_path)
    accepted = [
        service.upload(plan, [], school=f"RR{i}", kind="plan", year=2023).json() for i in range(4)
    ]
    wait_until(
        lambda: version_row(sessions, accepted[0]["version_id"]).state == "started",
        30,
        "the first version to start",
    )
    redis_server.stop()
    redis_server.start()
    for item in accepted:
        view = service.wait_finished(item["submission_id"], timeout=120)
        assert view["state"] == "done", service.logs()
        assert count(sessions, Result, Result.version_id == item["version_id"]) == 1
    assert "event=broker_restarted" in (tmp_path / "logs" / "api.log").read_text()


# --------------------------------------------------------------------------- the disk


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Callable[[str], None]]:
    """A tmpfs of ``size`` mounted on ``folder``; the yielded function resizes it."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")

    def resize(new_size: str) -> None:
        subprocess.run(["mount", "-o", f"remount,size={new_size}", str(folder)], check=True)

    try:
        yield resize
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@SQLITE_ONLY
def test_a_full_disk_answers_507_keeps_nothing_and_the_service_works_once_space_returns(
    make_service: Callable[..., Service], sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    big = write_plan(tmp_path, name="ke-hoach-day-du.txt")
    with big.open("a", encoding="utf-8") as out:  # a plan with 2 MB of appendix
        out.write(("Phụ lục: danh mục hồ sơ lưu trữ của nhà trường.\n") * 40_000)
    with small_disk(tmp_path / "data", "1m") as resize:
        service = make_service(CCHC_REDIS_URL="")  # embedded worker
        service.start_api()
        full = service.upload(big, [], school="D1", kind="plan", year=2023)
        assert full.status_code == 507, full.text
        assert int(full.headers["Retry-After"]) > 0
        assert "hết dung lượng" in full.json()["detail"]
        assert submissions_of(sessions, "D1") == 0
        leftovers = [p for p in (tmp_path / "data" / "files").rglob("*") if p.is_file()]
        assert leftovers == []

        resize("16m")  # the operator frees space
        again = service.upload(big, [], school="D1", kind="plan", year=2023)
        assert again.status_code == 202, again.text
        assert service.wait_finished(again.json()["submission_id"])["state"] == "done"
        service.stop()


@SQLITE_ONLY
def test_the_in_process_worker_tries_again_when_the_database_was_locked(
    settings: Settings, sessions: sessionmaker[Session], database_url: str
) -> None:
    """`cchc serve` without a broker: a check that meets a locked database is sent again
    after a pause (as Celery retries), not left queued until the sweeper's 15 minutes."""
    with sessions() as session:
        version = new_version(session, settings, school="KHOA")
        session.commit()
    impatient = settings.model_copy(update={"db_retry_seconds": 0.3})
    engine = make_engine(database_url, impatient)  # gives up on the lock after 0.3 s
    dispatcher = EmbeddedDispatcher(impatient, make_sessionmaker(engine))
    try:
        with sqlite_write_lock(database_url, release_after=1.5):
            dispatcher.send(version.id)  # its claim fails on the lock; the retry comes at 2 s
            time.sleep(1.0)
        wait_until(lambda: state_of(sessions, version.id) == "done", 30, "the retried check")
    finally:
        dispatcher.close()
        engine.dispose()
    with sessions() as session:
        checked = session.get_one(Version, version.id)
        assert checked.result is not None and checked.attempts == 1


def state_of(sessions: sessionmaker[Session], version_id: int) -> str:
    with sessions() as session:
        return session.get_one(Version, version_id).state
