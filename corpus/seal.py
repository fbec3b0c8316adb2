"""Synthetic stamps: the red round seal of a signature block, the red e-signature stamp image
at the top of digitally signed documents, and the incoming-mail ("công văn đến") box.

Stamps are drawn on a transparent layer and multiplied onto the page, as ink over print.
"""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFont

SEAL_RED = (205, 30, 40)
SEAL_RING_RATIO = 0.78  # inner ring radius / outer radius
SEAL_TEXT_RATIO = 0.89  # radius of the text baseline / outer radius
STAMP_BLUE = (40, 60, 170)


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """The five-pointed star at the centre of a Vietnamese state seal."""
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.4
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts


def seal_layer(
    radius: int, text: str, font_path: str, rng: random.Random, colour: tuple[int, int, int]
) -> Image.Image:
    """An RGBA image of a round seal: two rings, ``text`` around, a star in the middle."""
    size = 2 * radius + 4
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    c = size / 2
    alpha = rng.randint(170, 235)
    ink = (*colour, alpha)
    width = max(3, radius // 22)
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=ink, width=width)
    inner = radius * SEAL_RING_RATIO
    draw.ellipse((c - inner, c - inner, c + inner, c + inner), outline=ink, width=width // 2 + 1)
    draw.polygon(_star(c, c, radius * 0.32), fill=ink)
    font = ImageFont.truetype(font_path, max(10, int(radius * 0.16)))
    _text_on_circle(layer, text.upper(), (c, c), radius * SEAL_TEXT_RATIO, font, ink)
    return layer


def _text_on_circle(
    layer: Image.Image,
    text: str,
    centre: tuple[float, float],
    radius: float,
    font: ImageFont.FreeTypeFont,
    ink: tuple[int, int, int, int],
) -> None:
    """Letters rotated one by one around the upper 300° of the ring."""
    span = math.radians(300)
    start = math.radians(-240)
    step = span / max(1, len(text))
    for i, ch in enumerate(text):
        a = start + (i + 0.5) * step
        side = int(font.size * 2)
        glyph = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((font.size, font.size), ch, font=font, fill=ink, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        x = centre[0] + radius * math.cos(a) - glyph.width / 2
        y = centre[1] + radius * math.sin(a) - glyph.height / 2
        layer.alpha_composite(glyph, (int(x), int(y)))


def multiply(page: Image.Image, layer: Image.Image, at: tuple[int, int]) -> None:
    """Multiply an RGBA ink layer onto the RGB page in place (ink darkens, never lightens)."""
    x, y = at
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(page.width, x + layer.width), min(page.height, y + layer.height)
    if x1 <= x0 or y1 <= y0:
        return
    region = np.asarray(page.crop((x0, y0, x1, y1)), dtype=np.float32) / 255
    ink = np.asarray(layer.crop((x0 - x, y0 - y, x1 - x, y1 - y)), dtype=np.float32) / 255
    a = ink[..., 3:4]
    out = region * (1 - a + a * ink[..., :3])
    page.paste(Image.fromarray((out * 255).astype(np.uint8)), (x0, y0))


def esign_stamp(
    width: int, signer: str, when: str, font_path: str, rng: random.Random
) -> Image.Image:
    """The image a signing service stamps at the top of page 1: a small red round logo and
    "Người ký: …" lines. It is not the seal of the signature block."""
    height = width // 4
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    r = height // 2 - 4
    logo = seal_layer(r, "CHỮ KÝ SỐ", font_path, rng, SEAL_RED)
    layer.alpha_composite(logo, (2, 2))
    font = ImageFont.truetype(font_path, max(10, height // 7))
    x = 2 * r + 14
    lines = [f"Người ký: {signer}", "Email: vanthu@edu.vn", f"Thời gian ký: {when}"]
    for i, line in enumerate(lines):
        draw.text((x, 6 + i * height // 4), line, font=font, fill=(*SEAL_RED, 230))
    return layer


def incoming_stamp(
    width: int, number: str, day: str, font_path: str, rng: random.Random
) -> Image.Image:
    """The incoming-mail box a receiving office stamps: "CÔNG VĂN ĐẾN / Số: 2770 / Ngày: …".
    Its "Số:" is not the document's own number."""
    height = int(width * 0.5)
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    ink = (*STAMP_BLUE, rng.randint(190, 240))
    draw.rectangle((2, 2, width - 3, height - 3), outline=ink, width=4)
    big = ImageFont.truetype(font_path, height // 6)
    draw.text((width // 2, height // 5), "CÔNG VĂN ĐẾN", font=big, fill=ink, anchor="mm")
    draw.text((14, height * 0.42), f"Số: {number}", font=big, fill=ink)
    draw.text((14, height * 0.68), f"Ngày: {day}", font=big, fill=ink)
    return layer.rotate(rng.uniform(-4, 4), expand=True, resample=Image.Resampling.BICUBIC)
