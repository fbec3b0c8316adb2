"""Synthetic handwriting: digits written into a printed blank and a signature.

No handwriting font ships with the system, so digits are drawn from stroke skeletons with a
per-writer slant and per-point jitter, smoothed like a pen trace. A "legible" writer keeps
the jitter small; an illegible one scrawls, so the truth can say which a person could read.
"""

from __future__ import annotations

import random

from PIL import ImageDraw

Point = tuple[float, float]
Ink = tuple[int, int, int]

# Digit skeletons in a unit box (x right, y down): one or more polylines per digit.
DIGIT_STROKES: dict[str, list[list[Point]]] = {
    "0": [
        [
            (0.5, 0.0),
            (0.15, 0.2),
            (0.1, 0.6),
            (0.3, 1.0),
            (0.7, 1.0),
            (0.9, 0.6),
            (0.85, 0.2),
            (0.5, 0.0),
        ]
    ],
    "1": [[(0.25, 0.25), (0.6, 0.0), (0.6, 1.0)]],
    "2": [[(0.1, 0.25), (0.4, 0.0), (0.8, 0.1), (0.85, 0.4), (0.1, 1.0), (0.95, 1.0)]],
    "3": [[(0.1, 0.1), (0.5, 0.0), (0.85, 0.2), (0.5, 0.48), (0.9, 0.7), (0.6, 1.0), (0.1, 0.9)]],
    "4": [[(0.7, 1.0), (0.7, 0.0), (0.05, 0.7), (0.95, 0.7)]],
    "5": [[(0.85, 0.0), (0.2, 0.0), (0.15, 0.45), (0.6, 0.4), (0.9, 0.7), (0.6, 1.0), (0.1, 0.9)]],
    "6": [
        [
            (0.8, 0.05),
            (0.35, 0.1),
            (0.1, 0.6),
            (0.3, 1.0),
            (0.75, 0.95),
            (0.85, 0.65),
            (0.5, 0.45),
            (0.15, 0.6),
        ]
    ],
    "7": [[(0.05, 0.0), (0.95, 0.0), (0.4, 1.0)]],
    "8": [
        [
            (0.5, 0.48),
            (0.15, 0.25),
            (0.5, 0.0),
            (0.85, 0.25),
            (0.5, 0.48),
            (0.1, 0.75),
            (0.5, 1.0),
            (0.9, 0.75),
            (0.5, 0.48),
        ]
    ],
    "9": [
        [
            (0.85, 0.4),
            (0.5, 0.55),
            (0.15, 0.35),
            (0.4, 0.0),
            (0.85, 0.2),
            (0.85, 0.6),
            (0.6, 1.0),
            (0.2, 0.95),
        ]
    ],
}

LEGIBLE_JITTER = 0.03  # fraction of the glyph height a careful writer wanders
ILLEGIBLE_JITTER = 0.22  # a scrawl: strokes overshoot into their neighbours
SMOOTH_STEPS = 6  # Catmull-Rom samples between two skeleton points


def _catmull_rom(points: list[Point], steps: int = SMOOTH_STEPS) -> list[Point]:
    """A smooth curve through the points, as a pen draws rather than a polygon."""
    if len(points) < 3:
        return points
    padded = [points[0], *points, points[-1]]
    out: list[Point] = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(  # type: ignore[arg-type]
                    0.5
                    * (
                        2 * p1[k]
                        + (-p0[k] + p2[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                        + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3
                    )
                    for k in (0, 1)
                )
            )
    out.append(points[-1])
    return out


def draw_digits(
    draw: ImageDraw.ImageDraw,
    text: str,
    origin: Point,
    height: float,
    rng: random.Random,
    legible: bool,
    ink: Ink,
) -> float:
    """Write ``text`` by hand with its top-left at ``origin``; returns the width used."""
    jitter = (LEGIBLE_JITTER if legible else ILLEGIBLE_JITTER) * height
    slant = rng.uniform(-0.25, 0.05)
    width = height * rng.uniform(0.5, 0.62)
    pen = max(2, round(height * rng.uniform(0.06, 0.09)))
    x = origin[0]
    for ch in text:
        for stroke in DIGIT_STROKES[ch]:
            pts = [
                (
                    x + px * width + (1 - py) * slant * height + rng.gauss(0, jitter),
                    origin[1] + py * height + rng.gauss(0, jitter),
                )
                for px, py in stroke
            ]
            draw.line(_catmull_rom(pts), fill=ink, width=pen, joint="curve")
        if not legible:
            _scrawl(draw, (x, origin[1]), width, height, rng, ink, pen)
        x += width * rng.uniform(1.05, 1.3)
    return x - origin[0]


def _scrawl(
    draw: ImageDraw.ImageDraw,
    origin: Point,
    width: float,
    height: float,
    rng: random.Random,
    ink: Ink,
    pen: int,
) -> None:
    """A loop over the digit, as a hurried writer makes: what makes it illegible."""
    pts = [
        (origin[0] + rng.uniform(-0.3, 1.3) * width, origin[1] + rng.uniform(0, 1) * height)
        for _ in range(5)
    ]
    draw.line(_catmull_rom(pts), fill=ink, width=pen, joint="curve")


def draw_signature(
    draw: ImageDraw.ImageDraw,
    box: tuple[float, float, float, float],
    rng: random.Random,
    ink: Ink,
) -> None:
    """A flourish of two or three smooth random strokes filling most of ``box``."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    pen = max(2, round(h * rng.uniform(0.02, 0.035)))
    for _ in range(rng.randint(2, 3)):
        n = rng.randint(5, 9)
        xs = sorted(rng.uniform(0, 1) for _ in range(n))
        pts = [(x0 + xv * w, y0 + rng.uniform(0.1, 0.9) * h) for xv in xs]
        draw.line(_catmull_rom(pts), fill=ink, width=pen, joint="curve")
    # the final underline sweep most signatures end with
    sweep = [(x0 + 0.1 * w, y0 + 0.8 * h), (x0 + 0.6 * w, y0 + 0.7 * h), (x1, y0 + 0.45 * h)]
    draw.line(_catmull_rom(sweep), fill=ink, width=pen, joint="curve")
