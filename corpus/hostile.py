"""Broken and hostile uploads, written from code, for the "unreadable file" paths.

Each function writes one kind of bad input at ``path`` and returns ``path``. Ingest must
answer every one with ``UnreadableFile`` and a Vietnamese message (or, for a PDF renamed
".docx", read it as the PDF it is), quickly and without exhausting memory.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from corpus.render import register_fonts, render_docx, render_pdf, render_scanned_pdf
from validator.models import Paragraph

BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(2, 10))
    + '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def sample_blocks() -> list[Paragraph]:
    """A few lines of a plan: enough text for a real text layer."""
    return [
        Paragraph(text="KẾ HOẠCH", bold=True, align="center", size=14),
        Paragraph(
            text="Thực hiện công tác cải cách hành chính năm 2023", bold=True, align="center"
        ),
        Paragraph(
            text="Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 97% trở lên; hoàn thành trước "
            "ngày 30/11/2023; đơn vị chủ trì: Tổ Văn phòng.",
            label="1.",
        ),
    ]


def write_empty(path: Path) -> Path:
    """A zero-byte upload (a failed transfer)."""
    path.write_bytes(b"")
    return path


def write_truncated_pdf(path: Path) -> Path:
    """A PDF cut after 40 % of its bytes, as an interrupted upload leaves it."""
    full = render_pdf(sample_blocks() * 20, path.with_suffix(".full.pdf"))
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: len(data) * 2 // 5])
    return path


def write_encrypted_pdf(path: Path, password: str = "matkhau") -> Path:
    """A PDF that needs a user password to open."""
    fonts = register_fonts()
    canvas = Canvas(str(path), pagesize=A4, encrypt=StandardEncryption(password, password))
    canvas.setFont(fonts[(False, False)], 13)
    canvas.drawString(85, 760, "Kế hoạch cải cách hành chính năm 2023 (tài liệu mật)")
    canvas.save()
    return path


def write_pdf_named_docx(path: Path) -> Path:
    """A real PDF saved under a ".docx" name: content, not the name, decides."""
    return render_pdf(sample_blocks(), path)


def write_zip_bomb_docx(path: Path, megabytes: int = 40) -> Path:
    """A valid .docx with one extra part of zeros compressed about 1000:1."""
    render_docx(sample_blocks(), path)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/image1.bin", "w") as entry,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            entry.write(chunk)
    return path


def write_billion_laughs_docx(path: Path) -> Path:
    """A .docx whose document.xml declares exponentially nested entities."""
    source = render_docx(sample_blocks(), path.with_suffix(".src.docx"))
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as hostile:
        for entry in original.infolist():
            data = original.read(entry)
            if entry.filename == "word/document.xml":
                data = BILLION_LAUGHS.encode()
            hostile.writestr(entry, data)
    source.unlink()
    return path


def write_many_pages_pdf(path: Path, pages: int = 500) -> Path:
    """A long PDF (one small page repeated), over the page limit."""
    fonts = register_fonts()
    canvas = Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        canvas.setFont(fonts[(False, False)], 13)
        canvas.drawString(85, 760, f"Phụ lục trang {number}")
        canvas.showPage()
    canvas.save()
    return path


def write_garbage(path: Path, size: int = 64 * 1024, seed: int = 7) -> Path:
    """Random bytes (a damaged file or something that is not a document at all)."""
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def write_legacy_doc(path: Path) -> Path:
    """The OLE2 header of a Word 97-2003 .doc, which we do not read."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(header + random.Random(3).randbytes(4096))
    return path


def write_xlsx(path: Path) -> Path:
    """A spreadsheet (zip with xl/workbook.xml) uploaded in place of the plan."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return path


def write_tcvn3_text(path: Path) -> Path:
    """A plan saved in the pre-Unicode TCVN3 (ABC) encoding, still common on old PCs."""
    # "Kế hoạch cải cách hành chính" in TCVN3 bytes: Vietnamese letters in the 0x80-0xFF range
    path.write_bytes(b"K\xd5 ho\xb9ch c\xb6i c\xb8ch h\xb5nh ch\xddnh n\xa8m 2023\n" * 20)
    return path


def write_scanned_pdf(path: Path) -> Path:
    """An image-only PDF (a scan): readable only through OCR."""
    return render_scanned_pdf(sample_blocks(), path, dpi=100)
