"""The place-date line ("Quận 7, ngày 05 tháng 01 năm 2023") → the issue date.

The day is often handwritten into a blank like the number; it gets the same two-pass digit
reading, and a date is given only when every part of it was read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from ocr.blank import BlankReading, read_blank
from ocr.geometry import Box
from ocr.words import Line, Word
from validator.settings import Settings
from validator.text import fold

# folded, tolerant of a lost letter: "nay 08 thang 9 nan 2021"
DATE_RE = re.compile(
    r"\bn?g?a[yv]\s*(?P<day>\S*)\s*th?a?ng\s*(?P<month>\S+)\s*n[ae][mn]\s*(?P<year>\d{4})"
)
DATE_LINE_MAX_Y = 0.40  # the place-date line is in the header of page 1
DAY_GROW = 0.6  # a handwritten day rises above the printed line


def _find_word(words: list[Word], keys: tuple[str, ...]) -> Word | None:
    return next((w for w in words if fold(w.text).startswith(keys)), None)


@dataclass
class DateLine:
    """The place-date line as the text pass read it; ``blank`` is the handwritten day's
    box when the text pass read no day digits."""

    box: Box | None = None
    day: str | None = None
    month: str = ""
    year: str = ""
    blank: Box | None = None


def read_issue_date(
    lines: list[Line], grey: np.ndarray, settings: Settings
) -> tuple[dt.date | None, Box | None]:
    """The issue date and the box of its line, or (None, box) when a part is unreadable."""
    line = locate_date(lines, grey)
    blank = read_blank(grey, line.blank, settings) if line.blank is not None else None
    return finish_date(line, blank), line.box


def locate_date(lines: list[Line], grey: np.ndarray) -> DateLine:
    """The first date line of the header, its printed parts and its day blank."""
    height = grey.shape[0]
    for line in lines:
        if line.box.y0 > DATE_LINE_MAX_Y * height:
            break
        match = DATE_RE.search(fold(line.text))
        if not match:
            continue
        found = DateLine(line.box, None, match["month"], match["year"])
        if match["day"].isdigit():
            found.day = match["day"]
        else:
            found.blank = _day_box(line)
        return found
    return DateLine()


def finish_date(line: DateLine, blank: BlankReading | None) -> dt.date | None:
    """The date when every part of it was read, else None."""
    day = line.day if line.day else (blank.digits if blank else None)
    if not (day and line.month.isdigit() and line.year):
        return None
    try:
        return dt.date(int(line.year), int(line.month), int(day))
    except (ValueError, OverflowError):  # "ngày 99999999999999999999": not a date
        return None


def _day_box(line: Line) -> Box | None:
    ngay, thang = _find_word(line.words, ("ngay", "nay")), _find_word(line.words, ("thang", "than"))
    if ngay is None or thang is None:
        return None
    grow = round(ngay.box.height * DAY_GROW)
    return Box(ngay.box.x1 + 2, ngay.box.y0 - grow, thang.box.x0 - 2, ngay.box.y1 + grow)
