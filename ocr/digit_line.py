"""A third reader of the digits written into a blank: the whole blank read as one line,
never cut into digits.

``ocr.digits`` cuts the ink into digits and names each; where two digits touch it must
guess where one ends, and where it is unsure of one digit it is unsure of the number.
This reader sees the number whole, as tesseract does, but was trained on handwriting:
a small convolutional network slides along the line and says, column by column, which
digit (or none) it sees, and the columns are read off as connectionist temporal
classification (CTC) reads them (Graves et al., 2006): repeats merged, "none" dropped.
It was trained on numbers composed from the same handwriting as ``ocr.digits`` (MNIST
writers and handwriting fonts, never the evidence generator's strokes; see
``ocr/train_digit_line.py``); the weights are ``ocr/data/digit_line.npz``.

Having seen only digits, it names a scrawl as digits too. So its reading is taken as
the same number read a few ways (``views``: slanted either way, the pen thicker, the
ink at half the resolution): a digit seen only in one exact drawing changes from view
to view, and the reading's confidence averages over the views, counting a view that
read otherwise as 0. ``ocr.blank`` takes its number only where another recogniser read
it too, whole (``ocr.digits``, or the tesseract heights) or in part (some heights read
some of its digits, and it is sure): recognisers that fail differently.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np

from ocr.digits import even_pen, tight
from ocr.netops import convolve, max_pool, relu, softmax

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).with_name("data") / "digit_line.npz"
HEIGHT = 32  # the line image's height, in which ...
DIGIT_HEIGHT = 24  # ... the ink is fitted this tall, centred
PAD_X = 4  # paper left and right of the ink
MAX_WIDTH = 160  # a wider line is no number of at most five digits: not read
STEP = 4  # image columns per output column (two 2x2 poolings)
NONE = 10  # the output class "no digit here" (CTC's blank)
VIEW_SLANT = 0.2  # the views' slant either way, as x moved per row
# each convolution: (its index in the trained model, padding, pooling after it or None)
LAYERS = (
    ("0", (1, 1), (2, 2)),
    ("3", (1, 1), (2, 2)),
    ("6", (1, 1), (2, 1)),
    ("9", (0, 0), None),  # (4, 1) kernels: the remaining four rows become one
    ("12", (0, 2), None),  # five output columns wide: each column sees its neighbours
)
OUTPUT_LAYER = "14"


@dataclass(frozen=True)
class LineReading:
    text: str  # the digits read, left to right ("" for none)
    confidence: float  # 0..1: the least sure digit, averaged over the views (0 if other)


def read_line(ink: np.ndarray) -> LineReading | None:
    """The digits in ``ink`` (a boolean mask of the blank, True where ink) read as one
    line, or None when there is no ink, the ink is too wide to be a number, or the
    network is missing."""
    if not ink.any() or _weights() is None:
        return None
    readings = [_read_view(view) for view in views(ink)]
    if readings[0] is None:
        return None
    text = readings[0][0]
    agreeing = [reading[1] for reading in readings if reading is not None and reading[0] == text]
    return LineReading(text, round(sum(agreeing) / len(readings), 4))


def views(ink: np.ndarray) -> Iterator[np.ndarray]:
    """The ink as drawn, then slanted either way, with a thicker pen, at half resolution."""
    yield ink
    yield _slanted(ink, VIEW_SLANT)
    yield _slanted(ink, -VIEW_SLANT)
    yield cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    half = cv2.resize(ink.astype(np.uint8), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    yield half.astype(bool)


def _slanted(ink: np.ndarray, slant: float) -> np.ndarray:
    h = ink.shape[0]
    pad = int(abs(slant) * h) + 2
    wide = np.pad(ink.astype(np.uint8), ((0, 0), (pad, pad)))
    shear = np.array([[1, slant, -slant * h / 2], [0, 1, 0]], np.float32)
    return cv2.warpAffine(wide, shear, (wide.shape[1], h), flags=cv2.INTER_NEAREST).astype(bool)


def _read_view(ink: np.ndarray) -> tuple[str, float] | None:
    line = to_line(ink)
    if line is None:
        return None
    return decode(column_probabilities(line))


def to_line(ink: np.ndarray) -> np.ndarray | None:
    """The ink as the network reads it: cropped to the ink, its pen evened out as
    ``ocr.digits`` does, fitted ``DIGIT_HEIGHT`` tall into a ``HEIGHT`` line with paper
    around, width a multiple of ``STEP``; ink 1.0. None without ink, or wider than
    ``MAX_WIDTH``."""
    if not ink.any():  # the half-resolution view of a fine pen may keep none
        return None
    mask = tight(ink.astype(np.uint8))
    evened = tight(even_pen(mask, DIGIT_HEIGHT / mask.shape[0]))  # never inkless
    width = max(1, round(evened.shape[1] * DIGIT_HEIGHT / evened.shape[0]))
    if width + 2 * PAD_X > MAX_WIDTH:
        return None
    size = (width, DIGIT_HEIGHT)
    small = cv2.resize(evened.astype(np.float32), size, interpolation=cv2.INTER_AREA)
    padded_width = -(-(width + 2 * PAD_X) // STEP) * STEP
    line = np.zeros((HEIGHT, padded_width), np.float32)
    top = (HEIGHT - DIGIT_HEIGHT) // 2
    line[top : top + DIGIT_HEIGHT, PAD_X : PAD_X + width] = small
    return line


def column_probabilities(
    line: np.ndarray, weights: dict[str, np.ndarray] | None = None
) -> np.ndarray:
    """(columns, 11): for each output column, how likely each digit (0-9) or none is.
    ``weights``: the installed reader's by default (another's while training one)."""
    weights = weights or _loaded()
    x = line[None, None].astype(np.float32)
    for name, pad, pool in LAYERS:
        x = relu(convolve(x, weights[f"{name}.weight"], weights[f"{name}.bias"], pad))
        if pool is not None:
            x = max_pool(x, *pool)
    out = convolve(x, weights[f"{OUTPUT_LAYER}.weight"], weights[f"{OUTPUT_LAYER}.bias"], (0, 0))
    return softmax(out[0, :, 0, :].T, axis=1)


def decode(columns: np.ndarray) -> tuple[str, float]:
    """The columns read off as CTC does (the likeliest class per column; repeats merged,
    "none" dropped), and the least sure digit's probability (1.0 for no digit): a
    digit's probability is its surest column's."""
    best = columns.argmax(axis=1)
    digits: list[str] = []
    sure: list[float] = []
    previous = NONE
    for column, label in enumerate(best):
        if label != NONE and label == previous:
            sure[-1] = max(sure[-1], float(columns[column, label]))
        elif label != NONE:
            digits.append(str(label))
            sure.append(float(columns[column, label]))
        previous = label
    return "".join(digits), min(sure, default=1.0)


@cache
def _weights() -> dict[str, np.ndarray] | None:
    """The weights, or None (logged once) when the file is missing or damaged: blanks
    are then read without this reader, as before it."""
    try:
        with np.load(MODEL_PATH) as data:
            weights = {key: data[key] for key in data.files}
    except (OSError, ValueError) as exc:
        log.error("digit line network %s unusable (%s): blanks read without it", MODEL_PATH, exc)
        return None
    names = [name for name, _, _ in LAYERS] + [OUTPUT_LAYER]
    if any(f"{name}.{part}" not in weights for name in names for part in ("weight", "bias")):
        log.error("digit line network %s lacks layers: blanks read without it", MODEL_PATH)
        return None
    return weights


def _loaded() -> dict[str, np.ndarray]:
    weights = _weights()
    if weights is None:
        raise RuntimeError(f"{MODEL_PATH}: no digit line network")
    return weights
