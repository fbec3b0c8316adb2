"""OCR of a scanned plan or report (image-only PDF, image, multi-page TIFF) into reading-order
paragraphs, so that scans flow into the same rule checks as text documents.

Whole pages are read here (a plan's content is everywhere on the page), with the same
preparation as evidence: working size, light correction, deskew, upright orientation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ocr.evidence import prepare_page
from ocr.images import SourceDocument
from ocr.tesseract import PSM_AUTO, ocr_words
from ocr.words import group_lines
from validator.models import Paragraph
from validator.settings import Settings
from validator.text import nfc

Align = Literal["left", "center", "right", "justify"]

CENTRE_TOLERANCE = 0.05  # of the text-column width: a line this close to the middle is centred
EDGE_TOLERANCE = 0.03  # of the column width: a line this close to a margin touches it
MIN_CENTRED_INDENT = 0.1  # a centred line leaves at least this much room on both sides
COLUMN_GAP = 1.5  # word heights: header columns (issuer | motto) are this far apart at least


def ocr_document(path: Path, settings: Settings) -> list[Paragraph]:
    """Paragraphs of every page in reading order, with page numbers, OCR confidence (0..1),
    alignment and left edge. Raises ``UnreadableFile`` when the file or the OCR fails."""
    doc = SourceDocument(path, settings)
    try:
        out: list[Paragraph] = []
        for number in range(1, doc.page_count + 1):
            out.extend(_page_paragraphs(doc, number, settings))
        return out
    finally:
        doc.close()


def _page_paragraphs(doc: SourceDocument, number: int, settings: Settings) -> list[Paragraph]:
    """One paragraph per visual line (as the PDF reader gives), columns kept apart."""
    page = prepare_page(doc.page(number), settings, use_text_layer=False)
    words = ocr_words(page.prep.grey, settings, psm=PSM_AUTO)
    if not words:
        return []
    left = min(w.box.x0 for w in words)
    right = max(w.box.x1 for w in words)
    out = []
    for line in group_lines(words, COLUMN_GAP):
        text = nfc(line.text)
        if text:
            out.append(
                Paragraph(
                    text=text,
                    page=number,
                    confidence=round(line.conf / 100, 3),
                    align=_align(line.box.x0, line.box.x1, left, right),
                    x0=round(line.box.x0 / page.width, 4),
                )
            )
    return out


def _align(x0: int, x1: int, left: int, right: int) -> Align:
    """Alignment from where the line sits in the page's text column."""
    column = max(1, right - left)
    touches_left = (x0 - left) / column < EDGE_TOLERANCE
    touches_right = (right - x1) / column < EDGE_TOLERANCE
    centred = abs((x0 + x1) / 2 - (left + right) / 2) / column < CENTRE_TOLERANCE
    if touches_left and touches_right:
        return "justify"
    if centred and (x0 - left) / column > MIN_CENTRED_INDENT:
        return "center"
    if touches_right:
        return "right"
    return "left"
