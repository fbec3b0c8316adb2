"""A plan is returned exactly for what letter 260 §4 asks, and passes when it complies."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.docs import AREAS, frame, para, plan_body
from validator.models import CheckResult, DocKind, Table
from validator.options import CheckOptions
from validator.pipeline import check_ingested
from validator.ruleset import Ruleset, load_ruleset
from validator.settings import Settings


def run(ruleset: Ruleset, body: list, **options: object) -> CheckResult:  # type: ignore[type-arg]
    return check_ingested(frame(body), [], CheckOptions(**options), ruleset)  # type: ignore[arg-type]


def codes(result: CheckResult) -> list[str]:
    return [f.code for f in result.findings]


def test_complete_plan_passes(ruleset: Ruleset) -> None:
    result = run(ruleset, plan_body())
    assert result.decision == "pass", [f.message for f in result.findings]
    assert result.document.kind == DocKind.PLAN
    assert result.document.number == "05/KH-THCSNVA"
    assert result.document.signer_title == "HIỆU TRƯỞNG"
    assert result.document.signer_name == "Nguyễn Thị Bích"
    assert result.document.issuer == "Trường THCS Nguyễn Văn A"


def test_missing_area_names_the_area(ruleset: Ruleset) -> None:
    areas = [a for a in AREAS if "thể chế" not in a[0]]
    result = run(ruleset, plan_body(areas=areas))
    assert result.decision == "return"
    missing = [f for f in result.findings if f.code == "SECTION_MISSING"]
    assert [f.location.section for f in missing] == ["Cải cách thể chế"]
    assert "Cải cách thể chế" in missing[0].message


def test_heading_variants_count_as_areas(ruleset: Ruleset) -> None:
    variants = {
        "5. Cải cách chế độ công vụ": "5. Xây dựng và nâng cao chất lượng đội ngũ "
        "cán bộ, công chức, viên chức",
        "7. Hiện đại hóa nền hành chính": "7. CHUYỂN ĐỔI SỐ TRONG NHÀ TRƯỜNG",
    }
    areas = [(variants.get(h, h), t) for h, t in AREAS]
    assert run(ruleset, plan_body(areas=areas)).decision == "pass"


def test_vague_milestone_and_unit_are_returned_with_their_section(ruleset: Ruleset) -> None:
    areas = list(AREAS)
    areas[2] = (
        "3. Cải cách thủ tục hành chính",
        "Niêm yết công khai 100% thủ tục hành chính (Chủ trì: Các bộ phận liên quan; "
        "thực hiện thường xuyên).",
    )
    result = run(ruleset, plan_body(areas=areas))
    deadline = [f for f in result.findings if f.code == "DEADLINE_MISSING"]
    lead = [f for f in result.findings if f.code == "RESPONSIBLE_UNIT_MISSING"]
    assert len(deadline) == 1 and len(lead) == 1
    assert deadline[0].location.section == "II.3"
    assert "Niêm yết công khai" in (deadline[0].location.quote or "")


def test_target_below_district_minimum(ruleset: Ruleset) -> None:
    targets = [
        "1. Tỷ lệ phụ huynh hài lòng với dịch vụ giáo dục đạt 75% (Chủ trì: Ban Giám hiệu; "
        "tháng 12/2023).",
        "2. 90% hồ sơ được giải quyết đúng hạn (Chủ trì: Văn thư; Quý IV/2023).",
    ]
    result = run(ruleset, plan_body(targets=targets))
    below = [f for f in result.findings if f.code == "TARGET_BELOW_MINIMUM"]
    assert len(below) == 2
    assert "75%" in below[0].message and "trên 80%" in below[0].message
    assert "90%" in below[1].message and "97%" in below[1].message


def test_equal_to_strict_minimum_is_below(ruleset: Ruleset) -> None:
    targets = ["1. Phụ huynh hài lòng đạt 80% (Văn thư; Quý IV)."]
    result = run(ruleset, plan_body(targets=targets))
    assert "TARGET_BELOW_MINIMUM" in codes(result)
    targets = ["1. Phụ huynh hài lòng đạt trên 80% (Văn thư; Quý IV)."]
    result = run(ruleset, plan_body(targets=targets))
    assert "TARGET_BELOW_MINIMUM" not in codes(result)


def test_unquantified_target(ruleset: Ruleset) -> None:
    targets = ["1. Nâng cao chất lượng giải quyết hồ sơ (Văn thư; Quý IV)."]
    result = run(ruleset, plan_body(targets=targets))
    found = [f for f in result.findings if f.code == "TARGET_NOT_QUANTIFIED"]
    assert len(found) == 1 and found[0].location.section == "I"


def test_a_period_in_the_deadline_clause_is_not_a_target(ruleset: Ruleset) -> None:
    areas = list(AREAS)
    areas[2] = (
        areas[2][0],
        "Tiếp tục sắp xếp, kiện toàn tổ chức bộ máy của nhà trường tinh gọn, hiệu quả "
        "(Chủ trì: Công đoàn cơ sở; Thời gian: Định kỳ 6 tháng (30/6 và 31/12)).",
    )
    result = run(ruleset, plan_body(areas=areas))
    found = [f for f in result.findings if f.code == "TARGET_NOT_QUANTIFIED"]
    assert len(found) == 1 and "kiện toàn tổ chức bộ máy" in (found[0].location.quote or "")
    assert "DEADLINE_MISSING" not in codes(result)  # the clause still counts as the deadline


def test_lead_units_match_with_their_diacritics(ruleset: Ruleset) -> None:
    """ "văn bản chỉ đạo" folds to the same letters as "Ban Chỉ đạo" but names no unit."""
    areas = list(AREAS)
    areas[1] = (
        areas[1][0],
        "Cập nhật 100% văn bản chỉ đạo của cấp trên (Thời gian: tháng 9/2023).",
    )
    result = run(ruleset, plan_body(areas=areas))
    missing = [f for f in result.findings if f.code == "RESPONSIBLE_UNIT_MISSING"]
    assert len(missing) == 1 and "văn bản chỉ đạo" in (missing[0].location.quote or "")


def test_citation_dates_are_not_milestones(ruleset: Ruleset) -> None:
    areas = list(AREAS)
    areas[0] = (
        "1. Công tác chỉ đạo, điều hành CCHC",
        "Thực hiện Quyết định số 4910/QĐ-UBND ngày 02/11/2018 của UBND thành phố "
        "(Chủ trì: Hiệu trưởng).",
    )
    result = run(ruleset, plan_body(areas=areas))
    assert codes(result).count("DEADLINE_MISSING") == 1


def test_table_plan(ruleset: Ruleset) -> None:
    header = ["STT", "Nội dung", "Chỉ tiêu", "Đơn vị chủ trì", "Thời gian hoàn thành"]
    rows = [header]
    for i, (heading, _) in enumerate(AREAS, start=1):
        rows.append([str(i), heading.split(". ", 1)[1], "", "", ""])
        rows.append(
            ["", f"Triển khai nhiệm vụ {i} của lĩnh vực", "100%", "Tổ Văn phòng", "Quý II/2023"]
        )
    rows[4][3] = "Toàn trường"  # area 2's task: a vague lead unit
    rows[6][2] = ""  # area 3's task: no quantity
    body = [
        para("I. NHIỆM VỤ CỤ THỂ", bold=True),
        Table(rows=rows, page=2),
        para("II. KINH PHÍ THỰC HIỆN", bold=True),
        para("Ngân sách năm 2023."),
        para("III. TỔ CHỨC THỰC HIỆN", bold=True),
        para("Hiệu trưởng chỉ đạo."),
    ]
    result = run(ruleset, body)
    assert "SECTION_MISSING" not in codes(result)
    assert codes(result).count("RESPONSIBLE_UNIT_MISSING") == 1
    assert codes(result).count("TARGET_NOT_QUANTIFIED") == 1
    assert "DEADLINE_MISSING" not in codes(result)


def test_a_district_changes_a_threshold_in_yaml(tmp_path: Path, settings: Settings) -> None:
    data = yaml.safe_load((settings.rules_dir / "q7-2022.yaml").read_text(encoding="utf-8"))
    for metric in data["vocabulary"]["metrics"]:
        if metric["id"] == "satisfaction":
            metric["minimum"] = 90
    custom = tmp_path / "q9-2024.yaml"
    custom.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    strict = load_ruleset(str(custom), settings)
    assert run(strict, plan_body()).decision == "return"  # 85% < 90%
    assert run(load_ruleset("q7-2022", settings), plan_body()).decision == "pass"
