"""The database engine: SQLite in the data folder by default, PostgreSQL by URL.

SQLite is shared by the API and worker processes, so it runs in WAL mode with a busy
timeout, and every transaction starts with ``BEGIN IMMEDIATE``: a writer waits for the lock
up front instead of failing when a read transaction later tries to write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from validator.settings import REPO_ROOT, Settings

SQLITE_BUSY_TIMEOUT_MS = 30_000


def database_url(settings: Settings) -> str:
    """The configured URL, or a SQLite file in the data folder."""
    if settings.database_url:
        return settings.database_url
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(settings.data_dir / 'cchc.sqlite3').resolve()}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; psycopg 3 for ``postgresql://`` URLs."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
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
