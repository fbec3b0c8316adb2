"""Read one evidence file: its number, issue date, signature block (title, signature, seal,
name) and, for PDFs, the embedded digital signatures.

Steps, one direction: open pages → prepare page 1 → read the header band (number, date) →
locate and read the signature block on the last pages → seal and signature ink in its gap.
Born-digital PDFs give their words from the text layer instead of OCR. Bad input never
raises: it ends as ``readable=False`` with a Vietnamese reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ocr.dateline import read_issue_date
from ocr.geometry import Box
from ocr.images import PageImage, SourceDocument
from ocr.number import NumberReading, read_number
from ocr.pdfsig import read_pdf_signatures
from ocr.preprocess import Prepared, is_sideways, prepare
from ocr.seal import Seal, detect_seal
from ocr.signature import Block, find_block, locate_block, signature_ink
from ocr.tesseract import PSM_AUTO, PSM_BLOCK, detect_rotation, ocr_words
from ocr.words import Word, group_lines
from validator.errors import UnreadableFile
from validator.models import EvidenceResult
from validator.settings import Settings

log = logging.getLogger(__name__)

HEADER_BAND = 0.22  # of the page height: issuer, motto, number and date lines
SIGNATURE_MIN_Y = 0.25  # on page 1 the block is below the header
SIGNATURE_PAGES = 3  # last pages searched for the signature block
SEAL_SEARCH_GROW = 0.6  # of the block width, left of the block (the seal overlaps leftwards)
FALLBACK_REGION = (0.40, 0.30, 1.0, 1.0)  # right-lower part when the layout finds no block
SIGNATURE_MIN_CONFIDENCE = 0.5
NO_SEAL_CONFIDENCE = 0.8  # no ring found where a seal would be: fairly sure, not certain
UNEXPECTED_PROBLEM = "Không đọc được tệp minh chứng (lỗi không xác định khi xử lý ảnh)."


@dataclass
class PreparedPage:
    """A prepared page and the words of the regions read so far, in working pixels."""

    source: PageImage
    prep: Prepared
    text_layer: bool

    @property
    def height(self) -> int:
        return int(self.prep.grey.shape[0])

    @property
    def width(self) -> int:
        return int(self.prep.grey.shape[1])

    def words_in(self, region: Box, settings: Settings, psm: int) -> list[Word]:
        """Words of ``region``: from the text layer when there is one, else by OCR."""
        if self.text_layer and self.source.text_words is not None:
            scaled = [
                Word(w.text, w.conf, w.box.scale(self.prep.scale)) for w in self.source.text_words
            ]
            return [w for w in scaled if _inside(w.box, region)]
        crop = self.prep.grey[region.y0 : region.y1, region.x0 : region.x1]
        return ocr_words(crop, settings, psm=psm, offset=(region.x0, region.y0))


def _inside(box: Box, region: Box) -> bool:
    return region.x0 <= box.cx <= region.x1 and region.y0 <= box.cy <= region.y1


def read_evidence(
    path: Path, settings: Settings, display_name: str | None = None
) -> EvidenceResult:
    """Everything the rule engine needs about one evidence file; never raises for bad input."""
    name = display_name or path.name
    try:
        doc = SourceDocument(path, settings)
    except UnreadableFile as exc:
        return EvidenceResult(file=name, readable=False, problem=exc.message_vi)
    try:
        result = _read(doc, name, settings)
    except UnreadableFile as exc:
        result = EvidenceResult(
            file=name, readable=False, problem=exc.message_vi, pages=doc.page_count
        )
    except (cv2.error, MemoryError, ValueError) as exc:
        log.exception("evidence %s could not be processed: %s", name, exc)
        result = EvidenceResult(file=name, readable=False, problem=UNEXPECTED_PROBLEM)
    finally:
        doc.close()
    if doc.is_pdf and result.readable:
        result.pdf_signatures = read_pdf_signatures(path, settings)
    return result


def prepare_page(
    source: PageImage, settings: Settings, use_text_layer: bool = True
) -> PreparedPage:
    """Prepare a page; turn it upright first when its text lines run vertically."""
    text_layer = use_text_layer and source.text_words is not None
    prep = prepare(source.rgb, deskew=not text_layer)
    if not text_layer and is_sideways(prep.ink):
        turn = detect_rotation(prep.grey, settings)
        if turn:
            source.rgb = np.ascontiguousarray(np.rot90(source.rgb, k=-turn // 90))
            prep = prepare(source.rgb)
    return PreparedPage(source, prep, text_layer)


def _read(doc: SourceDocument, name: str, settings: Settings) -> EvidenceResult:
    first = prepare_page(doc.page(1), settings)
    header = Box(0, 0, first.width, int(HEADER_BAND * first.height))
    header_words = first.words_in(header, settings, PSM_AUTO)
    header_lines = group_lines(header_words)
    number = read_number(header_lines, first.prep.grey, settings, first.text_layer)
    issued_on, date_box = read_issue_date(header_lines, first.prep.grey, settings)

    result = EvidenceResult(file=name, pages=doc.page_count, issued_on=issued_on)
    _fill_number(result, number, first)
    if date_box is not None:
        result.regions["date"] = _region(1, date_box, first)
    confs = [w.conf for w in header_words]
    block_page, block, block_confs = _find_signature_page(doc, first, settings)
    confs.extend(block_confs)
    if block_page is not None and block is not None:
        _fill_block(result, block_page, block)
    result.confidence = round(float(np.mean(confs)) / 100, 3) if confs else 0.0
    return result


def _fill_number(result: EvidenceResult, number: NumberReading, page: PreparedPage) -> None:
    result.number = number.number
    result.number_confidence = number.confidence
    result.number_unreadable = number.unreadable
    result.number_repairs = number.repairs
    result.number_code = number.code
    result.number_type = number.type_code
    result.number_type_known = number.type_known
    if number.box is not None:
        result.regions["number"] = _region(1, number.box, page)


def _find_signature_page(
    doc: SourceDocument, first: PreparedPage, settings: Settings
) -> tuple[PreparedPage | None, Block | None, list[float]]:
    """Search the last pages (the block ends a document) for the signature block."""
    confs: list[float] = []
    last = doc.page_count
    for number in range(last, max(0, last - SIGNATURE_PAGES), -1):
        page = first if number == 1 else prepare_page(doc.page(number), settings)
        block, words = _read_block(page, number, settings)
        confs.extend(w.conf for w in words)
        if block is not None:
            return page, block, confs
    return None, None, confs


def _read_block(
    page: PreparedPage, number: int, settings: Settings
) -> tuple[Block | None, list[Word]]:
    min_y = int(SIGNATURE_MIN_Y * page.height) if number == 1 else 0
    region = locate_block(page.prep.ink, min_y)
    words: list[Word] = []
    if region is not None:
        words = page.words_in(region, settings, PSM_BLOCK)
        block = find_block(group_lines(words), page.height)
        if block is not None:
            return block, words
    x0, y0, x1, y1 = FALLBACK_REGION
    fallback = Box(int(x0 * page.width), max(min_y, int(y0 * page.height)),
                   int(x1 * page.width), int(y1 * page.height))  # fmt: skip
    more = page.words_in(fallback, settings, PSM_AUTO)
    return find_block(group_lines(more), page.height), words + more


def _fill_block(result: EvidenceResult, page: PreparedPage, block: Block) -> None:
    number = page.source.number
    result.signer_title = block.title
    result.signer_name = block.name
    seal = _seal(page, block)
    disc = (
        (seal.centre, seal.radius)
        if seal.found and seal.centre and not page.source.colour
        else None
    )
    score = signature_ink(page.prep.ink, block.gap, disc)
    result.signature = score >= SIGNATURE_MIN_CONFIDENCE
    result.signature_confidence = score if result.signature else round(1 - score, 3)
    result.seal = seal.found
    result.seal_confidence = seal.confidence if seal.found else NO_SEAL_CONFIDENCE
    result.regions["title"] = _region(number, block.title_box, page)
    result.regions["signature"] = _region(number, block.gap, page)
    if block.name_box is not None:
        result.regions["name"] = _region(number, block.name_box, page)
    if seal.box is not None:
        result.regions["seal"] = _region(number, seal.box, page)


def _seal(page: PreparedPage, block: Block) -> Seal:
    box = block.box
    grow = int(SEAL_SEARCH_GROW * box.width)
    region = Box(box.x0 - grow, box.y0, box.x1 + grow // 2, box.y1 + grow // 2)
    prep = page.prep
    return detect_seal(prep.rgb, prep.grey, prep.ink, region, page.source.colour)


def _region(number: int, box: Box, page: PreparedPage) -> list[int]:
    """[page, x0, y0, x1, y1] in the source image's pixels (PDF: rendered at ocr_dpi)."""
    return [number, *box.scale(1 / page.prep.scale).as_list()]
