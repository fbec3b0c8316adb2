"""Page clean-up before OCR: working size, greyscale, light correction, deskew, denoise,
binarisation. The colour image is kept beside the grey one for the seal.

Each step is cheap (a few tens of milliseconds on an A4 page) because the whole point of
region OCR is to spend less than one full-page tesseract call per page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.seal import red_mask

WORK_MIN_WIDTH = 1600  # below this, 12 pt text is too small for tesseract: upscale
WORK_MAX_WIDTH = 2480  # A4 at 300 dpi; above this only costs time: downscale
BACKGROUND_KERNEL = 31  # px on the 1/4 image: wider than any stroke, narrower than a shadow
DESKEW_MAX_DEGREES = 5.0
DESKEW_STEP_DEGREES = 0.25
DESKEW_MIN_DEGREES = 0.3  # below this, rotating costs more than it gains
DESKEW_WIDTH = 800  # width of the thumbnail the skew is measured on
PAPER_LEVEL = 200  # normalised grey above this is paper
NOISE_LEVEL_MEDIAN = 2.0  # grey-level noise (std on paper) above which a median filter runs
SEAL_INK_GROW = 3  # px
STROKE_MAX_HEIGHTS = 3.0  # an ink blob taller than this many median blob heights is no letter
STROKE_MIN_BLOBS = 5  # too few blobs to know what a letter's height is: keep everything
INK_THRESHOLD = 160  # normalised grey below this is ink (paper ~255 after light correction)


@dataclass
class Prepared:
    """A page ready for OCR: colour (for seals and ink colour), corrected grey, ink mask."""

    rgb: np.ndarray
    grey: np.ndarray  # light-corrected, deskewed; what tesseract reads
    ink: np.ndarray  # bool mask of dark pixels (seal ink excluded)
    red: np.ndarray  # bool mask of red seal ink
    scale: float  # working pixels per source pixel
    skew: float  # degrees the page was turned to straighten it


def working_scale(width: int) -> float:
    """Scale that brings the page width into the range tesseract reads well and fast."""
    if width < WORK_MIN_WIDTH:
        return WORK_MIN_WIDTH / width
    if width > WORK_MAX_WIDTH:
        return WORK_MAX_WIDTH / width
    return 1.0


def resize(image: np.ndarray, scale: float) -> np.ndarray:
    if scale == 1.0:
        return image
    interp = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=interp)


def normalise_light(grey: np.ndarray) -> np.ndarray:
    """Divide by the paper's own brightness (estimated on a quarter-size image by a closing
    that erases strokes), so shadows, a desk lamp and a grey scan all become white paper."""
    small = cv2.resize(grey, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (BACKGROUND_KERNEL, BACKGROUND_KERNEL))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.GaussianBlur(background, (0, 0), BACKGROUND_KERNEL / 3)
    background = cv2.resize(background, (grey.shape[1], grey.shape[0]))
    out = grey.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0) * 255.0
    return np.clip(out, 0, 255).astype(np.uint8)


def noise_level(grey: np.ndarray) -> float:
    """Robust spread (1.4826 x median absolute deviation) of the difference to a
    median-filtered copy, on paper pixels: stroke edges are outliers and do not count."""
    small = grey[::2, ::2]
    smooth = cv2.medianBlur(small, 3)
    paper = smooth > PAPER_LEVEL
    if not paper.any():
        return 0.0
    diff = small.astype(np.float32)[paper] - smooth.astype(np.float32)[paper]
    return float(1.4826 * np.median(np.abs(diff - np.median(diff))))


def estimate_skew(ink: np.ndarray) -> float:
    """Angle (degrees, counter-clockwise positive, as ``cv2.getRotationMatrix2D``) that
    makes text lines horizontal: the one whose row profile is sharpest (projection-profile
    method). The ink pixels of a thumbnail are projected at each angle as points (a
    histogram of their turned rows) rather than by turning the image 41 times."""
    h, w = ink.shape
    factor = DESKEW_WIDTH / w
    small = cv2.resize(ink.astype(np.uint8) * 255, (DESKEW_WIDTH, max(1, int(h * factor))))
    small[_touching_border(small > 0)] = 0  # a phone photo's desk edge is no text line
    ys, xs = np.nonzero(small)
    if ys.size == 0:
        return 0.0
    weight = small[ys, xs].astype(np.float64)
    xs_c = xs - small.shape[1] // 2  # integer centre: half-integer rows would round
    ys_c = ys - small.shape[0] // 2  # in pairs (to even) and fake a sharp profile at 0
    span = int(np.hypot(*small.shape)) + 2
    best, best_score = 0.0, -1.0
    for angle in np.arange(-DESKEW_MAX_DEGREES, DESKEW_MAX_DEGREES + 1e-6, DESKEW_STEP_DEGREES):
        rad = np.deg2rad(angle)
        rows = np.rint(ys_c * np.cos(rad) - xs_c * np.sin(rad)).astype(np.int64) + span // 2
        profile = np.bincount(rows, weights=weight, minlength=span)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return best


def _touching_border(mask: np.ndarray) -> np.ndarray:
    """Pixels of the blobs that touch the image's edge (desk, scanner lid, shadow)."""
    _, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    edge = edge[edge > 0]
    return np.isin(labels, edge) if edge.size else np.zeros(mask.shape, bool)


def rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate about the centre, filling with white paper."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    fill = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def prepare(rgb: np.ndarray, deskew: bool = True) -> Prepared:
    """Working size, grey, light correction, denoise when noisy, deskew, ink mask.

    ``deskew=False`` for rendered born-digital pages: their text-layer boxes must stay valid."""
    scale = working_scale(rgb.shape[1])
    rgb = resize(rgb, scale)
    grey = normalise_light(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    red = _seal_ink(rgb)
    grey[red] = 255  # red seal ink over the title and name only confuses OCR
    if noise_level(grey) > NOISE_LEVEL_MEDIAN:
        grey = cv2.medianBlur(grey, 3)
    skew = estimate_skew(grey < INK_THRESHOLD) if deskew else 0.0
    if abs(skew) >= DESKEW_MIN_DEGREES:
        rgb, grey = rotate(rgb, skew), rotate(grey, skew)
        red = rotate(red.astype(np.uint8), skew) > 0
    ink = grey < INK_THRESHOLD
    return Prepared(rgb=rgb, grey=grey, ink=ink, red=red, scale=scale, skew=skew)


def _seal_ink(rgb: np.ndarray) -> np.ndarray:
    """Red seal pixels, grown a little so their JPEG fringes go too; empty on grey pages."""
    red = red_mask(rgb).astype(np.uint8)
    return cv2.dilate(red, np.ones((SEAL_INK_GROW, SEAL_INK_GROW), np.uint8)) > 0


def drop_strokes(grey: np.ndarray) -> np.ndarray:
    """The crop with every ink blob much taller than a letter painted white: a signature
    flourish through the title or the name, a grey seal's ring, a stamp's frame. Tesseract
    otherwise reads the stroke and the words it touches as one garbled line ("PHÓ CHỦ
    TỊCH" under a signature became '"Z'); the letters a stroke touches go with it, and the
    title lines are snapped back to their printed form afterwards."""
    ink = (grey < INK_THRESHOLD).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    letters = heights[heights >= 5]
    if letters.size < STROKE_MIN_BLOBS:
        return grey
    tall = np.flatnonzero(heights > STROKE_MAX_HEIGHTS * float(np.median(letters))) + 1
    if not tall.size:
        return grey
    out = grey.copy()
    out[np.isin(labels, tall)] = 255
    return out


def binarise(grey: np.ndarray) -> np.ndarray:
    """Otsu black-on-white for small crops (the handwritten blank)."""
    _, out = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def is_sideways(ink: np.ndarray) -> bool:
    """Text lines run vertically: the column profile is sharper than the row profile."""
    small = cv2.resize(ink.astype(np.uint8) * 255, (400, 560))
    rows = np.square(np.diff(small.sum(axis=1, dtype=np.float64))).sum()
    cols = np.square(np.diff(small.sum(axis=0, dtype=np.float64))).sum()
    return bool(cols > rows)
