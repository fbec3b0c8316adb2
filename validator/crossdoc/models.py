"""What the cross-document checks found, as the result JSON's ``crosscheck`` object.

The result page shows a plan target beside the report line that answers it from
``targets``; ``citations``, ``evidence`` and ``periods`` show the other two comparisons.
Only pydantic and the contract's enums here: ``validator.models`` embeds these models.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field


class PairStatus(StrEnum):
    ANSWERED = "answered"  # a result that meets the target, or achieved without a figure
    NOT_ACHIEVED = "not_achieved"  # the report says so ("không đạt"): honest, no finding
    BELOW_TARGET = "below_target"  # a figure below the target without saying so
    MISSING = "missing"  # no result for the target in the report


Verdict = Literal["achieved", "not_achieved", "not_applicable"]


class Place(BaseModel):
    file: str | None = None
    page: int | None = None
    section: str | None = None
    text: str = ""


class TargetPair(BaseModel):
    """One target of the plan and the report line that answers it (or none)."""

    target: Place
    metric: str | None = None  # district metric id, where the target measures one
    expected: float | None = None  # the plan's figure
    expected_text: str | None = None  # as printed: "trên 80%"
    report: Place | None = None
    reported: float | None = None  # the figure the report gives
    verdict: Verdict | None = None
    status: PairStatus
    score: float = 0.0  # how much of the target's subject the line repeats (0..1)


class Citation(BaseModel):
    """A document number a plan or report cites, and the evidence that bears it."""

    number: str
    type_code: str | None = None
    cited_in: Place
    own: bool = False  # issued by the school itself
    requires_evidence: bool = False
    evidence: list[str] = Field(default_factory=list)  # evidence files bearing the number


class EvidenceMatch(BaseModel):
    file: str
    number: str
    cited: bool


class PeriodFigure(BaseModel):
    """A cumulative count in this report beside the same count in an earlier one."""

    counter: str
    name: str
    earlier_file: str
    earlier_period: str
    earlier: float
    current: float
    current_place: Place
    decreased: bool


class RelatedRef(BaseModel):
    file: str
    kind: str
    period: str | None = None
    year: int | None = None
    number: str | None = None
    problem: str | None = None  # why it could not be used (unreadable, another year…)


class CrossCheck(BaseModel):
    plan: RelatedRef | None = None
    earlier: list[RelatedRef] = Field(default_factory=list)
    targets: list[TargetPair] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    evidence: list[EvidenceMatch] = Field(default_factory=list)
    periods: list[PeriodFigure] = Field(default_factory=list)
