"""Read a Word (.docx) file into paragraphs and tables in body order (with the content of
text boxes after the paragraph that anchors them).

The container is checked first (``docx_guard``). Formatting comes from the runs, then the
paragraph style and the styles it is based on, as Word resolves it. Automatic numbering is
rendered into ``Paragraph.label``. Page numbers are approximated from the page breaks Word
recorded (``w:lastRenderedPageBreak``) or, without those, from explicit breaks.

A table without any visible border is a layout table (the Decree 30 header band: issuer
left, motto right); its cells are read as paragraphs column by column, as the PDF reader
reads the same band, so both formats give the form parser the same sequence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from validator.errors import UnreadableFile
from validator.ingest.docx_guard import check_docx
from validator.ingest.word_numbering import ListCounters, W, parse_numbering
from validator.models import Block, IngestedDocument, Paragraph, Table
from validator.settings import Settings
from validator.text import nfc

Align = Literal["left", "center", "right", "justify"]
_ALIGN: dict[Any, Align] = {
    WD_ALIGN_PARAGRAPH.LEFT: "left",
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "justify",
    WD_ALIGN_PARAGRAPH.DISTRIBUTE: "justify",
}
_HIDDEN_BORDERS = {"nil", "none"}
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def read_docx(path: Path, settings: Settings, display_name: str) -> IngestedDocument:
    """Paragraphs (with rendered numbering labels) and tables of a guarded .docx."""
    check_docx(path, settings)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx/lxml raise many types on broken parts
        raise UnreadableFile(
            "Tệp Word (.docx) bị hỏng hoặc thiếu thành phần, không đọc được. "
            "Hãy mở bằng Word, lưu lại rồi nộp lại.",
            f"The .docx could not be parsed: {exc}",
        ) from exc
    reader = _Reader(document)
    blocks = list(reader.blocks(document.element.body))
    pages = reader.pages.page if reader.pages.known else None
    return IngestedDocument(file=display_name, media_type="docx", pages=pages, blocks=blocks)


@dataclass
class _StyleFormat:
    """A style's formatting resolved through its ``basedOn`` chain (None: not set)."""

    name: str | None
    bold: bool | None
    italic: bool | None
    size: float | None
    align: Align | None
    num_pr: etree._Element | None


def _inherited(style: Any, get: Callable[[Any], Any]) -> Any:
    while style is not None:
        value = get(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def _resolve_style(style: Any) -> _StyleFormat:
    size = _inherited(style, lambda s: s.font.size)
    return _StyleFormat(
        name=style.name if style is not None else None,
        bold=_inherited(style, lambda s: s.font.bold),
        italic=_inherited(style, lambda s: s.font.italic),
        size=size.pt if size is not None else None,
        align=_ALIGN.get(_inherited(style, lambda s: s.paragraph_format.alignment)),
        num_pr=_inherited(style, lambda s: s.element.find(f"{W}pPr/{W}numPr")),
    )


class _Pages:
    """Page of each block from the breaks in the XML (1-based once any break exists)."""

    def __init__(self, body: etree._Element) -> None:
        self.rendered = next(body.iter(f"{W}lastRenderedPageBreak"), None) is not None
        explicit = body.iter(f"{W}br", f"{W}pageBreakBefore")
        self.known = self.rendered or any(self._explicit(element) for element in explicit)
        self.page = 1

    def _explicit(self, element: etree._Element) -> bool:
        tag = element.tag
        if tag == f"{W}br":
            return element.get(f"{W}type") == "page"
        return tag == f"{W}pageBreakBefore" and element.get(f"{W}val", "true") not in (
            "0",
            "false",
        )

    def _is_break(self, element: etree._Element) -> bool:
        if self.rendered:
            return element.tag == f"{W}lastRenderedPageBreak"
        return self._explicit(element)

    def place(self, element: etree._Element) -> int | None:
        """The page ``element`` starts on; breaks after its first text move later blocks."""
        if not self.known:
            return None
        start: int | None = None
        markers = (f"{W}t", f"{W}br", f"{W}lastRenderedPageBreak", f"{W}pageBreakBefore")
        for node in element.iter(*markers):
            if node.tag == f"{W}t" and start is None and node.text:
                start = self.page
            elif self._is_break(node):
                self.page += 1
        return start if start is not None else self.page


class _Reader:
    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.pages = _Pages(document.element.body)
        self.numbering = ListCounters(parse_numbering(_numbering_root(document)))
        self._styles: dict[str | None, _StyleFormat] = {}

    def blocks(self, container: etree._Element) -> Iterator[Block]:
        """Paragraphs and tables of a body or cell, including those in content controls."""
        for child in container.iterchildren(f"{W}p", f"{W}tbl", f"{W}sdt"):
            if child.tag == f"{W}p":
                paragraph = self._paragraph(DocxParagraph(child, self.document._body))
                if paragraph:
                    yield paragraph
                for box in _text_boxes(child):
                    yield from self.blocks(box)
            elif child.tag == f"{W}tbl":
                yield from self._table(DocxTable(child, self.document._body))
            elif (content := child.find(f"{W}sdtContent")) is not None:
                yield from self.blocks(content)

    def _style(self, paragraph: DocxParagraph) -> _StyleFormat:
        style_id = paragraph._p.style
        if style_id not in self._styles:
            self._styles[style_id] = _resolve_style(paragraph.style)
        return self._styles[style_id]

    def _paragraph(self, paragraph: DocxParagraph) -> Paragraph | None:
        page = self.pages.place(paragraph._p)
        style = self._style(paragraph)
        label = self._label(paragraph, style)
        text = nfc(paragraph.text.replace("\n", " "))
        if not text:
            return None
        runs = [run for run in paragraph.runs if run.text.strip()]
        size = next((run.font.size.pt for run in runs if run.font.size), style.size)
        return Paragraph(
            text=text,
            page=page,
            bold=_all_runs(runs, lambda r: r.bold, style.bold),
            italic=_all_runs(runs, lambda r: r.italic, style.italic),
            size=size,
            style=style.name,
            label=label,
            align=_ALIGN.get(paragraph.alignment) or style.align,
        )

    def _label(self, paragraph: DocxParagraph, style: _StyleFormat) -> str | None:
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(f"{W}numPr") if p_pr is not None else None
        num_id = _child_val(num_pr, "numId") or _child_val(style.num_pr, "numId")
        ilvl = _child_val(num_pr, "ilvl") or _child_val(style.num_pr, "ilvl") or "0"
        if num_id is None:
            return None
        return self.numbering.label(num_id, int(ilvl) if ilvl.isdigit() else 0)

    def _table(self, table: DocxTable) -> Iterator[Block]:
        if not _has_borders(table):
            yield from self._layout_cells(table)  # its paragraphs place themselves on pages
            return
        page = self.pages.place(table._tbl)
        rows = [[nfc(cell.text.replace("\n", " ")) for cell in row.cells] for row in table.rows]
        yield Table(rows=rows, page=page)

    def _layout_cells(self, table: DocxTable) -> Iterator[Block]:
        """A borderless table's cells, column by column, each merged cell once."""
        grid = [list(row.cells) for row in table.rows]
        seen: set[int] = set()
        for column in range(max((len(row) for row in grid), default=0)):
            for row in grid:
                if column < len(row) and id(row[column]._tc) not in seen:
                    seen.add(id(row[column]._tc))
                    yield from self.blocks(row[column]._tc)


def _text_boxes(paragraph: etree._Element) -> list[etree._Element]:
    """Text boxes anchored in ``paragraph`` (a header or number line is sometimes drawn in
    one), each once: Word also writes a VML copy under ``mc:Fallback`` for old readers."""
    boxes = []
    for box in paragraph.iter(f"{W}txbxContent"):
        ancestors = list(box.iterancestors())
        nested = any(a.tag == f"{W}txbxContent" for a in ancestors)
        if not nested and not any(a.tag == MC_FALLBACK for a in ancestors):
            boxes.append(box)
    return boxes


def _all_runs(runs: list[Run], get: Callable[[Run], bool | None], style: bool | None) -> bool:
    """True when every visible run is (directly or through the style) in this face."""
    if not runs:
        return bool(style)
    return all(value if (value := get(run)) is not None else bool(style) for run in runs)


def _child_val(element: etree._Element | None, name: str) -> str | None:
    child = element.find(f"{W}{name}") if element is not None else None
    return child.get(f"{W}val") if child is not None else None


def _numbering_root(document: DocxDocument) -> etree._Element | None:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _visible(borders: etree._Element | None) -> bool:
    return borders is not None and any(
        border.get(f"{W}val", "nil") not in _HIDDEN_BORDERS for border in borders
    )


def _has_borders(table: DocxTable) -> bool:
    """Whether the table draws any line (its own, its style's, or a cell's borders)."""
    tbl = table._tbl
    if _visible(tbl.find(f"{W}tblPr/{W}tblBorders")):
        return True
    if any(_visible(borders) for borders in tbl.iter(f"{W}tcBorders")):
        return True
    style = _inherited(table.style, lambda s: s.element.find(f"{W}tblPr/{W}tblBorders"))
    return _visible(style)
