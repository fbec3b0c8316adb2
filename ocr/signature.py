"""The signature block: where it is, its title lines, the signer's name, and whether a
handwritten signature is in the gap between them.

The block sits bottom right, below the body: its lines start in the right half of the page,
so it is located from the layout (cheap) and only that crop is read by OCR. The signature
is ink in the gap that is neither printed text nor seal: large connected strokes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np
from rapidfuzz import fuzz, process

from ocr.geometry import Box, union_all
from ocr.syllables import repair_name_word
from ocr.words import Line
from validator.text import fold

TITLE_KEYS = ("hieu truong", "hieu pho", "chu tich", "truong ban", "giam doc", "truong phong",
              "chanh van phong", "thu truong", "bi thu", "truong khoa", "to truong")  # fmt: skip
TITLE_PREFIXES = re.compile(r"^(kt|tm|tl|q|tuq)\s?[.,]")
TITLE_END_MARKS = re.compile(r"^[\W_]+|[\W_]+$")  # no title starts or ends with a mark
# Lines a title is made of, as printed; an OCR reading this close is snapped to it
# ("HIỆU TRƯỜNG" → "HIỆU TRƯỞNG", "IIIỆU TRƯỞNG" → "HIỆU TRƯỞNG").
CANONICAL_TITLE_LINES = (
    "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "KT. HIỆU TRƯỞNG", "TM. BAN GIÁM HIỆU", "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", "TL. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC", "TRƯỞNG PHÒNG",
    "PHÓ TRƯỞNG PHÒNG", "KT. TRƯỞNG PHÒNG", "CHÁNH VĂN PHÒNG", "KT. CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG",
)  # fmt: skip
# Common Vietnamese surnames: a name's first word read with a wrong stacked diacritic
# ("Trăn") is put back when exactly one surname has the same letters ("Trần").
SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Lâm", "Mai", "Trương", "Lương", "Cao", "Tạ",
    "Châu", "Tô", "Lưu", "Thái", "Quách", "Kiều", "Hứa", "Vương", "Triệu", "Phùng", "Từ",
)  # fmt: skip
TITLE_KEY_MIN_SCORE = 85  # rapidfuzz partial ratio of a folded key inside a folded line
TITLE_SNAP_MIN_SCORE = 85  # rapidfuzz ratio to snap a line to its canonical spelling
TITLE_MIN_UPPER = 0.6  # title lines are capitals; body text that names a role is not
TITLE_MIN_LETTERS = 5  # a shorter line ("Ế") fits inside any key: it says nothing
TITLE_MIN_CONF = 60.0  # a continuation line read worse than this is seal or signature ink
TITLE_LINE_GAP = 1.2  # line heights between two lines of one title
NAME_MAX_DISTANCE = 0.3  # of the page height below the title
NAME_WORDS = (2, 6)
NAME_MIN_CONF = 50.0  # mean word confidence: seal text read as letters scores lower
GAP_DEFAULT = 0.12  # of the page height: the gap when no name line is found
GAP_HALF_WIDTH = 0.75  # of the block width, either side of its centre

LAYOUT_MIN_X = 0.42  # lines of the block start right of this fraction of the page width
LAYOUT_BODY_X1 = 0.5  # a blob from the left margin past mid-page is a body line: its row
# holds no signature block (the right end of a body line broken at a wide word gap)
LAYOUT_KERNEL = 0.02  # horizontal closing (of the page width) that welds words into lines
LAYOUT_MIN_HEIGHT = 0.005  # of the page height: smaller blobs are dust
LAYOUT_PAD = 0.02  # of the page width around the located block

SIG_MIN_COMPONENT = 0.00004  # of the page area: smaller ink blobs are noise or dots
SIG_MIN_INK = 0.006  # fraction of the gap covered by stroke ink for a signature
SIG_MIN_SPAN = 0.18  # horizontal extent of the strokes, as a fraction of the gap width
SIG_FULL_INK = 0.03
# On grey pages the seal is masked as a band over its rings and text plus its central star,
# not as a whole disc: the signature crosses the seal's empty middle ring and stays visible.
SEAL_MASK_OUTER = 0.9  # centre radius of the masked band, as a fraction of the seal radius
SEAL_MASK_BAND = 0.4  # band thickness (fraction of the radius): covers 0.7 r .. 1.1 r
SEAL_MASK_STAR = 0.45  # ink fraction at which the confidence saturates


@dataclass
class Block:
    title_lines: list[Line]
    name: str | None
    name_box: Box | None
    gap: Box  # where the signature (and usually the seal) is

    @property
    def title(self) -> str:
        return " / ".join(_clean_title(line.text) for line in self.title_lines)

    @property
    def title_box(self) -> Box:
        return union_all([line.box for line in self.title_lines])

    @property
    def box(self) -> Box:
        out = self.title_box.union(self.gap)
        return out.union(self.name_box) if self.name_box else out


def locate_block(ink: np.ndarray, min_y: int) -> Box | None:
    """The union of text-line blobs that start in the right part of the page below
    ``min_y``: the signature block (and the date line or page number, harmless)."""
    h, w = ink.shape
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(LAYOUT_KERNEL * w)), 3))
    welded = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE, kernel)
    _, _, stats, _ = cv2.connectedComponentsWithStats(welded, connectivity=8)
    blobs = [
        Box(int(x), int(y), int(x + bw), int(y + bh))
        for x, y, bw, bh, _area in stats[1:]
        if y >= min_y and bh >= LAYOUT_MIN_HEIGHT * h
        and x + bw < 0.995 * w and y + bh < 0.995 * h  # not a scanner edge or photo border
    ]  # fmt: skip
    body = [b for b in blobs if b.x0 < LAYOUT_MIN_X * w and b.x1 > LAYOUT_BODY_X1 * w]
    boxes = [
        b
        for b in blobs
        if b.x0 >= LAYOUT_MIN_X * w and not any(b.vertical_overlap(o) > 0.5 for o in body)
    ]
    if not boxes:
        return None
    pad = int(LAYOUT_PAD * w)
    return union_all(boxes).pad(pad, pad).clip(w, h)


def _upper_ratio(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0


def _is_title(line: Line) -> bool:
    folded = fold(line.text)
    if sum(ch.isalpha() for ch in folded) < TITLE_MIN_LETTERS:
        return False
    keyed = TITLE_PREFIXES.match(folded) is not None or any(
        fuzz.partial_ratio(k, folded) >= TITLE_KEY_MIN_SCORE for k in TITLE_KEYS
    )
    return keyed and _upper_ratio(line.text) >= TITLE_MIN_UPPER


def _clean_title(text: str) -> str:
    """The line as printed: marks at its ends dropped (signature or seal ink read as "_- ,"
    before "HIỆU TRƯỞNG", which then no longer snapped), prefix punctuation normalised,
    snapped to a known title line when OCR read one almost exactly."""
    text = TITLE_END_MARKS.sub("", text)
    text = re.sub(r"^(KT|TM|TL|Q|TUQ)\s*[.,]\s*", lambda m: m.group(1) + ". ", text)
    text = " ".join(text.split())
    best = process.extractOne(
        fold(text), {t: fold(t) for t in CANONICAL_TITLE_LINES}, scorer=fuzz.ratio
    )
    if best is not None and best[1] >= TITLE_SNAP_MIN_SCORE:
        return str(best[2])
    return text


def find_block(lines: list[Line], page_height: int) -> Block | None:
    """Title lines (by their words), the name below, and the gap between."""
    start = next((i for i, line in enumerate(lines) if _is_title(line)), None)
    if start is None:
        return None
    title = [lines[start]]
    for line in lines[start + 1 :]:
        prev = title[-1].box
        close = line.box.y0 - prev.y1 < TITLE_LINE_GAP * prev.height
        centred = abs(line.box.cx - prev.cx) < prev.width
        legible = line.conf >= TITLE_MIN_CONF and sum(ch.isalpha() for ch in line.text) >= 3
        if close and centred and legible and _upper_ratio(line.text) >= TITLE_MIN_UPPER:
            title.append(line)
        elif line.box.y0 > prev.y1:
            break
    tbox = union_all([line.box for line in title])
    name_line = _find_name(lines, tbox, page_height)
    name_box = name_line.box if name_line else None
    half = GAP_HALF_WIDTH * max(tbox.width, name_box.width if name_box else 0)
    gap_bottom = name_box.y0 if name_box else tbox.y1 + int(GAP_DEFAULT * page_height)
    gap = Box(int(tbox.cx - half), tbox.y1 + 2, int(tbox.cx + half), gap_bottom - 2)
    return Block(title, _name_text(name_line) if name_line else None, name_box, gap)


def _find_name(lines: list[Line], title: Box, page_height: int) -> Line | None:
    for line in lines:
        if line.box.y0 <= title.y1 or line.box.y0 > title.y1 + NAME_MAX_DISTANCE * page_height:
            continue
        if abs(line.box.cx - title.cx) > max(title.width, line.box.width) * 0.6:
            continue
        if line.conf >= NAME_MIN_CONF and _name_text(line):
            return line
    return None


def _name_text(line: Line) -> str | None:
    """A personal name: 2-6 capitalised alphabetic words, not a capitals-only title."""
    words = [w.text.strip(".,;:") for w in line.words]
    words = [w for w in words if w.isalpha() and w[:1].isupper() and len(w) > 1]
    if not NAME_WORDS[0] <= len(words) <= NAME_WORDS[1]:
        return None
    if all(w.isupper() for w in words):  # a name printed in capitals
        words = [w.capitalize() for w in words]
    return " ".join([_surname(words[0]), *(repair_name_word(w) for w in words[1:])])


def known_surname(name: str | None) -> bool:
    """The name starts with a common surname: a reading that does not ("Nguyễ Giang") has
    likely lost letters to a signature stroke crossing it."""
    words = (name or "").split()
    return bool(words) and words[0] in SURNAMES


def best_name(lines: list[Line]) -> str | None:
    """The best personal name among re-readings of one name line: a known surname first,
    then more words, then the higher confidence."""
    named = [(text, line) for line in lines if (text := _name_text(line))]
    if not named:
        return None
    text, _ = max(named, key=lambda n: (known_surname(n[0]), len(n[0].split()), n[1].conf))
    return text


def _surname(word: str) -> str:
    """``word`` as the one known surname with the same letters, or unchanged."""
    if word in SURNAMES:
        return word
    same = [name for name in SURNAMES if fold(name) == fold(word)]
    return same[0] if len(same) == 1 else word


def signature_ink(ink: np.ndarray, gap: Box,
                  seal_disc: tuple[tuple[int, int], int] | None) -> float:  # fmt: skip
    """Confidence (0..1) that the gap holds handwritten strokes: dark ink (red seal ink is
    already out of ``ink``) outside a grey seal's disc, in connected strokes wide enough to
    be a signature rather than dust."""
    gap = gap.clip(ink.shape[1], ink.shape[0])
    if gap.width < 10 or gap.height < 10:
        return 0.0
    crop = slice(gap.y0, gap.y1), slice(gap.x0, gap.x1)
    mask = ink[crop].astype(np.uint8)
    if seal_disc is not None:  # grey page: the seal's rings, text and star are ink too
        (cx, cy), r = seal_disc
        centre = (cx - gap.x0, cy - gap.y0)
        cv2.circle(mask, centre, int(r * SEAL_MASK_OUTER), 0, thickness=int(r * SEAL_MASK_BAND))
        cv2.circle(mask, centre, int(r * SEAL_MASK_STAR), 0, thickness=-1)
    return _stroke_score(mask, ink.size)


def _stroke_score(mask: np.ndarray, page_area: int) -> float:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = [
        i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= SIG_MIN_COMPONENT * page_area
    ]
    if not keep:
        return 0.0
    x0 = min(stats[i, cv2.CC_STAT_LEFT] for i in keep)
    x1 = max(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] for i in keep)
    ink = sum(int(stats[i, cv2.CC_STAT_AREA]) for i in keep) / mask.size
    span = (x1 - x0) / mask.shape[1]
    if ink < SIG_MIN_INK or span < SIG_MIN_SPAN:
        return round(min(0.49, ink / SIG_MIN_INK * 0.49), 3)
    return round(min(1.0, 0.5 + 0.5 * ink / SIG_FULL_INK), 3)
