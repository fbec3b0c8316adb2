"""Timeliness (letter 260 §1, §2): recorded as information, never a reason to return."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from validator.checks.base import CheckContext, Hit, check
from validator.models import DocKind, Location, Period


class DeadlineParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    timezone: str = "Asia/Ho_Chi_Minh"
    report_cutoffs: dict[Period, str]  # month-day of each period's data cutoff
    report_grace_days: int
    plan_days: int


def report_deadline(period: Period, year: int, params: DeadlineParams) -> dt.datetime:
    """Cutoff + grace days, at 23:59:59 local time on the last day."""
    month, day = (int(x) for x in params.report_cutoffs[period].split("-"))
    last_day = dt.date(year, month, day) + dt.timedelta(days=params.report_grace_days)
    return _end_of_day(last_day, params.timezone)


def plan_deadline(office_plan_date: dt.date, params: DeadlineParams) -> dt.datetime:
    return _end_of_day(office_plan_date + dt.timedelta(days=params.plan_days), params.timezone)


def _end_of_day(day: dt.date, timezone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=ZoneInfo(timezone))


def _aware(moment: dt.datetime, timezone: str) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))


@check("late_submission", DeadlineParams)
def late_submission(ctx: CheckContext, params: DeadlineParams) -> list[Hit]:
    """A report first submitted, or a plan approved, after its deadline."""
    moment, deadline, what = _moment_and_deadline(ctx, params)
    if moment is None or deadline is None:
        return []
    moment = _aware(moment, params.timezone)
    if moment <= deadline:
        return []
    local = moment.astimezone(ZoneInfo(params.timezone))
    late = local - deadline
    days = late.days + (1 if late.seconds else 0)
    return [
        Hit(
            Location(file=ctx.file),
            {
                "what": what,
                "at": local.strftime("%H:%M %d/%m/%Y"),
                "deadline": deadline.strftime("%H:%M:%S %d/%m/%Y"),
                "days": days,
            },
        )
    ]


def _moment_and_deadline(
    ctx: CheckContext, params: DeadlineParams
) -> tuple[dt.datetime | None, dt.datetime | None, str]:
    options = ctx.options
    if ctx.kind == DocKind.REPORT and options.submitted_at and ctx.period and ctx.year:
        return (options.submitted_at, report_deadline(ctx.period, ctx.year, params), "nộp lần đầu")
    if ctx.kind == DocKind.PLAN and options.approved_at and options.office_plan_date:
        return options.approved_at, plan_deadline(options.office_plan_date, params), "được duyệt"
    return None, None, ""
