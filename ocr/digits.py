"""A recogniser for the handwritten digits in a printed blank (``Số: 45 /KH-…``).

Tesseract's models are trained on print; on pen digits they read about one number in three.
Here each digit is cut out (connected ink, pieces of one digit merged), normalised as the
MNIST digits were (fitted into 20x20 pixels, centred by its centre of mass in 28x28, slant
removed) and classified by a small convolutional network trained on real handwriting
(MNIST and handwriting fonts, see ``ocr/train_digits.py``; the weights are
``ocr/data/digits.npz``). A convolutional network sees strokes where they join (the closed
top of a 4 against the loop of a 9), which a network on bare pixels mixed up. Inference
is NumPy, done for the digit as cut and for a few slightly turned and shifted copies,
whose probabilities are averaged.

Two digits run together into one piece are cut apart where they touch; such a reading
says so (``split``), being one recogniser's guess at where one digit ends, which the caller
takes only where tesseract reads the same. A blank whose ink cannot be cut into
digit-shaped pieces (a scrawl, a digit cut by the blank's edge) or carries more ink than
digits do is not read at all: the caller then relies on tesseract alone, and says
"unreadable" rather than guessing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np

from ocr.netops import convolve, max_pool, relu, softmax

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).with_name("data") / "digits.npz"
SIDE = 28  # MNIST's image side ...
FIT = 20  # ... and the box its digits are fitted into
MERGE_OVERLAP = 0.5  # ink pieces overlapping this much of the narrower one's width: one digit
MIN_PIECE_HEIGHT = 0.5  # a piece lower than this share of the tallest: a speck, or a stroke
# broken off a digit by noise (a 1 is as tall as the number's other digits) ...
FRAGMENT_MIN_HEIGHT = 0.2  # ... which, at least this high, rejoins the digit it lies against
FRAGMENT_REACH_PX = 2  # (overlapping it, or this close beside it): a fine pen's loop broken
# by noise is no speck, and the digit without it is another (a 9 without its loop's left: a 3)
MAX_ASPECT = 1.15  # a "digit" wider than tall by more than this is several, or a scrawl
# a piece this much wider than the blank's other digits (1s aside, being narrow by nature)
# is two digits touching ("54" in 546), which the network would read as one
MAX_WIDTH_RATIO = 1.6
NARROW_ASPECT = 0.4  # a piece narrower than this share of its height, slant removed: a 1
MAX_DIGITS = 5  # as ocr.blank: a document number has no more
# (degrees, dx, dy): the views of each digit the network's probabilities are averaged over
VIEWS = ((-6.0, 0, 0), (6.0, 0, 0), (0.0, 1, 0), (0.0, -1, 0), (0.0, 0, 1), (0.0, 0, -1))
EDGE_PX = 1  # ink this close to the blank's right edge runs on past it
# a piece at most this share of the tallest piece high, and this many times as long: a rule
RULE_MAX_HEIGHT, RULE_MIN_WIDTH = 0.2, 1.5
LONE_MAX_ASPECT = 0.85  # a blank's only piece, slant removed, this much wider than tall: two
# Two digits run together are cut apart somewhere in this middle share of their width, by
# an upright line crossing at most this many pen widths of ink (where they touch)
SPLIT_RANGE = (0.3, 0.7)
SPLIT_MAX_CROSSING = 2.0
CONV_LAYERS, DENSE_LAYERS = 2, 2  # the network's shape (``_Network``)
PEN_PX = 2.4  # stroke width in the 28x28 image, about MNIST's: every pen is brought to it


Span = tuple[int, int, int, int]  # x0, x1, y0, y1 of a digit in the blank
Piece = tuple[Span, np.ndarray]  # and its ink, cropped to the span


@dataclass(frozen=True)
class DigitsReading:
    text: str
    probabilities: tuple[float, ...]  # of each digit's chosen class, left to right
    spans: tuple[Span, ...] = ()  # where each digit is in the blank
    split: bool = False  # two of the digits ran together and were cut apart here

    @property
    def confidence(self) -> float:
        """0..1: the least sure digit decides, since one wrong digit makes a wrong number."""
        return min(self.probabilities, default=0.0)


def read_digits(ink: np.ndarray) -> DigitsReading | None:
    """The digits written in ``ink`` (a boolean mask of the blank, True where ink), or None
    when the ink does not split into digit-shaped pieces or is too heavy to be digits."""
    found = glyphs(ink)
    if not found or _network() is None:
        return None
    pieces, split = found
    images = np.stack([to_mnist(mask) for _, mask in pieces])
    probabilities = classify(images)
    best = probabilities.argmax(axis=1)
    if too_much_ink(images, best):
        return None
    return DigitsReading(
        "".join(str(d) for d in best),
        tuple(round(float(p[d]), 4) for p, d in zip(probabilities, best, strict=True)),
        tuple(span for span, _ in pieces),
        split,
    )


def glyphs(ink: np.ndarray) -> tuple[list[Piece], bool] | None:
    """The blank's ink cut into digits, left to right: connected pieces, merged where they
    stand over each other (the bar of a 5, a broken stroke) or a stroke lies against a
    digit (``_rejoin``); specks dropped. A piece two digits wide is cut in two where they
    touch (``split_pair``); the flag says so."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    spans = sorted(
        [int(x), int(x + w), int(y), int(y + h), [label]]
        for label, (x, y, w, h, _area) in enumerate(stats[1:count], start=1)
    )
    merged: list[list] = []
    for span in spans:
        if merged and _overlap(merged[-1], span) >= MERGE_OVERLAP:
            last = merged[-1]
            last[:4] = [min(last[0], span[0]), max(last[1], span[1]),
                        min(last[2], span[2]), max(last[3], span[3])]  # fmt: skip
            last[4].extend(span[4])
        else:
            merged.append(span)
    tallest = max((s[3] - s[2] for s in merged), default=0)
    digits = [s for s in merged if s[3] - s[2] >= MIN_PIECE_HEIGHT * tallest]
    for fragment in merged:
        low = fragment[3] - fragment[2]
        if FRAGMENT_MIN_HEIGHT * tallest <= low < MIN_PIECE_HEIGHT * tallest:
            _rejoin(fragment, digits)
    if not digits or len(digits) > MAX_DIGITS:
        return None
    if digits[-1][1] >= ink.shape[1] - EDGE_PX:
        return None  # cut by the blank's edge: the printed slash, or a digit half outside
    if any(s[2] < EDGE_PX or s[3] > ink.shape[0] - EDGE_PX for s in digits):
        return None  # reaching the blank's top or bottom: a scrawl, or a line's ink
    pieces = [
        ((x0, x1, y0, y1), np.isin(labels[y0:y1, x0:x1], lab)) for x0, x1, y0, y1, lab in digits
    ]
    wide = run_together(pieces)
    if wide is None:
        return pieces, False
    halves = split_pair(pieces[wide])
    if halves is None:
        return None
    pieces[wide : wide + 1] = halves
    if len(pieces) > MAX_DIGITS or run_together(pieces) is not None:
        return None  # more than one pair run together, or a scrawl
    return pieces, True


def _rejoin(fragment: list, digits: list[list]) -> None:
    """Merge a stroke broken off a digit back into the digit it lies against: the one it
    overlaps most, or lies nearest beside within ``FRAGMENT_REACH_PX``, standing within
    its height. One that lies against none is left out, as a speck is."""
    x0, x1, y0, y1, labels = fragment
    near = [
        (min(x1, d[1]) - max(x0, d[0]), d)
        for d in digits
        if y0 >= d[2] - FRAGMENT_REACH_PX and y1 <= d[3] + FRAGMENT_REACH_PX
    ]
    near = [(shared, d) for shared, d in near if shared >= -FRAGMENT_REACH_PX]
    if not near:
        return
    host = max(near, key=lambda pair: pair[0])[1]
    host[:4] = [min(host[0], x0), max(host[1], x1), min(host[2], y0), max(host[3], y1)]
    host[4].extend(labels)


def run_together(pieces: list[Piece]) -> int | None:
    """The piece that is two digits run together, or None: wider than tall, much wider
    than the blank's other digits (``_touching``), or, alone, wide even upright ("84"
    as one blot)."""
    for i, ((x0, x1, y0, y1), _) in enumerate(pieces):
        if x1 - x0 > MAX_ASPECT * (y1 - y0):
            return i
    if len(pieces) == 1 and upright_aspect(pieces[0][1]) > LONE_MAX_ASPECT:
        return 0
    return _touching(pieces)


def split_pair(piece: Piece) -> list[Piece] | None:
    """Two digits run together, cut apart where the fewest ink crosses an upright line
    (slant removed) in the middle of the piece: where they touch. None when every such
    cut crosses more than ``SPLIT_MAX_CROSSING`` strokes (a scrawl, or one wide digit),
    or leaves a part too low to be a digit."""
    (x0, _, y0, _), mask = piece
    ys, xs = np.nonzero(mask)
    upright = _upright_x(ys, xs)
    low, width = float(upright.min()), float(np.ptp(upright))
    cuts = np.arange(low + SPLIT_RANGE[0] * width, low + SPLIT_RANGE[1] * width + 1)
    crossing = [int((np.abs(upright - cut) < 0.5).sum()) for cut in cuts]
    centre = low + width / 2
    best = min(range(len(cuts)), key=lambda k: (crossing[k], abs(cuts[k] - centre)))
    if crossing[best] > SPLIT_MAX_CROSSING * (pen_width(mask.astype(np.uint8)) or 0.0):
        return None
    halves = []
    for side in (upright < cuts[best], upright >= cuts[best]):
        hy, hx = ys[side], xs[side]
        if hy.size == 0 or np.ptp(hy) + 1 < MIN_PIECE_HEIGHT * mask.shape[0]:
            return None
        half = np.zeros((np.ptp(hy) + 1, np.ptp(hx) + 1), bool)
        half[hy - hy.min(), hx - hx.min()] = True
        span = (
            x0 + int(hx.min()),
            x0 + int(hx.max()) + 1,
            y0 + int(hy.min()),
            y0 + int(hy.max()) + 1,
        )
        halves.append((span, half))
    return halves


def upright_aspect(mask: np.ndarray) -> float:
    """Width over height of a piece once its slant is removed: a slanted digit is wide
    only in its box; two digits run together are wide either way."""
    ys, xs = np.nonzero(mask)
    if ys.size < 2:
        return 0.0
    upright = _upright_x(ys, xs)
    return float(upright.max() - upright.min() + 1) / float(ys.max() - ys.min() + 1)


def _upright_x(ys: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """The x of each ink pixel once the ink's slant (x moved per row down, by least
    squares) is taken out about its middle row."""
    dy = ys - ys.mean()
    slant = float((dy * (xs - xs.mean())).sum() / max(float((dy * dy).sum()), 1e-6))
    return xs - slant * dy


def rule_pixels(ink: np.ndarray, digit_height: float = 0.0) -> np.ndarray:
    """The pixels of ``ink`` (a boolean mask of a blank) that belong to printed rule lines:
    the line under the issuer's name reaches into a blank grown upwards for tall
    handwriting, and merges into the digit below it (a 0 read as a 7). A rule is thin and
    longer than any digit is tall; the bar of a 5 or a 7 is no longer than its digit is
    wide. ``digit_height``: how tall a digit would be, for a blank that may hold none
    (then the rule is the tallest ink there is)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    widths, heights = stats[1:count, cv2.CC_STAT_WIDTH], stats[1:count, cv2.CC_STAT_HEIGHT]
    tallest = max(float(heights.max(initial=0)), digit_height)
    thin_and_long = (heights <= RULE_MAX_HEIGHT * tallest) & (widths >= RULE_MIN_WIDTH * tallest)
    return np.isin(labels, np.flatnonzero(thin_and_long) + 1)


def _touching(pieces: list[Piece]) -> int | None:
    """The piece much wider than the blank's other digits that are not 1s. A 1 is told
    by its slant-free width: a clerk's 1 with its up-stroke is as wide in its box as a
    narrow 0, and a 0 beside it is no pair of digits touching."""
    widths = [x1 - x0 for (x0, x1, _, _), _ in pieces]
    not_ones = [i for i, (_, mask) in enumerate(pieces) if upright_aspect(mask) >= NARROW_ASPECT]
    for i, width in enumerate(widths):
        others = [widths[j] for j in not_ones if j != i]
        if others and width > MAX_WIDTH_RATIO * float(np.median(others)):
            return i
    return None


def _overlap(a: list, b: list) -> float:
    """Horizontal overlap of two pieces as a share of the narrower one's width."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared / max(1, min(a[1] - a[0], b[1] - b[0]))


def to_mnist(mask: np.ndarray) -> np.ndarray:
    """A digit's ink as MNIST shows digits: 28x28, ink 1.0, fitted into 20x20 with its
    proportions kept, centred by its centre of mass, its slant removed."""
    ink = tight(even_pen(mask.astype(np.uint8), FIT / max(mask.shape))).astype(np.float32)
    scale = FIT / max(ink.shape)
    size = (max(1, round(ink.shape[1] * scale)), max(1, round(ink.shape[0] * scale)))
    small = cv2.resize(ink, size, interpolation=cv2.INTER_AREA)
    image = np.zeros((SIDE, SIDE), np.float32)
    y0, x0 = (SIDE - small.shape[0]) // 2, (SIDE - small.shape[1]) // 2
    image[y0 : y0 + small.shape[0], x0 : x0 + small.shape[1]] = small
    moments = cv2.moments(image)
    if moments["m00"] == 0:
        return image
    cx, cy = moments["m10"] / moments["m00"], moments["m01"] / moments["m00"]
    skew = moments["mu11"] / moments["mu02"] if abs(moments["mu02"]) > 1e-2 else 0.0
    # where each output pixel is taken from: centred, slant removed about the centre row
    centre = SIDE / 2
    source = np.array([[1, skew, cx - centre - skew * centre], [0, 1, cy - centre]], np.float32)
    flags = cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR
    return cv2.warpAffine(image, source, (SIDE, SIDE), flags=flags)


def tight(mask: np.ndarray) -> np.ndarray:
    """``mask`` cropped to its ink (as it is without ink)."""
    ys, xs = np.nonzero(mask)
    return mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1] if ys.size else mask


def pen_width(mask: np.ndarray) -> float | None:
    """The strokes' width in pixels (None without ink): a long stroke's area over its
    length, the length being half its outline."""
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    return 2 * float(mask.sum()) / perimeter if perimeter else None


def even_pen(mask: np.ndarray, scale: float) -> np.ndarray:
    """The ink redrawn with MNIST's pen: a fine pen's strokes thin to a grey trace once
    shrunk, and a felt pen's fill the loops of 6, 8 and 9, neither of which the network
    has seen much of."""
    pad = max(2, round(PEN_PX / scale))
    mask = cv2.copyMakeBorder(mask, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    width = pen_width(mask)
    if width is None:
        return mask
    change = round((PEN_PX / scale - width) / 2)  # pixels to add (or take) on each side
    if change == 0:
        return mask
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * abs(change) + 1,) * 2)
    if change > 0:
        return cv2.dilate(mask, kernel)
    thinner = cv2.erode(mask, kernel)
    return thinner if thinner.any() else mask


@dataclass(frozen=True)
class _Network:
    """A small convolutional network: two 3x3 convolutions (each followed by ReLU and 2x2
    max pooling), then two dense layers. Weights as PyTorch lays them out."""

    convs: list[tuple[np.ndarray, np.ndarray]]  # (out, in, 3, 3) kernels and their biases
    dense: list[tuple[np.ndarray, np.ndarray]]  # (in, out) matrices and their biases
    ink_limit: np.ndarray  # per class: more ink than this is a scrawl, not that digit


@cache
def _network() -> _Network | None:
    """The weights, or None (logged once) when the file is missing or damaged: a broken
    install then reads blanks with tesseract alone, as before the network, rather than
    failing every evidence file."""
    try:
        with np.load(MODEL_PATH) as data:
            return _Network(
                [(data[f"c{i}w"], data[f"c{i}b"]) for i in range(CONV_LAYERS)],
                [(data[f"d{i}w"], data[f"d{i}b"]) for i in range(DENSE_LAYERS)],
                data["ink_limit"],
            )
    except (OSError, KeyError, ValueError) as exc:
        log.error("handwritten-digit network %s unusable (%s): blanks read by tesseract only",
                  MODEL_PATH, exc)  # fmt: skip
        return None


def _loaded() -> _Network:
    net = _network()
    if net is None:
        raise RuntimeError(f"{MODEL_PATH}: no digit network")
    return net


def classify(images: np.ndarray) -> np.ndarray:
    """Class probabilities (n, 10) of n 28x28 digit images, averaged over the images as
    given and slightly turned and shifted (``VIEWS``): a digit the network only knows in
    one exact position is a guess, and the average says so by a lower probability."""
    views = [images] + [_moved(images, view) for view in VIEWS]
    return np.mean([_network_output(v) for v in views], axis=0)


def _moved(images: np.ndarray, view: tuple[float, int, int]) -> np.ndarray:
    angle, dx, dy = view
    matrix = cv2.getRotationMatrix2D((SIDE / 2, SIDE / 2), angle, 1.0)
    matrix[:, 2] += (dx, dy)
    return np.stack([cv2.warpAffine(image, matrix, (SIDE, SIDE)) for image in images])


def _network_output(images: np.ndarray) -> np.ndarray:
    net = _loaded()
    maps = images.reshape(len(images), 1, SIDE, SIDE).astype(np.float32)
    for kernels, bias in net.convs:
        maps = max_pool(relu(convolve(maps, kernels, bias, (1, 1))))
    x = maps.reshape(len(maps), -1)
    for i, (weights, bias) in enumerate(net.dense):
        x = x @ weights + bias
        if i < len(net.dense) - 1:
            x = relu(x)
    return softmax(x, axis=1)


def too_much_ink(images: np.ndarray, digits: np.ndarray) -> bool:
    """Some image carries more ink than almost any MNIST writer put into the digit it was
    read as (``ink_limit``): a loop scrawled over a digit, which the network, having
    only seen digits, would still name."""
    mass = images.reshape(len(images), -1).sum(axis=1)
    return bool((mass > _loaded().ink_limit[digits]).any())
