"""Read one evidence file: its number, issue date, signature block (title, signature, seal,
name) and, for PDFs, the embedded digital signatures.

Steps, one direction: open pages → prepare page 1 and the last page → locate the signature
block by layout → read the header band and the block in ONE tesseract call → number and
date (their handwritten blanks in one digit pass) → seal and signature ink in the block's
gap. Every tesseract call costs ~0.1 s before it reads anything, so a typical page takes
one to three calls. Born-digital PDFs give their words from the text layer instead of OCR.
Bad input never raises: it ends as ``readable=False`` with a Vietnamese reason.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ocr.blank import BlankReading, read_blanks
from ocr.dateline import finish_date, locate_date
from ocr.geometry import Box
from ocr.images import PageImage, SourceDocument
from ocr.number import NumberReading, code_text, finish_number, locate_number
from ocr.pdfsig import read_pdf_signatures
from ocr.preprocess import Prepared, drop_strokes, is_sideways, prepare
from ocr.seal import Seal, detect_seal
from ocr.signature import (
    Block,
    best_name,
    find_block,
    known_surname,
    locate_block,
    signature_ink,
)
from ocr.tesseract import PSM_BLOCK, detect_rotation, ocr_batch
from ocr.words import Line, Word, group_lines
from validator.errors import UnreadableFile
from validator.models import EvidenceResult
from validator.settings import Settings
from validator.signers import is_school_name
from validator.text import nfc

log = logging.getLogger(__name__)

HEADER_BAND = 0.22  # of the page height: issuer, motto, number and date lines
SIGNATURE_MIN_Y = 0.25  # on page 1 the block is below the header
SIGNATURE_PAGES = 3  # last pages searched for the signature block
SEAL_SEARCH_GROW = 0.6  # of the block width, left of the block (the seal overlaps leftwards)
FALLBACK_REGION = (0.40, 0.30, 1.0, 1.0)  # right-lower part when the layout finds no block
SIGNATURE_MIN_CONFIDENCE = 0.5
NO_SEAL_CONFIDENCE = 0.8  # no ring found where a seal would be: fairly sure, not certain
THIN_STROKE_PX = (2, 3)  # a pen stroke thinner than this is lifted off a printed bold name
NAME_PAD = 0.02  # of the page width around the name line when it is read again
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

    @property
    def has_layer(self) -> bool:
        return self.text_layer and self.source.text_words is not None

    def layer_words(self, region: Box) -> list[Word]:
        """Words of the text layer inside ``region``, in working pixels."""
        scale = self.prep.scale
        scaled = [Word(w.text, w.conf, w.box.scale(scale)) for w in self.source.text_words or []]
        return [w for w in scaled if _inside(w.box, region)]


def read_regions(
    regions: list[tuple[PreparedPage, Box]], settings: Settings, strokes: bool = False
) -> list[list[Word]]:
    """Words of each (page, region): text layers directly, every scanned region in ONE
    tesseract call (process start and model load cost as much as reading the header).
    On colour pages tall strokes are dropped first unless ``strokes`` (``drop_strokes``)."""
    out: list[list[Word]] = [[] for _ in regions]
    scanned = [i for i, (page, _) in enumerate(regions) if not page.has_layer]
    for i, (page, region) in enumerate(regions):
        if page.has_layer:
            out[i] = page.layer_words(region)
    crops = []
    for i in scanned:
        page, region = regions[i]
        crop = page.prep.grey[_slices(region)]
        # on grey pages the seal is grey ink too, and its ring would take the title with it
        crops.append(crop if strokes or not page.source.colour else drop_strokes(crop))
    offsets = [(regions[i][1].x0, regions[i][1].y0) for i in scanned]
    pages = ocr_batch(crops, settings, PSM_BLOCK, offsets=offsets)
    for i, words in zip(scanned, pages, strict=True):
        out[i] = words
    return out


def _slices(box: Box) -> tuple[slice, slice]:
    return slice(box.y0, box.y1), slice(box.x0, box.x1)


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
    last = first if doc.page_count == 1 else prepare_page(doc.page(doc.page_count), settings)
    header = Box(0, 0, first.width, int(HEADER_BAND * first.height))
    block_region = _block_region(last, doc.page_count)
    regions = [(first, header)] + ([(last, block_region)] if block_region else [])
    header_words, *rest = read_regions(regions, settings)
    number, issued_on, date_box = _read_header(group_lines(header_words), first, settings)

    result = EvidenceResult(
        file=name,
        pages=doc.page_count,
        issued_on=issued_on,
        issuer=_school_issuer(group_lines(header_words), first.width),
    )
    _fill_number(result, number, first)
    if date_box is not None:
        result.regions["date"] = _region(1, date_box, first)
    confs = [w.conf for w in header_words]
    located = rest[0] if rest else []
    block_page, block, block_confs = _find_signature_page(doc, first, last, located, settings)
    confs.extend(block_confs)
    if block_page is not None and block is not None:
        _fill_block(result, block_page, block, settings)
    result.confidence = round(float(np.mean(confs)) / 100, 3) if confs else 0.0
    return result


def _school_issuer(lines: list[Line], width: int) -> str | None:
    """The school named at the head of the page ("TRƯỜNG THCS NGUYỄN VĂN A"): a digital
    signature is compared with it when the submission itself names no school."""
    for line in lines:
        if line.box.x0 < width / 2 and is_school_name(line.text):
            return nfc(line.text)
    return None


def _read_header(
    lines: list[Line], page: PreparedPage, settings: Settings
) -> tuple[NumberReading, dt.date | None, Box | None]:
    """Number and issue date: the blanks of both (number digits, handwritten day) and the
    code's English re-reading go to one line pass."""
    grey = page.prep.grey
    date_line = locate_date(lines, grey)
    number_line = locate_number(lines, grey, page.text_layer, date_line.box)
    wanted = [box for box in (number_line.blank, date_line.blank) if box is not None]
    codes = [number_line.code_box] if number_line.code_box is not None else []
    blanks, code_words = read_blanks(grey, wanted, settings, codes)
    readings = iter(blanks)
    number_blank: BlankReading | None = next(readings) if number_line.blank else None
    day_blank: BlankReading | None = next(readings) if date_line.blank else None
    english = code_text(code_words[0]) if code_words else None
    number = finish_number(number_line, english, number_blank)
    return number, finish_date(date_line, day_blank), date_line.box


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


def _block_region(page: PreparedPage, page_number: int) -> Box | None:
    """Where the layout puts the signature block (below the header on page 1)."""
    min_y = int(SIGNATURE_MIN_Y * page.height) if page_number == 1 else 0
    return locate_block(page.prep.ink, min_y)


def _find_signature_page(
    doc: SourceDocument,
    first: PreparedPage,
    last: PreparedPage,
    located_words: list[Word],
    settings: Settings,
) -> tuple[PreparedPage | None, Block | None, list[float]]:
    """The block in the last page's located region (read with the header), else in the
    last page's fallback region, else on the pages before it (the block ends a document)."""
    confs = [w.conf for w in located_words]
    block = find_block(group_lines(located_words), last.height)
    if block is not None:
        return last, block, confs
    final = doc.page_count
    for number in range(final, max(0, final - SIGNATURE_PAGES), -1):
        if number == final:
            page = last
        else:
            page = first if number == 1 else prepare_page(doc.page(number), settings)
        # the last page's region was read without strokes: now with them (a seal ring
        # touching the title went with the strokes), before the fallback region
        block, words = _read_block(page, number, settings, strokes=number == final)
        confs.extend(w.conf for w in words)
        if block is not None:
            return page, block, confs
    return None, None, confs


def _read_block(
    page: PreparedPage, number: int, settings: Settings, strokes: bool = False
) -> tuple[Block | None, list[Word]]:
    """The block from the layout's region, then from the fixed lower-right fallback."""
    words: list[Word] = []
    region = _block_region(page, number)
    if region is not None:
        words = read_regions([(page, region)], settings, strokes)[0]
        block = find_block(group_lines(words), page.height)
        if block is not None:
            return block, words
    min_y = int(SIGNATURE_MIN_Y * page.height) if number == 1 else 0
    x0, y0, x1, y1 = FALLBACK_REGION
    fallback = Box(int(x0 * page.width), max(min_y, int(y0 * page.height)),
                   int(x1 * page.width), int(y1 * page.height))  # fmt: skip
    more = read_regions([(page, fallback)], settings, strokes=True)[0]  # a seal may touch text
    return find_block(group_lines(more), page.height), words + more


def _fill_block(
    result: EvidenceResult, page: PreparedPage, block: Block, settings: Settings
) -> None:
    number = page.source.number
    result.signer_title = block.title
    result.signer_name = block.name
    if block.name_box is not None and not page.has_layer and not known_surname(block.name):
        again = _read_name_again(page, block.name_box, settings)
        if known_surname(again):  # else the first reading stands: it was not a worse one
            result.signer_name = again
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


def _read_name_again(page: PreparedPage, box: Box, settings: Settings) -> str | None:
    """The name line read again with thin strokes lifted off (the printed name is bold, the
    signature's flourish through it is a thin pen line), one OCR call for both widths."""
    pad = int(NAME_PAD * page.width)
    region = box.pad(pad, pad // 2).clip(page.width, page.height)
    crop = page.prep.grey[_slices(region)]
    lifted = [cv2.dilate(crop, np.ones((px, px), np.uint8)) for px in THIN_STROKE_PX]
    readings = ocr_batch(lifted, settings, PSM_BLOCK)
    return best_name([line for words in readings for line in group_lines(words)])


def _seal(page: PreparedPage, block: Block) -> Seal:
    box = block.box
    grow = int(SEAL_SEARCH_GROW * box.width)
    region = Box(box.x0 - grow, box.y0, box.x1 + grow // 2, box.y1 + grow // 2)
    prep = page.prep
    return detect_seal(prep.rgb, prep.grey, prep.ink, region, page.source.colour)


def _region(number: int, box: Box, page: PreparedPage) -> list[int]:
    """[page, x0, y0, x1, y1] in the source image's pixels (PDF: rendered at ocr_dpi)."""
    return [number, *box.scale(1 / page.prep.scale).as_list()]
