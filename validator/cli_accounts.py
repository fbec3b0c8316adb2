"""``cchc account``: add accounts, issue API tokens and list accounts, on the service's
database (the same settings as ``cchc serve``: ``CCHC_DATABASE_URL``, ``CCHC_DATA_DIR``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from validator.settings import get_settings
from validator.store import accounts
from validator.store.db import database_url, make_engine, make_sessionmaker, upgrade

app = typer.Typer(help="Tài khoản: thêm, cấp mã truy cập, liệt kê.", no_args_is_help=True)


@contextmanager
def database() -> Iterator[Session]:
    """A session on the migrated service database."""
    url = database_url(get_settings())
    upgrade(url)
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            yield session
    finally:
        engine.dispose()


def fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


@app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập")],
    role: Annotated[str, typer.Option(help="school, reviewer hoặc admin")] = "school",
    school: Annotated[str | None, typer.Option(help="Mã trường (vai trò school)")] = None,
    password: Annotated[
        str | None, typer.Option(help="Mật khẩu (bỏ trống: được hỏi, không hiện)")
    ] = None,
) -> None:
    """Thêm tài khoản (mật khẩu được băm Argon2, không lưu bản rõ)."""
    if password is None:
        password = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    with database() as session:
        try:
            account = accounts.create_account(session, username, role, school, password)
        except accounts.AccountError as exc:
            raise fail(str(exc)) from exc
        accounts.audit(
            session,
            "account.create",
            username="cli",
            target=f"account:{account.id}",
            detail={"username": account.username, "role": account.role, "by": "cli"},
        )
        session.commit()
        typer.echo(f"Đã thêm tài khoản {account.username} ({account.role}).")


@app.command("token")
def token(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập")],
    label: Annotated[str, typer.Option(help="Ghi chú: mã này dùng cho việc gì")] = "",
) -> None:
    """Cấp mã truy cập mới (Authorization: Bearer …); mã chỉ in ra một lần."""
    with database() as session:
        account = accounts.find_account(session, username)
        if account is None:
            raise fail(f"Không có tài khoản {username}.")
        issued = accounts.issue_token(session, account, label)
        accounts.audit(
            session,
            "token.create",
            username="cli",
            target=f"account:{account.id}",
            detail={"token": issued.id, "by": "cli"},
        )
        session.commit()
    typer.echo(issued.secret)


@app.command("password")
def change_password(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập")],
    password: Annotated[
        str | None, typer.Option(help="Mật khẩu mới (bỏ trống: được hỏi, không hiện)")
    ] = None,
) -> None:
    """Đổi mật khẩu (các phiên đăng nhập cũ của tài khoản hết hiệu lực)."""
    if password is None:
        password = typer.prompt("Mật khẩu mới", hide_input=True, confirmation_prompt=True)
    with database() as session:
        account = accounts.find_account(session, username)
        if account is None:
            raise fail(f"Không có tài khoản {username}.")
        try:
            accounts.set_password(account, password)
        except accounts.AccountError as exc:
            raise fail(str(exc)) from exc
        accounts.audit(
            session,
            "account.update",
            username="cli",
            target=f"account:{account.id}",
            detail={"fields": ["password"], "by": "cli"},
        )
        session.commit()
    typer.echo(f"Đã đổi mật khẩu của {account.username}.")


@app.command("list")
def list_accounts() -> None:
    """Liệt kê tài khoản: tên, vai trò, trường, còn hoạt động."""
    with database() as session:
        for account in accounts.list_accounts(session):
            state = "hoạt động" if account.active else "đã khoá"
            typer.echo(f"{account.username}\t{account.role}\t{account.school_code or '-'}\t{state}")
