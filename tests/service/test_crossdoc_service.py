"""The service compares a report with the school's stored, approved plan of the year and
with its earlier reports of that year, on SQLite and on PostgreSQL, through the worker's
own code path (``process_version``)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from corpus.pairs import DEFECT_SETS, draft_pair, draft_series, write_pair
from corpus.render import render_pdf
from corpus.reports import compose_report
from validator.models import DocKind, Period
from validator.service import Outcome, process_version
from validator.settings import Settings
from validator.store import repository
from validator.store.blobs import store_stream
from validator.store.models import Version

pytestmark = pytest.mark.service
ALL_DEFECTS = DEFECT_SETS.index(("left_out", "reworded", "below"))


def upload(
    session: Session,
    settings: Settings,
    path: Path,
    kind: DocKind,
    period: Period | None = None,
    school: str = "THCSTQT",
) -> Version:
    """Store a file and queue a version of the school's submission, as the API does."""
    with path.open("rb") as fh:
        sha, size = store_stream(settings, fh)
    owner = repository.get_or_create_school(session, school, None)
    submission = repository.find_submission(
        session, owner, kind, 2023, period
    ) or repository.create_submission(session, owner, kind, 2023, period)
    version = repository.add_version(
        session, submission, [repository.UploadedFile("document", path.name, sha, size)]
    )
    session.commit()
    return version


def checked(sessions: sessionmaker[Session], settings: Settings, version_id: int) -> dict:  # type: ignore[type-arg]
    assert process_version(version_id, settings, sessions) == Outcome.DONE
    with sessions() as session:
        version = session.get(Version, version_id)
        assert version is not None and version.result is not None
        return dict(version.result.body)


def test_report_against_the_approved_plan(
    tmp_path: Path, settings: Settings, sessions: sessionmaker[Session]
) -> None:
    pair = draft_pair(ALL_DEFECTS, seed=11)
    plan_file, report_file = write_pair(pair, tmp_path)
    with sessions() as session:
        plan_id = upload(session, settings, plan_file, DocKind.PLAN).id
    checked(sessions, settings, plan_id)

    # before the Office approves the plan, the report is checked on its own
    with sessions() as session:
        first_id = upload(session, settings, report_file, DocKind.REPORT, Period.YEAR).id
    alone = checked(sessions, settings, first_id)
    assert not (alone.get("crosscheck") or {}).get("plan")
    assert "TARGET_RESULT_MISSING" not in {f["code"] for f in alone["findings"]}

    with sessions() as session:
        plan_version = session.get(Version, plan_id)
        assert plan_version is not None
        repository.record_review(session, plan_version, "cv1", "pass", [])
        session.commit()
        second_id = upload(session, settings, report_file, DocKind.REPORT, Period.YEAR).id
    body = checked(sessions, settings, second_id)
    assert body["crosscheck"]["plan"]["file"] == plan_file.name
    statuses = [t["status"] for t in body["crosscheck"]["targets"]]
    assert statuses == [t.status for t in pair.truth.targets]
    codes = [f["code"] for f in body["findings"]]
    assert codes.count("TARGET_RESULT_MISSING") == 1 and codes.count("RESULT_BELOW_TARGET") == 1
    assert body["decision"] == "return"


def test_year_report_against_the_stored_half_year_report(
    tmp_path: Path, settings: Settings, sessions: sessionmaker[Session]
) -> None:
    half, year = draft_series(random.Random(3), (Period.H1, Period.YEAR), shrink="received")
    paths = [
        render_pdf(
            compose_report(d).blocks, tmp_path / f"bc-{d.period.value}.pdf", header=d.frame.header()
        )
        for d in (half, year)
    ]
    with sessions() as session:
        half_id = upload(session, settings, paths[0], DocKind.REPORT, Period.H1).id
    checked(sessions, settings, half_id)
    with sessions() as session:
        year_id = upload(session, settings, paths[1], DocKind.REPORT, Period.YEAR).id
        # another school's reports are never compared
        other_id = upload(session, settings, paths[1], DocKind.REPORT, Period.YEAR, "MNHS").id
    body = checked(sessions, settings, year_id)
    assert [e["file"] for e in body["crosscheck"]["earlier"]] == [paths[0].name]
    assert "FIGURES_DECREASE" in {f["code"] for f in body["findings"]}
    other = checked(sessions, settings, other_id)
    assert not (other.get("crosscheck") or {}).get("earlier")
    assert "FIGURES_DECREASE" not in {f["code"] for f in other["findings"]}
