"""The glyphs, rules and images of a PDF page, from pdfminer's layout in one light pass.

pdfplumber turns every layout object into a dictionary of a dozen resolved attributes; on
text-heavy pages that costs more than interpreting the page. Ingest needs a few attributes
of the characters and the ruling lines, so it walks the layout pdfplumber caches
(``page.layout``) once, and hands the rules to pdfplumber's table finder as explicit edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pdfminer.layout import (
    LTChar,
    LTComponent,
    LTContainer,
    LTImage,
    LTItem,
    LTLine,
    LTRect,
)
from pdfplumber.page import Page

RULE_THICKNESS = 2.0  # points: a filled rectangle thinner than this is a drawn line
Box = tuple[float, float, float, float]  # x0, top, x1, bottom in pdfplumber's coordinates


class Glyph(NamedTuple):
    """One upright character in pdfplumber's coordinates (top-down, points)."""

    text: str
    fontname: str
    size: float
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class PageObjects:
    glyphs: list[Glyph] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)  # pdfplumber-style line/rect
    images: int = 0


def is_shading(width: float, height: float, stroke: bool) -> bool:
    """A filled, unstroked box wider than a rule: shading behind text, not a table border.

    Word draws table borders as thin filled rectangles, so thinness, not the stroke, is
    what makes a rectangle a rule.
    """
    return not stroke and min(width, height) > RULE_THICKNESS


def page_objects(page: Page) -> PageObjects:
    """Glyphs (upright, visible), rules (possible table borders) and image count of ``page``."""
    out = PageObjects()
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    height = page.height

    def box(obj: LTComponent) -> tuple[float, float, float, float]:
        return obj.x0 + mb_x0, obj.x1 + mb_x0, height - obj.y1 + mb_top, height - obj.y0 + mb_top

    stack: list[LTItem] = list(page.layout)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            text = obj.get_text()
            if obj.upright and text.strip():
                out.glyphs.append(Glyph(text, _fontname(obj.fontname), obj.size, *box(obj)))
        elif isinstance(obj, LTContainer):  # forms (LTFigure) hold their own objects
            stack.extend(obj)
        elif isinstance(obj, LTImage):
            out.images += 1
        elif isinstance(obj, LTRect) and not is_shading(obj.width, obj.height, obj.stroke):
            out.rules.append(_rule("rect", *box(obj)))
        elif isinstance(obj, LTLine) and (obj.x0 == obj.x1 or obj.y0 == obj.y1):
            out.rules.append(_rule("line", *box(obj)))
    return out


def _rule(kind: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    """A line or rectangle with the keys pdfplumber's edge functions read."""
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "y0": -bottom,  # only carried along by pdfplumber's rect_to_edges
        "y1": -top,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _fontname(name: str | bytes) -> str:
    return name.decode("latin-1") if isinstance(name, bytes) else name
