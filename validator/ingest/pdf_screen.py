"""Refuse PDFs that carry active content or absurdly nested objects, before reading them.

We never run a PDF's scripts, but the stored original is later opened by reviewers in their
own viewers, so a plan or report that runs JavaScript or launches a program when opened is
refused with a reason instead of being passed on. Objects nested thousands deep (arrays in
arrays, dictionaries in dictionaries) exist only to exhaust parsers that recurse; real
documents stay within a few dozen levels.

The walk starts at the catalog and visits every reachable object once, iteratively (an
explicit stack: the walk itself never recurses), reading dictionaries but never stream data.
"""

from __future__ import annotations

from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdftypes import PDFObjRef, PDFStream

from validator.errors import UnreadableFile
from validator.settings import Settings

ACTIVE_ACTIONS = {"JavaScript": "JavaScript", "Launch": "lệnh chạy chương trình (Launch)"}


def screen_pdf(document: PDFDocument, settings: Settings) -> None:
    """``UnreadableFile`` when a reachable object is an active action or nests too deeply."""
    seen: set[int] = set()
    pending: list[Any] = [document.catalog]
    while pending:
        _walk(pending.pop(), settings.max_pdf_nesting, seen, pending)


def _walk(root: Any, max_depth: int, seen: set[int], pending: list[Any]) -> None:
    """One object's inline structure; references found are queued, not followed here."""
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            raise _too_nested(max_depth)
        if isinstance(value, PDFObjRef):
            _queue(value, seen, pending)
            continue
        if isinstance(value, PDFStream):
            value = value.attrs
        if isinstance(value, dict):
            _refuse_action(value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _queue(ref: PDFObjRef, seen: set[int], pending: list[Any]) -> None:
    if ref.objid in seen:
        return
    seen.add(ref.objid)
    try:
        pending.append(ref.resolve())
    except Exception:  # a dangling or broken reference: the reader reports what matters
        return


def _refuse_action(entry: dict[str, Any]) -> None:
    kind = getattr(entry.get("S"), "name", None)
    if isinstance(kind, bytes):
        kind = kind.decode("latin-1")
    if kind in ACTIVE_ACTIONS or "JS" in entry:
        what = ACTIVE_ACTIONS.get(kind or "", "JavaScript")
        raise UnreadableFile(
            f"Tệp PDF chứa mã tự chạy ({what}) nên không được nhận, vì người duyệt sẽ mở "
            "tệp này. Hãy in lại thành PDF (Microsoft Print to PDF) hoặc xuất PDF từ Word "
            "rồi nộp lại.",
            f"The PDF carries an active action ({kind or 'JS'}): refused.",
        )


def _too_nested(max_depth: int) -> UnreadableFile:
    return UnreadableFile(
        f"Tệp PDF có đối tượng lồng nhau quá sâu (vượt giới hạn {max_depth} cấp): dấu hiệu "
        "tệp độc hại hoặc hỏng. Hãy xuất lại PDF từ tài liệu gốc rồi nộp lại.",
        f"The PDF nests objects deeper than {max_depth} levels (max_pdf_nesting).",
    )
