"""The API with real Celery worker processes on a real (private) Redis, on SQLite and on
PostgreSQL: results equal `cchc check`'s, a worker killed with SIGKILL mid-task leaves
exactly one result, and uploads made while Redis is down are all processed once it is back.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from validator.store.models import Result, Version

from .infra import RedisServer, Service, wait_until
from .samples import write_evidence, write_plan

pytestmark = pytest.mark.service


def results_of(sessions: sessionmaker[Session], version_id: int) -> int:
    with sessions() as session:
        count: int = session.scalar(
            select(func.count()).select_from(Result).where(Result.version_id == version_id)
        )
        return count


def version_row(sessions: sessionmaker[Session], version_id: int) -> Version:
    with sessions() as session:
        return session.get_one(Version, version_id)


def without_timing(result: dict[str, Any]) -> dict[str, Any]:
    """The result minus the seconds it took, which differ between any two runs."""
    return {**result, "stats": {**result["stats"], "seconds": None}}


def test_result_through_the_api_equals_cchc_check(
    make_service: Callable[..., Service], tmp_path: Path
) -> None:
    service = make_service()
    service.start_api()
    service.start_workers()
    plan = write_plan(tmp_path)
    scans = [write_evidence(tmp_path, "qd-1.png")]
    accepted = service.upload(plan, scans, school="THCSNVA", kind="plan", year=2023)
    assert accepted.status_code == 202, accepted.text
    view = service.wait_finished(accepted.json()["submission_id"])
    assert view["state"] == "done", service.logs()
    # what a school gets from `cchc check` on the same files, run where they are
    command = [
        str(Path(sys.executable).parent / "cchc"),
        "check",
        plan.name,
        *("--evidence", scans[0].name),
        *("--kind", "plan", "--year", "2023"),
        *("--submitted-at", view["history"][0]["created_at"]),
        *("--format", "json"),
    ]
    printed = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert printed.returncode in (0, 1), printed.stderr
    direct = json.loads(printed.stdout)
    assert without_timing(view["result"]) == without_timing(direct)
    assert view["decision"] == direct["decision"]
    assert view["returns"] == (1 if direct["decision"] == "return" else 0)


def start_slow_service(make_service: Callable[..., Service], **env: str) -> Service:
    """API and two workers; each check sleeps first so that a test can kill it mid-task."""
    service = make_service(CCHC_TASK_DELAY_SECONDS="4", **env)
    service.start_api()
    service.start_workers(2)
    return service


def wait_started(service: Service, sessions: sessionmaker[Session], version_id: int) -> int:
    """The pid of the pool process now checking the version."""

    def started_by() -> int | None:
        row = version_row(sessions, version_id)
        return int(row.worker.rsplit(":", 1)[1]) if row.state == "started" and row.worker else None

    pid: int = wait_until(started_by, 60, f"version {version_id} to start")
    return pid


@pytest.mark.slow
def test_a_worker_killed_mid_task_leaves_exactly_one_result(
    make_service: Callable[..., Service], sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    """SIGKILL to a pool process: its worker rejects the task, which runs again. SIGKILL to a
    whole worker (parent and pool): nothing is left to reject it, so the sweeper sends the
    version, left ``started`` too long, again and the other worker checks it."""
    service = start_slow_service(make_service, CCHC_STALE_AFTER_SECONDS="12")
    plan = write_plan(tmp_path)

    first = service.upload(plan, [], school="S1", kind="plan", year=2023).json()
    killed = wait_started(service, sessions, first["version_id"])
    os.kill(killed, signal.SIGKILL)
    assert service.wait_finished(first["submission_id"])["state"] == "done", service.logs()
    row = version_row(sessions, first["version_id"])
    assert row.attempts == 2
    assert row.worker is not None and not row.worker.endswith(f":{killed}")
    assert results_of(sessions, first["version_id"]) == 1

    second = service.upload(plan, [], school="S2", kind="plan", year=2023).json()
    pool_pid = wait_started(service, sessions, second["version_id"])
    victim = next(w for w in service.workers if os.getpgid(pool_pid) == w.pid)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(10)
    assert service.wait_finished(second["submission_id"])["state"] == "done", service.logs()
    survivor = next(w for w in service.workers if w is not victim)
    row = version_row(sessions, second["version_id"])
    assert row.attempts >= 2
    assert row.worker is not None
    assert os.getpgid(int(row.worker.rsplit(":", 1)[1])) == survivor.pid
    assert results_of(sessions, second["version_id"]) == 1


@pytest.mark.slow
def test_uploads_while_redis_is_down_are_stored_and_processed_when_it_returns(
    make_service: Callable[..., Service],
    redis_server: RedisServer,
    sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    service = make_service()
    service.start_api()
    service.start_workers()
    plan = write_plan(tmp_path)
    redis_server.stop()
    accepted = []
    for i in range(5):
        started = time.monotonic()
        response = service.upload(plan, [], school=f"R{i}", kind="plan", year=2023)
        assert response.status_code == 202, response.text
        assert time.monotonic() - started < 5
        accepted.append(response.json())
    for item in accepted:
        assert service.submission(item["submission_id"])["state"] == "queued"
    assert service.client.get("/readyz").status_code == 503
    redis_server.start()
    for item in accepted:
        view = service.wait_finished(item["submission_id"], timeout=90)
        assert view["state"] == "done", service.logs()
        assert results_of(sessions, item["version_id"]) == 1
