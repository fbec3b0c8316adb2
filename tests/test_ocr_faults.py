"""Fault paths: broken, hostile and odd images, and a broken OCR engine (through settings
only: the tesseract binary, its language data, its time limit). Nothing here may raise."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import ocr.digits
from corpus.evidence import write_page
from ocr.evidence import read_evidence
from ocr.images import SourceDocument
from ocr.scan import ocr_document
from validator.errors import UnreadableFile
from validator.settings import Settings


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("faults")
    truth = write_page(folder, seed=11, number_mode="printed")
    return folder / truth.file


def _unreadable(path: Path, settings: Settings, words: str) -> None:
    result = read_evidence(path, settings)
    assert result.readable is False
    assert result.problem and words in result.problem, result.problem


def test_missing_digit_network_reads_the_page_with_tesseract_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    truth = write_page(tmp_path, seed=1027, degradation="noise", number_mode="hand_legible")
    monkeypatch.setattr(ocr.digits, "MODEL_PATH", tmp_path / "gone.npz")
    ocr.digits._network.cache_clear()
    try:
        result = read_evidence(tmp_path / truth.file, Settings())
    finally:
        ocr.digits._network.cache_clear()
    assert result.readable and result.signature == truth.signature
    assert result.number is None and result.number_unreadable  # the 310 needs the network
    assert "gone.npz" in caplog.text


def test_truncated_jpeg(tmp_path: Path, settings: Settings) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (1200, 1600), "white").save(buf, "JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    _unreadable(path, settings, "hỏng")


def test_not_an_image(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "x.png"
    path.write_bytes(b"this is not an image at all")
    _unreadable(path, settings, "không phải ảnh")


def test_one_pixel_image(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "dot.png"
    Image.new("RGB", (1, 1), "white").save(path)
    _unreadable(path, settings, "quá nhỏ")


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size but holds almost no data (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_decompression_bomb(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header_only(100_000, 100_000))
    _unreadable(path, settings, "quá lớn")


def test_pixel_limit_is_a_setting(page: Path) -> None:
    small_limit = Settings(max_image_pixels=1_000_000)
    _unreadable(page, small_limit, "quá lớn")


def test_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "many.tif"
    frames = [Image.new("L", (300, 300), 255) for _ in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    _unreadable(path, Settings(max_pages=2), "vượt giới hạn")


def test_cmyk_and_16_bit_are_converted(tmp_path: Path, page: Path, settings: Settings) -> None:
    rgb = Image.open(page).convert("RGB")
    cmyk = tmp_path / "cmyk.jpg"
    rgb.convert("CMYK").save(cmyk, "JPEG", quality=90)
    deep = tmp_path / "deep.png"
    grey16 = (np.asarray(rgb.convert("L"), dtype=np.uint16) * 257).astype(np.uint16)
    Image.fromarray(grey16).save(deep)
    for path in (cmyk, deep):
        doc = SourceDocument(path, settings)
        image = doc.page(1)
        doc.close()
        assert image.rgb.dtype == np.uint8 and image.rgb.shape[2] == 3
        assert image.rgb.mean() > 200  # white paper stays white after conversion


def test_exif_orientation_is_applied(tmp_path: Path, page: Path, settings: Settings) -> None:
    rgb = Image.open(page).convert("RGB")
    turned = rgb.rotate(90, expand=True)  # as the camera stored it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    path = tmp_path / "phone.jpg"
    turned.save(path, "JPEG", quality=90, exif=exif.tobytes())
    doc = SourceDocument(path, settings)
    image = doc.page(1)
    doc.close()
    assert image.rgb.shape[:2] == (rgb.height, rgb.width)


def test_multipage_tiff_pages_are_counted(tmp_path: Path, page: Path, settings: Settings) -> None:
    rgb = Image.open(page).convert("RGB")
    path = tmp_path / "two.tif"
    rgb.save(path, save_all=True, append_images=[rgb.convert("L")], compression="tiff_deflate")
    doc = SourceDocument(path, settings)
    assert doc.page_count == 2
    assert doc.page(2).colour is False
    doc.close()


def test_tesseract_binary_missing(page: Path) -> None:
    settings = Settings(tesseract_cmd="/nonexistent/tesseract")
    _unreadable(page, settings, "tesseract")
    with pytest.raises(UnreadableFile):
        ocr_document(page, settings)


def test_language_data_missing(page: Path) -> None:
    _unreadable(page, Settings(ocr_languages="xyz"), "dữ liệu ngôn ngữ")


def test_tesseract_timeout(page: Path) -> None:
    _unreadable(page, Settings(ocr_timeout_seconds=0.01), "thời gian")
