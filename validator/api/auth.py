"""Who is asking, and what they may see: the access rules of every endpoint and page.

Rules (one place, used everywhere):

* Three roles. ``school``: an account bound to one school code; it sees, lists, uploads and
  resubmits only that school's submissions. ``reviewer`` (the Office): sees every school,
  reviews, and may upload for any school (a paper submission typed in). ``admin``: everything
  a reviewer may do, plus accounts (``/accounts``), rule sets and the audit log.
* ``can_see(principal, school_code)`` is the only visibility rule. A submission or school the
  principal may not see answers ``404`` exactly as a missing one does, so ids do not leak.
* Scripts authenticate with ``Authorization: Bearer <token>`` (``cchc account token``; only
  the token's SHA-256 is stored). Pages use a signed session cookie (Starlette's
  ``SessionMiddleware``; the secret is ``CCHC_SESSION_SECRET`` or a random one kept in the
  data folder). Changing a password ends that account's sessions.
* A state-changing request authenticated by the cookie must carry the session's CSRF token,
  as the hidden form field ``csrf_token`` or the ``X-CSRF-Token`` header; otherwise ``403``.
  Bearer requests need none: a browser never adds that header by itself.
* Anonymous requests get ``401`` (API) or a redirect to ``/dang-nhap?next=…`` (pages), with
  nothing about any record. Public: ``/healthz``, ``/readyz``, the OpenAPI docs, the login page.
* Uploads are limited per account (``CCHC_UPLOAD_RATE_PER_MINUTE``): ``429`` with
  ``Retry-After``. Logins, uploads, reviews and account changes are written to the audit log.

Pages built elsewhere use: ``page_principal`` (a dependency), ``csrf_token(request)`` (put it
in a hidden ``csrf_token`` field of every form that posts) and ``check_csrf`` (a dependency of
the POST handler). ``LOGIN_PATH`` is the login page to link to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import os
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.middleware.sessions import SessionMiddleware

from validator.api.runtime import Runtime, runtime
from validator.settings import Settings
from validator.store import accounts
from validator.store.models import Account, Role, utcnow

__all__ = [
    "LOGIN_PATH",
    "LOGOUT_PATH",
    "Principal",
    "Role",
    "api_principal",
    "can_see",
    "check_csrf",
    "csrf_token",
    "page_principal",
    "require_roles",
]

LOGIN_PATH = "/dang-nhap"
LOGOUT_PATH = "/dang-xuat"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SESSION_COOKIE = "cchc_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UPLOAD_ACTIONS = ("upload", "resubmit")
TOKEN_TOUCH_SECONDS = 60  # last_used_at is refreshed at most this often (one write, not many)

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

UNAUTHENTICATED = "Cần đăng nhập: gửi mã truy cập (Authorization: Bearer …) hoặc đăng nhập."
FORBIDDEN_ROLE = "Tài khoản của bạn không có quyền thực hiện thao tác này."
CSRF_REJECTED = (
    "Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang rồi thử lại."
)
LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."
LOGIN_THROTTLED = "Đã đăng nhập sai quá nhiều lần; hãy thử lại sau {minutes} phút."


@dataclass(frozen=True)
class Principal:
    """The signed-in account, as handlers see it (never the password or token)."""

    account_id: int
    username: str
    role: Role
    school: str | None  # the school code of a ``school`` account, else None

    @property
    def sees_all(self) -> bool:
        return self.role in (Role.REVIEWER, Role.ADMIN)


def can_see(principal: Principal, school_code: str) -> bool:
    """Reviewers and admins see every school; a school account sees only its own."""
    return principal.sees_all or principal.school == school_code


def principal_of(account: Account) -> Principal:
    return Principal(account.id, account.username, Role(account.role), account.school_code)


# --------------------------------------------------------------------------- sessions


def session_secret(settings: Settings) -> str:
    """The cookie-signing secret: the setting, or one generated once in the data folder."""
    if settings.session_secret:
        return settings.session_secret
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "session-secret"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def password_stamp(account: Account) -> str:
    """Changes with the password: a session signed before a password change is void."""
    return hashlib.sha256(account.password_hash.encode()).hexdigest()[:16]


def start_session(request: Request, account: Account) -> None:
    request.session.clear()
    request.session.update(
        account_id=account.id, stamp=password_stamp(account), csrf=secrets.token_urlsafe(32)
    )


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use): put it in every form that posts."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Dependency of state-changing form posts: the session's token must come back."""
    expected = request.session.get("csrf")
    supplied = request.headers.get(CSRF_HEADER)
    if supplied is None:
        value = (await request.form()).get(CSRF_FIELD)
        supplied = value if isinstance(value, str) else None
    if not (isinstance(expected, str) and supplied and hmac.compare_digest(expected, supplied)):
        raise HTTPException(403, CSRF_REJECTED)


# --------------------------------------------------------------------------- who is asking


@dataclass(frozen=True)
class Authenticated:
    principal: Principal
    by_cookie: bool  # True: a page session, whose state-changing requests need CSRF


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def session_account(request: Request, session: Session) -> Account | None:
    account_id = request.session.get("account_id")
    if not isinstance(account_id, int):
        return None
    account = session.get(Account, account_id)
    if account is None or not account.active:
        return None
    if request.session.get("stamp") != password_stamp(account):
        return None
    return account


def token_account(session: Session, token: str) -> Account | None:
    account = accounts.account_for_token(session, token, dt.timedelta(seconds=TOKEN_TOUCH_SECONDS))
    session.commit()  # keeps last_used_at when it moved
    return account


def authenticated(
    request: Request, rt: Annotated[Runtime, Depends(runtime)]
) -> Authenticated | None:
    """The principal of a Bearer token, else of the session cookie; None when neither."""
    token = bearer_token(request)
    with rt.sessions() as session:
        if token is not None:
            account = token_account(session, token)
            return Authenticated(principal_of(account), by_cookie=False) if account else None
        account = session_account(request, session)
        return Authenticated(principal_of(account), by_cookie=True) if account else None


AuthenticatedDep = Annotated[Authenticated | None, Depends(authenticated)]


async def api_principal(request: Request, found: AuthenticatedDep) -> Principal:
    """Dependency of API endpoints: a Bearer token or a signed-in session; ``401`` otherwise."""
    if found is None:
        raise HTTPException(401, UNAUTHENTICATED, headers={"WWW-Authenticate": "Bearer"})
    if found.by_cookie and request.method not in SAFE_METHODS:
        await check_csrf(request)
    return found.principal


class LoginRequired(Exception):
    """Raised by ``page_principal``; answered with a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def page_principal(request: Request, found: AuthenticatedDep) -> Principal:
    """Dependency of web pages: the session's account, else a redirect to the login page."""
    if found is None or not found.by_cookie:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return found.principal


def require_roles(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency: the API principal, when its role is one of ``roles``; ``403`` otherwise."""

    async def dependency(principal: Annotated[Principal, Depends(api_principal)]) -> Principal:
        if principal.role not in roles:
            raise HTTPException(403, FORBIDDEN_ROLE)
        return principal

    return dependency


PrincipalDep = Annotated[Principal, Depends(api_principal)]


# --------------------------------------------------------------------------- audit and rate


def remote_of(request: Request) -> str | None:
    return request.client.host if request.client else None


def audit(
    session: Session,
    request: Request,
    principal: Principal,
    action: str,
    target: str | None = None,
    **detail: object,
) -> None:
    """One audit row for ``principal``'s action, committed with the change it records."""
    accounts.audit(
        session,
        action,
        account_id=principal.account_id,
        username=principal.username,
        target=target,
        remote=remote_of(request),
        detail=detail,
    )


def _seconds_to_wait(
    times: list[dt.datetime], limit: int, window: dt.timedelta, now: dt.datetime
) -> int | None:
    """Seconds until fewer than ``limit`` of ``times`` (oldest first, all within
    ``window`` of ``now``) remain in the window; None while there are fewer already."""
    if len(times) < limit:
        return None
    return max(1, math.ceil((times[-limit] + window - now).total_seconds()))


def enforce_upload_rate(rt: Runtime, principal: Principal, session: Session | None = None) -> None:
    """``429`` with ``Retry-After`` when the account has used its uploads of the last minute.

    Counted from the audit log, so the limit holds across API processes; two uploads racing
    at the very limit may both pass, which a per-minute limit tolerates. A request that
    already has a session passes it: on SQLite every transaction takes the write lock, so
    a second session opened while the request's is in a transaction waits for itself
    (the web page's submit failed with "database is locked").
    """
    limit = rt.settings.upload_rate_per_minute
    if limit <= 0:
        return
    if session is None:
        with rt.sessions() as own:
            return enforce_upload_rate(rt, principal, own)
    now = utcnow()
    window = dt.timedelta(minutes=1)
    times = accounts.actions_since(session, principal.account_id, UPLOAD_ACTIONS, now - window)
    retry = _seconds_to_wait(times, limit, window, now)
    if retry is None:
        return
    raise HTTPException(
        429,
        f"Tài khoản đã nộp {limit} lần trong một phút; hãy thử lại sau {retry} giây.",
        headers={"Retry-After": str(retry)},
    )


# --------------------------------------------------------------------------- login pages

router = APIRouter(tags=["access"])


def safe_next(next_url: str | None) -> str:
    """Only a path on this site (never ``//host`` or a full URL): no open redirect."""
    if next_url and next_url.startswith("/") and not next_url.startswith(("//", "/\\")):
        return next_url
    return "/"


def login_page(request: Request, next_url: str, error: str | None, status: int) -> HTMLResponse:
    context = {"next": safe_next(next_url), "error": error, "csrf_token": csrf_token(request)}
    return TEMPLATES.TemplateResponse(request, "login.html", context, status_code=status)


def login_wait(
    settings: Settings, session: Session, username: str, remote: str | None
) -> int | None:
    """Seconds before a login may be tried again for ``username`` or from ``remote``, or
    None when it may be tried now (``login_max_failures``). Counted from the audit log's
    failed logins, so the limit holds across API processes and restarts; a refused try is
    not a failure, so waiting it out is enough."""
    window = dt.timedelta(minutes=settings.login_window_minutes)
    now = utcnow()
    limits: list[tuple[int, dict[str, str]]] = [
        (settings.login_max_failures, {"username": username})
    ]
    if remote is not None:
        limits.append((settings.login_max_failures_per_address, {"remote": remote}))
    waits = []
    for limit, who in limits:
        if limit <= 0:
            continue
        times = accounts.failed_logins_since(session, now - window, **who)
        if (wait := _seconds_to_wait(times, limit, window, now)) is not None:
            waits.append(wait)
    return max(waits, default=None)


@router.get(LOGIN_PATH, response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return login_page(request, next, None, 200)


@router.post(
    LOGIN_PATH,
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[Depends(check_csrf)],
)
def login(
    request: Request,
    rt: Annotated[Runtime, Depends(runtime)],
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password; on success start a new session and go to ``next``. After too
    many failures (``login_wait``) the password is not even checked."""
    with rt.sessions() as session:
        wait = login_wait(rt.settings, session, username, remote_of(request))
        if wait is not None:
            accounts.audit(
                session,
                "login.throttled",
                username=accounts.normalise_username(username),
                remote=remote_of(request),
            )
            session.commit()
            refused = login_page(
                request, next, LOGIN_THROTTLED.format(minutes=math.ceil(wait / 60)), 429
            )
            refused.headers["Retry-After"] = str(wait)
            return refused
        account = accounts.authenticate(session, username, password)
        if account is None:
            accounts.audit(
                session,
                "login.failed",
                account=accounts.find_account(session, username),
                username=accounts.normalise_username(username),
                remote=remote_of(request),
            )
            session.commit()
            return login_page(request, next, LOGIN_FAILED, 401)
        accounts.audit(
            session, "login", account=account, remote=remote_of(request), detail={"via": "page"}
        )
        session.commit()
        start_session(request, account)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post(LOGOUT_PATH, include_in_schema=False, dependencies=[Depends(check_csrf)])
def logout(
    request: Request, found: AuthenticatedDep, rt: Annotated[Runtime, Depends(runtime)]
) -> Response:
    """End the session (the cookie is emptied) and go back to the login page."""
    if found is not None and found.by_cookie:
        with rt.sessions() as session:
            principal = found.principal
            accounts.audit(
                session,
                "logout",
                account_id=principal.account_id,
                username=principal.username,
                remote=remote_of(request),
            )
            session.commit()
    request.session.clear()
    return RedirectResponse(LOGIN_PATH, status_code=303)


@router.get("/me", tags=["access"])
def me(principal: PrincipalDep, request: Request) -> dict[str, Any]:
    """The signed-in account (and, for a page session, its CSRF token for scripts on pages)."""
    body: dict[str, Any] = {
        "account_id": principal.account_id,
        "username": principal.username,
        "role": principal.role.value,
        "school": principal.school,
    }
    if "csrf" in request.session:
        body["csrf_token"] = request.session["csrf"]
    return body


async def redirect_to_login(request: Request, exc: Exception) -> Response:
    next_url = exc.next_url if isinstance(exc, LoginRequired) else "/"
    return RedirectResponse(f"{LOGIN_PATH}?next={quote(next_url, safe='/')}", status_code=303)


def install(app: FastAPI, settings: Settings) -> None:
    """Add sessions, the login pages and the login redirect to ``app``."""
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.session_cookie_secure,
    )
    app.add_exception_handler(LoginRequired, redirect_to_login)
    app.include_router(router)
