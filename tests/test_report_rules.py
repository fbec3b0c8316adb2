"""A periodic report follows letter 260's outline, states its data window, and plans ahead
specifically; each defect is returned with the place to fix it."""

from __future__ import annotations

import datetime as dt

from tests.docs import REPORT_SECTIONS, report
from validator.models import CheckResult, Period
from validator.options import CheckOptions
from validator.pipeline import check_ingested
from validator.ruleset import Ruleset


def run(ruleset: Ruleset, options: CheckOptions | None = None, **body: object) -> CheckResult:
    return check_ingested(report(**body), [], options or CheckOptions(), ruleset)


def test_complete_report_passes(ruleset: Ruleset) -> None:
    result = run(ruleset)
    assert result.decision == "pass", [f.message for f in result.findings]
    assert result.document.period == Period.Q1 and result.document.year == 2023
    assert result.document.number == "12/BC-THCSNVA"


def test_missing_sub_heading_is_named_by_its_outline_path(ruleset: Ruleset) -> None:
    sections = [s for s in REPORT_SECTIONS if s[0] != "2.2. Những mặt làm được, hạn chế"]
    result = run(ruleset, sections=sections)
    missing = [f for f in result.findings if f.code == "SECTION_MISSING"]
    assert [f.location.section for f in missing] == ["II.2.2 Những mặt làm được, hạn chế"]


def test_missing_top_heading_reports_only_the_heading(ruleset: Ruleset) -> None:
    sections = [s for s in REPORT_SECTIONS if not s[0].startswith("III.")]
    sections = [
        s
        for s in sections
        if s[0][:2] not in ("1.", "2.", "3.", "4.")
        or (
            "Nguyên" not in s[0]
            and "Khó khăn" not in s[0]
            and "Giải pháp" not in s[0]
            and "Kiến nghị" not in s[0]
        )
    ]
    result = run(ruleset, sections=sections)
    missing = [f.location.section or "" for f in result.findings if f.code == "SECTION_MISSING"]
    assert missing == ["III Đánh giá chung"]


def test_wrong_window_is_returned_with_the_right_one(ruleset: Ruleset) -> None:
    result = run(ruleset, window="Số liệu tính từ ngày 01/01/2023 đến ngày 31/3/2023.")
    found = [f for f in result.findings if f.code == "PERIOD_MISMATCH"]
    assert len(found) == 1
    assert "từ 01/12/2022 đến 01/03/2023" in found[0].message
    assert "01/01/2023" in (found[0].location.quote or "")


def test_missing_window(ruleset: Ruleset) -> None:
    result = run(ruleset, window=None)
    assert [f.code for f in result.findings] == ["PERIOD_MISMATCH"]


def test_declared_period_overrides_the_title(ruleset: Ruleset) -> None:
    options = CheckOptions(period=Period.Q3)
    result = run(ruleset, options)
    assert [f.code for f in result.findings] == ["PERIOD_MISMATCH"]
    assert "01/06/2023" in result.findings[0].message
    # the fix to copy is the window of this report's own period, not a Q1 example
    assert (
        result.findings[0].hint
        == 'Ghi rõ ở đầu báo cáo: "Số liệu tính từ 01/06/2023 đến 01/09/2023".'
    )


def test_generic_direction(ruleset: Ruleset) -> None:
    result = run(ruleset, direction=["Tiếp tục thực hiện theo Kế hoạch CCHC đã đề ra trong năm."])
    found = [f for f in result.findings if f.code == "DIRECTION_TOO_GENERIC"]
    assert len(found) == 1 and found[0].location.section == "IV"
    assert "Tiếp tục thực hiện" in (found[0].location.quote or "")


def test_tthc_results_without_figures_warn(ruleset: Ruleset) -> None:
    sections = [
        (h, "Thực hiện tốt việc giải quyết hồ sơ." if h.startswith("2.1.") else t)
        for h, t in REPORT_SECTIONS
    ]
    result = run(ruleset, sections=sections)
    assert result.decision == "pass"
    assert [f.code for f in result.findings] == ["FIGURES_MISSING"]


def test_late_report_is_recorded_not_returned(ruleset: Ruleset) -> None:
    late = dt.datetime(2023, 3, 4, 0, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    result = run(ruleset, CheckOptions(submitted_at=late))
    assert result.decision == "pass"
    assert [(f.code, f.severity.value) for f in result.findings] == [("LATE_SUBMISSION", "info")]
    on_time = dt.datetime(2023, 3, 3, 23, 59, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert run(ruleset, CheckOptions(submitted_at=on_time)).findings == []


def test_late_plan_by_approval(ruleset: Ruleset) -> None:
    from tests.docs import frame, plan_body

    options = CheckOptions(
        office_plan_date=dt.date(2023, 1, 10), approved_at=dt.datetime(2023, 2, 10, 9, 0)
    )
    result = check_ingested(frame(plan_body()), [], options, ruleset)
    assert [f.code for f in result.findings] == ["LATE_SUBMISSION"]
    options = CheckOptions(
        office_plan_date=dt.date(2023, 1, 10), approved_at=dt.datetime(2023, 2, 9, 23, 0)
    )
    assert check_ingested(frame(plan_body()), [], options, ruleset).findings == []
