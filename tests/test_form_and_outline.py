"""The Decree 30 frame and the heading tree, read the way a clerk wrote them."""

from __future__ import annotations

from tests.docs import frame, para, plan_body
from validator.form import read_form
from validator.models import DocKind, IngestedDocument, Period, Table
from validator.options import CheckOptions
from validator.outline import build_outline
from validator.pipeline import check_ingested
from validator.ruleset import Ruleset


def form_of(doc: IngestedDocument, ruleset: Ruleset):  # type: ignore[no-untyped-def]
    v = ruleset.vocabulary
    return read_form(doc.blocks, v.signer_prefixes, v.type_codes)


def codes(doc: IngestedDocument, ruleset: Ruleset, **options: object) -> list[str]:
    result = check_ingested(doc, [], CheckOptions(**options), ruleset)  # type: ignore[arg-type]
    return [f.code for f in result.findings]


def test_number_with_spaces_and_letter_form(ruleset: Ruleset) -> None:
    doc = frame(plan_body(), number="Số: 260 /GDĐT")
    form = form_of(doc, ruleset)
    assert form.number is not None and form.number.raw == "260/GDĐT"
    assert form.number.type_code is None
    assert codes(doc, ruleset) == ["DOCUMENT_NUMBER_MALFORMED"]


def test_report_numbered_as_plan_is_a_warning(ruleset: Ruleset) -> None:
    doc = frame(plan_body(), number="Số: 15/BC-THCSNVA")
    result = check_ingested(doc, [], CheckOptions(), ruleset)
    assert result.decision == "pass"
    assert [(f.code, f.severity.value) for f in result.findings] == [
        ("DOCUMENT_NUMBER_MALFORMED", "warning")
    ]


def test_blank_number_and_impossible_date(ruleset: Ruleset) -> None:
    doc = frame(
        plan_body(), number="Số:     /KH-THCSNVA", date_line="Quận 7, ngày 31 tháng 02 năm 2023"
    )
    found = codes(doc, ruleset)
    assert found == ["DOCUMENT_NUMBER_MISSING", "ISSUE_DATE_MISSING"]
    result = check_ingested(doc, [], CheckOptions(), ruleset)
    assert "31/02/2023 không có thật" in result.findings[1].message


def test_deputy_signs_for_the_principal(ruleset: Ruleset) -> None:
    doc = frame(
        plan_body(), signer=["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "(Đã ký)", "Trần Văn Cường"]
    )
    form = form_of(doc, ruleset)
    assert form.signer_title == "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG"
    assert form.signer_name == "Trần Văn Cường"
    assert codes(doc, ruleset) == []


def test_no_signature_block(ruleset: Ruleset) -> None:
    assert codes(frame(plan_body(), signer=[]), ruleset) == ["SIGNATURE_BLOCK_MISSING"]


def test_header_in_a_word_table(ruleset: Ruleset) -> None:
    """Word documents put issuer/number left and motto/date right in a borderless table."""
    header = Table(
        rows=[
            [
                "ỦY BAN NHÂN DÂN QUẬN 7 TRƯỜNG MẦM NON HOA SEN",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
            ],
            ["Số: 03/KH-MNHS", "Quận 7, ngày 09 tháng 01 năm 2023"],
        ]
    )
    base = frame(plan_body(), number=None, date_line=None)
    doc = IngestedDocument(file="x.docx", media_type="docx", blocks=[header, *base.blocks[2:]])
    form = form_of(doc, ruleset)
    assert form.number is not None and form.number.raw == "03/KH-MNHS"
    assert form.issued_on is not None and form.issued_on.isoformat() == "2023-01-09"
    assert form.issuer == "Trường Mầm Non Hoa Sen"


def test_a_school_name_wrapped_onto_the_next_line_is_read_whole(ruleset: Ruleset) -> None:
    """ "TRƯỜNG MẦM NON HƯỚNG" / "DƯƠNG": findings named the school "Trường Mầm Non Hướng".
    A document without number and date line keeps its title out of the name."""
    wrapped = frame(plan_body())
    wrapped.blocks[1] = para("TRƯỜNG MẦM NON HƯỚNG Độc lập - Tự do - Hạnh phúc", bold=True)
    wrapped.blocks.insert(2, para("DƯƠNG", bold=True))
    assert form_of(wrapped, ruleset).issuer == "Trường Mầm Non Hướng Dương"
    bare = frame(plan_body(), number=None, date_line=None)
    assert form_of(bare, ruleset).issuer == "Trường THCS Nguyễn Văn A"


def test_title_decides_kind_and_declared_kind_must_agree(ruleset: Ruleset) -> None:
    doc = frame(plan_body(), title="TỜ TRÌNH", subtitle="Về việc mua sắm thiết bị")
    assert form_of(doc, ruleset).kind == DocKind.UNKNOWN
    assert codes(doc, ruleset) == ["KIND_UNKNOWN"]
    assert "KIND_UNKNOWN" in codes(frame(plan_body()), ruleset, kind=DocKind.REPORT)


def test_period_from_title(ruleset: Ruleset) -> None:
    for subtitle, period in [
        ("Kết quả CCHC 6 tháng đầu năm 2023", Period.H1),
        ("Kết quả CCHC quý III năm 2023", Period.Q3),
        ("Kết quả CCHC 9 tháng năm 2023", Period.Q3),
        ("Kết quả CCHC quý I năm 2023", Period.Q1),
        ("Tổng kết công tác CCHC năm 2023", Period.YEAR),
    ]:
        doc = frame([], title="BÁO CÁO", subtitle=subtitle)
        assert form_of(doc, ruleset).period == period, subtitle


def test_outline_paths_and_numbering_warnings() -> None:
    texts = [
        "I. MỤC TIÊU",
        "1. Mục tiêu một dài dòng kết thúc bằng dấu chấm.",
        "II. NHIỆM VỤ",
        "1. Chủ đề năm",
        "2. Các nhiệm vụ trọng tâm",
        "2.1. Công tác chỉ đạo",
        "- Việc một.",
        "2.2. Cải cách TTHC",
        "a) Nâng cao chất lượng:",
        "- Việc hai.",
        "2.4. Cải cách tổ chức bộ máy",
        "- Việc ba.",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Một.",
        "3. Ba.",
        "3. Ba lần nữa.",
    ]
    doc = IngestedDocument(file="x", media_type="text", blocks=[para(t) for t in texts])
    outline = build_outline(doc)
    paths = {n.text: n.path for n in outline.root.walk() if n.kind == "heading"}
    assert paths["Công tác chỉ đạo"] == "II.2.1"
    assert paths["Cải cách tổ chức bộ máy"] == "II.2.4"
    assert paths["Các nhiệm vụ trọng tâm"] == "II.2"
    issues = [(i.kind, i.label) for i in outline.issues]
    assert ("gap", "2.4.") in issues and ("gap", "3.") in issues and ("repeat", "3.") in issues


def test_a_list_that_does_not_start_at_one_is_a_gap() -> None:
    """A clerk deleted "3.1" and kept the numbers: "3." is followed by "3.2"."""
    texts = [
        "I. KẾT QUẢ",
        "1. Cải cách thể chế",
        "1.1. Kết quả các nhiệm vụ",
        "1.2. Những mặt làm được, hạn chế",
        "2. Cải cách tổ chức bộ máy",
        "2.2. Những mặt làm được, hạn chế",
        "II. PHƯƠNG HƯỚNG",
        "a) Việc một.",
    ]
    doc = IngestedDocument(file="x", media_type="text", blocks=[para(t) for t in texts])
    issues = [(i.kind, i.label, i.expected) for i in build_outline(doc).issues]
    assert issues == [("gap", "2.2.", "2.1")]
