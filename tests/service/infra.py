"""Real servers for the service tests: PostgreSQL, private redis-servers, API and workers.

Nothing here is a mock: each helper starts (or checks) a real process and stops only what
it started. The shared Redis on 6379 is never stopped; tests that stop Redis use their own.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg

from validator.settings import REPO_ROOT
from validator.store.db import upgrade

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def wait_until(condition: Callable[[], Any], timeout: float, what: str, step: float = 0.2) -> Any:
    """Poll ``condition`` until it returns something truthy; fail with ``what`` on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(step)


def wait_finished(read: Callable[[], dict[str, Any]], timeout: float = 120) -> dict[str, Any]:
    """The submission view ``read`` returns, once its latest version is done or failed."""

    def finished() -> dict[str, Any] | None:
        view = read()
        return view if view["state"] in ("done", "failed") else None

    view: dict[str, Any] = wait_until(finished, timeout, "the submission to be checked")
    return view


def multipart(document: Path, evidence: Sequence[Path]) -> list[tuple[str, tuple[str, bytes]]]:
    """The files of an upload as the API takes them: one document, any evidence."""
    return [("document", (document.name, document.read_bytes()))] + [
        ("evidence", (e.name, e.read_bytes())) for e in evidence
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def postgres_up() -> bool:
    try:
        psycopg.connect(PG_ADMIN_URL, connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


def ensure_postgres() -> None:
    """Start the machine's PostgreSQL cluster if it is not running."""
    if postgres_up():
        return
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False
    )
    wait_until(postgres_up, 30, "PostgreSQL to accept connections")


def admin_sql(statement: str) -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type]


@contextmanager
def fresh_postgres(prefix: str) -> Iterator[str]:
    """The URL of a new, migrated database on the machine's PostgreSQL (started if need
    be), dropped afterwards even when its user fails."""
    ensure_postgres()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin_sql(f"CREATE DATABASE {name}")
    try:
        url = f"postgresql://postgres@127.0.0.1:5432/{name}"
        upgrade(url)
        yield url
    finally:
        admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class RedisServer:
    """A private redis-server on a free port, which a test may stop and start again."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "redis-server"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self.answers, 10, f"redis-server on port {self.port}")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


class Service:
    """``cchc serve`` and ``cchc worker`` processes sharing one database and data folder."""

    def __init__(self, env: dict[str, str], logdir: Path) -> None:
        self.env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
        self.logdir = logdir
        self.port = free_port()
        self.api: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=30)

    @classmethod
    def deployed(cls, database_url: str, redis_url: str, root: Path, **env: str) -> Service:
        """API and workers as docker-compose runs them: one database, Redis as the only
        broker, files under ``root/data``, logs under ``root/logs``; ``env`` adds to it."""
        logdir = root / "logs"
        logdir.mkdir(exist_ok=True)
        base = {
            "CCHC_DATABASE_URL": database_url,
            "CCHC_DATA_DIR": str(root / "data"),
            "CCHC_REDIS_URL": redis_url,
            "CCHC_BROKER_URL": "",
        }
        return cls({**base, **env}, logdir)

    def spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.logdir / f"{name}.log").open("ab")
        return subprocess.Popen(
            [sys.executable, "-m", "validator.cli_service", *args],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killing it kills its children
        )

    def start_api(self) -> None:
        self.api = self.spawn("api", "serve", "--port", str(self.port))
        wait_until(self.healthy, 30, "the API to answer /healthz")

    def healthy(self) -> bool:
        try:
            return self.client.get("/healthz").status_code == 200
        except httpx.HTTPError:
            return False

    def start_workers(self, count: int = 1) -> None:
        """Celery workers with one pool process each; returns once all consume tasks."""
        names = [f"worker{len(self.workers) + i}" for i in range(count)]
        for name in names:
            self.workers.append(self.spawn(name, "worker", "--concurrency", "1"))
        for name in names:
            log = self.logdir / f"{name}.log"
            wait_until(lambda log=log: b" ready." in log.read_bytes(), 90, f"{name} to be ready")

    def upload(self, document: Path, evidence: Sequence[Path], **form: Any) -> httpx.Response:
        return self.client.post("/submissions", data=form, files=multipart(document, evidence))

    def submission(self, submission_id: int) -> dict[str, Any]:
        view: dict[str, Any] = self.client.get(f"/submissions/{submission_id}").json()
        return view

    def wait_finished(self, submission_id: int, timeout: float = 120) -> dict[str, Any]:
        return wait_finished(lambda: self.submission(submission_id), timeout)

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}"
            for p in sorted(self.logdir.glob("*.log"))
        )

    def stop(self) -> None:
        self.client.close()
        for process in [*self.workers, *([self.api] if self.api else [])]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.workers, *([self.api] if self.api else [])]:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
