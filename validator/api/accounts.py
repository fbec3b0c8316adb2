"""Account management for admins: ``/accounts`` (create, change, tokens) and ``/audit``.

Every change is written to the audit log in the same transaction as the change itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from validator.api.auth import Principal, Role, audit, require_roles
from validator.api.params import RowId
from validator.api.runtime import db_session
from validator.store import accounts
from validator.store.models import Account

router = APIRouter(tags=["accounts"])
AdminDep = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
SessionDep = Annotated[Session, Depends(db_session)]


class AccountIn(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    role: Role
    school: str | None = Field(default=None, max_length=64)
    password: str | None = Field(default=None, max_length=1000)  # none: one is generated


class AccountPatch(BaseModel):
    role: Role | None = None
    school: str | None = Field(default=None, max_length=64)
    active: bool | None = None
    password: str | None = Field(default=None, max_length=1000)


class AccountView(BaseModel):
    id: int
    username: str
    role: Role
    school: str | None
    active: bool
    created_at: dt.datetime


class AccountCreated(AccountView):
    password: str | None  # the generated password, shown once; None when one was given


class TokenIn(BaseModel):
    label: str = Field(default="", max_length=100)


class TokenCreated(BaseModel):
    id: int
    token: str  # shown once: only its hash is stored


class AuditView(BaseModel):
    id: int
    created_at: dt.datetime
    account_id: int | None
    username: str
    action: str
    target: str | None
    detail: dict[str, object]
    remote: str | None


def account_view(account: Account) -> AccountView:
    return AccountView(
        id=account.id,
        username=account.username,
        role=Role(account.role),
        school=account.school_code,
        active=account.active,
        created_at=account.created_at,
    )


def refused(exc: accounts.AccountError) -> HTTPException:
    return HTTPException(422, str(exc))


def existing(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise HTTPException(404, f"Không tìm thấy tài khoản số {account_id}.")
    return account


@router.get("/accounts", response_model=list[AccountView])
def list_accounts(principal: AdminDep, session: SessionDep) -> list[AccountView]:
    return [account_view(a) for a in accounts.list_accounts(session)]


@router.post("/accounts", status_code=201, response_model=AccountCreated)
def create_account(
    body: AccountIn, request: Request, principal: AdminDep, session: SessionDep
) -> AccountCreated:
    """A new account; without a password a random one is made and returned once."""
    password = body.password or accounts.new_password()
    try:
        account = accounts.create_account(session, body.username, body.role, body.school, password)
    except accounts.AccountError as exc:
        raise refused(exc) from exc
    audit(
        session,
        request,
        principal,
        "account.create",
        f"account:{account.id}",
        username=account.username,
        role=account.role,
        school=account.school_code,
    )
    session.commit()
    shown = None if body.password else password
    return AccountCreated(**account_view(account).model_dump(), password=shown)


@router.patch("/accounts/{account_id}", response_model=AccountView)
def change_account(
    account_id: RowId,
    body: AccountPatch,
    request: Request,
    principal: AdminDep,
    session: SessionDep,
) -> AccountView:
    """Change an account's role, school, password or lock it (``active: false``)."""
    account = existing(session, account_id)
    changes = body.model_dump(exclude_unset=True)
    try:
        role, school = accounts.validate_role(
            changes.get("role", account.role), changes.get("school", account.school_code)
        )
        if body.password is not None:
            accounts.set_password(account, body.password)
    except accounts.AccountError as exc:
        raise refused(exc) from exc
    account.role, account.school_code = role.value, school
    if body.active is not None:
        account.active = body.active
    changed = sorted(changes)  # which fields, never the password itself
    audit(session, request, principal, "account.update", f"account:{account.id}", fields=changed)
    session.commit()
    return account_view(account)


@router.post("/accounts/{account_id}/tokens", status_code=201, response_model=TokenCreated)
def create_token(
    account_id: RowId, body: TokenIn, request: Request, principal: AdminDep, session: SessionDep
) -> TokenCreated:
    """A new API token for the account, shown once."""
    account = existing(session, account_id)
    token = accounts.issue_token(session, account, body.label)
    audit(session, request, principal, "token.create", f"account:{account.id}", token=token.id)
    session.commit()
    return TokenCreated(id=token.id, token=token.secret)


@router.delete("/accounts/{account_id}/tokens/{token_id}", status_code=204)
def revoke_token(
    account_id: RowId, token_id: RowId, request: Request, principal: AdminDep, session: SessionDep
) -> Response:
    account = existing(session, account_id)
    if not accounts.revoke_token(session, account, token_id):
        raise HTTPException(404, f"Không tìm thấy mã truy cập số {token_id} của tài khoản này.")
    audit(session, request, principal, "token.revoke", f"account:{account.id}", token=token_id)
    session.commit()
    return Response(status_code=204)


@router.get("/audit", response_model=list[AuditView])
def audit_log(
    principal: AdminDep,
    session: SessionDep,
    action: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[AuditView]:
    """The newest audit events first (logins, uploads, reviews, account changes)."""
    return [
        AuditView.model_validate(event, from_attributes=True)
        for event in accounts.recent_events(session, action, limit)
    ]
