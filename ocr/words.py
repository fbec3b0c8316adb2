"""Words with boxes and confidences, and their grouping into visual lines.

Both OCR output and a PDF text layer become ``Word`` lists, so the number line and the
signature block are found the same way on scans and on born-digital files. Lines are built
here rather than taken from tesseract, so that the two columns of a Decree 30 header (issuer
left, motto right) stay apart even when tesseract puts them on one line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocr.geometry import Box, union_all

SAME_LINE_OVERLAP = 0.5  # vertical overlap (of the smaller height) for two words to share a line
# a box this many times the words' median height, and narrower than it, is an upright
# stroke, no text (a phone photo's page edge read as "|"): it overlaps two lines at once,
# so it links no word into its line (a tall scrawl glued to the code still does)
STROKE_HEIGHTS = 2.0
# a box narrower than this share of the words' median height is a sliver, no letter (the
# stem of a printed "l" or "1" is about a seventh of it): a phone photo's page edge read as
# "|" or "ñ" beside each line. Line-high, it linked rows one after another, and a photo's
# whole header, tilted a little, became one line whose "Số:" no longer opened it
SLIVER_SHARE = 0.1
# a horizontal gap wider than this many word heights splits a line (an empty "Số:" blank is ~3)
COLUMN_GAP_HEIGHTS = 4.0


@dataclass(frozen=True)
class Word:
    text: str
    conf: float  # 0..100, as tesseract reports; 100 for a text layer
    box: Box


@dataclass
class Line:
    words: list[Word]

    @property
    def box(self) -> Box:
        return union_all([w.box for w in self.words])

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def conf(self) -> float:
        """Mean word confidence, 0..100."""
        return sum(w.conf for w in self.words) / len(self.words)


def group_lines(words: list[Word], column_gap: float = COLUMN_GAP_HEIGHTS) -> list[Line]:
    """Words into lines, top to bottom, each line left to right, split at gaps wider than
    ``column_gap`` word heights. A word joins the row whose last three words it overlaps
    enough one of, unless that one is an upright stroke (``STROKE_HEIGHTS``) or a sliver
    (``SLIVER_SHARE``)."""
    rows: list[list[Word]] = []
    median = _median_height(words)
    for word in sorted(words, key=lambda w: (w.box.cy, w.box.x0)):
        for row in rows:
            if any(_links(w, word, median) for w in row[-3:]):
                row.append(word)
                break
        else:
            rows.append([word])
    lines: list[Line] = []
    for row in rows:
        lines.extend(_split_columns(sorted(row, key=lambda w: w.box.x0), column_gap))
    return sorted(lines, key=lambda line: (line.box.y0, line.box.x0))


def _links(member: Word, word: Word, median_height: float) -> bool:
    """``word`` shares the line of ``member``, a word already in a row."""
    box = member.box
    stroke = box.height > STROKE_HEIGHTS * median_height and box.width < median_height
    sliver = box.width < SLIVER_SHARE * median_height
    return not (stroke or sliver) and box.vertical_overlap(word.box) >= SAME_LINE_OVERLAP


def _median_height(words: list[Word]) -> float:
    heights = sorted(w.box.height for w in words)
    return float(heights[len(heights) // 2]) if heights else 0.0


def _split_columns(row: list[Word], column_gap: float) -> list[Line]:
    height = _median_height(row)
    out: list[list[Word]] = [[row[0]]]
    for word in row[1:]:
        if word.box.x0 - out[-1][-1].box.x1 > column_gap * height:
            out.append([word])
        else:
            out[-1].append(word)
    return [Line(words) for words in out]
