"""Broken and hostile uploads, written from code, for the "unreadable file" paths.

Each function writes one kind of bad input at ``path`` and returns ``path``. Ingest must
answer every one with ``UnreadableFile`` and a Vietnamese message (or, for a PDF renamed
".docx", read it as the PDF it is), quickly and without exhausting memory.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw
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


# --------------------------------------------------------------------------- hand-written PDFs


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies numbered 1, 2, …; object 1 is the catalog. Written by hand
    so that it can hold what no PDF library writes (scripts, absurd trees)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def pdf_stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


_TEXT_PAGE = b" ".join(
    b"BT /F1 12 Tf 72 %d Td (Ke hoach cai cach hanh chinh nam 2023, muc %d) Tj ET"
    % (780 - 20 * i, i)
    for i in range(30)
)
_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def write_javascript_pdf(path: Path) -> Path:
    """A text PDF whose catalog runs JavaScript when opened (``/OpenAction``), plus a
    document-level script in the names tree: a reviewer's viewer must never receive it."""
    script = b"<< /Type /Action /S /JavaScript /JS (app.alert('cchc'); this.print();) >>"
    path.write_bytes(
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R"
                b" /Names << /JavaScript << /Names [(init) 5 0 R] >> >> >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                b" /Resources << /Font << /F1 6 0 R >> >> >>",
                pdf_stream(_TEXT_PAGE),
                script,
                _HELVETICA,
            ]
        )
    )
    return path


def write_huge_page_count_pdf(path: Path, pages: int = 20_000) -> Path:
    """A small file declaring tens of thousands of (empty) pages."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        pdf_stream(b""),
    ] + [page] * pages
    path.write_bytes(raw_pdf(objects))
    return path


def write_deeply_nested_pdf(path: Path, depth: int = 100_000) -> Path:
    """A one-page PDF whose page carries arrays and dictionaries nested ``depth`` deep
    (parsers that recurse run out of stack)."""
    nested = b"[" * depth + b"]" * depth
    dicts = b"<< /A " * depth + b"1" + b" >>" * depth
    path.write_bytes(
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                b" /Resources << /Font << /F1 5 0 R >> /Properties 6 0 R >> /PieceInfo 7 0 R >>",
                pdf_stream(_TEXT_PAGE),
                _HELVETICA,
                nested,
                dicts,
            ]
        )
    )
    return path


# --------------------------------------------------------------------------- images and others


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_decompression_bomb_png(path: Path, side: int = 12_000) -> Path:
    """A 1-bit PNG of ``side``×``side`` white pixels: a few kilobytes that decode to
    ``side``² pixels (144 M by default, over any sane pixel limit)."""
    row = b"\x00" + b"\xff" * ((side + 7) // 8)  # filter byte "none", then white pixels
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )
    path.write_bytes(png)
    return path


def write_tiny_image(path: Path) -> Path:
    """A 1×1 pixel PNG sent as a scan."""
    Image.new("RGB", (1, 1), "white").save(path, format="PNG")
    return path


def scan_like_jpeg() -> bytes:
    """A small A4-proportioned grey page with a few dark lines, as JPEG bytes."""
    image = Image.new("L", (1240, 1754), 250)
    draw = ImageDraw.Draw(image)
    for y in range(200, 1600, 60):
        draw.rectangle((150, y, 1090, y + 12), fill=40)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def write_truncated_jpeg(path: Path) -> Path:
    """A photo cut halfway through, as a failed upload from a phone leaves it."""
    data = scan_like_jpeg()
    path.write_bytes(data[: len(data) // 2])
    return path


def write_truncated_docx(path: Path) -> Path:
    """A .docx cut after 60 % of its bytes: the zip directory at its end is gone."""
    full = render_docx(sample_blocks() * 20, path.with_suffix(".full.docx"))
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: len(data) * 3 // 5])
    return path


def _zip_payload() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("payload/readme.txt", "hidden archive inside another file\n" * 20)
        archive.writestr("payload/run.bat", "@echo off\r\necho polyglot\r\n")
    return buffer.getvalue()


def write_pdf_zip_polyglot(path: Path) -> Path:
    """A valid PDF with a ZIP archive appended: a PDF reader and an unzip tool each see a
    different file."""
    render_pdf(sample_blocks(), path)
    with path.open("ab") as out:
        out.write(_zip_payload())
    return path


def write_jpeg_zip_polyglot(path: Path) -> Path:
    """A valid JPEG photo with a ZIP archive appended."""
    path.write_bytes(scan_like_jpeg() + _zip_payload())
    return path


def write_exe_named_pdf(path: Path) -> Path:
    """A Windows program (MZ/PE header) uploaded under a ".pdf" name."""
    stub = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44)
    stub += struct.pack("<I", 0x80) + b"This program cannot be run in DOS mode.\r\r\n$"
    path.write_bytes(stub.ljust(0x80, b"\x00") + b"PE\x00\x00" + random.Random(5).randbytes(4096))
    return path


# --------------------------------------------------------------------------- the catalogue

Role = Literal["document", "evidence"]


@dataclass(frozen=True)
class HostileFile:
    """One hostile upload and what the product must answer: the finding's code and a piece of
    its Vietnamese reason naming what was wrong or which limit was exceeded."""

    name: str  # the file name a school would send (the extension may lie)
    write: Callable[[Path], Path]
    role: Role  # uploaded as the plan/report or as evidence
    code: str
    reason: str


HOSTILE_FILES: tuple[HostileFile, ...] = (
    HostileFile("rong.pdf", write_empty, "document", "FILE_UNREADABLE", "rỗng"),
    HostileFile("rac.pdf", write_garbage, "document", "FILE_UNREADABLE", "không rõ định dạng"),
    HostileFile("hong.pdf", write_truncated_pdf, "document", "FILE_UNREADABLE", "bị hỏng"),
    HostileFile("hong.docx", write_truncated_docx, "document", "FILE_UNREADABLE", "bị hỏng"),
    HostileFile("bom.docx", write_zip_bomb_docx, "document", "FILE_UNREADABLE", "zip bomb"),
    HostileFile(
        "billion-laughs.docx", write_billion_laughs_docx, "document", "FILE_UNREADABLE", "DTD"
    ),
    HostileFile(
        "javascript.pdf", write_javascript_pdf, "document", "FILE_UNREADABLE", "JavaScript"
    ),
    HostileFile(
        "trieu-trang.pdf", write_huge_page_count_pdf, "document", "FILE_UNREADABLE", "giới hạn 300"
    ),
    HostileFile("long-nhau.pdf", write_deeply_nested_pdf, "document", "FILE_UNREADABLE", "lồng"),
    HostileFile("ghep.pdf", write_pdf_zip_polyglot, "document", "FILE_UNREADABLE", "ZIP"),
    HostileFile(
        "chuong-trinh.pdf", write_exe_named_pdf, "document", "FILE_UNREADABLE", "chương trình"
    ),
    HostileFile(
        "bom-anh.png", write_decompression_bomb_png, "evidence", "EVIDENCE_UNREADABLE", "điểm ảnh"
    ),
    HostileFile("ghep.jpg", write_jpeg_zip_polyglot, "evidence", "EVIDENCE_UNREADABLE", "ZIP"),
    HostileFile("cut.jpg", write_truncated_jpeg, "evidence", "EVIDENCE_UNREADABLE", "bị hỏng"),
    HostileFile("1x1.png", write_tiny_image, "evidence", "EVIDENCE_UNREADABLE", "quá nhỏ"),
)
