"""Deadlines and on-time status (letter 260 §1, §2; ``domain.md``).

- A report is due 2 days after its period's cutoff (01/03, 01/06, 01/09, 01/12 of its
  year); on time is judged by the moment of its **first** submission.
- A plan is due 30 days after the Office's own CCHC plan date (a setting per year); on time
  is judged by the moment the Office **approves** it.

Deadlines end at 23:59:59 Asia/Ho_Chi_Minh on the last day.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from zoneinfo import ZoneInfo

from validator.models import DocKind, Period

OFFICE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REPORT_GRACE_DAYS = 2
PLAN_GRACE_DAYS = 30
CUTOFF_MONTH = {Period.Q1: 3, Period.H1: 6, Period.Q3: 9, Period.YEAR: 12}


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"  # not yet submitted (report) or approved (plan), deadline not passed
    UNKNOWN = "unknown"  # no deadline known (a plan year without an Office plan date)


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59 of ``day`` in the Office's time zone."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=OFFICE_TZ)


def report_deadline(year: int, period: Period) -> dt.datetime:
    cutoff = dt.date(year, CUTOFF_MONTH[period], 1)
    return end_of_day(cutoff + dt.timedelta(days=REPORT_GRACE_DAYS))


def plan_deadline(office_plan_date: dt.date) -> dt.datetime:
    return end_of_day(office_plan_date + dt.timedelta(days=PLAN_GRACE_DAYS))


def deadline_for(
    kind: DocKind, year: int, period: Period | None, office_plan_dates: dict[int, dt.date]
) -> dt.datetime | None:
    """The deadline of a submission, or None where none is known."""
    if kind == DocKind.REPORT and period is not None:
        return report_deadline(year, period)
    if kind == DocKind.PLAN and year in office_plan_dates:
        return plan_deadline(office_plan_dates[year])
    return None


def judge(deadline: dt.datetime | None, moment: dt.datetime | None, now: dt.datetime) -> Timeliness:
    """On time or late by ``moment`` (first submission or approval) against ``deadline``."""
    if deadline is None:
        return Timeliness.UNKNOWN
    if moment is not None:
        return Timeliness.ON_TIME if moment <= deadline else Timeliness.LATE
    return Timeliness.LATE if now > deadline else Timeliness.PENDING
