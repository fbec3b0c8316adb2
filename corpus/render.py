"""Render ingest blocks back into the files schools upload: a text PDF, a Word file, a scan.

Tests and benchmarks build their inputs from the same ``Paragraph``/``Table`` values that
ingest returns, so "what we drew" can be compared with "what ingest read" directly. The PDF
follows the Decree 30 page (A4, 3 cm left and 2 cm right margins, serif 13 pt, justified
body, page numbers at the top from page 2); the DOCX uses real Word headings, tables and
automatic numbering so that a label such as "a)" lives in numbering.xml, never in the text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

import docx
import pypdfium2 as pdfium
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from docx.table import _Cell as DocxCell
from docx.text.paragraph import Paragraph as DocxParagraph
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    TableStyle,
)
from reportlab.platypus import Paragraph as RlParagraph
from reportlab.platypus import Table as RlTable

from validator.models import Paragraph, Table

Block = Paragraph | Table

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FACES = {
    (False, False): "DejaVuSerif",
    (True, False): "DejaVuSerif-Bold",
    (False, True): "DejaVuSerif-Italic",
    (True, True): "DejaVuSerif-BoldItalic",
}
BODY_SIZE = 13.0
HEADER_SIZE = 10.0  # DejaVu is wider than Times: the motto must fit its column on one line
MARGINS_CM = {"left": 3.0, "right": 2.0, "top": 2.0, "bottom": 2.0}
_RL_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
_DOCX_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass
class TwoColumnHeader:
    """The Decree 30 header band: issuer block on the left, national motto on the right.

    Both columns start on the same band at the top of page 1, each line centred in its column.
    """

    left: list[Paragraph] = field(default_factory=list)
    right: list[Paragraph] = field(default_factory=list)


def decree30_header(
    issuer_parent: str, issuer: str, number_line: str, place_date: str
) -> TwoColumnHeader:
    """The usual header of a school's plan or report (issuer, number, motto, place-date)."""
    return TwoColumnHeader(
        left=[
            Paragraph(text=issuer_parent, size=HEADER_SIZE, align="center"),
            Paragraph(text=issuer, bold=True, size=HEADER_SIZE, align="center"),
            Paragraph(text=number_line, size=HEADER_SIZE, align="center"),
        ],
        right=[
            Paragraph(
                text="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                bold=True,
                size=HEADER_SIZE,
                align="center",
            ),
            Paragraph(
                text="Độc lập - Tự do - Hạnh phúc", bold=True, size=HEADER_SIZE, align="center"
            ),
            Paragraph(text=place_date, italic=True, size=HEADER_SIZE, align="center"),
        ],
    )


# --------------------------------------------------------------------------- PDF


@lru_cache(maxsize=1)
def register_fonts() -> dict[tuple[bool, bool], str]:
    """Register the DejaVu serif faces once; reportlab embeds (subsets) them in every PDF."""
    for name in _FACES.values():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    return _FACES


def _is_heading(block: Paragraph) -> bool:
    return bool(block.style and block.style.startswith("Heading"))


def _pdf_style(block: Paragraph) -> ParagraphStyle:
    faces = register_fonts()
    size = block.size or BODY_SIZE
    align = block.align or "justify"
    bold = block.bold or _is_heading(block)
    indent = 1 * cm if align in ("left", "justify") else 0
    return ParagraphStyle(
        name="p",
        fontName=faces[(bold, block.italic)],
        fontSize=size,
        leading=size * 1.3,
        alignment=_RL_ALIGN[align],
        firstLineIndent=indent,
        spaceBefore=3,
        spaceAfter=3,
    )


def _pdf_paragraph(block: Paragraph) -> RlParagraph:
    text = f"{block.label} {block.text}" if block.label else block.text
    return RlParagraph(escape(text), _pdf_style(block))


def _pdf_table(block: Table, width: float) -> RlTable:
    cell_style = ParagraphStyle(
        name="cell", fontName=register_fonts()[(False, False)], fontSize=11, leading=13.5
    )
    columns = max((len(row) for row in block.rows), default=1)
    data = [
        [RlParagraph(escape(cell), cell_style) for cell in row] + [""] * (columns - len(row))
        for row in block.rows
    ]
    table = RlTable(data, colWidths=[width / columns] * columns, repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _pdf_header(header: TwoColumnHeader, width: float) -> RlTable:
    left = [_pdf_paragraph(p.model_copy(update={"align": "center"})) for p in header.left]
    right = [_pdf_paragraph(p.model_copy(update={"align": "center"})) for p in header.right]
    band = RlTable([[left, right]], colWidths=[width * 0.44, width * 0.56])
    band.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return band


def _page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """Vietnamese official documents number pages at the top centre from page 2 on."""
    if doc.page > 1:
        canvas.setFont(register_fonts()[(False, False)], 12)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, str(doc.page))


def _pdf_story(
    blocks: Sequence[Block], header: TwoColumnHeader | None, width: float
) -> list[Flowable]:
    story: list[Flowable] = [_pdf_header(header, width)] if header else []
    page = 1
    for block in blocks:
        if block.page and block.page > page and story:
            story.append(PageBreak())
        page = max(page, block.page or page)
        if isinstance(block, Table):
            story.append(_pdf_table(block, width))
        else:
            story.append(_pdf_paragraph(block))
    return story


def render_pdf(
    blocks: Sequence[Block],
    path: Path,
    header: TwoColumnHeader | None = None,
    page_numbers: bool = True,
) -> Path:
    """Write ``blocks`` as an A4 text PDF with embedded DejaVu fonts; returns ``path``.

    A block whose ``page`` is larger than the previous block's starts a new page; otherwise
    pages break when full. Labels are printed before the text ("a) …"), as Word prints them.
    """
    _build_pdf(blocks, str(path), header, page_numbers)
    return path


def render_pdf_bytes(
    blocks: Sequence[Block], header: TwoColumnHeader | None = None, page_numbers: bool = True
) -> bytes:
    """The PDF of :func:`render_pdf` in memory (for rasterising without a temporary file)."""
    buffer = io.BytesIO()
    _build_pdf(blocks, buffer, header, page_numbers)
    return buffer.getvalue()


def _build_pdf(
    blocks: Sequence[Block],
    target: str | BinaryIO,
    header: TwoColumnHeader | None,
    page_numbers: bool,
) -> None:
    register_fonts()
    left, right = MARGINS_CM["left"] * cm, MARGINS_CM["right"] * cm
    top, bottom = MARGINS_CM["top"] * cm, MARGINS_CM["bottom"] * cm
    width, height = A4[0] - left - right, A4[1] - top - bottom
    # no frame padding: the text starts exactly at the 3 cm margin, as in Word
    frame = Frame(left, bottom, width, height, 0, 0, 0, 0, id="body")
    template = PageTemplate("page", [frame], onPage=_page_number if page_numbers else _no_op)
    doc = BaseDocTemplate(target, pagesize=A4, pageTemplates=[template], title="CCHC")
    doc.build(_pdf_story(blocks, header, width))


def _no_op(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """A page without decorations."""


def render_scanned_pdf(blocks: Sequence[Block], path: Path, dpi: int = 150) -> Path:
    """Write an image-only PDF of ``blocks`` (no text layer), as a school's scanner would."""
    pdf = pdfium.PdfDocument(render_pdf_bytes(blocks))
    try:
        images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in pdf]
    finally:
        pdf.close()
    first, rest = images[0], images[1:]
    first.save(path, format="PDF", save_all=True, append_images=rest, resolution=float(dpi))
    return path


def render_image(blocks: Sequence[Block], path: Path, dpi: int = 150) -> Path:
    """Write page 1 of ``blocks`` as a PNG photo-like image (an image given as a document)."""
    pdf = pdfium.PdfDocument(render_pdf_bytes(blocks))
    try:
        image: Image.Image = pdf[0].render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()
    image.save(path, format="PNG")
    return path


# --------------------------------------------------------------------------- DOCX numbering

_ROMAN = re.compile(r"^[IVXLC]+$")
_LOWER_ROMAN = re.compile(r"^[ivxlc]{2,}$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
BULLETS = ("-", "+", "•")


def _roman_value(text: str) -> int:
    values = [_ROMAN_VALUES[ch] for ch in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


@dataclass(frozen=True)
class _ListFormat:
    """One Word list definition: numFmt and lvlText per level (``key`` names it)."""

    key: str
    levels: tuple[tuple[str, str], ...]


def _outline_format() -> _ListFormat:
    texts = ["".join(f"%{k}." for k in range(1, depth + 1)) for depth in range(1, 10)]
    return _ListFormat("outline", tuple(("decimal", text) for text in texts))


def _parse_label(label: str) -> tuple[_ListFormat, tuple[int, ...]]:
    """The list definition a printed label belongs to and its counter values ("2.1." → 2, 1)."""
    if label in BULLETS:
        return _ListFormat(f"bullet{label}", (("bullet", label),)), ()
    if re.fullmatch(r"\d+(\.\d+)*\.", label):
        return _outline_format(), tuple(int(part) for part in label.rstrip(".").split("."))
    match = re.fullmatch(r"(\w+)([.)])", label)
    if not match:
        raise ValueError(f"no Word numbering format prints the label {label!r}")
    core, suffix = match.groups()
    if core.isdigit():
        fmt, value = "decimal", int(core)
    elif _ROMAN.match(core):
        fmt, value = "upperRoman", _roman_value(core)
    elif _LOWER_ROMAN.match(core):
        fmt, value = "lowerRoman", _roman_value(core)
    elif re.fullmatch(r"[a-z]", core):
        fmt, value = "lowerLetter", ord(core) - ord("a") + 1
    elif re.fullmatch(r"[A-Z]", core):
        fmt, value = "upperLetter", ord(core) - ord("A") + 1
    else:
        raise ValueError(f"no Word numbering format prints the label {label!r}")
    return _ListFormat(f"{fmt}{suffix}", ((fmt, f"%1{suffix}"),)), (value,)


def _abstract_num_xml(abstract_id: int, fmt: _ListFormat) -> str:
    levels = "".join(
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{num_fmt}"/>'
        f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>'
        for ilvl, (num_fmt, text) in enumerate(fmt.levels)
    )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )


def _next_values(current: tuple[int, ...], depth: int) -> tuple[int, ...]:
    """What Word prints next at ``depth`` after ``current`` in the same list."""
    if len(current) >= depth:
        return (*current[: depth - 1], current[depth - 1] + 1)
    return current + (1,) * (depth - len(current))


class _DocxNumbering:
    """Creates list definitions on demand and continues or restarts lists like a typist.

    Consecutive labels that Word would print anyway ("1." then "2.", "2." then "2.1.") share
    one ``w:num``; any other value starts a new ``w:num`` whose ``startOverride`` gives it.
    """

    def __init__(self, document: DocxDocument) -> None:
        self._numbering = document.part.numbering_part.element
        ids = [int(a.get(_w("abstractNumId"))) for a in self._numbering.findall(_w("abstractNum"))]
        self._next_abstract = max(ids, default=-1) + 1
        self._abstract: dict[str, int] = {}
        self._lists: dict[str, tuple[int, tuple[int, ...]]] = {}

    def number(self, label: str) -> tuple[int, int]:
        """The (numId, ilvl) that makes Word print ``label`` at this point of the document."""
        fmt, values = _parse_label(label)
        depth = max(len(values), 1)
        current = self._lists.get(fmt.key)
        if current and (not values or _next_values(current[1], depth) == values):
            self._lists[fmt.key] = (current[0], values)
            return current[0], depth - 1
        num = self._numbering.add_num(self._abstract_id(fmt))
        for ilvl, value in enumerate(values):
            num.add_lvlOverride(ilvl=ilvl).add_startOverride(value)
        self._lists[fmt.key] = (num.numId, values)
        return num.numId, depth - 1

    def _abstract_id(self, fmt: _ListFormat) -> int:
        if fmt.key not in self._abstract:
            abstract_id = self._next_abstract
            self._next_abstract += 1
            element = parse_xml(_abstract_num_xml(abstract_id, fmt))
            first_num = self._numbering.find(_w("num"))
            if first_num is None:
                self._numbering.append(element)
            else:
                first_num.addprevious(element)  # schema order: abstractNum before num
            self._abstract[fmt.key] = abstract_id
        return self._abstract[fmt.key]


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _set_numbering(paragraph: DocxParagraph, num_id: int, ilvl: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


# --------------------------------------------------------------------------- DOCX


def _docx_paragraph_format(target: DocxParagraph, block: Paragraph, page_break: bool) -> None:
    if block.align:
        target.alignment = _DOCX_ALIGN[block.align]
    if page_break:
        target.paragraph_format.page_break_before = True
    run = target.add_run(block.text)
    run.bold = True if block.bold else None
    run.italic = True if block.italic else None
    if block.size:
        run.font.size = Pt(block.size)


def _docx_add_paragraph(
    container: DocxDocument | DocxCell,
    block: Paragraph,
    numbering: _DocxNumbering,
    page_break: bool = False,
) -> None:
    style = block.style if block.style and block.style.startswith("Heading") else None
    target = container.add_paragraph(style=style)
    _docx_paragraph_format(target, block, page_break)
    if block.label:
        _set_numbering(target, *numbering.number(block.label))


def _docx_add_table(document: DocxDocument, block: Table) -> None:
    columns = max((len(row) for row in block.rows), default=1)
    table = document.add_table(rows=len(block.rows), cols=columns)
    table.style = document.styles["Table Grid"]
    for row, values in zip(table.rows, block.rows, strict=True):
        for cell, value in zip(row.cells, values, strict=False):
            cell.text = value


def _docx_add_header(
    document: DocxDocument, header: TwoColumnHeader, numbering: _DocxNumbering
) -> None:
    """The header band as Word users make it: a borderless two-column table."""
    band = document.add_table(rows=1, cols=2)
    for cell, lines in zip(band.rows[0].cells, (header.left, header.right), strict=True):
        cell._tc.remove(cell.paragraphs[0]._p)
        for line in lines:
            _docx_add_paragraph(cell, line.model_copy(update={"align": "center"}), numbering)


def _docx_setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
    section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(BODY_SIZE)


def render_docx(blocks: Sequence[Block], path: Path, header: TwoColumnHeader | None = None) -> Path:
    """Write ``blocks`` as a Word document; returns ``path``.

    "Heading N" styles become Word headings, labels become automatic numbering (the text
    keeps no label), tables become grid tables, and a block on a later ``page`` starts with
    a page break before it.
    """
    document = docx.Document()
    _docx_setup(document)
    numbering = _DocxNumbering(document)
    if header:
        _docx_add_header(document, header, numbering)
    page = 1
    for block in blocks:
        new_page = bool(block.page and block.page > page)
        page = max(page, block.page or page)
        if isinstance(block, Table):
            if new_page:
                document.add_page_break()
            _docx_add_table(document, block)
        else:
            _docx_add_paragraph(document, block, numbering, page_break=new_page)
    document.save(str(path))
    return path
