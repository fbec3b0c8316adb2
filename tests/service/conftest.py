"""Fixtures of the service tests: a fresh PostgreSQL database per session, a SQLite file
per test, private redis-servers, and API/worker processes, all real.

Each test that takes ``database_url`` runs twice: on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from validator.settings import Settings
from validator.store.db import make_engine, make_sessionmaker, upgrade
from validator.store.models import Base

from .access import account_token, bearer
from .infra import RedisServer, Service, fresh_postgres


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database created for this test session (and dropped after it)."""
    with fresh_postgres("cchc_test") as url:
        yield url


def empty_tables(url: str) -> None:
    engine = make_engine(url)
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: a SQLite file, or the session's PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'cchc.sqlite3'}"
        upgrade(url)
        return url
    url: str = request.getfixturevalue("postgres_url")
    empty_tables(url)
    return url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path / "data",
        redis_url="",
        broker_url="",
        sweep_interval_seconds=3600,
    )


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A private redis-server (never the shared one on 6379)."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_service(
    database_url: str, redis_server: RedisServer, tmp_path: Path
) -> Iterator[Callable[..., Service]]:
    """Build API + worker processes on this test's database and Redis; stopped after.
    The service's client acts as a reviewer (who may upload for any school)."""
    started: list[Service] = []
    token = account_token(database_url, "office-reviewer", "reviewer")

    def build(**env: str) -> Service:
        env = {"CCHC_SWEEP_INTERVAL_SECONDS": "1", **env}
        service = Service.deployed(database_url, redis_server.url, tmp_path, **env)
        service.client.headers.update(bearer(token))
        started.append(service)
        return service

    yield build
    for service in started:
        service.stop()
