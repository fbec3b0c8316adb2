"""Tesseract through pytesseract: word boxes and confidences, one thread, a time limit.

Failures of the engine itself (binary missing, language data missing, timeout) become
``OcrUnavailable`` / ``OcrTimeout`` with a Vietnamese message: the caller turns them into an
unreadable result instead of a crash.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytesseract
from PIL import Image

from ocr.geometry import Box
from ocr.words import Word
from validator.errors import UnreadableFile
from validator.settings import Settings
from validator.text import nfc

DIGITS = "0123456789"
PSM_AUTO = 3  # page segmentation with columns
PSM_BLOCK = 6  # one uniform block of text
PSM_LINE = 7  # a single text line
PSM_WORD = 8  # a single word
# Letters the Vietnamese model writes for Vietnamese ones they look exactly like: the
# Icelandic eth for Đ (in a code, "QÐ" is then no decree type)
NOT_VIETNAMESE = str.maketrans({"Ð": "Đ", "ð": "đ"})


class OcrUnavailable(UnreadableFile):
    """The OCR engine cannot run here (binary or language data missing, engine error)."""


class OcrTimeout(UnreadableFile):
    """The OCR engine ran out of its time limit on this file."""


def _config(psm: int, whitelist: str | None) -> str:
    parts = [f"--psm {psm}"]
    if whitelist:
        parts.append(f"-c tessedit_char_whitelist={whitelist}")
    return " ".join(parts)


def ocr_words(
    image: np.ndarray,
    settings: Settings,
    psm: int = PSM_BLOCK,
    whitelist: str | None = None,
    offset: tuple[int, int] = (0, 0),
    languages: str | None = None,
) -> list[Word]:
    """Recognised words of ``image`` (grey or RGB), boxes shifted by ``offset`` into page
    pixels. Words with no text (tesseract's layout rows) are dropped."""
    return ocr_batch([image], settings, psm, whitelist, [offset], languages)[0]


def ocr_batch(
    images: list[np.ndarray],
    settings: Settings,
    psm: int = PSM_BLOCK,
    whitelist: str | None = None,
    offsets: list[tuple[int, int]] | None = None,
    languages: str | None = None,
) -> list[list[Word]]:
    """Words of several images read by ONE tesseract process, one list per image.

    Starting tesseract and loading its model costs about 0.1 s, as much as reading a few
    lines, so the regions of a page (header band, signature block; the digit blank at
    several scales) go in together as the pages of one uncompressed TIFF, which is also
    cheaper to write than PNG. ``page_num`` of the TSV maps the words back."""
    if not images:
        return []
    offsets = offsets or [(0, 0)] * len(images)
    with tempfile.TemporaryDirectory(prefix="cchc-ocr-") as tmp:
        path = Path(tmp) / "regions.tif"
        frames = [Image.fromarray(np.ascontiguousarray(image)) for image in images]
        frames[0].save(path, save_all=True, append_images=frames[1:], compression=None)
        data = _run(str(path), settings, psm, whitelist, languages)
    return _words_by_page(data, offsets)


def _run(
    path: str, settings: Settings, psm: int, whitelist: str | None, languages: str | None
) -> dict[str, list]:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # 2 cores: parallel requests, not parallel threads
    pytesseract.pytesseract.tesseract_cmd = settings.tesseract_cmd
    try:
        data: dict[str, list] = pytesseract.image_to_data(
            path,
            lang=languages or settings.ocr_languages,
            config=_config(psm, whitelist),
            output_type=pytesseract.Output.DICT,
            timeout=settings.ocr_timeout_seconds,
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable(
            "Không tìm thấy chương trình nhận dạng chữ (tesseract) trên máy chủ.",
            f"tesseract not found at {settings.tesseract_cmd!r}",
            "Liên hệ quản trị hệ thống.",
        ) from exc
    except pytesseract.TesseractError as exc:
        raise _engine_error(exc, settings) from exc
    except RuntimeError as exc:  # pytesseract signals its timeout with a bare RuntimeError
        raise OcrTimeout(
            f"Nhận dạng chữ vượt quá thời gian cho phép ({settings.ocr_timeout_seconds:g} giây).",
            f"OCR timed out after {settings.ocr_timeout_seconds:g} s: {exc}",
            "Hãy quét lại tài liệu rõ hơn hoặc ở độ phân giải 300 dpi.",
        ) from exc
    return data


def _engine_error(exc: pytesseract.TesseractError, settings: Settings) -> OcrUnavailable:
    message = str(exc)
    if "language" in message.lower() or "traineddata" in message.lower():
        return OcrUnavailable(
            f"Thiếu dữ liệu ngôn ngữ nhận dạng chữ ({settings.ocr_languages}) trên máy chủ.",
            f"tesseract language data missing: {message}",
            "Liên hệ quản trị hệ thống để cài gói tesseract-ocr-vie.",
        )
    return OcrUnavailable(
        "Chương trình nhận dạng chữ gặp lỗi khi đọc tệp.", f"tesseract failed: {message}"
    )


def _words_by_page(data: dict[str, list], offsets: list[tuple[int, int]]) -> list[list[Word]]:
    out: list[list[Word]] = [[] for _ in offsets]
    for i, raw in enumerate(data["text"]):
        text = nfc(str(raw)).translate(NOT_VIETNAMESE)
        conf = float(data["conf"][i])
        page = int(data["page_num"][i]) - 1
        if not text or conf < 0 or not 0 <= page < len(out):
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        box = Box(left, top, left + int(data["width"][i]), top + int(data["height"][i]))
        out[page].append(Word(text=text, conf=conf, box=box.shift(*offsets[page])))
    return out


def detect_rotation(image: np.ndarray, settings: Settings) -> int:
    """Clockwise degrees (0, 90, 180, 270) the page must turn to be upright, by tesseract
    OSD; 0 when OSD cannot tell (too little text)."""
    pytesseract.pytesseract.tesseract_cmd = settings.tesseract_cmd
    try:
        osd = pytesseract.image_to_osd(
            image,
            config="--psm 0",
            output_type=pytesseract.Output.DICT,
            timeout=settings.ocr_timeout_seconds,
        )
    except (pytesseract.TesseractError, RuntimeError):
        return 0
    return int(osd.get("rotate", 0)) % 360
