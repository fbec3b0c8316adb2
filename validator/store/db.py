"""The database engine: SQLite in the data folder by default, PostgreSQL by URL.

SQLite is shared by the API and worker processes, so it runs in WAL mode with a busy
timeout, and every transaction starts with ``BEGIN IMMEDIATE``: a writer waits for the lock
up front instead of failing when a read transaction later tries to write.

A database that is locked or gone for a moment is waited for, never failed at once: SQLite's
busy handler waits up to ``db_retry_seconds`` for another connection's write lock, and a
PostgreSQL connection that cannot be opened (server restarting, connections refused, our
connection terminated and pinged dead) is tried again with doubling pauses for as long. Past
that the error reaches the caller (the API answers 503 with Retry-After; a worker retries the
task later), and the transaction, never committed, leaves nothing half-stored.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from validator.settings import REPO_ROOT, Settings, get_settings

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_BACKOFF_SECONDS = 2.0
PG_CONNECT_TIMEOUT_SECONDS = 5  # one attempt; the retry window is ``db_retry_seconds``
DISK_FULL_SQLSTATE = "53100"  # PostgreSQL: disk_full


def database_url(settings: Settings) -> str:
    """The configured URL, or a SQLite file in the data folder."""
    if settings.database_url:
        return settings.database_url
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(settings.data_dir / 'cchc.sqlite3').resolve()}"


def make_engine(url: str, settings: Settings | None = None) -> Engine:
    """An engine for ``url``; psycopg 3 for ``postgresql://`` URLs. ``settings`` (default:
    the process's) give how long a locked or unreachable database is waited for."""
    settings = settings or get_settings()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _configure_sqlite(engine, settings)
        return engine
    engine = create_engine(
        url, pool_pre_ping=True, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_SECONDS}
    )
    _retry_connects(engine, settings)
    return engine


def retrying(
    action: Callable[[], T],
    settings: Settings,
    what: str,
    transient: Callable[[BaseException], bool] | None = None,
) -> T:
    """``action()``, tried again with doubling pauses while the database is unreachable
    (``transient``, default ``is_transient``), for at most ``db_retry_seconds``; then its
    last error is raised."""
    transient = transient or is_transient
    deadline = time.monotonic() + settings.db_retry_seconds
    pause = settings.db_retry_backoff_seconds
    while True:
        try:
            return action()
        except Exception as exc:
            if not transient(exc) or time.monotonic() + pause > deadline:
                raise
            log.warning("event=db_retry what=%s pause=%.2f error=%r", what, pause, exc)
        time.sleep(pause)
        pause = min(pause * 2, MAX_BACKOFF_SECONDS)


def is_transient(exc: BaseException) -> bool:
    """The database is locked, restarting or unreachable (not a bug, not a full disk)."""
    if is_disk_full(exc) or not isinstance(exc, DBAPIError):
        return False
    return exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError)


def is_disk_full(exc: BaseException) -> bool:
    """The database could not write for lack of space (SQLite or PostgreSQL)."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if getattr(original, "sqlstate", None) == DISK_FULL_SQLSTATE:
        return True
    return "database or disk is full" in str(original)


def _retry_connects(engine: Engine, settings: Settings) -> None:
    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        def refused(exc: BaseException) -> bool:
            return isinstance(exc, dialect.loaded_dbapi.OperationalError) and not is_disk_full(exc)

        return retrying(lambda: dialect.connect(*cargs, **cparams), settings, "connect", refused)


def _configure_sqlite(engine: Engine, settings: Settings) -> None:
    busy_timeout_ms = int(settings.db_retry_seconds * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def upgrade(url: str) -> None:
    """Bring the schema at ``url`` to the newest migration (idempotent)."""
    from alembic import command  # imported here: workers never migrate, and alembic is slow
    from alembic.config import Config

    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["quiet_logging"] = True  # keep the caller's logging configuration
    command.upgrade(config, "head")


def ping(engine: Engine) -> str:
    """The database's dialect name; raises unless the database answers."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return engine.dialect.name


def data_path(settings: Settings, *parts: str) -> Path:
    """A path inside the data folder, created on first use."""
    path = settings.data_dir.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path
