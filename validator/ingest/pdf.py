"""Read a text PDF page by page into paragraphs and tables, within the configured limits.

Each page is interpreted once (``pdf_objects`` reads its glyphs and rules from the layout),
turned into blocks, and closed so that memory stays flat on long documents.
``find_tables`` runs only on pages that draw rules (lines, thin or stroked rectangles). A
PDF whose pages are mostly images with (almost) no text layer is a scan and goes to the OCR
hook instead.

An encrypted PDF that opens with the empty user password (a permissions-only "owner"
password, common on official documents) is read like any other; one that needs a password
is refused.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.table import Table as PlumberTable
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.geometry import obj_to_edges

from validator.errors import UnreadableFile
from validator.ingest.pdf_layout import (
    ColumnBand,
    Line,
    ParagraphBuilder,
    centre_in,
    drop_running_lines,
    rows_of_glyphs,
)
from validator.ingest.pdf_objects import Box, Glyph, page_objects
from validator.ingest.pdf_screen import screen_pdf
from validator.ingest.scanned import read_scanned
from validator.models import IngestedDocument, Table
from validator.settings import Settings
from validator.text import nfc

log = logging.getLogger(__name__)

MIN_PAGE_CHARS = 30  # an image page with fewer characters than this is a scanned page


def read_pdf(path: Path, settings: Settings, display_name: str) -> IngestedDocument:
    """Paragraphs and tables of a text PDF, or the OCR hook's result for a scan."""
    started = time.monotonic()
    with _open(path) as pdf:
        pages = pdf.pages
        _check_page_count(len(pages), settings)
        screen_pdf(pdf.doc, settings)
        builder, scanned = _read_pages(pages, settings, started)
    if scanned * 2 >= max(len(pages), 1):
        log.info("%s: %d of %d pages are scans, reading with OCR", path, scanned, len(pages))
        return read_scanned(path, settings, display_name, media_type="pdf")
    if scanned:  # a few scanned pages in a text PDF (an appendix): their text is not read
        log.warning("%s: %d of %d pages are scans without text", path, scanned, len(pages))
    return IngestedDocument(
        file=display_name, media_type="pdf", pages=len(pages), blocks=builder.blocks
    )


@contextmanager
def _open(path: Path) -> Iterator[pdfplumber.PDF]:
    pdf = open_pdf(path)
    try:
        yield pdf
    finally:
        pdf.close()


def open_pdf(path: Path) -> pdfplumber.PDF:
    """The opened PDF, or ``UnreadableFile`` saying it is encrypted or corrupt."""
    try:
        return pdfplumber.open(path)
    except PdfminerException as exc:
        raise _open_error(exc.args[0] if exc.args else exc) from exc
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise _open_error(exc) from exc


def _open_error(cause: object) -> UnreadableFile:
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return UnreadableFile(
            "Tệp PDF được mã hoá (có mật khẩu) nên không đọc được nội dung. "
            "Hãy gỡ mật khẩu (in hoặc lưu lại thành PDF không mã hoá) rồi nộp lại.",
            "The PDF is encrypted (password protected).",
        )
    return _corrupt(cause)


def _corrupt(cause: object) -> UnreadableFile:
    return UnreadableFile(
        "Tệp PDF bị hỏng hoặc không đầy đủ (có thể bị cắt khi tải lên), không đọc được. "
        "Hãy xuất lại PDF từ tài liệu gốc rồi nộp lại.",
        f"The PDF is corrupt or truncated: {cause}",
    )


def _check_page_count(pages: int, settings: Settings) -> None:
    if pages > settings.max_pages:
        raise UnreadableFile(
            f"Tài liệu có {pages} trang, vượt giới hạn {settings.max_pages} trang. "
            "Hãy nộp riêng kế hoạch/báo cáo, không kèm phụ lục dài.",
            f"The document has {pages} pages, over the limit of {settings.max_pages}.",
        )
    if pages == 0:
        raise _corrupt("no pages")


def _read_pages(
    pages: Sequence[Page], settings: Settings, started: float
) -> tuple[ParagraphBuilder, int]:
    """All pages into one builder; returns it and the number of scanned (image) pages."""
    builder = ParagraphBuilder()
    margin_texts: set[str] = set()
    scanned = 0
    for number, page in enumerate(pages, start=1):
        try:
            objects = page_objects(page)
            tables = _tables(page, objects.rules) if objects.rules else []
        except Exception as exc:  # a broken content stream surfaces here, not at open
            raise _corrupt(exc) from exc
        scanned += len(objects.glyphs) < MIN_PAGE_CHARS and objects.images > 0
        rows = rows_of_glyphs(objects.glyphs, skip=[table.bbox for table in tables])
        rows, margin_texts = drop_running_lines(rows, page.height, margin_texts)
        builder.start_page(rows, page.width)
        blocks = [(table.bbox[1], _table_block(table, objects.glyphs, number)) for table in tables]
        _read_page(builder, rows, blocks, number)
        page.close()
        _check_time(started, number, settings)
    builder.flush()
    return builder, scanned


def _check_time(started: float, page: int, settings: Settings) -> None:
    elapsed = time.monotonic() - started
    if elapsed > settings.max_parse_seconds:
        raise UnreadableFile(
            f"Đọc tệp PDF quá thời gian cho phép ({settings.max_parse_seconds:.0f} giây, "
            f"mới đến trang {page}). Tệp quá nặng hoặc bất thường; hãy xuất lại PDF gọn hơn.",
            f"Reading the PDF took over {settings.max_parse_seconds:.0f} s (page {page}).",
        )


def _tables(page: Page, rules: list[dict[str, Any]]) -> list[PlumberTable]:
    """Ruled tables drawn by ``rules``; shading boxes were never taken for borders."""
    edges = [edge for rule in rules for edge in obj_to_edges(rule)]
    vertical = [edge for edge in edges if edge["orientation"] == "v"]
    horizontal = [edge for edge in edges if edge["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical,
        "explicit_horizontal_lines": horizontal,
    }
    return [table for table in page.find_tables(settings) if _cell_count(table) >= 2]


def _cell_count(table: PlumberTable) -> int:
    return sum(len(row.cells) for row in table.rows)


def _table_block(table: PlumberTable, glyphs: list[Glyph], page: int) -> Table:
    """The table's rows of cell text (merged cells empty), read from the page's glyphs."""
    inside = [glyph for glyph in glyphs if centre_in(glyph, table.bbox)]
    rows = [[_cell_text(cell, inside) if cell else "" for cell in row.cells] for row in table.rows]
    return Table(rows=rows, page=page)


def _cell_text(cell: Box, glyphs: list[Glyph]) -> str:
    lines = rows_of_glyphs(glyph for glyph in glyphs if centre_in(glyph, cell))
    return nfc(" ".join(line.text for row in lines for line in row))


def _read_page(
    builder: ParagraphBuilder,
    rows: list[list[Line]],
    tables: list[tuple[float, Table]],
    page: int,
) -> None:
    """Feed the page's rows and tables (with their tops) to ``builder`` from top to bottom."""
    items: list[tuple[float, list[Line] | Table]] = [(row[0].top, row) for row in rows]
    items += tables
    items.sort(key=lambda item: item[0])
    band = ColumnBand()
    for _, item in items:
        if isinstance(item, Table):
            band.close(builder, page)
            builder.add_block(item)
        elif band.takes(item, builder):
            band.add(item)
        else:
            band.close(builder, page)
            if len(item) > 1:
                band.start(item)
            else:
                builder.add_line(item[0], page)
    band.close(builder, page)
