"""The store on SQLite and on PostgreSQL: files once by SHA-256, one result per version,
return events from automatic decisions and reviews, versions the sweeper must resend."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import stat

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from validator.models import CheckResult, DocKind, Finding, Period, RulesetRef, Severity, Stats
from validator.settings import Settings
from validator.store import repository
from validator.store.blobs import FileTooLarge, blob_path, store_stream
from validator.store.models import Result, ReturnEvent, Version, VersionState, utcnow

pytestmark = pytest.mark.service


def a_result(decision: str) -> CheckResult:
    findings = (
        [Finding(code="SECTION_MISSING", severity=Severity.RETURN, rule="r", message="m", hint="h")]
        if decision == "return"
        else []
    )
    return CheckResult(
        decision=decision,  # type: ignore[arg-type]
        findings=findings,
        ruleset=RulesetRef(id="q7-2022", version="1"),
        stats=Stats(returns=len(findings)),
    )


def new_version(
    session: Session, settings: Settings, school: str = "S1", kind: DocKind = DocKind.REPORT
) -> Version:
    sha, size = store_stream(settings, io.BytesIO(b"noi dung"))
    owner = repository.get_or_create_school(session, school, None)
    period = Period.Q1 if kind == DocKind.REPORT else None
    submission = repository.find_submission(
        session, owner, kind, 2023, period
    ) or repository.create_submission(session, owner, kind, 2023, period)
    version = repository.add_version(
        session, submission, [repository.UploadedFile("document", "bc.txt", sha, size)]
    )
    session.commit()
    return version


def test_files_are_stored_once_read_only_and_unaltered(settings: Settings) -> None:
    content = "Kế hoạch CCHC".encode()
    first = store_stream(settings, io.BytesIO(content))
    second = store_stream(settings, io.BytesIO(content))
    assert first == second == (hashlib.sha256(content).hexdigest(), len(content))
    path = blob_path(settings, first[0])
    assert path.read_bytes() == content
    assert not path.stat().st_mode & stat.S_IWUSR
    assert list((settings.data_dir / "files" / "tmp").iterdir()) == []


def test_a_file_over_the_limit_leaves_nothing_behind(settings: Settings) -> None:
    small = settings.model_copy(update={"max_file_bytes": 10})
    with pytest.raises(FileTooLarge):
        store_stream(small, io.BytesIO(b"x" * 11))
    leftovers = [p for p in (settings.data_dir / "files").rglob("*") if p.is_file()]
    assert leftovers == []


def test_storing_a_result_twice_keeps_one(
    settings: Settings, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        version = new_version(session, settings)
    with sessions() as session:
        assert repository.store_result(session, version.id, a_result("return"))
    with sessions() as session:
        assert not repository.store_result(session, version.id, a_result("return"))
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Result)) == 1
        assert session.scalar(select(func.count()).select_from(ReturnEvent)) == 1
        assert session.get_one(Version, version.id).state == VersionState.DONE
        assert repository.claim_version(session, version.id, "w") is None


def test_every_return_is_counted_and_an_overridden_one_withdrawn(
    settings: Settings, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        first = new_version(session, settings)
        repository.store_result(session, first.id, a_result("return"))
        second = new_version(session, settings)  # the school resubmits
        repository.store_result(session, second.id, a_result("pass"))
    with sessions() as session:
        version = session.get_one(Version, second.id)
        review = repository.record_review(session, version, "cv1", "return", ["Thiếu minh chứng"])
        session.commit()
        assert review.action == "override"
        open_events = repository.open_return_events(session, submission_id=first.submission_id)
        assert [(e.version_id, e.source) for e in open_events] == [
            (first.id, "automatic"),
            (second.id, "reviewer"),
        ]
        review = repository.record_review(session, version, "cv2", "pass", ["Đã đủ"])
        session.commit()
        assert len(repository.open_return_events(session, submission_id=first.submission_id)) == 1
        assert session.scalar(select(func.count()).select_from(ReturnEvent)) == 2


def test_a_plan_is_approved_by_a_reviewers_pass(
    settings: Settings, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        version = new_version(session, settings, kind=DocKind.PLAN)
        repository.store_result(session, version.id, a_result("pass"))
    with sessions() as session:
        version = session.get_one(Version, version.id)
        review = repository.record_review(session, version, "cv1", "pass", [])
        session.commit()
        assert review.action == "confirm"
        assert version.submission.approved_at == review.created_at


def test_the_sweeper_finds_unsent_and_stuck_versions_only(
    settings: Settings, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        unsent = new_version(session, settings, school="A")
        sent = new_version(session, settings, school="B")
        stuck = new_version(session, settings, school="C")
        done = new_version(session, settings, school="D")
        repository.mark_enqueued(session, sent.id)
        repository.claim_version(session, stuck.id, "w")
        session.commit()
        repository.store_result(session, done.id, a_result("pass"))
    later = utcnow() + dt.timedelta(minutes=1)
    stale_after = dt.timedelta(seconds=30)
    with sessions() as session:
        found = repository.stale_versions(session, later, stale_after, dt.timedelta(seconds=5))
        assert [v.id for v in found] == [unsent.id, sent.id, stuck.id]
        now = utcnow()
        found = repository.stale_versions(session, now, stale_after, dt.timedelta(seconds=5))
        assert found == []
