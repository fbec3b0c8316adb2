"""The plan/report corpus: deterministic, balanced, truthful, and readable once rendered."""

from __future__ import annotations

import collections
from pathlib import Path

import docx
import pdfplumber
import pytest

from bench import accuracy
from bench.accuracy import matches
from corpus.build import Generated, default_count, generate, schedule, write
from corpus.compose import ExpectedFinding, numbering_path
from corpus.defects import CODES
from corpus.report_content import OUTLINE
from validator.models import DocKind, Finding, Location, Paragraph, Severity

SEED = 2023


@pytest.fixture(scope="module")
def corpus() -> list[Generated]:
    """The default corpus, composed but not rendered (rendering is tested on a few files)."""
    return [generate(case, SEED) for case in schedule(default_count())]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_numbering_path_follows_printed_labels() -> None:
    assert numbering_path(["II.", "2.", "2.1."]) == "II.2.1"
    assert numbering_path(["II.", "3."]) == "II.3"
    assert numbering_path(["II.", "2.", "a)"]) == "II.2.a"
    assert numbering_path(["2.", "2.3."]) == "2.3"


def test_generation_is_deterministic() -> None:
    for case in schedule(25)[::6]:
        first, second = generate(case, SEED), generate(case, SEED)
        assert first.truth == second.truth
        assert first.composer.blocks == second.composer.blocks
        assert first.header == second.header
    assert generate(schedule(1)[0], SEED + 1).truth != generate(schedule(1)[0], SEED).truth


def test_default_corpus_is_large_and_injects_every_code_five_times(
    corpus: list[Generated],
) -> None:
    assert len(corpus) >= 80
    # besides the injected codes, the truth holds their side effects (a numbering gap)
    counts = collections.Counter(
        f.code for g in corpus for f in g.truth.findings if f.code in CODES
    )
    assert set(counts) == set(CODES)
    assert min(counts.values()) >= 5, counts


def test_formats_layouts_and_kinds_all_occur(corpus: list[Generated]) -> None:
    seen = {(g.case.kind, g.case.fmt, g.case.layout) for g in corpus}
    for kind in (DocKind.PLAN, DocKind.REPORT):
        for fmt in ("pdf", "docx"):
            for layout in ("prose", "table"):
                assert (kind, fmt, layout) in seen
    where = collections.defaultdict(set)
    for g in corpus:
        for f in g.truth.findings:
            where[f.code].add(g.case.fmt)
    assert all(formats == {"pdf", "docx"} for formats in where.values()), where


def test_valid_documents_expect_nothing_and_pass(corpus: list[Generated]) -> None:
    valid = [g for g in corpus if not g.case.defects]
    assert len(valid) >= 20
    assert all(g.truth.decision == "pass" and not g.truth.findings for g in valid)


def test_warnings_and_infos_alone_still_pass(corpus: list[Generated]) -> None:
    for g in corpus:
        if set(g.case.defects) <= {"DOCUMENT_NUMBER_MALFORMED", "LATE_SUBMISSION",
                                   "NUMBERING_IRREGULAR"}:  # fmt: skip
            assert g.truth.decision == "pass"
        else:
            assert g.truth.decision == "return"


def test_task_defects_name_their_printed_section(corpus: list[Generated]) -> None:
    task_codes = {"TARGET_NOT_QUANTIFIED", "DEADLINE_MISSING", "RESPONSIBLE_UNIT_MISSING",
                  "TARGET_BELOW_MINIMUM"}  # fmt: skip
    for g in corpus:
        for f in g.truth.findings:
            if f.code in task_codes:
                assert f.section and f.section[0] in "I12", (g.truth.file, f)
            if f.code == "DIRECTION_TOO_GENERIC":
                assert f.section == "IV"


def test_missing_report_heading_is_really_absent(corpus: list[Generated]) -> None:
    for g in corpus:
        if g.case.kind != DocKind.REPORT:
            continue
        for f in g.truth.findings:
            if f.code == "SECTION_MISSING":
                assert f.section in OUTLINE
                texts = [b.text for b in g.composer.blocks if isinstance(b, Paragraph)]
                title = OUTLINE[f.section][0]
                if f.section.count(".") < 2:  # "Kết quả các nhiệm vụ…" recurs under II.x
                    assert not any(title.lower() in t.lower() for t in texts)


def _first(corpus: list[Generated], code: str, fmt: str, layout: str) -> Generated:
    return next(
        g
        for g in corpus
        if g.case.defects == (code,) and g.case.fmt == fmt and g.case.layout == layout
    )


def test_rendered_pdf_keeps_defect_text_and_diacritics(
    corpus: list[Generated], tmp_path: Path
) -> None:
    g = _first(corpus, "DEADLINE_MISSING", "pdf", "prose")
    path = write(g, tmp_path)
    with pdfplumber.open(path) as pdf:
        lines = [ln for page in pdf.pages for ln in (page.extract_text() or "").splitlines()]
    text = _flat("\n".join(ln for ln in lines if not ln.strip().isdigit()))  # page numbers
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "NHIỆM VỤ" in text and "GIẢI PHÁP" in text
    assert "HIỆU TRƯỞNG" in text and "Quận 7, ngày" in text
    quote = g.truth.findings[0].quote
    assert _flat(quote) in text


def test_rendered_docx_keeps_defect_text(corpus: list[Generated], tmp_path: Path) -> None:
    g = _first(corpus, "DIRECTION_TOO_GENERIC", "docx", "table")
    path = write(g, tmp_path)
    document = docx.Document(str(path))
    text = _flat("\n".join(p.text for p in document.paragraphs))
    for line in g.truth.findings[0].quote.split(". "):
        assert _flat(line.rstrip(".")) in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("BÁO CÁO" in c or "Số:" in c for c in cells) or "BÁO CÁO" in text


def test_reports_cover_every_period(corpus: list[Generated]) -> None:
    periods = {g.truth.options.get("period") for g in corpus if g.case.kind == DocKind.REPORT}
    assert {"q1", "h1", "q3", "year"} <= periods


def _finding(code: str, section: str | None, message: str = "") -> Finding:
    return Finding(
        code=code,
        severity=Severity.RETURN,
        rule="r",
        message=message,
        hint="",
        location=Location(section=section),
    )


def test_bench_matches_sections_at_a_boundary() -> None:
    truth = ExpectedFinding(code="SECTION_MISSING", section="II.3")
    assert matches(truth, _finding("SECTION_MISSING", "II.3 Cải cách tổ chức bộ máy"))
    assert matches(truth, _finding("SECTION_MISSING", "ii.3.1"))
    assert not matches(truth, _finding("SECTION_MISSING", "II.30"))
    assert not matches(truth, _finding("DEADLINE_MISSING", "II.3"))
    area = ExpectedFinding(code="SECTION_MISSING", section="hai-long")
    assert matches(
        area, _finding("SECTION_MISSING", None, "Thiếu lĩnh vực Khảo sát, đánh giá sự hài lòng")
    )
    assert not matches(area, _finding("SECTION_MISSING", None, "Thiếu lĩnh vực Cải cách thể chế"))


def test_bench_exits_2_while_the_pipeline_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def not_yet(*args: object, **kwargs: object) -> None:
        raise NotImplementedError("being written")

    monkeypatch.setattr(accuracy, "check_document", not_yet)
    assert accuracy.main(["--count", "2", "--out", str(tmp_path)]) == 2
    assert "not implemented" in capsys.readouterr().out
