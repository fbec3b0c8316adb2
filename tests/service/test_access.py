"""Access control against the real app and database (SQLite and PostgreSQL): a school sees
and changes only its own records through every route the app has (the routes are walked, so
a new endpoint cannot be forgotten), anonymous requests get nothing, cookie posts need the
CSRF token, uploads are rate-limited, passwords and tokens are stored hashed, and the audit
log records logins, uploads and overrides."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner, Result

from validator.api.app import create_app
from validator.api.auth import LOGIN_PATH, LOGOUT_PATH
from validator.cli import app as cchc
from validator.cli_service import first_admin
from validator.settings import REPO_ROOT, Settings, get_settings
from validator.store.models import Account, ApiToken, AuditEvent, Review, Submission

from .access import PASSWORD, account_token, bearer
from .infra import multipart, wait_finished
from .samples import write_plan

pytestmark = pytest.mark.service

CODE_A = "TRUONG-A-Q7"
CODE_B = "TRUONG-B-Q7"  # a marker that must never appear in an answer to school A
PUBLIC = {"/healthz", "/readyz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
PUBLIC |= {LOGIN_PATH}


@dataclass
class World:
    client: TestClient
    school_a: str  # tokens
    school_b: str
    reviewer: str
    admin: str
    submission_a: int
    submission_b: int
    account_b: int


@pytest.fixture
def world(
    settings: Settings, database_url: str, sessions: sessionmaker[Session], tmp_path: Path
) -> Iterator[World]:
    """Two schools with one checked plan each, a reviewer and an admin."""
    tokens = {
        "a": account_token(database_url, "truong-a", "school", CODE_A),
        "b": account_token(database_url, "truong-b", "school", CODE_B),
        "reviewer": account_token(database_url, "cv-phong", "reviewer"),
        "admin": account_token(database_url, "quan-tri", "admin"),
    }
    plan = write_plan(tmp_path)
    with TestClient(create_app(settings)) as client:
        ids = {}
        for school in ("a", "b"):
            response = client.post(
                "/submissions",
                data={"kind": "plan", "year": "2023"},
                files=multipart(plan, []),
                headers=bearer(tokens[school]),
            )
            assert response.status_code == 202, response.text
            ids[school] = response.json()["submission_id"]
            wait_finished(
                lambda i=ids[school], t=tokens[school]: client.get(
                    f"/submissions/{i}", headers=bearer(t)
                ).json()
            )
        with sessions() as session:
            account_b = session.scalar(select(Account.id).where(Account.username == "truong-b"))
        assert account_b is not None
        yield World(
            client,
            tokens["a"],
            tokens["b"],
            tokens["reviewer"],
            tokens["admin"],
            ids["a"],
            ids["b"],
            account_b,
        )


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the login form carries a CSRF token"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> httpx.Response:
    token = csrf_of(client.get(LOGIN_PATH).text)
    form = {"username": username, "password": password, "csrf_token": token, "next": "/me"}
    return client.post(LOGIN_PATH, data=form, follow_redirects=False)


# --------------------------------------------------------------------------- walking the routes


@dataclass(frozen=True)
class Walked:
    method: str
    template: str  # the full path, with the routers' prefixes
    route: APIRoute
    in_schema: bool  # an API endpoint (a page is not in the OpenAPI schema)


def routes(client: TestClient) -> list[Walked]:
    """Every route and method of the app, through included routers at any depth."""
    app: Any = client.app
    found = [
        Walked(method, str(context.path), context.original_route, context.include_in_schema)
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
        for method in sorted((context.methods or set()) - {"HEAD"})
    ]
    assert len(found) > 10, "the app's routes are walked"
    return found


def path_for(walked: Walked, world: World) -> str:
    """The route's path aimed at school B's records."""
    values: dict[str, object] = {}
    for param in walked.route.dependant.path_params:
        name = param.name
        if "account" in name:
            values[name] = world.account_b
        elif "code" in name or "school" in name:
            values[name] = CODE_B
        else:  # a submission, version, token … id: B's submission id
            values[name] = world.submission_b
    return walked.template.format(**values)


def request_for(route: APIRoute, world: World, path: str, method: str, **extra: Any) -> Any:
    """A well-formed request for the route: a multipart upload for school B where it takes
    files, else a JSON body that every body model of the app accepts in part."""
    dependant = route.dependant
    form = extra.pop("form", {})
    has_files = any(
        p.field_info.__class__.__name__ in ("File", "Form") for p in dependant.body_params
    )
    if has_files:
        plan = (REPO_ROOT / "README.md").read_bytes()
        data = {"school": CODE_B, "kind": "plan", "year": "2024", "decision": "pass"}
        data |= form
        files = [("document", ("ke-hoach.txt", plan))]
        return world.client.request(method, path, data=data, files=files, **extra)
    if dependant.body_params:
        body = {"decision": "pass", "reasons": ["Đã bổ sung"], "role": "school", "school": CODE_A}
        return world.client.request(method, path, json=body, **extra)
    return world.client.request(method, path, **extra)


GHOST_ID, GHOST_CODE = 987654321, "KHONG-CO-TRUONG-NAY"


def missing_answer(walked: Walked, world: World, how: dict[str, Any]) -> str:
    """What the route answers for a record that does not exist, with B's ids put back in."""
    ghost = World(**{**world.__dict__, "submission_b": GHOST_ID, "account_b": GHOST_ID})
    path = path_for(walked, ghost).replace(CODE_B, GHOST_CODE)
    answer = request_for(walked.route, ghost, path, walked.method, follow_redirects=False, **how)
    return (
        str(answer.text).replace(str(GHOST_ID), str(world.submission_b)).replace(GHOST_CODE, CODE_B)
    )


def b_is_untouched(world: World, sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        submission = session.get_one(Submission, world.submission_b)
        assert len(submission.versions) == 1
        assert session.scalar(select(func.count()).select_from(Review)) == 0
        assert session.scalar(select(func.count()).select_from(Submission)) == 2


def refused_or_login(response: httpx.Response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.is_redirect and response.headers["location"].startswith(LOGIN_PATH)


def test_school_a_reaches_nothing_of_school_b_through_any_route(
    world: World, sessions: sessionmaker[Session]
) -> None:
    """Every route, with A's token and with A's page session (and its CSRF token)."""
    assert log_in(world.client, "truong-a").status_code == 303
    csrf = world.client.get("/me").json()["csrf_token"]
    visited = []
    for walked in routes(world.client):
        method, template, route = walked.method, walked.template, walked.route
        if template in PUBLIC or template == LOGOUT_PATH:
            continue  # the login page is for everyone; logging out would end the cookie walk
        path = path_for(walked, world)
        as_token = {"headers": bearer(world.school_a)}
        as_page = {"headers": {"X-CSRF-Token": csrf}, "form": {"csrf_token": csrf}}
        for how in (as_token, as_page):
            answer = request_for(route, world, path, method, follow_redirects=False, **how)
            if answer.status_code == 404:  # B's record answers as a missing one would
                assert answer.text == missing_answer(walked, world, how), (method, template)
                continue
            assert CODE_B not in answer.text, (method, template, answer.text[:300])
            assert answer.status_code < 500, (method, template, answer.text[:300])
            if route.dependant.path_params or method != "GET":
                assert refused_or_login(answer), (method, template, answer.status_code)
        visited.append((method, template))
    assert ("POST", "/submissions/{submission_id}/reviews") in visited
    assert ("GET", "/schools/{code}/summary") in visited
    b_is_untouched(world, sessions)
    # what A may do with its own records, it can
    own = bearer(world.school_a)
    listed = world.client.get("/submissions", headers=own).json()
    assert [s["school"] for s in listed] == [CODE_A]
    assert world.client.get("/submissions", params={"school": CODE_B}, headers=own).json() == []
    assert world.client.get(f"/schools/{CODE_A}/summary", headers=own).status_code == 200
    other = world.client.get(f"/submissions/{world.submission_b}", headers=own)
    # exactly what a missing id answers: B's id does not leak its existence
    assert other.status_code == world.client.get("/submissions/999999", headers=own).status_code
    assert other.json() == {"detail": f"Không tìm thấy hồ sơ số {world.submission_b}."}


def test_a_reviewer_sees_every_school_and_reviews(world: World) -> None:
    office = bearer(world.reviewer)
    schools = {s["school"] for s in world.client.get("/submissions", headers=office).json()}
    assert schools == {CODE_A, CODE_B}
    review = world.client.post(
        f"/submissions/{world.submission_b}/reviews",
        json={"decision": "return", "reasons": ["Thiếu minh chứng"]},
        headers=office,
    )
    assert review.status_code == 201, review.text
    assert review.json()["reviewer"] == "cv-phong"  # the signed-in reviewer, not a typed name
    own_review = world.client.post(
        f"/submissions/{world.submission_a}/reviews",
        json={"decision": "pass", "reasons": ["x"]},
        headers=bearer(world.school_a),
    )
    assert own_review.status_code == 403  # a school never reviews, not even its own
    assert world.client.get("/accounts", headers=office).status_code == 403


def test_anonymous_gets_401_on_every_non_public_route(world: World) -> None:
    for walked in routes(world.client):
        method, template, route = walked.method, walked.template, walked.route
        path = path_for(walked, world)
        answer = request_for(route, world, path, method, follow_redirects=False)
        assert CODE_B not in answer.text, (method, template)
        if template in PUBLIC:
            continue
        if walked.in_schema:  # the API
            assert answer.status_code == 401, (method, template, answer.status_code)
            assert answer.headers["www-authenticate"] == "Bearer"
            assert "đăng nhập" in answer.json()["detail"]
        else:  # pages: the login page, or the CSRF refusal of a post
            assert refused_or_login(answer), (method, template, answer.status_code)


def test_a_form_post_without_the_right_csrf_token_is_refused(world: World, tmp_path: Path) -> None:
    client = world.client
    page = client.get(LOGIN_PATH)
    form = {"username": "truong-a", "password": PASSWORD, "next": "/me"}
    for token in (None, "sai-" + csrf_of(page.text)):
        sent = form | ({"csrf_token": token} if token else {})
        refused = client.post(LOGIN_PATH, data=sent, follow_redirects=False)
        assert refused.status_code == 403
        assert "CSRF" in refused.json()["detail"]
    assert log_in(client, "truong-a").status_code == 303
    csrf = client.get("/me").json()["csrf_token"]
    upload = {"kind": "report", "year": "2023", "period": "q1"}
    files = multipart(write_plan(tmp_path), [])
    assert client.post("/submissions", data=upload, files=files).status_code == 403
    wrong = {"X-CSRF-Token": csrf[::-1]}
    assert client.post("/submissions", data=upload, files=files, headers=wrong).status_code == 403
    right = client.post("/submissions", data=upload, files=files, headers={"X-CSRF-Token": csrf})
    assert right.status_code == 202, right.text
    assert client.post(LOGOUT_PATH, follow_redirects=False).status_code == 403
    out = client.post(LOGOUT_PATH, data={"csrf_token": csrf}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, LOGIN_PATH)
    assert client.get("/me").status_code == 401


def test_a_school_submits_from_the_web_page(world: World, tmp_path: Path) -> None:
    """The page's submit reads the school's earlier submissions, then checks the upload
    rate: on SQLite a second session for the rate opened inside the first transaction
    waited for its own request ("database is locked", 503) until it used the same one."""
    client = world.client
    assert log_in(client, "truong-a").status_code == 303
    page = client.get("/nop")
    form = {"csrf_token": csrf_of(page.text), "kind": "plan", "year": "2024", "mode": "submit"}
    plan = write_plan(tmp_path)
    sent = client.post(
        "/nop",
        data=form,
        files={"document": (plan.name, plan.read_bytes(), "application/pdf")},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"].startswith("/ho-so/")


def test_uploads_over_the_rate_limit_get_429_with_retry_after(
    settings: Settings, database_url: str, tmp_path: Path
) -> None:
    limited = settings.model_copy(update={"upload_rate_per_minute": 2})
    school = bearer(account_token(database_url, "truong-c", "school", "C"))
    other = bearer(account_token(database_url, "truong-d", "school", "D"))
    plan = write_plan(tmp_path)
    with TestClient(create_app(limited)) as client:

        def upload(headers: dict[str, str], year: int) -> httpx.Response:
            form = {"kind": "plan", "year": str(year)}
            return client.post(
                "/submissions", data=form, files=multipart(plan, []), headers=headers
            )

        assert [upload(school, y).status_code for y in (2021, 2022)] == [202, 202]
        third = upload(school, 2023)
        assert third.status_code == 429
        assert 1 <= int(third.headers["retry-after"]) <= 60
        assert "thử lại sau" in third.json()["detail"]
        assert upload(other, 2023).status_code == 202  # the limit is per account


def test_repeated_failed_logins_are_refused_until_the_window_passes(
    settings: Settings, database_url: str, sessions: sessionmaker[Session]
) -> None:
    limited = settings.model_copy(
        update={"login_max_failures": 3, "login_max_failures_per_address": 5}
    )
    account_token(database_url, "truong-g", "school", "G")
    account_token(database_url, "truong-h", "school", "H")
    with TestClient(create_app(limited)) as client:
        tries = [log_in(client, "Truong-G", "sai-mat-khau").status_code for _ in range(3)]
        assert tries == [401, 401, 401]
        refused = log_in(client, "truong-g")  # the right password, but too late
        assert refused.status_code == 429
        assert 14 * 60 < int(refused.headers["retry-after"]) <= 15 * 60
        assert "thử lại sau 15 phút" in refused.text
        assert log_in(client, "truong-h").status_code == 303  # other accounts are not locked
        client.cookies.clear()
        assert [log_in(client, "khong-co-ai", "x" * 8).status_code for _ in range(2)] == [401] * 2
        assert log_in(client, "truong-h").status_code == 429  # 5 failures from this address
        with sessions() as session:
            for event in session.scalars(
                select(AuditEvent).where(AuditEvent.action == "login.failed")
            ):
                event.created_at -= dt.timedelta(minutes=16)
            session.commit()
        assert log_in(client, "truong-g").status_code == 303
    with sessions() as session:
        throttled = session.scalars(
            select(AuditEvent.username).where(AuditEvent.action == "login.throttled")
        ).all()
    assert sorted(throttled) == ["truong-g", "truong-h"]


def test_passwords_and_tokens_are_stored_hashed(
    database_url: str, sessions: sessionmaker[Session]
) -> None:
    token = account_token(database_url, "truong-e", "school", "E")
    with sessions() as session:
        account = session.scalars(select(Account).where(Account.username == "truong-e")).one()
        assert PASSWORD not in account.password_hash
        assert account.password_hash.startswith("$argon2id$")
        stored = session.scalars(select(ApiToken).where(ApiToken.account_id == account.id)).one()
        assert stored.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
        dump = " ".join(
            str(row)
            for table in ("accounts", "api_tokens")
            for row in session.execute(text(f"SELECT * FROM {table}"))
        )
        assert PASSWORD not in dump and token not in dump


def test_audit_log_records_logins_uploads_and_overrides(
    world: World, sessions: sessionmaker[Session]
) -> None:
    client = world.client
    assert log_in(client, "truong-a", "sai-mat-khau").status_code == 401
    assert log_in(client, "khong-co-ai", "sai-mat-khau").status_code == 401
    assert log_in(client, "truong-a").status_code == 303
    decision = client.get(f"/submissions/{world.submission_a}", headers=bearer(world.reviewer))
    flipped = "pass" if decision.json()["decision"] == "return" else "return"
    override = client.post(
        f"/submissions/{world.submission_a}/reviews",
        json={"decision": flipped, "reasons": ["Phòng xem lại"]},
        headers=bearer(world.reviewer),
    )
    assert override.json()["action"] == "override"
    audit = client.get("/audit", headers=bearer(world.admin)).json()
    rows = {(e["action"], e["username"], e["target"]) for e in audit}
    assert ("upload", "truong-a", f"submission:{world.submission_a}") in rows
    assert ("upload", "truong-b", f"submission:{world.submission_b}") in rows
    assert ("login", "truong-a", None) in rows
    assert ("login.failed", "truong-a", None) in rows
    assert ("login.failed", "khong-co-ai", None) in rows
    assert ("review.override", "cv-phong", f"submission:{world.submission_a}") in rows
    with sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "review.override")
        ).one()
        assert event.detail["reasons"] == ["Phòng xem lại"]
        assert event.created_at.tzinfo is not None
        assert event.account_id is not None
    assert client.get("/audit", headers=bearer(world.reviewer)).status_code == 403


def test_an_admin_manages_accounts_and_a_locked_account_is_out(world: World) -> None:
    client, admin = world.client, bearer(world.admin)
    made = client.post(
        "/accounts", json={"username": "Trường-F", "role": "school", "school": "F"}, headers=admin
    )
    assert made.status_code == 201, made.text
    password = made.json()["password"]
    assert made.json()["username"] == "trường-f"
    assert log_in(client, "trường-f", password).status_code == 303
    token = client.post(f"/accounts/{made.json()['id']}/tokens", json={}, headers=admin).json()
    assert client.get("/me", headers=bearer(token["token"])).json()["school"] == "F"
    bad = client.post("/accounts", json={"username": "g", "role": "school"}, headers=admin)
    assert bad.status_code == 422 and "mã trường" in bad.json()["detail"]
    locked = client.patch(f"/accounts/{made.json()['id']}", json={"active": False}, headers=admin)
    assert locked.json()["active"] is False
    assert client.get("/me", headers=bearer(token["token"])).status_code == 401
    assert client.get("/me").status_code == 401  # the page session ended with it
    actions = [e["action"] for e in client.get("/audit", headers=admin).json()]
    assert {"account.create", "token.create", "account.update"} <= set(actions)


@pytest.fixture
def cli(
    database_url: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Result]]:
    """``cchc …`` in-process, on this test's database (as the environment would say)."""
    monkeypatch.setenv("CCHC_DATABASE_URL", database_url)
    monkeypatch.setenv("CCHC_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("CCHC_ADMIN_PASSWORD", raising=False)
    get_settings.cache_clear()
    yield lambda *args: CliRunner().invoke(cchc, list(args))
    get_settings.cache_clear()


def test_cli_accounts_and_the_first_admin(
    cli: Callable[..., Result], settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    first_admin()
    password = re.search(r"admin / (\S+)", capsys.readouterr().out)
    assert password, "the first admin's password is printed"
    first_admin()
    assert "admin /" not in capsys.readouterr().out  # once: the account exists now
    added = cli(
        "account", "add", "t01", "--role", "school", "--school", "T01", "--password", "mk-t01-dai"
    )
    assert added.exit_code == 0, added.output
    refused = cli("account", "add", "t02", "--role", "school", "--password", "mk-t02-dai")
    assert refused.exit_code == 2 and "mã trường" in refused.output
    token = cli("account", "token", "t01").output.strip().splitlines()[-1]
    listed = cli("account", "list").output
    assert "t01\tschool\tT01" in listed and "admin\tadmin" in listed
    with TestClient(create_app(settings)) as client:
        assert client.get("/me", headers=bearer(token)).json()["school"] == "T01"
        assert log_in(client, "admin", password.group(1)).status_code == 303
