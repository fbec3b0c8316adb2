"""Ingest: any uploaded file → ``IngestedDocument`` (NFC paragraphs and tables in order).

The format is decided by content (``sniff``); each format has its own reader. Anything that
cannot be read (empty, corrupt, encrypted, over a limit, an unsupported type, a scan with no
OCR) raises ``UnreadableFile`` with a Vietnamese message the school can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from validator.errors import UnreadableFile
from validator.ingest.pdf import open_pdf, read_pdf
from validator.ingest.pdf_screen import screen_pdf
from validator.ingest.plaintext import read_text
from validator.ingest.scanned import read_scanned
from validator.ingest.sniff import Format, detect_format, refuse_polyglot
from validator.ingest.word import read_docx
from validator.models import IngestedDocument
from validator.settings import Settings

__all__ = ["ingest", "screen", "screen_evidence"]

Reader = Callable[[Path, Settings, str], IngestedDocument]


def _read_image(path: Path, settings: Settings, display_name: str) -> IngestedDocument:
    return read_scanned(path, settings, display_name, media_type="image")


_READERS: dict[Format, Reader] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "text": read_text,
    "image": _read_image,
}


def ingest(path: Path, settings: Settings, display_name: str | None = None) -> IngestedDocument:
    """Read ``path`` whatever its extension; ``display_name`` is the name shown to users."""
    return _READERS[screen(path, settings)](path, settings, display_name or path.name)


def screen(path: Path, settings: Settings) -> Format:
    """What every document passes before a reader opens it: size, type by content (never
    by name), not a polyglot."""
    _check_size(path, settings)
    fmt = detect_format(path)
    refuse_polyglot(path, fmt)
    return fmt


def screen_evidence(path: Path, settings: Settings) -> None:
    """The same screen for an evidence file, before OCR: size, polyglot, a PDF's active
    content and nesting. A type we do not recognise, or a PDF that pdfminer cannot open,
    is left to the OCR reader, which says what it found."""
    _check_size(path, settings)
    try:
        fmt = detect_format(path)
    except UnreadableFile:
        return
    refuse_polyglot(path, fmt)
    if fmt == "pdf":
        try:
            pdf = open_pdf(path)
        except UnreadableFile:
            return
        with pdf:
            screen_pdf(pdf.doc, settings)


def _check_size(path: Path, settings: Settings) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(
            "Không mở được tệp (tệp không tồn tại hoặc không có quyền đọc).",
            f"Cannot open the file: {exc}",
        ) from exc
    if size > settings.max_file_bytes:
        limit_mb = settings.max_file_bytes / 1024 / 1024
        raise UnreadableFile(
            f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB, giới hạn {limit_mb:.0f} MB). "
            "Hãy giảm dung lượng (ví dụ scan ở độ phân giải thấp hơn) rồi nộp lại.",
            f"The file is too large ({size} bytes, limit {settings.max_file_bytes}).",
        )
