"""Open an evidence file as page images: JPG, PNG, TIFF (multi-page), other Pillow formats,
and PDF pages rendered with pypdfium2 (form widgets included: digital-signature appearances
and the number stamped by the signing service are drawn there).

Every page comes out as 8-bit RGB whatever the source (CMYK, 16-bit, palette, alpha), turned
upright by its EXIF orientation. Hostile or broken input ends in ``UnreadableFile`` with a
Vietnamese message, never in a crash or an unbounded allocation.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from ocr.geometry import Box
from ocr.words import Word
from validator.errors import UnreadableFile
from validator.settings import Settings
from validator.text import nfc

log = logging.getLogger(__name__)

MIN_SIDE_PX = 200  # smaller than this cannot hold a readable A4 page
MIN_TEXT_CHARS = 40  # a PDF page with fewer extracted characters is treated as a scan
PDF_POINTS_PER_INCH = 72


@dataclass
class PageImage:
    """One page: the colour image and, for born-digital PDFs, the words of its text layer
    in the same pixel coordinates."""

    number: int  # 1-based
    rgb: np.ndarray
    text_words: list[Word] | None = None
    scale: float = 1.0  # working pixels per source pixel (source = file pixels / PDF render)
    colour: bool = True
    notes: list[str] = field(default_factory=list)


class SourceDocument:
    """Pages of one file, decoded lazily so that a 2-page PDF never renders more than asked."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = path
        self.settings = settings
        self._pdf: pdfium.PdfDocument | None = None
        self._frames: list[Image.Image] = []
        self.page_count = 0
        self.is_pdf = _is_pdf(path)
        if self.is_pdf:
            self._open_pdf()
        else:
            self._open_image()

    # ------------------------------------------------------------------ opening

    def _open_pdf(self) -> None:
        try:
            self._pdf = pdfium.PdfDocument(str(self.path))
        except pdfium.PdfiumError as exc:
            message = str(exc).lower()
            if "password" in message:
                raise UnreadableFile(
                    "Tệp PDF được đặt mật khẩu, không mở được.", "The PDF is encrypted."
                ) from exc
            raise UnreadableFile(
                "Tệp PDF bị hỏng, không mở được.", f"The PDF cannot be opened: {exc}"
            ) from exc
        self.page_count = len(self._pdf)
        self._check_page_count()
        self._pdf.init_forms()

    def _open_image(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(self.path)
                _check_pixels(image.size, self.settings)
                self.page_count = getattr(image, "n_frames", 1)
                self._check_page_count()
                self._frames = _frames(image)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise _too_large(None, self.settings) from exc
            except UnidentifiedImageError as exc:
                raise UnreadableFile(
                    "Tệp không phải ảnh hoặc PDF đọc được.", "Not a readable image or PDF."
                ) from exc
            except OSError as exc:
                raise _corrupt(exc) from exc

    def _check_page_count(self) -> None:
        if self.page_count < 1:
            raise UnreadableFile("Tệp không có trang nào.", "The file has no pages.")
        if self.page_count > self.settings.max_pages:
            raise UnreadableFile(
                f"Tệp có {self.page_count} trang, vượt giới hạn {self.settings.max_pages} trang.",
                f"{self.page_count} pages exceed the limit of {self.settings.max_pages}.",
            )

    # ------------------------------------------------------------------ pages

    def page(self, number: int) -> PageImage:
        """Page ``number`` (1-based) as 8-bit RGB, upright, within the pixel limit."""
        if self._pdf is not None:
            return self._pdf_page(number)
        return self._image_page(number)

    def pages(self) -> Iterator[PageImage]:
        for number in range(1, self.page_count + 1):
            yield self.page(number)

    def _image_page(self, number: int) -> PageImage:
        frame = self._frames[number - 1]
        try:
            ImageOps.exif_transpose(frame, in_place=True)  # a phone photo's EXIF turn
            rgb, colour = to_rgb8(frame)
        except OSError as exc:
            raise _corrupt(exc) from exc
        _check_min_size(rgb)
        return PageImage(number=number, rgb=rgb, colour=colour)

    def _pdf_page(self, number: int) -> PageImage:
        assert self._pdf is not None
        page = self._pdf[number - 1]
        width_pt, height_pt = page.get_size()
        scale = self.settings.ocr_dpi / PDF_POINTS_PER_INCH
        pixels = width_pt * height_pt * scale * scale
        if pixels > self.settings.max_image_pixels:
            scale *= (self.settings.max_image_pixels / pixels) ** 0.5
        try:
            image = page.render(scale=scale, may_draw_forms=True).to_pil()
        except pdfium.PdfiumError as exc:
            raise _corrupt(exc) from exc
        rgb, colour = to_rgb8(image)
        _check_min_size(rgb)
        words = self._text_layer_words(number, scale)
        return PageImage(number=number, rgb=rgb, text_words=words, colour=colour)

    def _text_layer_words(self, number: int, scale: float) -> list[Word] | None:
        """Words of a born-digital page in render pixels, or None for a scan."""
        try:
            with pdfplumber.open(self.path) as pdf:
                raw = pdf.pages[number - 1].extract_words(keep_blank_chars=False)
        except Exception as exc:  # pdfminer raises many types on odd files
            log.info("no text layer on page %s: %s", number, exc)
            return None
        if sum(len(w["text"]) for w in raw) < MIN_TEXT_CHARS:
            return None
        return [
            Word(
                text=nfc(w["text"]),
                conf=100.0,
                box=Box(
                    round(w["x0"] * scale),
                    round(w["top"] * scale),
                    round(w["x1"] * scale),
                    round(w["bottom"] * scale),
                ),
            )
            for w in raw
            if nfc(w["text"])
        ]

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
        for frame in self._frames:
            frame.close()


def _frames(image: Image.Image) -> list[Image.Image]:
    """Every frame decoded; a single-frame image is kept as it is (a copy costs a page)."""
    if getattr(image, "n_frames", 1) == 1:
        image.load()
        return [image]
    return [frame.copy() for frame in ImageSequence.Iterator(image)]


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(1024).lstrip().startswith(b"%PDF")
    except OSError as exc:
        raise UnreadableFile("Không đọc được tệp.", f"Cannot read the file: {exc}") from exc


def to_rgb8(image: Image.Image) -> tuple[np.ndarray, bool]:
    """8-bit RGB pixels of any Pillow mode, and whether the page carries colour.

    16-bit and float greys are rescaled to their own range (not clipped), CMYK goes through
    Pillow's conversion, alpha is flattened onto white paper."""
    image.load()
    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(image, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        arr = (arr - lo) / (hi - lo or 1.0) * 255.0
        grey = arr.astype(np.uint8)
        return np.dstack([grey, grey, grey]), False
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    colour = mode not in ("1", "L", "LA", "I;16", "I", "F")
    rgb = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
    if colour:
        colour = has_colour(rgb)
    return rgb, colour


COLOUR_SPREAD = 24  # channel spread (max - min) of a pixel that counts as coloured
COLOUR_MIN_FRACTION = 0.0005  # fraction of coloured pixels that makes a page a colour page


def has_colour(rgb: np.ndarray) -> bool:
    """True when some pixels are clearly coloured: a grey scan saved as RGB is not colour."""
    small = rgb[::4, ::4].astype(np.int16)
    spread = small.max(axis=2) - small.min(axis=2)
    return float((spread > COLOUR_SPREAD).mean()) > COLOUR_MIN_FRACTION


def _check_pixels(size: tuple[int, int], settings: Settings) -> None:
    if size[0] * size[1] > settings.max_image_pixels:
        raise _too_large(size[0] * size[1], settings)


def _check_min_size(rgb: np.ndarray) -> None:
    h, w = rgb.shape[:2]
    if min(h, w) < MIN_SIDE_PX:
        raise UnreadableFile(
            f"Ảnh quá nhỏ ({w}×{h} điểm ảnh) để đọc được nội dung.",
            f"The image is too small ({w}x{h} px) to read.",
        )


def _too_large(pixels: int | None, settings: Settings) -> UnreadableFile:
    """Which limit was exceeded, in millions of pixels (``pixels`` None: Pillow refused)."""
    limit = settings.max_image_pixels / 1e6
    found = f"{pixels / 1e6:.0f} triệu điểm ảnh, " if pixels else ""
    return UnreadableFile(
        f"Ảnh quá lớn ({found}vượt giới hạn {limit:g} triệu điểm ảnh), có thể là tệp độc hại "
        "(bom giải nén); hãy quét lại ở 300 dpi.",
        f"The image exceeds the pixel limit of {limit:g} M (possible decompression bomb).",
    )


def _corrupt(exc: Exception) -> UnreadableFile:
    return UnreadableFile(
        "Tệp ảnh bị hỏng hoặc không đầy đủ, không đọc được.",
        f"The image is corrupt or truncated: {exc}",
    )
