"""The place-date line ("Quận 7, ngày 05 tháng 01 năm 2023") → the issue date.

The day is often handwritten into a blank like the number; it gets the same two-pass digit
reading, and a date is given only when every part of it was read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, takewhile

import numpy as np

from ocr.blank import BlankReading, agrees
from ocr.geometry import Box
from ocr.number import MARK_HEIGHT, band_pieces
from ocr.words import Line, Word
from validator.text import fold

# folded, tolerant of a lost letter: "nay 08 thang 9 nan 2021"
DATE_RE = re.compile(
    r"\bn?g?a[yv]\s*(?P<day>\S*)\s*th?a?ng\s*(?P<month>\S+)\s*n[ae][mn]\s*(?P<year>\d{4})"
)
DATE_LINE_MAX_Y = 0.40  # the place-date line is in the header of page 1
DAY_GROW = 0.6  # a handwritten day rises above the printed line
DAY_SURE_CONF = 85.0  # a day the text pass read this well is printed: no digit pass
NGAY_MAX_WIDTH = 2.3  # "ngày" is at most this many of its heights wide; a wider word has
# swallowed the first handwritten digit ("ngày1" + "5"): the blank alone would read "5"
HAND_RISE = 0.6  # a handwritten digit's top is this many letter heights above the letters',
HAND_HEIGHT = 1.6  # or it is this many letter heights tall (g and y reach about 1.4)
# A phone photo's slanted date line is split in two by the line grouping ("Quận 7, ngày
# tháng" and "02 năm 2021"): where no line matches a date, two lines at most
# JOIN_GAP_HEIGHTS word heights apart side by side (or overlapping) and whose middles are
# at most JOIN_RISE_HEIGHTS apart in height are tried joined. Header columns are further
# apart (``ocr.words.COLUMN_GAP_HEIGHTS``), and lines one above the other further down
JOIN_GAP_HEIGHTS, JOIN_RISE_HEIGHTS = 3.0, 1.0


def _find_word(words: list[Word], keys: tuple[str, ...]) -> Word | None:
    return next((w for w in words if fold(w.text).startswith(keys)), None)


@dataclass
class DateLine:
    """The place-date line as the text pass read it; ``blank`` is the handwritten day's
    box when the text pass read no day digits."""

    box: Box | None = None
    day: str | None = None  # as the text pass read it
    month: str = ""
    year: str = ""
    blank: Box | None = None
    day_sure: bool = False  # printed and read well: the digit pass is not needed


def locate_date(lines: list[Line], grey: np.ndarray) -> DateLine:
    """The first date line of the header, its printed parts and its day blank; a date
    line split in two by a phone photo's slant is found joined (``rejoined``)."""
    header = list(takewhile(lambda line: line.box.y0 <= DATE_LINE_MAX_Y * grey.shape[0], lines))
    for line in chain(header, rejoined(header)):
        match = DATE_RE.search(fold(line.text))
        if not match:
            continue
        found = DateLine(line.box, None, match["month"], match["year"])
        day_conf = _day_conf(line, match["day"])
        if match["day"].isdigit():
            found.day = match["day"]
            found.day_sure = day_conf >= DAY_SURE_CONF
        if not found.day_sure:
            found.blank = _day_box(line, grey)
        return found
    return DateLine()


def rejoined(lines: list[Line]) -> Iterator[Line]:
    """Each two lines near enough side by side (``JOIN_GAP_HEIGHTS``) and in height
    (``JOIN_RISE_HEIGHTS``) to be halves of one slanted line, joined, words left to right
    ("năm" set a little lower than "ngày 11 tháng 4 2023" around it). Made only once no
    single line held a date."""
    for k, first in enumerate(lines):
        size = float(np.median([w.box.height for w in first.words]))
        for then in lines[k + 1 :]:
            gap = max(then.box.x0 - first.box.x1, first.box.x0 - then.box.x1)
            rise = abs(then.box.cy - first.box.cy)
            if gap <= JOIN_GAP_HEIGHTS * size and rise <= JOIN_RISE_HEIGHTS * size:
                yield Line(sorted([*first.words, *then.words], key=lambda w: w.box.x0))


def finish_date(line: DateLine, blank: BlankReading | None) -> dt.date | None:
    """The date when every part of it was read, else None. A day the text pass read
    unsurely counts only when the digit pass agrees with it."""
    day = line.day if line.day_sure else None
    if day is None and blank is not None:
        day = line.day if line.day and agrees(blank, line.day) else blank.digits
    if not (day and line.month.isdigit() and line.year):
        return None
    try:
        return dt.date(int(line.year), int(line.month), int(day))
    except (ValueError, OverflowError):  # "ngày 99999999999999999999": not a date
        return None


def _day_box(line: Line, grey: np.ndarray) -> Box | None:
    ngay, thang = _find_word(line.words, ("ngay", "nay")), _find_word(line.words, ("thang", "than"))
    if ngay is None or thang is None:
        return None
    start = ngay.box.x1
    if len(fold(ngay.text).strip(".,")) > len("ngay") or (
        ngay.box.width > NGAY_MAX_WIDTH * ngay.box.height
    ):
        # a digit glued to "ngày": the blank starts where the printed word ends, or there
        # is no blank (what it would hold is only part of the day)
        end = ngay_end(grey, ngay.box)
        if end is None:
            return None
        start = end
    grow = round(ngay.box.height * DAY_GROW)
    return Box(start + 2, ngay.box.y0 - grow, thang.box.x0 - 2, ngay.box.y1 + grow)


def ngay_end(grey: np.ndarray, box: Box) -> int | None:
    """The x where the printed "ngày" of ``box`` ends, found by its ink: walking right
    from its first letter, the first piece taller than a letter with a descender (g, y),
    or rising well above the letters (diacritics aside), is a handwritten digit. None when
    the word's ink does not show one."""
    band, pieces = band_pieces(grey, box)
    if len(pieces) < 2:
        return None
    x, top, width, height = pieces[0]
    end = x + width
    for px, py, pw, ph in pieces[1:]:
        if ph > HAND_HEIGHT * height or (
            ph >= MARK_HEIGHT * height and py < top - HAND_RISE * height
        ):
            return int(band.x0 + end)
        end = max(end, px + pw)
    return None


def _day_conf(line: Line, day: str) -> float:
    """Confidence of the word(s) the day was read from (0 when it is not a word of its own)."""
    return min((w.conf for w in line.words if day and day in w.text), default=0.0)
