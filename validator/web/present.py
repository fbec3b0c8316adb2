"""Words and groupings the pages show: Vietnamese labels for stored values, findings grouped
the way a school fixes them (form first, then section by section, then each evidence file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from validator.crossdoc.models import (
    Citation,
    EvidenceMatch,
    PairStatus,
    PeriodFigure,
    Place,
    RelatedRef,
    TargetPair,
)
from validator.models import CheckResult, Finding, Severity
from validator.store.timeliness import OFFICE_TZ

WORDS: dict[str, str] = {
    # kinds and periods
    "plan": "Kế hoạch CCHC",
    "report": "Báo cáo CCHC",
    "evidence": "Minh chứng",
    "unknown": "Chưa xác định",
    "q1": "Quý I",
    "h1": "6 tháng",
    "q3": "9 tháng",
    "year": "Năm",
    # states of the latest version
    "queued": "Đang chờ kiểm tra",
    "started": "Đang kiểm tra",
    "done": "Đã kiểm tra",
    "failed": "Lỗi khi kiểm tra",
    # decisions
    "pass": "ĐẠT",
    "return": "TRẢ LẠI",
    # severities
    Severity.RETURN.value + "_severity": "Lý do trả lại",
    Severity.WARNING.value + "_severity": "Cảnh báo",
    Severity.INFO.value + "_severity": "Ghi nhận",
    # timeliness
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "pending": "Chưa đến hạn",
    "confirm": "xác nhận",
    "override": "thay đổi",
    "automatic": "tự động",
    "reviewer": "người duyệt",
}


def word(value: object) -> str:
    """The Vietnamese label of a stored value; the value itself when it has none."""
    if value is None:
        return "—"
    return WORDS.get(str(value), str(value))


def local_time(moment: dt.datetime | str | None) -> str:
    """A stored UTC moment as the Office reads it: dd/mm/yyyy HH:MM, Vietnam time."""
    if moment is None:
        return "—"
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(OFFICE_TZ).strftime("%d/%m/%Y %H:%M")


def document_title(kind: str, year: int, period: str | None) -> str:
    """ "Báo cáo CCHC Quý I 2023", "Kế hoạch CCHC 2023"."""
    middle = f" {word(period)}" if period else ""
    return f"{word(kind)}{middle} {year}"


@dataclass
class FindingGroup:
    """Findings a school fixes in one place: the document's form, one section, one file."""

    title: str
    findings: list[Finding] = field(default_factory=list)
    page: int | None = None  # the first page any of them names (for ordering and linking)


GENERAL = "Thể thức và nội dung chung"


def group_findings(result: CheckResult) -> list[FindingGroup]:
    """Every finding of ``result``, in exactly one group, none dropped.

    Order: the general group, then sections by their first page, then the plan and earlier
    reports compared with, then evidence files.
    """
    general = FindingGroup(GENERAL)
    sections: dict[str, FindingGroup] = {}
    files: dict[str, FindingGroup] = {}
    for name, title in _related_titles(result).items():
        files[name] = FindingGroup(title)
    for finding in result.findings:
        group = _group_of(finding, result.file, general, sections, files)
        group.findings.append(finding)
        page = finding.location.page
        if page is not None and (group.page is None or page < group.page):
            group.page = page
    ordered = sorted(sections.values(), key=lambda g: (g.page or 10_000, g.title))
    return [g for g in [general, *ordered, *files.values()] if g.findings]


def _related_titles(result: CheckResult) -> dict[str, str]:
    """Groups for the plan and earlier reports a finding may point into (a target with no
    result quotes the plan), so they are not taken for evidence files."""
    cross = result.crosscheck
    if cross is None:
        return {}
    titles = {e.file: f"Đối chiếu với báo cáo kỳ trước: {e.file}" for e in cross.earlier}
    if cross.plan is not None:
        titles[cross.plan.file] = f"Đối chiếu với kế hoạch: {cross.plan.file}"
    return titles


def _group_of(
    finding: Finding,
    document: str | None,
    general: FindingGroup,
    sections: dict[str, FindingGroup],
    files: dict[str, FindingGroup],
) -> FindingGroup:
    location = finding.location
    if location.file and document and location.file != document:
        return files.setdefault(location.file, FindingGroup(f"Minh chứng: {location.file}"))
    if location.section:
        return sections.setdefault(location.section, FindingGroup(f"Mục {location.section}"))
    return general


def place(finding: Finding, document: str | None) -> str:
    """Where a finding is, as a school reads it: "Trang 5 · Mục II.2.9" (the file too when
    it is an evidence file, not the document)."""
    location = finding.location
    parts = [
        f"Trang {location.page}" if location.page else "",
        f"Mục {location.section}" if location.section else "",
        location.file if location.file and location.file != document else "",
    ]
    return " · ".join(p for p in parts if p)


def parse_result(body: dict[str, Any] | None) -> CheckResult | None:
    """A stored result body as the model the templates read (None when there is none)."""
    return CheckResult.model_validate(body) if body else None


# --------------------------------------------------------------------------- cross-document

PAIR_STATUS: dict[PairStatus, str] = {
    PairStatus.ANSWERED: "đã báo cáo",
    PairStatus.MISSING: "thiếu kết quả",
    PairStatus.BELOW_TARGET: "thấp hơn chỉ tiêu",
    PairStatus.NOT_ACHIEVED: "không đạt",
}


@dataclass
class TargetRow:
    """A plan target beside the report line that answers it, as one row of the table."""

    target: str
    target_figure: str
    target_where: str
    report: str | None  # None: no line of the report answers it
    report_figure: str
    report_where: str
    status: str  # PairStatus value, for the CSS class and the tests
    status_label: str


@dataclass
class CitationRow:
    number: str
    cited_where: str
    evidence: list[str]
    state: str  # "has" | "missing" (required, none) | "optional"
    state_label: str


@dataclass
class PeriodRow:
    """A cumulative count of this report beside the same count of an earlier one."""

    name: str
    earlier: str
    earlier_source: str  # "6 tháng · bao-cao-6-thang.pdf"
    current: str
    current_where: str
    decreased: bool


@dataclass
class CrossView:
    """The ``crosscheck`` object as the result page shows it (one per result)."""

    plan: RelatedRef | None
    unusable: list[RelatedRef]  # earlier reports that could not be compared, with why
    targets: list[TargetRow]
    citations: list[CitationRow]
    evidence: list[EvidenceMatch]
    periods: list[PeriodRow]


def number(value: float | None, like: str | None = None) -> str:
    """A figure as Vietnamese print it (decimal comma), with "%" when the figure it is
    compared with is a percentage; "—" when there is none."""
    if value is None:
        return "—"
    text = f"{value:g}".replace(".", ",")
    return f"{text}%" if like and "%" in like else text


def cross_place(where: Place) -> str:
    """ "Trang 2 · Mục 1.3" of a plan or report line (the file is named by the column)."""
    parts = [
        f"Trang {where.page}" if where.page else "",
        f"Mục {where.section}" if where.section else "",
    ]
    return " · ".join(p for p in parts if p)


def _target_row(pair: TargetPair) -> TargetRow:
    report = pair.report
    return TargetRow(
        target=pair.target.text,
        target_figure=pair.expected_text or number(pair.expected),
        target_where=cross_place(pair.target),
        report=report.text if report else None,
        report_figure=number(pair.reported, pair.expected_text) if report else "—",
        report_where=cross_place(report) if report else "",
        status=pair.status.value,
        status_label=PAIR_STATUS[pair.status],
    )


def _citation_row(citation: Citation) -> CitationRow:
    if citation.evidence:
        state, label = "has", "có minh chứng"
    elif citation.requires_evidence:
        state, label = "missing", "thiếu minh chứng"
    else:
        state, label = "optional", "không bắt buộc minh chứng"
    return CitationRow(
        citation.number, cross_place(citation.cited_in), citation.evidence, state, label
    )


def _period_row(figure: PeriodFigure) -> PeriodRow:
    return PeriodRow(
        name=figure.name,
        earlier=number(figure.earlier),
        earlier_source=f"{word(figure.earlier_period)} · {figure.earlier_file}",
        current=number(figure.current),
        current_where=cross_place(figure.current_place),
        decreased=figure.decreased,
    )


def cross_view(result: CheckResult) -> CrossView | None:
    """What the page shows of ``result.crosscheck``; None (nothing shown) when it is null."""
    cross = result.crosscheck
    if cross is None:
        return None
    return CrossView(
        plan=cross.plan,
        unusable=[e for e in cross.earlier if e.problem],
        targets=[_target_row(p) for p in cross.targets],
        citations=[_citation_row(c) for c in cross.citations],
        evidence=cross.evidence,
        periods=[_period_row(p) for p in cross.periods],
    )
