"""What the caller declares about a submission (command-line flags, API form fields)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from validator.models import DocKind, Period


class CheckOptions(BaseModel):
    kind: DocKind | None = None  # declared kind; None: recognise it from the title
    period: Period | None = None  # reports; None: read it from the title
    year: int | None = None
    submitted_at: dt.datetime | None = None  # first submission (reports: timeliness)
    approved_at: dt.datetime | None = None  # the Office's approval (plans: timeliness)
    office_plan_date: dt.date | None = None  # the Office's own CCHC plan date (plans)
    ruleset: str | None = None  # id under rules/ or a path to a YAML file
    lang: Literal["vi", "en"] = "vi"
    school: str | None = None  # the school's name; None: the document's issuer, if a school
    plan: Path | None = None  # reports: the school's plan of the year to check results against
    earlier: list[Path] = Field(default_factory=list)  # reports: the same year's earlier reports
