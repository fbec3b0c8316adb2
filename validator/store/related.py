"""The stored documents a report is compared with: the school's approved plan of the year
and its earlier reports of the same year (``validator.crossdoc``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from validator.models import DocKind, Period
from validator.store.models import School, Version
from validator.store.repository import find_submission, latest_review


def approved_plan(session: Session, school: School, year: int) -> Version | None:
    """The version of the school's plan for ``year`` that a reviewer passed (the Office's
    approval); the latest such version when there are several."""
    plan = find_submission(session, school, DocKind.PLAN, year, None)
    if plan is None or plan.approved_at is None:
        return None
    passed = [v for v in plan.versions if _passed(session, v)]
    return passed[-1] if passed else None


def _passed(session: Session, version: Version) -> bool:
    review = latest_review(session, version.id)
    return review is not None and review.decision == "pass"


def earlier_reports(
    session: Session, school: School, year: int, periods: list[Period]
) -> list[Version]:
    """The latest version of each of the school's reports of ``periods`` in ``year``."""
    out = []
    for period in periods:
        earlier = find_submission(session, school, DocKind.REPORT, year, period)
        if earlier is not None and earlier.versions:
            out.append(earlier.versions[-1])
    return out
