"""Accounts, API tokens and the audit log: the stored side of access control.

Passwords are hashed with Argon2 (``pwdlib``); API tokens are random 256-bit strings of
which only the SHA-256 is stored, so a copy of the database gives neither. Like the
repository, every function takes an open ``Session`` and leaves committing to the caller.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata
from dataclasses import dataclass

from pwdlib import PasswordHash
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from validator.store.models import Account, ApiToken, AuditEvent, Role, utcnow

TOKEN_PREFIX = "cchc_"
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHash.recommended()
# verified against when the username is unknown, so that a miss takes as long as a hit
_DUMMY_HASH = _hasher.hash("cchc-no-such-account")


class AccountError(ValueError):
    """An account change that cannot be made; the message is for the user (Vietnamese)."""


@dataclass(frozen=True)
class NewToken:
    """A token just made: ``secret`` is shown once and never stored."""

    id: int
    secret: str


def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFC", username).strip().lower()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    return _hasher.hash(password)


def validate_role(role: str, school: str | None) -> tuple[Role, str | None]:
    """The role and school an account may have: a school account names exactly one school."""
    try:
        chosen = Role(role)
    except ValueError as exc:
        raise AccountError("Vai trò phải là school, reviewer hoặc admin.") from exc
    school = (school or "").strip() or None
    if chosen == Role.SCHOOL and school is None:
        raise AccountError("Tài khoản của trường phải ghi mã trường (--school).")
    if chosen != Role.SCHOOL and school is not None:
        raise AccountError("Chỉ tài khoản vai trò school mới gắn với một trường.")
    return chosen, school


def create_account(
    session: Session, username: str, role: str, school: str | None, password: str
) -> Account:
    name = normalise_username(username)
    if not name or len(name) > 100:
        raise AccountError("Tên đăng nhập cần từ 1 đến 100 ký tự.")
    if find_account(session, name) is not None:
        raise AccountError(f"Tên đăng nhập {name} đã có.")
    chosen, school = validate_role(role, school)
    account = Account(
        username=name,
        role=chosen.value,
        school_code=school,
        password_hash=hash_password(password),
        active=True,
    )
    session.add(account)
    session.flush()
    return account


def find_account(session: Session, username: str) -> Account | None:
    return session.scalar(select(Account).where(Account.username == normalise_username(username)))


def list_accounts(session: Session) -> list[Account]:
    return list(session.scalars(select(Account).order_by(Account.id)))


def count_accounts(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Account)) or 0


def authenticate(session: Session, username: str, password: str) -> Account | None:
    """The active account with this username and password; None otherwise (in equal time)."""
    account = find_account(session, username)
    if account is None:
        _hasher.verify(password, _DUMMY_HASH)
        return None
    if not _hasher.verify(password, account.password_hash) or not account.active:
        return None
    return account


def set_password(account: Account, password: str) -> None:
    account.password_hash = hash_password(password)


def new_password() -> str:
    """A random password for an account made without one (printed once)."""
    return secrets.token_urlsafe(12)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(session: Session, account: Account, label: str = "") -> NewToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(account_id=account.id, token_sha256=token_digest(secret), label=label[:100])
    session.add(token)
    session.flush()
    return NewToken(token.id, secret)


def account_for_token(
    session: Session, secret: str, touch_after: dt.timedelta = dt.timedelta(0)
) -> Account | None:
    """The active account owning this unrevoked token; records when it was last used
    (at most once per ``touch_after``, so that scripts polling do not write each time)."""
    token = session.scalar(
        select(ApiToken).where(
            ApiToken.token_sha256 == token_digest(secret), ApiToken.revoked_at.is_(None)
        )
    )
    if token is None or not token.account.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > touch_after:
        token.last_used_at = now
    return token.account


def revoke_token(session: Session, account: Account, token_id: int) -> bool:
    token = session.get(ApiToken, token_id)
    if token is None or token.account_id != account.id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    return True


# --------------------------------------------------------------------------- audit


def audit(
    session: Session,
    action: str,
    *,
    account: Account | None = None,
    account_id: int | None = None,
    username: str = "",
    target: str | None = None,
    remote: str | None = None,
    detail: dict[str, object] | None = None,
) -> AuditEvent:
    """Append one audit row; committed with the change it records."""
    event = AuditEvent(
        account_id=account.id if account else account_id,
        username=(account.username if account else username)[:100],
        action=action,
        target=target,
        detail=detail or {},
        remote=remote,
    )
    session.add(event)
    return event


def recent_events(
    session: Session, action: str | None = None, limit: int = 200
) -> list[AuditEvent]:
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit)))


def actions_since(
    session: Session, account_id: int, actions: tuple[str, ...], since: dt.datetime
) -> list[dt.datetime]:
    """When ``account_id`` did any of ``actions`` after ``since``, oldest first."""
    return list(
        session.scalars(
            select(AuditEvent.created_at)
            .where(
                AuditEvent.account_id == account_id,
                AuditEvent.action.in_(actions),
                AuditEvent.created_at > since,
            )
            .order_by(AuditEvent.created_at)
        )
    )


def failed_logins_since(
    session: Session, since: dt.datetime, *, username: str | None = None, remote: str | None = None
) -> list[dt.datetime]:
    """When logins failed after ``since`` for this username (as typed, normalised) or from
    this address, oldest first."""
    query = select(AuditEvent.created_at).where(
        AuditEvent.action == "login.failed", AuditEvent.created_at > since
    )
    if username is not None:
        query = query.where(AuditEvent.username == normalise_username(username)[:100])
    if remote is not None:
        query = query.where(AuditEvent.remote == remote)
    return list(session.scalars(query.order_by(AuditEvent.created_at)))


def bootstrap_admin(session: Session, password: str = "") -> str | None:
    """With no account at all, create ``admin`` (with ``password``, else a random one).

    Returns the generated password, to be shown once; None when accounts exist already or
    the password was given (``CCHC_ADMIN_PASSWORD``).
    """
    if count_accounts(session) > 0:
        return None
    chosen = password or new_password()
    create_account(session, "admin", Role.ADMIN, None, chosen)
    audit(
        session, "account.create", username="admin", target="account:admin", detail={"by": "serve"}
    )
    return None if password else chosen
