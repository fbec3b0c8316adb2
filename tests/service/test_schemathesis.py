"""schemathesis against the API's own OpenAPI spec, in-process (ASGI) on SQLite: requests
generated from the spec for every operation, sent as a school, a reviewer, an admin and
anonymously, never get a server error (5xx). Bounded: a few examples per operation."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema

from validator.api.app import create_app
from validator.settings import Settings
from validator.store.db import upgrade

from .access import account_token, bearer

pytestmark = pytest.mark.service

MAX_EXAMPLES = 10  # per operation: the whole run stays well under a minute
# Who calls: one place, so that a new role or a change of authentication is one edit here.
ROLES = ("school", "reviewer", "admin", "anonymous")


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> tuple[FastAPI, dict[str, dict[str, str]]]:
    """The app on a fresh SQLite database, and the headers each role sends."""
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    url = f"sqlite:///{folder / 'cchc.sqlite3'}"
    upgrade(url)
    headers = {
        "school": bearer(account_token(url, "thcs-a", "school", "THCSA")),
        "reviewer": bearer(account_token(url, "cv-phong", "reviewer")),
        "admin": bearer(account_token(url, "quan-tri", "admin")),
        "anonymous": {},
    }
    app = create_app(
        Settings(
            database_url=url,
            data_dir=folder / "data",
            redis_url="",
            broker_url="",
            sweep_interval_seconds=3600,
            upload_rate_per_minute=0,  # reach the upload code, not the rate limit
            max_parse_seconds=20,
        )
    )
    return app, headers


@pytest.fixture(scope="module")
def api_schema(api: tuple[FastAPI, dict[str, dict[str, str]]]) -> BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", api[0])


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_from_the_spec_gets_a_server_error(
    api_schema: BaseSchema, api: tuple[FastAPI, dict[str, dict[str, str]]], mode: GenerationMode
) -> None:
    """Valid requests (``POSITIVE``) and requests that break the spec (``NEGATIVE``)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def no_server_error(case: schemathesis.Case) -> None:
            for role in ROLES:
                response = case.call(headers=api[1][role])
                case.validate_response(response, checks=[not_a_server_error])

        try:
            no_server_error()
        except Unsatisfiable:  # nothing in this operation can break the spec (no input)
            assert mode == GenerationMode.NEGATIVE
