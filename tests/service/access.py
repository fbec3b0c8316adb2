"""Accounts for the service tests, made the way ``cchc account add`` and ``cchc account
token`` make them (through ``validator.store.accounts`` on the real database)."""

from __future__ import annotations

from validator.store import accounts
from validator.store.db import make_engine, make_sessionmaker

PASSWORD = "mat-khau-thu-nghiem"


def account_token(database_url: str, username: str, role: str, school: str | None = None) -> str:
    """Create the account (password ``PASSWORD``) and return a new API token for it."""
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            account = accounts.create_account(session, username, role, school, PASSWORD)
            token = accounts.issue_token(session, account, "tests")
            session.commit()
            return token.secret
    finally:
        engine.dispose()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
