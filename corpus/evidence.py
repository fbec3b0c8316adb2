"""Generate evidence pages in the Decree 30 layout, degrade them like real scans and photos,
and write the ground truth of every page (JSON) beside it.

    python -m corpus.evidence OUT_DIR --pages 150 --seed 7

Deterministic for a seed: page ``i`` depends only on ``(seed, i)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from corpus.handwriting import draw_digits, draw_signature
from corpus.seal import SEAL_RED, esign_stamp, incoming_stamp, multiply, seal_layer

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF = str(FONT_DIR / "DejaVuSerifCondensed.ttf")
SERIF_BOLD = str(FONT_DIR / "DejaVuSerifCondensed-Bold.ttf")
SERIF_ITALIC = str(FONT_DIR / "DejaVuSerifCondensed-Italic.ttf")
SERIF_BOLD_ITALIC = str(FONT_DIR / "DejaVuSerifCondensed-BoldItalic.ttf")

DPI = 200  # a sensible evidence scan: A4 at 200 dpi is 1654 x 2339 px
A4_MM = (210, 297)
MARGIN_MM = (30, 20, 15, 20)  # left, top, right, bottom (Decree 30 appendix)
BODY_PT = 12
HEADER_PT = 11
SEAL_DIAMETER_MM = 36

DEGRADATIONS = ("clean", "rotate", "blur", "noise", "jpeg", "light", "grey", "phone")

ISSUERS = [
    ("ỦY BAN NHÂN DÂN QUẬN 7", "TRƯỜNG THCS NGUYỄN VĂN A", "THCSNVA"),
    ("ỦY BAN NHÂN DÂN QUẬN 7", "TRƯỜNG TIỂU HỌC LÊ VĂN TÁM", "THLVT"),
    ("ỦY BAN NHÂN DÂN QUẬN 7", "TRƯỜNG MẦM NON HOA SEN", "MNHS"),
    ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỜNG THCS TÂN PHÚ", "THCSTP"),
]
DOC_TYPES = [
    ("KH", "KẾ HOẠCH", "Cải cách hành chính năm {year}"),
    ("BC", "BÁO CÁO", "Kết quả thực hiện cải cách hành chính quý I năm {year}"),
    ("QĐ", "QUYẾT ĐỊNH", "Về việc thành lập Ban chỉ đạo cải cách hành chính"),
    ("TB", "THÔNG BÁO", "Kết quả khảo sát sự hài lòng của phụ huynh"),
    ("", "", "V/v báo cáo kết quả cải cách hành chính"),  # official letter: no type code
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
MIDDLES = ["Thị", "Văn", "Ngọc", "Minh", "Thanh", "Hữu", "Thị Kim"]
GIVEN = ["Lan", "Hùng", "Hạnh", "Phước", "Dũng", "Trâm", "Bình", "Tuấn", "Hương", "Khoa"]
BODY = [
    "Căn cứ Kế hoạch số 15/KH-GDĐT ngày 10 tháng 01 năm {year} của Phòng Giáo dục",
    "và Đào tạo về thực hiện công tác cải cách hành chính năm {year}; nhà trường",
    "xây dựng kế hoạch thực hiện với các nội dung chủ yếu như sau:",
    "1. Mục đích, yêu cầu: nâng cao chất lượng phục vụ phụ huynh và học sinh,",
    "đẩy mạnh ứng dụng công nghệ thông tin trong quản lý hồ sơ của nhà trường.",
    "2. Chỉ tiêu: 100% hồ sơ được giải quyết đúng hạn; trên 85% phụ huynh hài lòng",
    "với dịch vụ giáo dục; 100% văn bản trao đổi qua môi trường điện tử.",
    "3. Tổ chức thực hiện: Ban Giám hiệu chỉ đạo chung; Tổ Văn phòng theo dõi,",
    "tổng hợp kết quả và báo cáo về Phòng Giáo dục và Đào tạo hằng quý.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các bộ phận báo cáo",
    "về Ban Giám hiệu để kịp thời giải quyết./.",
]


@dataclass
class PageTruth:
    """What a careful person reads on the page: the benchmark compares against this."""

    file: str
    number: str | None
    number_printed: bool
    number_handwritten: bool
    number_legible: bool
    type_code: str | None
    issued_on: str
    signature: bool
    seal: bool
    signer_title: str
    signer_name: str
    degradation: str
    colour: bool
    distractors: list[str] = field(default_factory=list)


@dataclass
class _Spec:
    """The random choices behind one page, drawn before anything is rendered."""

    issuer: tuple[str, str, str]
    doc_type: tuple[str, str, str]
    number: int
    number_mode: str  # "printed" | "hand_legible" | "hand_illegible" | "missing" | "blank"
    date: dt.date
    title_lines: list[str]
    name: str
    signature: bool
    seal: bool
    esign: bool
    incoming: bool
    degradation: str
    ink: tuple[int, int, int]


def _px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


def _font(path: str, pt: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, round(pt * DPI / 72))


def _draw_spec(rng: random.Random, index: int) -> _Spec:
    number_mode = rng.choices(
        ["printed", "hand_legible", "hand_illegible", "missing", "blank"],
        weights=[40, 30, 12, 10, 8],
    )[0]
    signature = rng.random() > 0.15
    return _Spec(
        issuer=rng.choice(ISSUERS),
        doc_type=rng.choice(DOC_TYPES),
        number=rng.choice([rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 450)]),
        number_mode=number_mode,
        date=dt.date(rng.randint(2021, 2025), 1, 1) + dt.timedelta(days=rng.randint(0, 360)),
        title_lines=rng.choice([["HIỆU TRƯỞNG"], ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]]),
        name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}",
        signature=signature,
        seal=signature and rng.random() > 0.15,
        esign=rng.random() < 0.2,
        incoming=rng.random() < 0.2,
        degradation=DEGRADATIONS[index % len(DEGRADATIONS)],
        ink=rng.choice([(20, 40, 160), (30, 30, 40), (10, 60, 190)]),
    )


def _number_code(spec: _Spec) -> str:
    type_code = spec.doc_type[0]
    issuer_code = spec.issuer[2]
    return f"{type_code}-{issuer_code}" if type_code else issuer_code


def _number_text(spec: _Spec) -> str:
    return f"{spec.number:02d}"


def _centre_text(
    draw: ImageDraw.ImageDraw, cx: float, y: float, text: str, font: ImageFont.FreeTypeFont
) -> tuple[float, float]:
    """Draw ``text`` centred on ``cx``; returns its left and right edges."""
    w = draw.textlength(text, font=font)
    draw.text((cx - w / 2, y), text, font=font, fill=(0, 0, 0))
    return cx - w / 2, cx + w / 2


def _render(spec: _Spec, rng: random.Random) -> Image.Image:
    """The clean colour page with everything the spec asks for."""
    w, h = _px(A4_MM[0]), _px(A4_MM[1])
    page = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    left, top, right = _px(MARGIN_MM[0]), _px(MARGIN_MM[1]), w - _px(MARGIN_MM[2])
    line_h = round(BODY_PT * DPI / 72 * 1.5)
    head, head_b = _font(SERIF, HEADER_PT), _font(SERIF_BOLD, HEADER_PT)
    left_cx = left + (right - left) * 0.2
    right_cx = left + (right - left) * 0.68

    y = top + _px(10) if spec.esign else top
    _centre_text(draw, left_cx, y, spec.issuer[0], head)
    x0, x1 = _centre_text(draw, left_cx, y + line_h, spec.issuer[1], head_b)
    _centre_text(draw, right_cx, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", head_b)
    m0, m1 = _centre_text(
        draw, right_cx, y + line_h, "Độc lập - Tự do - Hạnh phúc", _font(SERIF_BOLD, BODY_PT)
    )
    rule_y = y + 2 * line_h - line_h // 5
    draw.line((left_cx - (x1 - x0) / 6, rule_y, left_cx + (x1 - x0) / 6, rule_y), fill=0, width=2)
    draw.line((m0, rule_y, m1, rule_y), fill=0, width=2)

    y += 2 * line_h + line_h // 2
    _draw_number_line(draw, spec, rng, left_cx, y, head)
    date_text = f"Quận 7, ngày {spec.date.day:02d} tháng {spec.date.month:02d} năm {spec.date.year}"
    if spec.date.month > 2:
        date_text = date_text.replace(f"tháng {spec.date.month:02d}", f"tháng {spec.date.month}")
    _centre_text(draw, right_cx, y, date_text, _font(SERIF_ITALIC, BODY_PT))

    y += 2 * line_h
    body_font = _font(SERIF, BODY_PT)
    mid = (left + right) / 2  # titles are centred on the text column, as Word does
    if spec.doc_type[1]:
        _centre_text(draw, mid, y, spec.doc_type[1], _font(SERIF_BOLD, 14))
        y += line_h
    _centre_text(
        draw, mid, y, spec.doc_type[2].format(year=spec.date.year), _font(SERIF_BOLD, BODY_PT)
    )
    y += 2 * line_h
    for line in BODY:
        x = left + (_px(12) if line[0].isdigit() or line.startswith("Căn") else 0)
        draw.text((x, y), line.format(year=spec.date.year), font=body_font, fill=0)
        y += line_h

    y += line_h
    _draw_recipients(draw, left, y, line_h)
    _draw_signature_block(page, draw, spec, rng, right_cx, y, line_h)
    _draw_distractors(page, spec, rng, (left, top, right), line_h)
    return page


def _draw_number_line(
    draw: ImageDraw.ImageDraw,
    spec: _Spec,
    rng: random.Random,
    cx: float,
    y: float,
    font: ImageFont.FreeTypeFont,
) -> None:
    """``Số: 45/KH-THCSNVA`` printed, or ``Số:`` + a blank the clerk writes the number into."""
    code = _number_code(spec)
    if spec.number_mode == "missing":
        return
    if spec.number_mode == "printed":
        _centre_text(draw, cx, y, f"Số: {_number_text(spec)}/{code}", font)
        return
    blank = font.size * 2.6
    prefix, suffix = "Số: ", f"/{code}"
    total = draw.textlength(prefix, font=font) + blank + draw.textlength(suffix, font=font)
    x = cx - total / 2
    draw.text((x, y), prefix, font=font, fill=0)
    x += draw.textlength(prefix, font=font)
    if spec.number_mode != "blank":
        legible = spec.number_mode == "hand_legible"
        draw_digits(
            draw, _number_text(spec), (x + font.size * 0.2, y - font.size * 0.25),
            font.size * 1.15, rng, legible, spec.ink,
        )  # fmt: skip
    draw.text((x + blank, y), suffix, font=font, fill=0)


def _draw_recipients(draw: ImageDraw.ImageDraw, left: int, y: float, line_h: int) -> None:
    small = _font(SERIF, 11)
    draw.text((left, y), "Nơi nhận:", font=_font(SERIF_BOLD_ITALIC, 12), fill=0)
    for i, line in enumerate(["- Phòng GD&ĐT Quận 7;", "- Ban Giám hiệu;", "- Lưu: VT."]):
        draw.text((left, y + (i + 1) * line_h * 0.8), line, font=small, fill=0)


def _draw_signature_block(
    page: Image.Image,
    draw: ImageDraw.ImageDraw,
    spec: _Spec,
    rng: random.Random,
    cx: float,
    y: float,
    line_h: int,
) -> None:
    """Title lines, the gap with the signature and the seal, the full name."""
    bold = _font(SERIF_BOLD, 13)
    for i, line in enumerate(spec.title_lines):
        _centre_text(draw, cx, y + i * line_h, line, bold)
    gap_top = y + len(spec.title_lines) * line_h
    gap_h = _px(28)
    name_y = gap_top + gap_h
    _centre_text(draw, cx, name_y, spec.name, bold)
    sig_w = _px(rng.uniform(38, 55))
    sig_box = (cx - sig_w / 2, gap_top + gap_h * 0.1, cx + sig_w / 2, gap_top + gap_h * 0.9)
    if spec.signature:
        draw_signature(draw, sig_box, rng, spec.ink)
    if spec.seal:
        r = _px(SEAL_DIAMETER_MM / 2)
        layer = seal_layer(r, spec.issuer[1], SERIF_BOLD, rng, SEAL_RED)
        scx = sig_box[0] + sig_w / 6 - r * rng.uniform(0.1, 0.4)
        scy = gap_top + gap_h / 2 + rng.uniform(-0.1, 0.1) * r
        multiply(page, layer, (int(scx - layer.width / 2), int(scy - layer.height / 2)))


def _draw_distractors(
    page: Image.Image,
    spec: _Spec,
    rng: random.Random,
    frame: tuple[int, int, int],
    line_h: int,
) -> None:
    """The e-signature stamp image at the top; an incoming-mail box near the issuer block."""
    left, top, right = frame
    if spec.esign:
        stamp = esign_stamp(_px(70), spec.issuer[1].title(), "05.01.2024 08:15:00 +07:00",
                            SERIF, rng)  # fmt: skip
        multiply(page, stamp, (right - stamp.width, top - _px(12)))
    if spec.incoming:
        box = incoming_stamp(_px(48), str(rng.randint(1000, 3999)), "12/01/2024", SERIF_BOLD, rng)
        x = int(left + (right - left) * 0.42 - box.width / 2)
        y = top + 2 * line_h + line_h // 2 - box.height // 2 + _px(4)
        multiply(page, box, (x, y + _px(25)))


# --------------------------------------------------------------------------- degradation


def _uneven_light(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A smooth brightness ramp, darker towards one corner, as under a desk lamp."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / np.hypot(w, h)
    shade = 1.0 - rng.uniform(0.35, 0.55) * dist
    out = img.astype(np.float32) * (shade[..., None] if img.ndim == 3 else shade)
    return np.clip(out, 0, 255).astype(np.uint8)


def _perspective(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A phone held slightly off-axis: corners moved a few percent, grey desk behind."""
    h, w = img.shape[:2]
    d = [rng.uniform(0.0, 0.04) for _ in range(8)]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dst = np.array(
        [
            [w * d[0], h * d[1]],
            [w * (1 - d[2]), h * d[3]],
            [w * (1 - d[4]), h * (1 - d[5])],
            [w * d[6], h * (1 - d[7])],
        ],
        dtype=np.float32,
    )
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(img, m, (w, h), borderValue=(90, 90, 90))


def _rotate(img: Image.Image, degrees: float) -> Image.Image:
    return img.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))


def degrade(page: Image.Image, kind: str, rng: random.Random) -> tuple[Image.Image, str]:
    """Apply one degradation kind; returns the image and the file suffix to save it as."""
    suffix = ".png"
    if kind == "rotate":
        page = _rotate(page, rng.uniform(-3, 3))
    elif kind == "blur":
        page = page.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 1.8)))
    elif kind == "noise":
        arr = np.asarray(page, dtype=np.int16)
        noise = np.random.default_rng(rng.randint(0, 2**31)).normal(
            0, rng.uniform(12, 25), arr.shape
        )
        page = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))
    elif kind == "jpeg":
        suffix = ".jpg"
    elif kind == "light":
        page = Image.fromarray(_uneven_light(np.asarray(page), rng))
    elif kind == "grey":
        page = _rotate(page, rng.uniform(-1.5, 1.5)).convert("L")
    elif kind == "phone":
        page = _rotate(page, rng.uniform(-3, 3))
        arr = _perspective(_uneven_light(np.asarray(page), rng), rng)
        page = Image.fromarray(arr).filter(ImageFilter.GaussianBlur(0.7))
        suffix = ".jpg"
    return page, suffix


def _encode(page: Image.Image, suffix: str, rng: random.Random) -> bytes:
    buf = io.BytesIO()
    if suffix == ".jpg":
        page.save(buf, "JPEG", quality=rng.randint(40, 90))
    else:
        page.save(buf, "PNG")
    return buf.getvalue()


def _truth(spec: _Spec, file: str) -> PageTruth:
    hand = spec.number_mode in ("hand_legible", "hand_illegible")
    has_number = spec.number_mode in ("printed", "hand_legible", "hand_illegible")
    distractors = (["esign_stamp"] if spec.esign else []) + (["incoming"] if spec.incoming else [])
    return PageTruth(
        file=file,
        number=f"{_number_text(spec)}/{_number_code(spec)}" if has_number else None,
        number_printed=spec.number_mode == "printed",
        number_handwritten=hand,
        number_legible=spec.number_mode in ("printed", "hand_legible"),
        type_code=spec.doc_type[0] or None,
        issued_on=spec.date.isoformat(),
        signature=spec.signature,
        seal=spec.seal,
        signer_title=" / ".join(spec.title_lines),
        signer_name=spec.name,
        degradation=spec.degradation,
        colour=spec.degradation != "grey",
        distractors=distractors,
    )


def generate_page(seed: int, index: int) -> tuple[bytes, str, PageTruth]:
    """Page ``index`` of the corpus for ``seed``: encoded image bytes, suffix, truth."""
    rng = random.Random(seed * 1_000_003 + index)
    spec = _draw_spec(rng, index)
    page, suffix = degrade(_render(spec, rng), spec.degradation, rng)
    name = f"page_{index:04d}_{spec.degradation}{suffix}"
    return _encode(page, suffix, rng), suffix, _truth(spec, name)


def write_page(out_dir: Path, seed: int, degradation: str = "clean", **variant: Any) -> PageTruth:
    """Write one page with chosen variant fields of ``_Spec`` (for tests: ``number_mode=
    "hand_illegible"``, ``seal=False``, ``incoming=True``…); returns its truth."""
    rng = random.Random(seed)
    spec = replace(_draw_spec(rng, 0), degradation=degradation, **variant)
    page, suffix = degrade(_render(spec, rng), degradation, rng)
    truth = _truth(spec, f"page_{seed}_{degradation}{suffix}")
    (out_dir / truth.file).write_bytes(_encode(page, suffix, rng))
    return truth


def write_generated(out_dir: Path, seed: int, index: int) -> PageTruth:
    """Write page ``index`` of the corpus for ``seed`` into ``out_dir`` as ``truth.file``."""
    data, _suffix, truth = generate_page(seed, index)
    (out_dir / truth.file).write_bytes(data)
    return truth


def generate(out_dir: Path, pages: int, seed: int = 7) -> list[PageTruth]:
    """Write ``pages`` images and ``truth.json`` into ``out_dir``; returns the truths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    truths = [write_generated(out_dir, seed, i) for i in range(pages)]
    (out_dir / "truth.json").write_text(
        json.dumps([asdict(t) for t in truths], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return truths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, default=160)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out_dir, args.pages, args.seed)


if __name__ == "__main__":
    main()
