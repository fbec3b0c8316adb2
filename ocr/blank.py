"""Reading the digits a clerk writes (or a signing service stamps) into a printed blank:
``Số: __ /CT-UBND`` and ``ngày __ tháng …``.

Plain OCR misreads handwriting, so the blank's crop gets a digit-only single-line pass at
three scales. Only an answer the passes agree on is trusted: a confident wrong number is the worst
outcome, so disagreement means "unreadable".
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.geometry import Box
from ocr.preprocess import INK_THRESHOLD, binarise
from ocr.tesseract import DIGITS, PSM_LINE, ocr_words
from validator.settings import Settings

BLANK_HEIGHTS_PX = (24, 32, 40)  # the ink is read at these heights ...
BLANK_MIN_AGREE = 2  # ... at least this many read digits, and no two read different digits
BLANK_PAD_PX = 10  # white border: tesseract needs paper around a lone word
BLANK_MIN_INK = 0.004  # fraction of dark pixels below which the blank is empty
MAX_DIGITS = 5  # document numbers restart every year: five digits is already generous


@dataclass
class BlankReading:
    digits: str | None  # None: nothing both passes agree on
    conf: float  # 0..100, mean over the scales that read digits
    has_ink: bool  # something is written in the blank


def ink_fraction(grey: np.ndarray, box: Box) -> float:
    crop = grey[box.y0 : box.y1, box.x0 : box.x1]
    if crop.size == 0:
        return 0.0
    return float((crop < INK_THRESHOLD).mean())


def _ink_bounds(crop: np.ndarray) -> np.ndarray:
    """The crop tightened to its ink, so digits of any size come out at the target height."""
    ys, xs = np.nonzero(crop < INK_THRESHOLD)
    if ys.size == 0:
        return crop
    return crop[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def _prepare_crop(grey: np.ndarray, box: Box, height: int) -> np.ndarray:
    crop = _ink_bounds(grey[box.y0 : box.y1, box.x0 : box.x1])
    factor = height / max(1, crop.shape[0])
    interp = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
    crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=interp)
    crop = binarise(crop)
    return cv2.copyMakeBorder(
        crop, BLANK_PAD_PX, BLANK_PAD_PX, BLANK_PAD_PX, BLANK_PAD_PX, cv2.BORDER_CONSTANT, value=255
    )


def _digit_pass(image: np.ndarray, settings: Settings) -> tuple[str, float]:
    words = ocr_words(image, settings, psm=PSM_LINE, whitelist=DIGITS)
    digits = "".join(ch for w in words for ch in w.text if ch.isdigit())
    conf = min((w.conf for w in words), default=0.0)
    return digits, conf


def read_blank(
    grey: np.ndarray, box: Box, settings: Settings, expect: str | None = None
) -> BlankReading:
    """Digits in ``box`` of the grey page, trusted only when the scales agree. Scales are
    read one by one and the reading stops as soon as two readings agree: two scales, or one
    scale and ``expect`` (what the text pass read), since every call costs time."""
    box = box.clip(grey.shape[1], grey.shape[0])
    if box.width < 4 or box.height < 4:
        return BlankReading(None, 0.0, False)
    if ink_fraction(grey, box) < BLANK_MIN_INK:
        return BlankReading(None, 0.0, False)
    read: list[tuple[str, float]] = []
    for height in BLANK_HEIGHTS_PX:
        text, conf = _digit_pass(_prepare_crop(grey, box, height), settings)
        if not text:
            continue
        if text == expect:
            return BlankReading(text, conf, True)
        read.append((text, conf))
        if len(read) >= BLANK_MIN_AGREE and len({t for t, _ in read}) == 1:
            break
    texts = {text for text, _ in read}
    conf = sum(c for _, c in read) / len(read) if read else 0.0
    if len(read) < BLANK_MIN_AGREE or len(texts) != 1 or len(read[0][0]) > MAX_DIGITS:
        return BlankReading(None, conf, True)
    return BlankReading(read[0][0], conf, True)
