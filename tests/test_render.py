"""corpus.render draws what it is given: the text a PDF reader extracts is the text drawn."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.units import cm

from corpus.render import (
    decree30_header,
    render_docx,
    render_pdf,
    render_scanned_pdf,
)
from validator.models import Paragraph, Table

VIETNAMESE = "Kế hoạch cải cách hành chính: ả ạ ệ ư ơ ữ ỹ Ổ Ữ Đ đ ằ ẳ ẵ ặ ố ộ ớ ợ ụ ừ ử ự ỳ ỵ"


def _words(text: str) -> list[str]:
    return text.split()


@pytest.fixture
def blocks() -> list[Paragraph | Table]:
    return [
        Paragraph(text="KẾ HOẠCH", bold=True, align="center", size=14),
        Paragraph(text=VIETNAMESE, italic=True, align="right"),
        Paragraph(text="MỤC TIÊU", label="I.", bold=True, style="Heading 1"),
        Paragraph(
            text="Nâng cao trách nhiệm của người đứng đầu trong công tác chỉ đạo, điều hành "
            "hoạt động cải cách hành chính; sự hài lòng của phụ huynh đạt trên 80% "
            "vào tháng 12/2023 do Ban Giám hiệu chủ trì.",
            label="1.",
            align="justify",
        ),
        Paragraph(text="Rà soát thủ tục hành chính thuộc thẩm quyền", label="a)"),
        Paragraph(text="Niêm yết công khai tại bảng tin nhà trường", label="-"),
        Table(rows=[["STT", "Nội dung", "Chỉ tiêu"], ["1", "Hồ sơ giải quyết đúng hạn", "97%"]]),
    ]


def test_pdf_text_is_what_was_drawn(tmp_path: Path, blocks: list[Paragraph | Table]) -> None:
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    pdf_path = render_pdf(paragraphs, tmp_path / "plan.pdf")
    with pdfplumber.open(pdf_path) as pdf:
        extracted = " ".join(page.extract_text() for page in pdf.pages)
    drawn = " ".join(f"{p.label} {p.text}" if p.label else p.text for p in paragraphs)
    assert _words(extracted) == _words(drawn)


def test_pdf_embeds_dejavu_faces_and_sizes(tmp_path: Path, blocks: list[Paragraph | Table]) -> None:
    pdf_path = render_pdf(blocks, tmp_path / "plan.pdf")
    with pdfplumber.open(pdf_path) as pdf:
        chars = pdf.pages[0].chars
    first = next(c for c in chars if c["text"] == "K")
    italic = next(c for c in chars if c["text"] == "ỹ")
    assert "DejaVuSerif-Bold" in first["fontname"] and first["size"] == pytest.approx(14)
    assert "DejaVuSerif-Italic" in italic["fontname"]


def test_pdf_margins_and_alignment(tmp_path: Path, blocks: list[Paragraph | Table]) -> None:
    pdf_path = render_pdf(blocks, tmp_path / "plan.pdf")
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        lines = page.extract_text_lines()
    left, right = 3 * cm, page.width - 2 * cm
    title = next(line for line in lines if line["text"] == "KẾ HOẠCH")
    assert (title["x0"] + title["x1"]) / 2 == pytest.approx((left + right) / 2, abs=2)
    right_aligned = next(line for line in lines if "ả ạ ệ" in line["text"])
    assert right_aligned["x1"] == pytest.approx(right, abs=2)
    assert min(line["x0"] for line in lines) == pytest.approx(left, abs=1)


def test_pdf_table_has_grid_and_cells(tmp_path: Path, blocks: list[Paragraph | Table]) -> None:
    pdf_path = render_pdf(blocks, tmp_path / "plan.pdf")
    with pdfplumber.open(pdf_path) as pdf:
        tables = [
            [[cell.replace("\n", " ") for cell in row] for row in table]
            for table in pdf.pages[0].extract_tables()
        ]
    assert tables == [[["STT", "Nội dung", "Chỉ tiêu"], ["1", "Hồ sơ giải quyết đúng hạn", "97%"]]]


def test_pdf_breaks_pages_when_full_and_numbers_them(tmp_path: Path) -> None:
    many = [Paragraph(text=f"Đoạn văn số {i} về cải cách hành chính.") for i in range(120)]
    pdf_path = render_pdf(many, tmp_path / "long.pdf")
    with pdfplumber.open(pdf_path) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    assert len(texts) >= 3
    assert texts[1].splitlines()[0] == "2"  # page number at the top from page 2
    assert "Đoạn văn số 119" in texts[-1]


def test_header_band_puts_issuer_and_motto_on_the_same_lines(tmp_path: Path) -> None:
    header = decree30_header(
        "ỦY BAN NHÂN DÂN QUẬN 7",
        "TRƯỜNG THCS NGUYỄN VĂN A",
        "Số: 45/KH-THCSNVA",
        "Quận 7, ngày 05 tháng 01 năm 2023",
    )
    pdf_path = render_pdf([Paragraph(text="KẾ HOẠCH")], tmp_path / "h.pdf", header=header)
    with pdfplumber.open(pdf_path) as pdf:
        lines = pdf.pages[0].extract_text_lines()
    issuer = next(line for line in lines if line["text"].startswith("ỦY BAN NHÂN DÂN QUẬN 7"))
    assert issuer["text"] == "ỦY BAN NHÂN DÂN QUẬN 7 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert any(line["text"].endswith("Độc lập - Tự do - Hạnh phúc") for line in lines)


def test_docx_labels_are_word_numbering_not_text(
    tmp_path: Path, blocks: list[Paragraph | Table]
) -> None:
    docx_path = render_docx(blocks, tmp_path / "plan.docx")
    with zipfile.ZipFile(docx_path) as archive:
        document = archive.read("word/document.xml").decode()
        numbering = archive.read("word/numbering.xml").decode()
    assert document.count("<w:numPr>") == 4
    assert "I. MỤC TIÊU" not in document and ">MỤC TIÊU<" in document
    assert 'w:numFmt w:val="upperRoman"' in numbering
    assert 'w:lvlText w:val="%1)"' in numbering
    assert 'w:lvlText w:val="-"' in numbering
    assert '<w:pStyle w:val="Heading1"/>' in document
    assert "<w:tbl>" in document


def test_scanned_pdf_has_pages_as_images_only(
    tmp_path: Path, blocks: list[Paragraph | Table]
) -> None:
    pdf_path = render_scanned_pdf(blocks, tmp_path / "scan.pdf", dpi=72)
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        assert page.chars == []
        assert len(page.images) == 1
