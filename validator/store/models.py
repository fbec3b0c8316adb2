"""Tables of the submission service.

A *submission* is one document a school owes (its plan for a year, or its report for a
period); each upload or resubmission of it is a *version*; a version links the stored
*files* (document and evidence, by SHA-256) and gets at most one *result*. Reviews and
return events are append-only so that the Office's counts can be audited.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    """The current moment, timezone-aware (every stored time is UTC)."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that comes back timezone-aware on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC moments only")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Role(StrEnum):
    """What an account may do (the rules are in ``validator/api/auth.py``)."""

    SCHOOL = "school"  # bound to one school: its own submissions only
    REVIEWER = "reviewer"  # the Office: sees every school, reviews
    ADMIN = "admin"  # a reviewer who also manages accounts and rule sets


class VersionState(StrEnum):
    QUEUED = "queued"
    STARTED = "started"
    DONE = "done"
    FAILED = "failed"


class Base(DeclarativeBase):
    pass


class School(Base):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "plan" | "report"
    year: Mapped[int] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(8))  # reports: q1 | h1 | q3 | year
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # plans: the moment the Office approved it (a reviewer's pass), which decides timeliness
    approved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    school: Mapped[School] = relationship()
    versions: Mapped[list[Version]] = relationship(
        back_populates="submission", order_by="Version.number"
    )


class Version(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1 = first submission
    state: Mapped[str] = mapped_column(String(16), default=VersionState.QUEUED, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    enqueued_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)  # None: not yet sent
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(200))  # host:pid of the last attempt
    error: Mapped[str | None] = mapped_column(Text)
    # failed by a server fault (OCR engine broken, disk full): the sweeper sends it again then
    retry_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    submission: Mapped[Submission] = relationship(back_populates="versions")
    files: Mapped[list[VersionFile]] = relationship(order_by="VersionFile.position")
    result: Mapped[Result | None] = relationship(back_populates="version")


class StoredFile(Base):
    """File content, stored once under ``data_dir/files`` by its SHA-256."""

    __tablename__ = "files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class VersionFile(Base):
    """A file as uploaded in one version: its role, original name and order."""

    __tablename__ = "version_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("files.sha256"))
    role: Mapped[str] = mapped_column(String(16))  # "document" | "evidence"
    name: Mapped[str] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(Integer)


class Result(Base):
    """The contract's JSON for one version, with counts for listing without parsing it."""

    __tablename__ = "results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), unique=True)
    decision: Mapped[str] = mapped_column(String(16))
    returns: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    infos: Mapped[int] = mapped_column(Integer)
    ruleset: Mapped[str] = mapped_column(String(100))
    body: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    version: Mapped[Version] = relationship(back_populates="result")


class Review(Base):
    """A reviewer's confirmation or override of a version's automatic decision."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))  # "confirm" | "override"
    decision: Mapped[str] = mapped_column(String(16))  # the decision after the review
    reasons: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class ReturnEvent(Base):
    """One return of a submission to its school, automatic or by a reviewer.

    A reviewer who overrides an automatic return to a pass withdraws that event rather than
    deleting it, so the count stays auditable.
    """

    __tablename__ = "return_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))  # "automatic" | "reviewer"
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"))
    withdrawn_by_review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Account(Base):
    """Who may sign in: a school's staff (bound to its school code), a reviewer or an admin.

    Only an Argon2 hash of the password is stored; ``active`` False locks the account out
    without deleting the audit trail that names it.
    """

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    school_code: Mapped[str | None] = mapped_column(String(64))  # role "school" only
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class ApiToken(Base):
    """A bearer token for scripts; only its SHA-256 is stored (the token is shown once)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    account: Mapped[Account] = relationship()


class AuditEvent(Base):
    """Who did what, when: logins (failed ones too), uploads, reviews, account changes.

    Append-only. ``username`` is kept as typed even when no account matches (a failed
    login), and ``account_id`` links the account when there is one.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    username: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str | None] = mapped_column(String(200))  # "submission:12", "account:3"
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    remote: Mapped[str | None] = mapped_column(String(64))  # the client's address
