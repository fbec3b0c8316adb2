"""Words and groupings the pages show: Vietnamese labels for stored values, findings grouped
the way a school fixes them (form first, then section by section, then each evidence file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

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

    Order: the general group, then sections by their first page, then evidence files.
    """
    general = FindingGroup(GENERAL)
    sections: dict[str, FindingGroup] = {}
    files: dict[str, FindingGroup] = {}
    for finding in result.findings:
        group = _group_of(finding, result.file, general, sections, files)
        group.findings.append(finding)
        page = finding.location.page
        if page is not None and (group.page is None or page < group.page):
            group.page = page
    ordered = sorted(sections.values(), key=lambda g: (g.page or 10_000, g.title))
    return [g for g in [general, *ordered, *files.values()] if g.findings]


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
