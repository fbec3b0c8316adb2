"""Page images for the pages: a document's pages, and each evidence file with the regions
the OCR found (number, signature, seal) drawn on it.

Rendered once and cached under ``data_dir/cache/`` by the file's SHA-256 (stored content
never changes, so a cached image never goes stale). A file that cannot be rendered (DOCX,
a broken PDF) gives None and the page says so; it never fails the page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from validator.errors import UnreadableFile
from validator.settings import Settings
from validator.store.blobs import blob_path

log = logging.getLogger(__name__)

PDF_POINTS_PER_INCH = 72
# what each region is drawn in, and its label: the colours a reviewer reads at a glance
REGION_STYLE: dict[str, tuple[str, str]] = {
    "number": ("#1565c0", "Số"),
    "date": ("#6a1b9a", "Ngày"),
    "title": ("#00838f", "Chức danh"),
    "signature": ("#2e7d32", "Chữ ký"),
    "name": ("#558b2f", "Họ tên"),
    "seal": ("#c62828", "Dấu"),
}
REGION_WIDTH_FRACTION = 0.004  # line width as a fraction of the image width


def cache_dir(settings: Settings, kind: str) -> Path:
    folder = settings.data_dir / "cache" / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_png(image: Image.Image, target: Path) -> Path:
    """Write atomically: a concurrent reader sees the whole image or none."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".png")
    with os.fdopen(fd, "wb") as out:
        image.save(out, format="PNG", optimize=True)
    os.replace(tmp, target)
    return target


def is_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(1024).lstrip().startswith(b"%PDF")


def page_count(settings: Settings, sha256: str) -> int:
    """Pages of a stored PDF that can be shown (0 for anything else or a broken PDF)."""
    path = blob_path(settings, sha256)
    if not path.exists() or not is_pdf(path):
        return 0
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return 0
    try:
        return min(len(pdf), settings.web_max_page_images)
    finally:
        pdf.close()


def document_page(settings: Settings, sha256: str, number: int) -> Path | None:
    """Page ``number`` (1-based) of a stored PDF as a PNG, rendered at ``web_page_dpi``."""
    target = cache_dir(settings, "pages") / f"{sha256}-{number}-{settings.web_page_dpi}.png"
    if target.exists():
        return target
    if not 1 <= number <= page_count(settings, sha256):
        return None
    try:
        image = render_pdf_page(blob_path(settings, sha256), number, settings.web_page_dpi)
    except pdfium.PdfiumError as exc:
        log.info("page %s of %s not rendered: %s", number, sha256, exc)
        return None
    return write_png(image, target)


def render_pdf_page(path: Path, number: int, dpi: int) -> Image.Image:
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[number - 1]
        image: Image.Image = page.render(scale=dpi / PDF_POINTS_PER_INCH).to_pil()
        return image.convert("RGB")
    finally:
        pdf.close()


def evidence_pages(regions: dict[str, list[int]]) -> list[int]:
    """The pages of an evidence file worth showing: those with a region, else the first."""
    pages = sorted({box[0] for box in regions.values() if box})
    return pages or [1]


def evidence_image(
    settings: Settings, sha256: str, number: int, regions: dict[str, list[int]]
) -> Path | None:
    """Page ``number`` of an evidence file with its regions drawn, ``web_thumbnail_width``
    wide; the regions are in the OCR's source pixels, so the page is decoded the same way."""
    key = hashlib.sha256(json.dumps(regions, sort_keys=True).encode()).hexdigest()[:12]
    width = settings.web_thumbnail_width
    target = cache_dir(settings, "evidence") / f"{sha256}-{number}-{key}-{width}.png"
    if target.exists():
        return target
    path = blob_path(settings, sha256)
    if not path.exists():
        return None
    try:
        source = ocr_source_page(path, number, settings)
    except (UnreadableFile, OSError, IndexError, pdfium.PdfiumError) as exc:
        log.info("evidence %s page %s not rendered: %s", sha256, number, exc)
        return None
    draw_regions(source, number, regions)
    scale = width / source.width
    if scale < 1:
        source = source.resize((width, round(source.height * scale)), Image.Resampling.LANCZOS)
    return write_png(source, target)


def ocr_source_page(path: Path, number: int, settings: Settings) -> Image.Image:
    """The page exactly as the OCR saw it (same renderer, resolution and orientation)."""
    from ocr.images import SourceDocument

    document = SourceDocument(path, settings)
    try:
        return Image.fromarray(document.page(number).rgb).convert("RGB")
    finally:
        document.close()


def draw_regions(image: Image.Image, number: int, regions: dict[str, list[int]]) -> None:
    draw = ImageDraw.Draw(image)
    line = max(2, round(image.width * REGION_WIDTH_FRACTION))
    for name, box in regions.items():
        if len(box) != 5 or box[0] != number:
            continue
        colour, label = REGION_STYLE.get(name, ("#333333", name))
        _, x0, y0, x1, y1 = box
        draw.rectangle((x0, y0, x1, y1), outline=colour, width=line)
        draw.text((x0 + line, max(0, y0 - 12 * line)), label, fill=colour, font_size=10 * line)
