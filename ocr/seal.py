"""Is there a round seal in the signature block?

Colour pages: red (and the purple-red of stamp pads) by HSV hue with wrap-around, then the
ring: a circle of plausible size whose circumference is mostly inked and whose outside is not
(a page of red text fails the second test). Grey pages: Hough circles on the grey image with
the same ring test on the ink mask.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.geometry import Box

RED_HUE_LOW = 12  # OpenCV hue 0..180: red is 0..12 and ...
RED_HUE_HIGH = 140  # ... 140..180 (purple-red stamp ink included; blue pens sit at ~110-125)
RED_MIN_SATURATION = 60
RED_MIN_VALUE = 50
RED_MIN_CHROMA = 60  # max - min channel (0..255) of seal ink; grey text with noise stays below
FAINT_MIN_CHROMA = 18  # a pale seal in a phone photo (the ring test guards the rest)
FAINT_MIN_SATURATION = 30
SEAL_MIN_RADIUS = 0.04  # of the page width (a 35-40 mm seal on A4 is ~0.085)
SEAL_MAX_RADIUS = 0.14
SEAL_MIN_RED_PIXELS = 0.08  # of the area of a minimal seal disc
RING_BINS = 72
RING_INNER, RING_OUTER = 0.86, 1.04  # the band, as a fraction of the radius, the ring lies in
OUTSIDE_INNER, OUTSIDE_OUTER = 1.12, 1.3  # the band just outside the ring
RING_MIN_COVERAGE = 0.6  # fraction of angles inked on the ring (signature and name cover some)
OUTSIDE_MAX_COVERAGE = 0.5  # ... and at most this outside it
GREY_RING_INNER = 0.93  # grey pages: a thin band ...
GREY_RING_MIN_COVERAGE = 0.9  # ... almost entirely inked
HOUGH_SCALE = 0.5
HOUGH_DP = 1.5
HOUGH_PARAM1 = 120  # Canny high threshold
HOUGH_PARAM2 = 25  # accumulator threshold: lower finds more (weaker) circles
HOUGH_CANDIDATES = 6


@dataclass
class Seal:
    found: bool
    confidence: float
    box: Box | None = None  # in page pixels
    centre: tuple[int, int] | None = None
    radius: int = 0


def red_mask(
    rgb: np.ndarray,
    min_chroma: int = RED_MIN_CHROMA,
    min_saturation: int = RED_MIN_SATURATION,
) -> np.ndarray:
    """Seal-ink pixels: red with hue wrap-around, saturated, not black. Measured on a
    slightly blurred copy with a minimum chroma (= S·V/255), so sensor noise on dark text
    (whose hue is random) is not mistaken for red."""
    hsv = cv2.cvtColor(cv2.blur(rgb, (5, 5)), cv2.COLOR_RGB2HSV)
    h, s, v = cv2.split(hsv)
    hue = cv2.bitwise_or(cv2.inRange(h, 0, RED_HUE_LOW), cv2.inRange(h, RED_HUE_HIGH, 180)) > 0
    chroma = s.astype(np.uint16) * v.astype(np.uint16)
    return hue & (s >= min_saturation) & (v >= RED_MIN_VALUE) & (chroma >= min_chroma * 255)


def faint_red_mask(rgb: np.ndarray) -> np.ndarray:
    """Seal ink as a phone photo shows it (pale, purple-red), with isolated noise pixels
    opened away: only for the ring search, where the ring test rejects anything else."""
    mask = red_mask(rgb, FAINT_MIN_CHROMA, FAINT_MIN_SATURATION).astype(np.uint8)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)) > 0


def ring_coverage(ink: tuple[np.ndarray, np.ndarray], centre: tuple[float, float],
                  radius: float, inner: float, outer: float) -> float:  # fmt: skip
    """Fraction of angular bins with at least one ink pixel in the band [inner, outer]·r.

    ``ink`` is the mask's ``np.nonzero`` (rows, columns), found once for all candidates."""
    ys, xs = ink
    if xs.size == 0:
        return 0.0
    dx, dy = xs - centre[0], ys - centre[1]
    dist = np.hypot(dx, dy)
    band = (dist >= inner * radius) & (dist <= outer * radius)
    if not band.any():
        return 0.0
    angles = np.arctan2(dy[band], dx[band])
    bins = ((angles + np.pi) / (2 * np.pi) * RING_BINS).astype(int) % RING_BINS
    return len(np.unique(bins)) / RING_BINS


def _score(
    ink: tuple[np.ndarray, np.ndarray], centre: tuple[float, float], radius: float, colour: bool
) -> float:
    """How ring-like the mask is at this circle; 0 when it is not a seal ring.

    Red ink is only seal (or stamp) ink, so a partly covered ring suffices. On grey pages
    text lines and signature strokes around a circle also cover many angles, so the ring
    must be nearly unbroken in a thin band."""
    if not colour:
        ring = ring_coverage(ink, centre, radius, GREY_RING_INNER, RING_OUTER)
        return ring if ring >= GREY_RING_MIN_COVERAGE else 0.0
    ring = ring_coverage(ink, centre, radius, RING_INNER, RING_OUTER)
    outside = ring_coverage(ink, centre, radius, OUTSIDE_INNER, OUTSIDE_OUTER)
    if ring < RING_MIN_COVERAGE or outside > OUTSIDE_MAX_COVERAGE:
        return 0.0
    return ring * (1 - outside / 2)


def detect_seal(
    rgb: np.ndarray, grey: np.ndarray, ink: np.ndarray, region: Box, colour: bool
) -> Seal:
    """A seal inside ``region`` of the page: on colour pages by red seal ink in ``rgb``,
    on grey pages by ring shape in ``grey`` and ``ink``."""
    region = region.clip(grey.shape[1], grey.shape[0])
    if region.width < 10 or region.height < 10:
        return Seal(False, 0.0)
    page_width = grey.shape[1]
    r_min, r_max = SEAL_MIN_RADIUS * page_width, SEAL_MAX_RADIUS * page_width
    crop = slice(region.y0, region.y1), slice(region.x0, region.x1)
    if colour:
        mask = faint_red_mask(rgb[crop])
        if mask.sum() < SEAL_MIN_RED_PIXELS * np.pi * r_min * r_min:
            return Seal(False, 0.0)
        # strong ink gives the crisp outer ring, faint ink the pale seals of photos
        strong = red_mask(rgb[crop]).astype(np.uint8) * 255
        candidates = _hough(strong, r_min, r_max) + _hough(
            mask.astype(np.uint8) * 255, r_min, r_max
        )
    else:
        mask = ink[crop]
        candidates = _hough(255 - grey[crop], r_min, r_max)
    rows, columns = np.nonzero(mask)
    ink_points = (rows, columns)
    scored = ((_score(ink_points, (x, y), r, colour), x, y, r) for x, y, r in candidates)
    best = max(scored, default=None)
    if best is None or best[0] <= 0:
        return Seal(False, 0.0)
    score, x, y, r = best
    cx, cy = int(x + region.x0), int(y + region.y0)
    box = Box(int(cx - r), int(cy - r), int(cx + r), int(cy + r))
    return Seal(True, round(min(1.0, score), 3), box, (cx, cy), int(r))


def _hough(image: np.ndarray, r_min: float, r_max: float) -> list[tuple[float, float, float]]:
    """Circle candidates (x, y, r) in crop pixels, found on a half-size copy for speed."""
    small = cv2.resize(image, None, fx=HOUGH_SCALE, fy=HOUGH_SCALE, interpolation=cv2.INTER_AREA)
    blurred = cv2.GaussianBlur(small, (0, 0), 2)
    circles = cv2.HoughCircles(
        blurred,
        cv2.HOUGH_GRADIENT,
        dp=HOUGH_DP,
        minDist=r_min * HOUGH_SCALE,
        param1=HOUGH_PARAM1,
        param2=HOUGH_PARAM2,
        minRadius=int(r_min * HOUGH_SCALE),
        maxRadius=int(r_max * HOUGH_SCALE),
    )
    if circles is None:
        return []
    return [
        (float(x) / HOUGH_SCALE, float(y) / HOUGH_SCALE, float(r) / HOUGH_SCALE)
        for x, y, r in circles[0][:HOUGH_CANDIDATES]
    ]
