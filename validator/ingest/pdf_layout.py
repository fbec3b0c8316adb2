"""From a PDF page's characters to lines, and from lines to paragraphs in reading order.

A PDF knows glyphs and positions, not paragraphs. Rules and outline parsing need the
paragraphs back: wrapped lines rejoined, list items kept apart, the Decree 30 header band
(issuer left, motto right on the same lines) read column by column, running page numbers
dropped. Everything here works on one pass over the page's glyphs.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from validator.ingest.pdf_objects import Box, Glyph
from validator.models import Block, Paragraph, Table
from validator.text import nfc

Align = Literal["left", "center", "right", "justify"]

SPACE_GAP = 0.2  # a gap wider than this fraction of the font size is a word space
COLUMN_GAP = 2.0  # a gap wider than this many font sizes separates two columns
# "3.", "3.1." and "3.1" (a sub-heading often has no final dot); not "3.000.000 đồng"
LABEL = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|\d{1,2}(?:\.\d{1,2})+|\d+\)|[a-zđ]\)|[-+•–])\s")
PAGE_NUMBER = re.compile(r"^[-–]?\s*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*[-–]?$", re.I)
MARGIN_ZONE = 0.08  # top and bottom bands of the page where running headers live
ANCHOR_LINES = 3  # an x0 shared by this many lines of a page is a margin or an indent
_BOLD = re.compile(r"bold|semibold|black|heavy|demi", re.I)
_ITALIC = re.compile(r"italic|oblique", re.I)


@dataclass
class Line:
    """A run of characters on one baseline, not interrupted by a column gap."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool


@dataclass
class TextArea:
    """The left and right edges of body text (grows over the pages read so far)."""

    left: float
    right: float

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)

    def widened(self, lines: Iterable[Line]) -> TextArea:
        edges = [(line.x0, line.x1) for line in lines]
        if not edges:
            return self
        left = min(self.left, min(x0 for x0, _ in edges))
        right = max(self.right, max(x1 for _, x1 in edges))
        return TextArea(left, right)


# --------------------------------------------------------------------------- chars → lines


def centre_in(glyph: Glyph, box: Box) -> bool:
    """Whether the centre of ``glyph`` lies in ``box`` (x0, top, x1, bottom)."""
    x0, top, x1, bottom = box
    return x0 <= (glyph.x0 + glyph.x1) / 2 <= x1 and top <= (glyph.top + glyph.bottom) / 2 <= bottom


def rows_of_glyphs(glyphs: Iterable[Glyph], skip: Sequence[Box] = ()) -> list[list[Line]]:
    """Group glyphs (outside the ``skip`` boxes) into rows on one baseline, each row split
    into segments at column gaps."""
    kept = sorted(
        (g for g in glyphs if not any(centre_in(g, box) for box in skip)),
        key=lambda g: (g.bottom, g.x0),
    )
    rows: list[list[Glyph]] = []
    for glyph in kept:
        if rows and glyph.bottom - rows[-1][0].bottom <= 0.3 * glyph.size:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    return [_segments(sorted(row, key=lambda g: g.x0)) for row in rows]


def _segments(row: list[Glyph]) -> list[Line]:
    segments: list[Line] = []
    start = 0
    for i in range(1, len(row)):
        if row[i].x0 - row[i - 1].x1 > COLUMN_GAP * row[i - 1].size:
            segments.append(_line(row[start:i]))
            start = i
    segments.append(_line(row[start:]))
    return segments


def _line(glyphs: list[Glyph]) -> Line:
    parts: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None and glyph.x0 - previous.x1 > SPACE_GAP * previous.size:
            parts.append(" ")
        parts.append(glyph.text)
        previous = glyph
    fonts = [g.fontname for g in glyphs]
    return Line(
        text=nfc("".join(parts)),
        x0=glyphs[0].x0,
        x1=max(g.x1 for g in glyphs),
        top=min(g.top for g in glyphs),
        bottom=max(g.bottom for g in glyphs),
        size=round(statistics.median(g.size for g in glyphs), 1),
        bold=sum(bool(_BOLD.search(f)) for f in fonts) * 2 > len(fonts),
        italic=sum(bool(_ITALIC.search(f)) for f in fonts) * 2 > len(fonts),
    )


def drop_running_lines(
    rows: list[list[Line]], page_height: float, seen_before: set[str]
) -> tuple[list[list[Line]], set[str]]:
    """Remove page numbers and headers/footers repeated from the previous page.

    Returns the kept rows and this page's margin texts (digits masked) for the next page.
    """
    kept: list[list[Line]] = []
    margin_texts: set[str] = set()
    for row in rows:
        in_margin = (
            row[0].bottom < MARGIN_ZONE * page_height
            or row[0].top > (1 - MARGIN_ZONE) * page_height
        )
        if not in_margin:
            kept.append(row)
            continue
        key = re.sub(r"\d+", "#", " ".join(line.text for line in row))
        margin_texts.add(key)
        if (len(row) == 1 and PAGE_NUMBER.match(row[0].text)) or key in seen_before:
            continue
        kept.append(row)
    return kept, margin_texts


# --------------------------------------------------------------------------- lines → paragraphs


def line_align(line: Line, left: float, right: float, anchored: bool = False) -> Align:
    """Centred, right-aligned, or body text ("left") within the column ``left``–``right``.

    An ``anchored`` line starts where many lines of the page start (the margin or the
    first-line indent): it is body text even when its length happens to centre it.
    """
    width = max(right - left, 1.0)
    indent, slack = line.x0 - left, right - line.x1
    if not anchored and indent > 0.04 * width and abs(indent - slack) < 0.015 * width:
        return "center"
    if slack < 0.03 * width and indent > 0.3 * width:
        return "right"
    return "left"


@dataclass
class _Open:
    """The paragraph being assembled from lines."""

    lines: list[Line]
    page: int
    align: Align


@dataclass
class ParagraphBuilder:
    """Rejoins wrapped lines into paragraphs across lines, pages and column bands.

    A new paragraph starts at a numbering label, a gap wider than 1.5 line pitches, a change
    of bold, size or alignment, a line indented past the previous one, or after a line that
    stopped short of the right margin.
    """

    blocks: list[Block] = field(default_factory=list)
    area: TextArea = field(default_factory=lambda: TextArea(math.inf, -math.inf))
    page_width: float = 1.0
    _open: _Open | None = None
    _pitch: float = 1.2  # baseline distance / font size of this page's body text
    _anchors: set[int] = field(default_factory=set)  # x0 where many lines of the page start

    def start_page(self, rows: Sequence[Sequence[Line]], page_width: float) -> None:
        """Learn the page's text edges, left anchors and line pitch before its lines arrive."""
        body = [row[0] for row in rows if len(row) == 1]
        self.area = self.area.widened(body)
        self.page_width = page_width
        starts = Counter(round(line.x0) for line in body)
        self._anchors = {x for x, count in starts.items() if count >= ANCHOR_LINES}
        ratios = [
            (b.bottom - a.bottom) / a.size
            for a, b in itertools.pairwise(body)
            if 0.8 < (b.bottom - a.bottom) / a.size < 3
        ]
        self._pitch = statistics.median(ratios) if ratios else 1.2

    def align(self, line: Line) -> Align:
        """How ``line`` sits in the body text area of the page."""
        anchored = any(abs(line.x0 - x) <= 1 for x in self._anchors)
        return line_align(line, self.area.left, self.area.right, anchored)

    def add_line(self, line: Line, page: int) -> None:
        align = self.align(line)
        current = self._open
        if current and self._continues(current, line, page, align):
            current.lines.append(line)
            return
        self.flush()
        self._open = _Open([line], page, align)

    def add_column(self, lines: Sequence[Line], page: int) -> None:
        """The lines of one band column (header, signature): each a paragraph of its own."""
        self.flush()
        for line, align in zip(lines, column_aligns(lines), strict=True):
            self.blocks.append(self._paragraph([line], page, align))

    def add_block(self, block: Block) -> None:
        self.flush()
        previous = self.blocks[-1] if self.blocks else None
        if (
            isinstance(block, Table)
            and isinstance(previous, Table)
            and _split_by_page_break(previous, block)
        ):
            repeated_header = block.rows[:1] == previous.rows[:1]
            previous.rows.extend(block.rows[1:] if repeated_header else block.rows)
            return
        self.blocks.append(block)

    def flush(self) -> None:
        """Close the paragraph being assembled (at a table, a band, the end)."""
        if self._open:
            current, self._open = self._open, None
            self.blocks.append(self._paragraph(current.lines, current.page, current.align))

    def _continues(self, current: _Open, line: Line, page: int, align: Align) -> bool:
        last, area = current.lines[-1], self.area
        hanging = len(current.lines) == 1 and bool(LABEL.match(last.text))
        # a bold phrase wrapped onto its own line continues a justified sentence
        reached_margin = last.x1 > area.right - 0.02 * area.width
        breaks = (
            bool(LABEL.match(line.text))
            or (page == current.page and line.bottom - last.bottom > 1.5 * self._pitch * last.size)
            or abs(line.size - last.size) > 0.5
            or (line.bold != last.bold and not reached_margin)
            or align != current.align
            or last.x1 < area.right - 0.12 * area.width
            or (line.x0 > last.x0 + 0.8 * last.size and not hanging)
        )
        return not breaks

    def _paragraph(self, lines: list[Line], page: int, align: Align) -> Paragraph:
        first = lines[0]
        if align == "left" and len(lines) > 1:
            flush_right = self.area.right - first.x1 < 0.02 * self.area.width
            align = "justify" if flush_right else "left"
        return Paragraph(
            text=nfc(" ".join(line.text for line in lines)),
            page=page,
            bold=first.bold,
            italic=all(line.italic for line in lines),
            size=first.size,
            align=align,
            x0=round(first.x0 / self.page_width, 4),
        )


def _split_by_page_break(previous: Table, table: Table) -> bool:
    """A table that opens a page right after one that closed the previous page, with the
    same columns, is the same table split by the page break."""
    width = max(map(len, previous.rows), default=0)
    return (
        previous.page is not None
        and table.page == previous.page + 1
        and width == max(map(len, table.rows), default=-1)
    )


def column_aligns(lines: Sequence[Line]) -> list[Align]:
    """Centred where most of the column's lines share a midpoint, else left.

    A band column has no known edges (only the gap between the columns), so centring is
    judged among its own lines, as a reader's eye does.
    """
    if len(lines) < 2:
        return ["left"] * len(lines)
    middle = statistics.median((line.x0 + line.x1) / 2 for line in lines)
    centred = [abs((line.x0 + line.x1) / 2 - middle) < 0.3 * line.size for line in lines]
    if sum(centred) * 5 < len(lines) * 3:
        return ["left"] * len(lines)
    return ["center" if c else "left" for c in centred]


def merge_row(lines: Sequence[Line]) -> Line:
    """Segments of one row on one side of a band as one line ("Số:  …  /TB-UBND", where a
    blank was left for a handwritten number)."""
    if len(lines) == 1:
        return lines[0]
    return Line(
        text=nfc(" ".join(line.text for line in lines)),
        x0=lines[0].x0,
        x1=lines[-1].x1,
        top=min(line.top for line in lines),
        bottom=max(line.bottom for line in lines),
        size=lines[0].size,
        bold=all(line.bold for line in lines),
        italic=all(line.italic for line in lines),
    )


class ColumnBand:
    """Consecutive rows laid out in two columns (Decree 30 header, signature block).

    The columns are read one after the other, left first, as a reader does. The band holds
    while rows stay close below each other and have two columns, or one line that keeps
    clear of the other column's edge.
    """

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.left: list[Line] = []
        self.right: list[Line] = []
        self.left_edge = -math.inf  # rightmost end of the left column's lines
        self.right_edge = math.inf  # leftmost start of the right column's lines
        self.bottom = 0.0

    def start(self, row: Sequence[Line]) -> None:
        """Open a band at a row of several segments, split at its widest gap."""
        gap = max(range(1, len(row)), key=lambda i: row[i].x0 - row[i - 1].x1)
        self._append(self.left, row[:gap])
        self._append(self.right, row[gap:])
        self.bottom = max(line.bottom for line in row)

    def takes(self, row: Sequence[Line], builder: ParagraphBuilder) -> bool:
        """Whether ``row`` continues the band; a line centred on the page (the title under
        the header) does not, even where it falls within a column's width."""
        if not (self.left and self.right) or row[0].bottom - self.bottom > 2.5 * row[0].size:
            return False
        if len(row) > 1:
            return True
        line = row[0]
        if builder.align(line) == "center":
            return False
        return line.x1 < self.right_edge or line.x0 > self.left_edge

    def add(self, row: Sequence[Line]) -> None:
        sides = [self._is_left(line) for line in row]
        self._append(self.left, [line for line, left in zip(row, sides, strict=True) if left])
        self._append(self.right, [line for line, left in zip(row, sides, strict=True) if not left])
        self.bottom = max(line.bottom for line in row)

    def close(self, builder: ParagraphBuilder, page: int) -> None:
        """Hand both columns to ``builder`` and start over empty."""
        if self.left or self.right:
            builder.add_column(self.left, page)
            builder.add_column(self.right, page)
        self._reset()

    def _is_left(self, line: Line) -> bool:
        clear_of_right, clear_of_left = line.x1 < self.right_edge, line.x0 > self.left_edge
        if clear_of_right != clear_of_left:
            return clear_of_right
        return (line.x0 + line.x1) / 2 < (self.left_edge + self.right_edge) / 2

    def _append(self, column: list[Line], segments: Sequence[Line]) -> None:
        if not segments:
            return
        line = merge_row(segments)
        column.append(line)
        if column is self.left:
            self.left_edge = max(self.left_edge, line.x1)
        else:
            self.right_edge = min(self.right_edge, line.x0)
