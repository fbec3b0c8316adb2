"""Ingest reads what a school uploads, whatever its name, and refuses what it cannot read."""

from __future__ import annotations

import time
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from bench.speed import peak_memory_mb, plan_pdf
from corpus import hostile
from corpus.render import (
    decree30_header,
    register_fonts,
    render_docx,
    render_image,
    render_pdf,
)
from validator.errors import UnreadableFile
from validator.ingest import ingest
from validator.models import IngestedDocument, Paragraph, Table
from validator.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
LONG = (
    "Tổ chức thực hiện có hiệu quả Hệ thống quản lý công tác cải cách hành chính của "
    "nhà trường theo đúng Quy chế; niêm yết công khai thủ tục hành chính, phấn đấu tỷ lệ "
    "hồ sơ giải quyết đúng hạn đạt từ 97% trở lên, hoàn thành trước ngày 30/11/2023."
)


@pytest.fixture
def settings() -> Settings:
    return Settings()


def _paragraphs(document: IngestedDocument) -> list[Paragraph]:
    return [block for block in document.blocks if isinstance(block, Paragraph)]


def _texts(document: IngestedDocument) -> list[str]:
    return [block.text for block in _paragraphs(document)]


def _is_vietnamese(message: str) -> bool:
    return any(unicodedata.decomposition(ch) for ch in message if ord(ch) > 127)


# --------------------------------------------------------------------------- refused inputs


@pytest.mark.parametrize(
    ("write", "name", "says"),
    [
        (hostile.write_empty, "ke-hoach.pdf", "rỗng"),
        (hostile.write_truncated_pdf, "ke-hoach.pdf", "bị hỏng hoặc không đầy đủ"),
        (hostile.write_encrypted_pdf, "ke-hoach.pdf", "mã hoá"),
        (hostile.write_zip_bomb_docx, "ke-hoach.docx", "zip bomb"),
        (hostile.write_billion_laughs_docx, "ke-hoach.docx", "billion laughs"),
        (hostile.write_garbage, "ke-hoach.pdf", "không rõ định dạng"),
        (hostile.write_legacy_doc, "ke-hoach.docx", "định dạng cũ (.doc"),
        (hostile.write_xlsx, "ke-hoach.docx", "bảng tính Excel"),
        (hostile.write_tcvn3_text, "ke-hoach.txt", "TCVN3"),
    ],
)
def test_bad_files_are_refused_in_vietnamese(
    tmp_path: Path, settings: Settings, write: Callable[[Path], Path], name: str, says: str
) -> None:
    path = write(tmp_path / name)
    with pytest.raises(UnreadableFile) as refused:
        ingest(path, settings)
    assert says in refused.value.message_vi
    assert _is_vietnamese(refused.value.message_vi)
    assert refused.value.code == "FILE_UNREADABLE"


def test_500_page_pdf_is_refused_by_the_page_limit_quickly(
    tmp_path: Path, settings: Settings
) -> None:
    path = hostile.write_many_pages_pdf(tmp_path / "phu-luc.pdf", pages=500)
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as refused:
        ingest(path, settings)
    assert time.monotonic() - started < 3
    assert "500 trang" in refused.value.message_vi
    assert f"{settings.max_pages} trang" in refused.value.message_vi


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = render_pdf([Paragraph(text=LONG)], tmp_path / "a.pdf")
    with pytest.raises(UnreadableFile) as refused:
        ingest(path, Settings(max_file_bytes=1000))
    assert "quá lớn" in refused.value.message_vi


def test_parse_over_the_time_limit_is_refused(tmp_path: Path) -> None:
    path = render_pdf([Paragraph(text=LONG)] * 3, tmp_path / "a.pdf")
    with pytest.raises(UnreadableFile) as refused:
        ingest(path, Settings(max_parse_seconds=0))
    assert "quá thời gian" in refused.value.message_vi


def _scan_outcome(path: Path, settings: Settings) -> IngestedDocument | UnreadableFile:
    try:
        return ingest(path, settings)
    except UnreadableFile as refused:
        return refused


@pytest.mark.slow  # a full A4 page through tesseract when the OCR hook is present
def test_scanned_pdf_goes_to_ocr_or_is_refused_as_a_scan(tmp_path: Path) -> None:
    path = hostile.write_scanned_pdf(tmp_path / "scan.pdf")
    outcome = _scan_outcome(path, Settings(ocr_dpi=150))  # the scan itself is 100 dpi
    if isinstance(outcome, UnreadableFile):  # no OCR hook in this tree
        assert "bản scan" in outcome.message_vi and "OCR" in outcome.message_vi
    else:
        assert outcome.ocr and outcome.media_type == "pdf" and outcome.blocks


def test_image_given_as_a_document_goes_to_ocr(tmp_path: Path, settings: Settings) -> None:
    path = render_image(hostile.sample_blocks(), tmp_path / "anh-chup.pdf", dpi=60)
    outcome = _scan_outcome(path, settings)
    if isinstance(outcome, UnreadableFile):
        assert "bản scan" in outcome.message_vi
    else:
        assert outcome.ocr and outcome.media_type == "image" and outcome.blocks


# --------------------------------------------------------------------------- PDF


def test_pdf_renamed_docx_is_read_as_pdf(tmp_path: Path, settings: Settings) -> None:
    document = ingest(hostile.write_pdf_named_docx(tmp_path / "ke-hoach.docx"), settings)
    assert document.media_type == "pdf"
    assert "KẾ HOẠCH" in _texts(document)


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path, settings: Settings) -> None:
    """Copy/print restrictions without a password to open: common on official PDFs."""
    path = tmp_path / "han-che.pdf"
    canvas = Canvas(str(path), pagesize=A4, encrypt=StandardEncryption("", "chu-so-huu", canCopy=0))
    canvas.setFont(register_fonts()[(False, False)], 13)
    title = "Kế hoạch cải cách hành chính năm 2023 của nhà trường"
    canvas.drawString(85, 760, title)
    canvas.save()
    assert _texts(ingest(path, settings)) == [title]


def test_pdf_prose_comes_back_paragraph_by_paragraph(tmp_path: Path, settings: Settings) -> None:
    drawn = [
        Paragraph(text=f"{LONG} Đoạn thứ {i} có chữ ả ạ ệ ư ơ ữ ỹ.", align="justify")
        for i in range(1, 15)
    ]
    document = ingest(render_pdf(drawn, tmp_path / "bao-cao.pdf"), settings)
    assert _texts(document) == [p.text for p in drawn]
    assert document.pages == 2
    assert [p.page for p in _paragraphs(document)][-1] == 2  # page numbers are dropped, not text
    assert all(p.align == "justify" and not p.bold for p in _paragraphs(document))


def test_pdf_table_sits_between_the_paragraphs_around_it(
    tmp_path: Path, settings: Settings
) -> None:
    rows = [
        ["STT", "Nội dung", "Chỉ tiêu", "Đơn vị chủ trì", "Thời gian hoàn thành"],
        ["1", "Hồ sơ giải quyết đúng hạn trên cổng dịch vụ công", "97%", "Tổ Văn phòng", "Quý IV"],
        ["2", "Khảo sát sự hài lòng của phụ huynh", "trên 80%", "Ban Giám hiệu", "30/11/2023"],
    ]
    drawn = [
        Paragraph(text="Bảng chỉ tiêu như sau:"),
        Table(rows=rows),
        Paragraph(text="Các đơn vị thực hiện nghiêm túc."),
    ]
    document = ingest(render_pdf(drawn, tmp_path / "ke-hoach.pdf"), settings)
    kinds = [(b.kind, b.text if isinstance(b, Paragraph) else None) for b in document.blocks]
    assert kinds == [
        ("paragraph", "Bảng chỉ tiêu như sau:"),
        ("table", None),
        ("paragraph", "Các đơn vị thực hiện nghiêm túc."),
    ]
    table = document.blocks[1]
    assert isinstance(table, Table) and table.rows == rows and table.page == 1


def _word_style_table_pdf(path: Path, cells: list[list[str]]) -> Path:
    """A table as Word exports it: borders are thin filled rectangles, not stroked lines;
    above it two lines of text on grey shading (filled rectangles without borders)."""
    fonts = register_fonts()
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont(fonts[(False, False)], 12)
    canvas.setFillGray(0.85)
    canvas.rect(85, 718, 450, 18, fill=1, stroke=0)  # two stacked boxes: a grid of two cells
    canvas.rect(85, 700, 450, 18, fill=1, stroke=0)
    canvas.setFillGray(0)
    canvas.drawString(90, 723, "Lưu ý: các chỉ tiêu dưới đây là chỉ tiêu tối thiểu")
    canvas.drawString(90, 705, "của nhà trường.")
    left, top, width, height = 85, 680, 150, 24
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            canvas.drawString(left + c * width + 4, top - (r + 1) * height + 8, text)
    for r in range(len(cells) + 1):  # horizontal borders, 0.5 pt high
        canvas.rect(left, top - r * height, width * len(cells[0]), 0.5, fill=1, stroke=0)
    for c in range(len(cells[0]) + 1):  # vertical borders, 0.5 pt wide
        canvas.rect(left + c * width, top - len(cells) * height, 0.5, len(cells) * height, 1, 0)
    canvas.save()
    return path


def test_pdf_word_style_table_borders_and_shading(tmp_path: Path, settings: Settings) -> None:
    cells = [["STT", "Chỉ tiêu", "Đơn vị chủ trì"], ["1", "Đúng hạn 97%", "Tổ Văn phòng"]]
    document = ingest(_word_style_table_pdf(tmp_path / "word.pdf", cells), settings)
    shaded, table = document.blocks
    assert isinstance(shaded, Paragraph) and shaded.text.endswith("tối thiểu của nhà trường.")
    assert isinstance(table, Table) and table.rows == cells


def test_pdf_table_split_by_a_page_break_comes_back_whole(
    tmp_path: Path, settings: Settings
) -> None:
    rows = [["STT", "Nội dung", "Chỉ tiêu"]]
    rows += [[str(i), f"Nhiệm vụ cải cách hành chính số {i}", f"{80 + i}%"] for i in range(1, 21)]
    drawn = [*[Paragraph(text=LONG)] * 8, Table(rows=rows), Paragraph(text="Sau bảng.")]
    path = render_pdf(drawn, tmp_path / "ke-hoach.pdf")
    document = ingest(path, settings)
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert document.pages == 2
    assert len(tables) == 1 and tables[0].rows == rows and tables[0].page == 1
    last = document.blocks[-1]
    assert isinstance(last, Paragraph) and (last.text, last.page) == ("Sau bảng.", 2)


def test_pdf_wrapped_bullets_are_rejoined_and_kept_apart(
    tmp_path: Path, settings: Settings
) -> None:
    drawn = [
        Paragraph(text=LONG, label="-"),
        Paragraph(text="Công khai kết quả giải quyết hồ sơ; " + LONG, label="+"),
        Paragraph(text="Rà soát, đánh giá thủ tục hành chính. " + LONG, label="a)"),
        Paragraph(text="Mục ngắn.", label="2.1."),
    ]
    document = ingest(render_pdf(drawn, tmp_path / "ke-hoach.pdf"), settings)
    assert _texts(document) == [f"{p.label} {p.text}" for p in drawn]


def test_pdf_sub_heading_without_final_dot_starts_its_own_paragraph(
    tmp_path: Path, settings: Settings
) -> None:
    """ "3.1 Kết quả…" under a heading that fills its line is a heading of its own, not the
    end of the line above (a merged heading hides section 3.1 from the outline check)."""
    drawn = []
    for extra in range(8):  # some of these lengths fill the line to the right margin
        heading = "Cải cách tổ chức bộ máy hành chính" + " nhà nước" * extra
        drawn += [
            Paragraph(text=heading, label="3.", bold=True),
            Paragraph(text="Kết quả các nhiệm vụ trong Kế hoạch", label="3.1", bold=True),
        ]
    document = ingest(render_pdf(drawn, tmp_path / "bao-cao.pdf"), settings)
    assert _texts(document).count("3.1 Kết quả các nhiệm vụ trong Kế hoạch") == 8


def test_pdf_bold_centred_headings_are_detected(tmp_path: Path, settings: Settings) -> None:
    drawn = [
        Paragraph(text="BÁO CÁO", bold=True, align="center", size=14),
        Paragraph(text="Kết quả cải cách hành chính quý I năm 2023", bold=True, align="center"),
        Paragraph(text="KẾT QUẢ CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", label="I.", bold=True),
        Paragraph(text=LONG),
    ]
    document = ingest(render_pdf(drawn, tmp_path / "bao-cao.pdf"), settings)
    title, subtitle, heading, body = _paragraphs(document)
    assert (title.text, title.bold, title.align, title.size) == ("BÁO CÁO", True, "center", 14)
    assert subtitle.bold and subtitle.align == "center"
    assert heading.text == "I. KẾT QUẢ CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC" and heading.bold
    assert heading.align == "left" and heading.x0 == pytest.approx(0.2, abs=0.02)
    assert not body.bold and body.text == LONG


def test_pdf_header_band_reads_issuer_column_then_motto_column(
    tmp_path: Path, settings: Settings
) -> None:
    header = decree30_header(
        "ỦY BAN NHÂN DÂN QUẬN 7",
        "TRƯỜNG THCS NGUYỄN VĂN A",
        "Số: 45/KH-THCSNVA",
        "Quận 7, ngày 05 tháng 01 năm 2023",
    )
    drawn = [Paragraph(text="KẾ HOẠCH", bold=True, align="center", size=14)]
    document = ingest(render_pdf(drawn, tmp_path / "kh.pdf", header=header), settings)
    assert _texts(document) == [
        "ỦY BAN NHÂN DÂN QUẬN 7",
        "TRƯỜNG THCS NGUYỄN VĂN A",
        "Số: 45/KH-THCSNVA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quận 7, ngày 05 tháng 01 năm 2023",
        "KẾ HOẠCH",
    ]


# --------------------------------------------------------------------------- DOCX


def test_docx_automatic_numbering_becomes_labels(tmp_path: Path, settings: Settings) -> None:
    labels = ["I.", "1.", "a)", "b)", "-", "+", "2.", "2.1.", "2.2.", "II.", "1.", "-"]
    drawn = [Paragraph(text=f"Nội dung mục {i}", label=label) for i, label in enumerate(labels)]
    document = ingest(render_docx(drawn, tmp_path / "ke-hoach.docx"), settings)
    paragraphs = _paragraphs(document)
    assert [p.label for p in paragraphs] == labels
    assert [p.text for p in paragraphs] == [p.text for p in drawn]


def test_docx_tables_headings_and_formatting(tmp_path: Path, settings: Settings) -> None:
    header = decree30_header(
        "ỦY BAN NHÂN DÂN QUẬN 7",
        "TRƯỜNG MẦM NON HOA SEN",
        "Số: 12/BC-MNHS",
        "Quận 7, ngày 02 tháng 3 năm 2023",
    )
    rows = [["STT", "Nội dung", "Kết quả"], ["1", "Thư xin lỗi hồ sơ trễ hạn", "100%"]]
    drawn = [
        Paragraph(text="BÁO CÁO", bold=True, align="center"),
        Paragraph(text="KẾT QUẢ THỰC HIỆN NHIỆM VỤ", style="Heading 1", label="II."),
        Table(rows=rows),
        Paragraph(text="Phương hướng quý II.", page=2, italic=True, align="justify"),
    ]
    document = ingest(render_docx(drawn, tmp_path / "bao-cao.docx", header=header), settings)
    texts = _texts(document)
    assert texts[:3] == ["ỦY BAN NHÂN DÂN QUẬN 7", "TRƯỜNG MẦM NON HOA SEN", "Số: 12/BC-MNHS"]
    assert texts[3:6] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quận 7, ngày 02 tháng 3 năm 2023",
    ]
    title, heading, last = (p for p in _paragraphs(document)[6:])
    assert title.bold and title.align == "center"
    assert heading.style == "Heading 1" and heading.bold and heading.label == "II."
    assert last.italic and last.align == "justify" and last.page == 2 and heading.page == 1
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert [t.rows for t in tables] == [rows]
    assert document.pages == 2


def test_docx_style_numbering_and_merged_cells(tmp_path: Path, settings: Settings) -> None:
    """Numbering that comes from the paragraph style, and merged cells, as Word users make."""
    word = docx.Document()
    word.add_paragraph("Rà soát thủ tục", style="List Number")
    word.add_paragraph("Niêm yết công khai", style="List Number")
    word.add_paragraph("Báo cáo kết quả", style="List Bullet")
    table = word.add_table(rows=2, cols=3)
    table.style = word.styles["Table Grid"]
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Nội dung gộp"
    table.cell(0, 2).text = "Chỉ tiêu"
    table.cell(1, 1).text = "97%"
    word.save(str(tmp_path / "ke-hoach.docx"))
    document = ingest(tmp_path / "ke-hoach.docx", settings)
    assert [(p.label, p.text) for p in _paragraphs(document)] == [
        ("1.", "Rà soát thủ tục"),
        ("2.", "Niêm yết công khai"),
        ("•", "Báo cáo kết quả"),
    ]
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert tables[0].rows == [["Nội dung gộp", "Nội dung gộp", "Chỉ tiêu"], ["", "97%", ""]]


def _rewrite_document_xml(path: Path, edit: Callable[[str], str]) -> Path:
    """The same .docx with word/document.xml edited, as another word processor writes it."""
    out = path.with_name("edited-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                data = edit(data.decode()).encode()
            target.writestr(entry, data)
    return out


def test_docx_content_controls_and_rendered_page_breaks(tmp_path: Path, settings: Settings) -> None:
    drawn = [Paragraph(text=f"Đoạn {i}", label="a)" if i == 3 else None) for i in range(1, 5)]
    path = render_docx(drawn, tmp_path / "ke-hoach.docx")

    def edit(xml: str) -> str:
        # Word's note of where page 2 began, and paragraphs 3-4 inside a content control
        xml = xml.replace("<w:t>Đoạn 2", "<w:lastRenderedPageBreak/><w:t>Đoạn 2", 1)
        start = xml.index("<w:p>", xml.index("Đoạn 2"))
        end = xml.index("<w:sectPr")
        return (
            xml[:start] + "<w:sdt><w:sdtContent>" + xml[start:end]
            + "</w:sdtContent></w:sdt>" + xml[end:]
        )  # fmt: skip

    document = ingest(_rewrite_document_xml(path, edit), settings)
    paragraphs = _paragraphs(document)
    assert [(p.text, p.page, p.label) for p in paragraphs] == [
        ("Đoạn 1", 1, None),
        ("Đoạn 2", 2, None),
        ("Đoạn 3", 2, "a)"),
        ("Đoạn 4", 2, None),
    ]


# --------------------------------------------------------------------------- text / Markdown


TEXT_BOX = (
    '<w:r xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>'
    "<w:p><w:r><w:t>Số: 45/KH-THCSNVA</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>"
    "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>Số: 45/KH-THCSNVA</w:t></w:r></w:p></w:txbxContent></v:textbox>"
    "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_docx_text_box_is_read_once_after_its_anchor(tmp_path: Path, settings: Settings) -> None:
    drawn = [Paragraph(text="TRƯỜNG THCS NGUYỄN VĂN A"), Paragraph(text="KẾ HOẠCH")]
    path = render_docx(drawn, tmp_path / "ke-hoach.docx")
    anchor = "<w:t>TRƯỜNG THCS NGUYỄN VĂN A</w:t></w:r>"
    edited = _rewrite_document_xml(path, lambda xml: xml.replace(anchor, anchor + TEXT_BOX))
    assert _texts(ingest(edited, settings)) == [
        "TRƯỜNG THCS NGUYỄN VĂN A",
        "Số: 45/KH-THCSNVA",
        "KẾ HOẠCH",
    ]


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_markdown_seeds_ingest_cleanly(seed: Path, settings: Settings) -> None:
    document = ingest(seed, settings)
    texts = _texts(document)
    assert document.media_type == "text" and len(texts) > 60
    assert not any(marker in text for text in texts for marker in ("**", "##"))
    assert all(text == unicodedata.normalize("NFC", text) for text in texts)
    headings = [p.text for p in _paragraphs(document) if p.style and p.style.startswith("Heading")]
    assert len(headings) >= 5 and all(text[0].isdigit() or text[0] in "IV" for text in headings)


def test_letter_260_header_and_nested_bullets(settings: Settings) -> None:
    document = ingest(SEEDS / "002_05d933f203c5c8de.txt", settings)
    paragraphs = _paragraphs(document)
    assert (paragraphs[0].text, paragraphs[0].bold) == ("ỦY BAN NHÂN DÂN QUẬN 7", True)
    assert (paragraphs[1].text, paragraphs[1].bold) == ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", True)
    assert "Số: 260 /GDĐT" in _texts(document)
    assert "+ Đối với Báo cáo CCHC: thời điểm đơn vị nộp lần đầu trên google form." in (
        _texts(document)
    )


def test_markdown_tables_emphasis_and_nfd_input(tmp_path: Path, settings: Settings) -> None:
    source = (
        "# **KẾ HOẠCH**\n\n"
        "Nội dung *nhấn mạnh* và snake_case giữ nguyên.\n\n"
        "| STT | Nội dung | Chỉ tiêu |\n|---|:---|---:|\n| 1 | **Hồ sơ** đúng hạn | 97% |\n\n"
        "- Gạch đầu dòng\n"
    )
    path = tmp_path / "ke-hoach.pdf"  # the name lies; the content is Markdown
    path.write_text(unicodedata.normalize("NFD", source), encoding="utf-16")
    document = ingest(path, settings)
    heading, prose, table, bullet = document.blocks
    assert isinstance(heading, Paragraph) and heading.style == "Heading 1" and heading.bold
    assert heading.text == "KẾ HOẠCH"
    assert isinstance(prose, Paragraph)
    assert prose.text == "Nội dung nhấn mạnh và snake_case giữ nguyên."
    assert isinstance(table, Table)
    assert table.rows == [["STT", "Nội dung", "Chỉ tiêu"], ["1", "Hồ sơ đúng hạn", "97%"]]
    assert isinstance(bullet, Paragraph) and bullet.text == "- Gạch đầu dòng"


# --------------------------------------------------------------------------- memory


@pytest.mark.slow
def test_100_page_pdf_peaks_well_under_300_mb(tmp_path: Path) -> None:
    """Pages are released as they are read: memory stays flat on a long plan."""
    path = plan_pdf(tmp_path / "plan-100.pdf", 100)
    _, peak, heap = peak_memory_mb("ingest", path)
    assert peak < 300
    assert heap < 100


# --------------------------------------------------------------------------- a real document

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"
NOTICE = REALWORLD / "qngai_11-TB-UBND_2025_born-digital.pdf"


@pytest.mark.skipif(not NOTICE.exists(), reason="shared real-world documents not present")
def test_born_digital_notice_reads_as_a_person_reads_it(settings: Settings) -> None:
    """Word export: header band with a blank for the number, shaded lines, bold deadlines."""
    document = ingest(NOTICE, settings)
    texts = _texts(document)
    assert texts[:7] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH QUẢNG NGÃI",
        "Số: /TB-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày tháng 01 năm 2025",
        "THÔNG BÁO",
    ]
    assert not any(isinstance(block, Table) for block in document.blocks)  # shading only
    items = [text for text in texts if text[:3] in ("1. ", "2. ", "3. ")]
    assert len(items) == 3 and all("trước ngày" in item for item in items)
    signature = texts[texts.index("Nơi nhận:") :]
    assert signature[-4:] == [
        "TL. CHỦ TỊCH",
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Phước Bình",
    ]
