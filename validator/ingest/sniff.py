"""Decide what a file is from its bytes, never from its name.

Schools rename files freely (a PDF saved as ".docx", a photo as ".pdf"), so the extension
says nothing; the magic bytes and, for zip containers, the member names do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

from validator.errors import UnreadableFile

Format = Literal["pdf", "docx", "text", "image"]

HEAD_BYTES = 64 * 1024
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_PROGRAMS: tuple[tuple[bytes, str, str], ...] = (
    (b"MZ", "tệp chương trình Windows (.exe/.dll)", "a Windows program (.exe/.dll)"),
    (b"\x7fELF", "tệp chương trình (ELF)", "an ELF program"),
    (b"\xca\xfe\xba\xbe", "tệp chương trình (Java/Mach-O)", "a Java class or Mach-O program"),
)


def _refuse(found_vi: str, found_en: str, advice_vi: str) -> UnreadableFile:
    return UnreadableFile(
        f"Tệp là {found_vi}, không phải PDF, Word (.docx) hay văn bản. {advice_vi}",
        f"Cannot read the file: it is {found_en}, not a PDF, a Word (.docx) file or text.",
        advice_vi,
    )


_SAVE_AS = "Hãy lưu lại tài liệu dưới dạng PDF hoặc .docx rồi nộp lại."


def detect_format(path: Path) -> Format:
    """The format of ``path`` from its content, or ``UnreadableFile`` naming what was found."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head:
        raise UnreadableFile(
            "Tệp rỗng (0 byte): không có nội dung để kiểm tra. Hãy nộp lại tệp đầy đủ.",
            "The file is empty (0 bytes).",
        )
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP):
        return _zip_format(path)
    for magic, found_vi, found_en in _PROGRAMS:
        if head.startswith(magic) and not looks_like_text(head):
            raise _refuse(found_vi, found_en, _SAVE_AS)
    if head.startswith(_OLE2):
        raise _refuse(
            "tài liệu Word/Excel định dạng cũ (.doc/.xls)",
            "a legacy Word/Excel file (.doc/.xls)",
            _SAVE_AS,
        )
    if _image_kind(head):
        return "image"
    if head.startswith(b"{\\rtf"):
        raise _refuse("văn bản RTF", "an RTF document", _SAVE_AS)
    if looks_like_text(head):
        return "text"
    if _legacy_text(head):
        raise not_unicode()
    raise _refuse("dữ liệu nhị phân không rõ định dạng", "binary data of unknown format", _SAVE_AS)


def refuse_polyglot(path: Path, fmt: Format) -> None:
    """A PDF or an image that is at the same time a ZIP archive (data appended after it, or
    put before it) is refused: each program that opens it sees a different file."""
    if fmt not in ("pdf", "image") or not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return  # a stray signature in compressed data, not a real archive
    if names:
        kind = "PDF" if fmt == "pdf" else "ảnh"
        raise UnreadableFile(
            f"Tệp {kind} có gắn kèm một tệp nén ZIP ({len(names)} thành phần) — tệp ghép "
            "(polyglot), có thể độc hại. Hãy xuất/chụp lại tệp gốc rồi nộp lại.",
            f"The {fmt} file is also a ZIP archive with {len(names)} entries (polyglot).",
        )


def _image_kind(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return next((name for magic, name in _IMAGE_MAGIC if head.startswith(magic)), None)


def _zip_format(path: Path) -> Format:
    """A zip is a DOCX only when it holds word/document.xml; name the other Office formats."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableFile(
            "Tệp nén (zip/.docx) bị hỏng hoặc không đầy đủ, không mở được. Hãy nộp lại tệp gốc.",
            f"The zip/.docx container is corrupt or truncated: {exc}",
        ) from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise _refuse("bảng tính Excel (.xlsx)", "an Excel workbook (.xlsx)", _SAVE_AS)
    if any(name.startswith("ppt/") for name in names):
        raise _refuse("bản trình chiếu PowerPoint (.pptx)", "a PowerPoint file", _SAVE_AS)
    if "content.xml" in names:
        raise _refuse("tài liệu OpenDocument (.odt/.ods)", "an OpenDocument file", _SAVE_AS)
    raise _refuse("tệp nén ZIP", "a zip archive", "Hãy nộp từng tài liệu dưới dạng PDF hoặc .docx.")


def not_unicode() -> UnreadableFile:
    """Text in a pre-Unicode Vietnamese encoding (TCVN3, VNI) or another code page."""
    return UnreadableFile(
        "Tệp văn bản không dùng bảng mã Unicode UTF-8/UTF-16 (có thể là mã TCVN3/VNI cũ). "
        "Hãy lưu lại với bảng mã Unicode UTF-8 rồi nộp lại.",
        "The text file is not valid UTF-8 or UTF-16 (legacy encoding?).",
    )


def _legacy_text(head: bytes) -> bool:
    """Bytes that read as text in some 8-bit code page: no NUL, almost no control bytes."""
    controls = sum(byte < 0x20 and byte not in b"\t\n\r\f" for byte in head)
    return b"\x00" not in head and controls <= 0.01 * len(head)


def decode_text(data: bytes) -> str | None:
    """UTF-8 (BOM optional) or UTF-16 with a BOM; None when the bytes are neither."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def looks_like_text(head: bytes) -> bool:
    """Text we read: decodes (see :func:`decode_text`) and is at least 97 % printable."""
    # the head may cut a multi-byte UTF-8 character or a UTF-16 pair at its end
    text = decode_text(head) or decode_text(head[:-1]) or decode_text(head[:-2])
    if text is None or "\x00" in text:
        return False
    if not text:
        return False
    printable = sum(ch.isprintable() or ch in "\n\r\t\f" for ch in text)
    return printable >= 0.97 * len(text)
