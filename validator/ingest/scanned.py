"""The hand-over to OCR for documents without a text layer (scanned PDFs, photos).

OCR lives in the ``ocr`` package, written separately; ingest only calls
``ocr.scan.ocr_document(path, settings) -> list[Paragraph]`` when it exists, so that a scan
is either read or refused with a message that says why, never silently empty.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from validator.errors import UnreadableFile
from validator.models import IngestedDocument, Paragraph
from validator.settings import Settings

OcrDocument = Callable[[Path, Settings], list[Paragraph]]


def _ocr_hook() -> OcrDocument | None:
    try:
        module = importlib.import_module("ocr.scan")
    except ImportError:
        return None
    hook: OcrDocument | None = getattr(module, "ocr_document", None)
    return hook


def _no_ocr() -> UnreadableFile:
    return UnreadableFile(
        "Tài liệu là bản scan (không có lớp chữ); cần nhận dạng chữ (OCR) để kiểm tra, "
        "nhưng chức năng OCR chưa sẵn sàng. Hãy nộp bản PDF xuất trực tiếp từ Word "
        "(có lớp chữ) hoặc tệp .docx.",
        "The document is a scan (no text layer) and OCR is not available.",
    )


def read_scanned(
    path: Path,
    settings: Settings,
    display_name: str | None = None,
    media_type: Literal["pdf", "image"] = "pdf",
) -> IngestedDocument:
    """Paragraphs recognised by OCR from a scanned PDF or an image, marked ``ocr=True``."""
    hook = _ocr_hook()
    if hook is None:
        raise _no_ocr()
    try:
        paragraphs = hook(path, settings)
    except NotImplementedError as exc:
        raise _no_ocr() from exc
    pages = max((p.page or 1 for p in paragraphs), default=None)
    return IngestedDocument(
        file=display_name or path.name,
        media_type=media_type,
        pages=pages,
        blocks=list(paragraphs),
        ocr=True,
    )
