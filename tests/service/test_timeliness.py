"""Deadlines as domain.md states them: cutoff + 2 days for reports, Office plan date + 30
days for plans, both ending 23:59:59 Asia/Ho_Chi_Minh."""

from __future__ import annotations

import datetime as dt

import pytest

from validator.models import DocKind, Period
from validator.store.timeliness import (
    Timeliness,
    deadline_for,
    judge,
    plan_deadline,
    report_deadline,
)

UTC = dt.UTC


@pytest.mark.parametrize(
    ("period", "last_day"),
    [
        (Period.Q1, dt.date(2023, 3, 3)),
        (Period.H1, dt.date(2023, 6, 3)),
        (Period.Q3, dt.date(2023, 9, 3)),
        (Period.YEAR, dt.date(2023, 12, 3)),
    ],
)
def test_report_deadline_is_cutoff_plus_two_days_end_of_day(
    period: Period, last_day: dt.date
) -> None:
    deadline = report_deadline(2023, period)
    assert deadline.date() == last_day
    assert deadline.utcoffset() == dt.timedelta(hours=7)
    assert (deadline.hour, deadline.minute, deadline.second) == (23, 59, 59)


def test_report_on_time_up_to_the_last_second_in_vietnam() -> None:
    deadline = report_deadline(2023, Period.Q1)
    last_second = dt.datetime(2023, 3, 3, 16, 59, 59, tzinfo=UTC)  # 23:59:59 +07
    assert judge(deadline, last_second, now=last_second) == Timeliness.ON_TIME
    assert (
        judge(deadline, last_second + dt.timedelta(seconds=1), now=last_second) == Timeliness.LATE
    )


def test_plan_deadline_is_office_plan_date_plus_thirty_days() -> None:
    assert plan_deadline(dt.date(2023, 1, 5)).date() == dt.date(2023, 2, 4)
    dates = {2023: dt.date(2023, 1, 5)}
    assert deadline_for(DocKind.PLAN, 2023, None, dates) == plan_deadline(dt.date(2023, 1, 5))
    assert deadline_for(DocKind.PLAN, 2024, None, dates) is None


def test_not_yet_submitted_is_pending_until_the_deadline_passes() -> None:
    deadline = report_deadline(2023, Period.Q3)
    before = dt.datetime(2023, 9, 1, tzinfo=UTC)
    after = dt.datetime(2023, 9, 4, tzinfo=UTC)
    assert judge(deadline, None, now=before) == Timeliness.PENDING
    assert judge(deadline, None, now=after) == Timeliness.LATE
    assert judge(None, None, now=after) == Timeliness.UNKNOWN
