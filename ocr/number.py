"""The document number on the "Số:" line (Decree 30/2020): find it, read it, repair what the
decree's form allows, check the type abbreviation, and say how sure we are.

The document's own number line sits under the issuer block in the top-left half and always
carries "/" and a code. An incoming-mail stamp ("CÔNG VĂN ĐẾN  Số: 2770") has no code and is
ignored. When the digits are handwritten into the blank and cannot be read, the printed code
is kept and the number is reported unreadable: never a guessed number.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import cv2
import numpy as np

from ocr.blank import BlankReading, agrees, read_short
from ocr.geometry import Box, union_all
from ocr.preprocess import INK_THRESHOLD
from ocr.words import Line, Word
from validator.text import fold

# Type abbreviations of Decree 30/2020 (appendix III); an official letter has none.
TYPE_CODES = ("QĐ", "CT", "QC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "BC", "BB", "TTr", "HĐ",
              "GM", "GGT")  # fmt: skip
# Folded spellings OCR produces that map to exactly one type ("QD" can only be QĐ; "HD" is
# a type of its own, hướng dẫn, so it is never "repaired" into HĐ). On a noisy scan the Đ
# of QĐ is read as "b" (Vietnamese) or "DB" (English, its bar a letter of its own).
TYPE_REPAIRS = {"QD": "QĐ", "QB": "QĐ", "QDB": "QĐ", "DA": "ĐA", "CTR": "CTr", "TTR": "TTr"}
_TYPES = "|".join(sorted(map(re.escape, {*TYPE_CODES, *TYPE_REPAIRS}), key=len, reverse=True))
# a code's "/" read as a look-alike (or lost) before its type and dash: "2JBC-MNHS"
LOST_SLASH = re.compile(rf"^(?P<before>.*?)[J&|Il1\[\]]?(?P<code>(?:{_TYPES})-\S+)$")

# folded "Số:", "Sô", "S6", "So", "S0"; "Sø" where a scrawl in the blank crosses the ố
SO_TOKEN = re.compile(r"^s[o06ø][:;.,]?(?P<rest>.*)$")
CODE_OPENING = re.compile(rf"^/(?:{_TYPES})-")  # "/KH-": a decree code's start
SO_MISREAD_MAX_CHARS = 4  # a "Số:" OCR misread ("C5") is no longer than this
STROKE_MAX_CHARS = 2  # what OCR makes of a digit's stroke before the code's "/" ("J/THLVT")
# The code's crop opens with its slash: a reading without one read the slash as a letter,
# since no code (no Vietnamese abbreviation) starts with an I or a J ("ITHLVT" for
# "/THLVT", reported surely as the code of a 382 on a JPEG page)
SLASH_READ_AS = re.compile(r"^[IJl|1\]\[](?P<code>[A-ZĐ]{2}.*)$")
NUMBER_PART = re.compile(r"^(?P<num>[0-9OoIl|]*)$")
CODE_PART = re.compile(r"^[A-Z0-9Đ][A-Za-z0-9Đđ&.\-]*$")
SLASH_LOOKALIKE = re.compile(r"^(?P<type>[A-ZĐ][A-Za-zĐđ]{1,2})[A1lI|](?P<rest>[A-ZĐ0-9]{2,})$")
LINE_CODE = re.compile(r"/?(?P<code>[A-ZĐa-zđ][^\s]*)$")
DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "~": "-", "_": "-"})
# the code's "/" as tesseract sometimes gives it (fraction, division, full-width slash)
SLASHES = str.maketrans({"⁄": "/", "∕": "/", "／": "/"})
CODE_LETTERS = set(string.ascii_letters + "Đđ")  # what a code after its "/" starts with
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})

NUMBER_LINE_MAX_X = 0.55  # the "Số:" of the number line starts in the left half
NUMBER_LINE_MAX_Y = 0.40  # ... and in the top part of page 1
TAIL_MAX_GAP_HEIGHTS = 6.0  # the blank can be wide; the date column is farther away
SO_MAX_ASPECT = 2.0  # a "Số:" box wider than this many heights holds handwriting too
BLANK_GROW = 0.6  # handwritten digits rise above and sink below the printed line
PRINTED_MIN_CONF = 80.0  # text pass alone, when the digit passes disagree among themselves
PRINTED_SURE_CONF = 85.0  # digits printed in one word with "/code": no digit pass needed
DIGIT_ALONE_MIN_CONF = 40.0  # digit passes alone (text pass read no digits): heights agree
BLANK_STRONG_SUPPORT = 60.0  # the digit passes this sure outweigh an unsure text pass
CODE_SURE_CONF = 85.0  # a code read this well without letters the Vietnamese model confuses
CODE_CONFUSABLE = set("IL1l|O0")  # ... ("THLVT" → "THIVT") is not re-read in English,
# unless a decree type runs into the issuer's letters, its dash lost ("BCTHCSTP")
LOST_DASH = re.compile(rf"^(?:{_TYPES})[A-ZĐ]{{2,}}$")
QUOTE_MARKS = "'‘’`\""  # a pen stroke before the code's letters, read as a quote
TEXT_LAYER_CONFIDENCE = 0.99
SINGLE_PASS_DISCOUNT = 0.85  # one reading without a second opinion is worth less
# Decree 30: numbers below 10 take a leading 0. A handwritten blank read as fewer digits
# lost one, or was a scrawl named as a digit (one blotted piece: an illegible 07 read "6"
# by the network at 0.98, an illegible 35 "4" at 0.95 and by one height in 15)
NUMBER_MIN_DIGITS = 2
UNREADABLE_CONFIDENCE = 0.2  # the line is there, its number is not
CODE_DOUBT_CONFIDENCE = 0.7  # the two line readings disagree on the code
# Finding the printed code's start by its ink (``printed_start``)
PRINTED_REFERENCE = 3  # the code's last glyphs, surely print, give its capitals' height
BASELINE_SLACK = 0.25  # a printed glyph's foot is this close to the baseline (in capitals)
SLASH_HEIGHT = 1.35  # the slash rises above the capitals a little; handwriting more
MIN_GLYPH_AREA = 6  # pixels: smaller pieces are specks
MARK_HEIGHT = 0.5  # pieces lower than this (in capitals) are marks, neither print nor digit
HAND_OVERLAP = 0.5  # a piece overlapping handwriting side by side this much (of the
# narrower one's width) is part of it: print glyphs stand beside each other
# a code word rising this many "Số:" heights more above "Số:" than it sinks below it
# holds handwriting: a scrawl whose first stroke was read as the code's slash (19 px
# above a "Số:" 26 px high, 9 below); a slanted photo's code grows about as much both
# ways (13 above, 11 below)
CODE_HAND_RISE = 0.25
# A printed piece this narrow for its height (``slash_shaped``), inked in its lower-left
# and upper-right thirds and bare in the other two corners, is the code's slash: the
# code starts there, whatever stands before it (a pen 8 on the baseline, no taller
# than a capital, looked like print, and a 378 was cut to "37")
SLASH_MAX_ASPECT = 0.75
SLASH_CORNER_INK = 0.15  # share of a corner's pixels that are ink, at least (or at most)
SLASH_CORNER_BARE = 0.05  # for the corners the stroke leaves bare


@dataclass
class ParsedCode:
    code: str
    type_code: str | None
    type_known: bool
    repairs: list[str] = field(default_factory=list)


@dataclass
class NumberReading:
    number: str | None = None  # "45/KH-THCSNVA"
    code: str | None = None  # "KH-THCSNVA": printed after "/", kept when the digits are not
    type_code: str | None = None
    type_known: bool | None = None
    unreadable: bool = False
    confidence: float = 0.0
    repairs: list[str] = field(default_factory=list)
    box: Box | None = None


@dataclass
class _Candidate:
    so: Word
    tail: list[Word]
    glued: str  # what followed "Số:" inside the same word, if anything
    repairs: list[str] = field(default_factory=list)


def find_number_line(
    lines: list[Line], width: int, height: int, date_row: Box | None = None
) -> _Candidate | None:
    """The document's own "Số:" line: top-left, followed by a "/" code on the same line.
    Failing that, a top-left "Số:" with anything after it on the row of the place-date
    line (``date_row``), where Decree 30 puts the number: a number is there, only
    unreadable (a scrawl glued to the code's slash, read as "#8 scHcsrp"), and a clerk
    told it is missing would find it on the page. An incoming-mail stamp's "Số: 2770"
    stands on no such row."""
    unread: _Candidate | None = None
    for line in lines:
        word = line.words[0]  # "Số:" opens its line; "số" inside body text does not count
        match = SO_TOKEN.match(fold(word.text))
        if not match:
            continue
        if word.box.x0 > NUMBER_LINE_MAX_X * width or word.box.y0 > NUMBER_LINE_MAX_Y * height:
            continue
        tail = _tail(line.words[1:], word)
        glued = word.text[len(word.text) - len(match.group("rest")) :].translate(SLASHES)
        if "/" in glued + "".join(w.text for w in tail):
            return _Candidate(word, tail, glued)
        if restored := _restore_slash(tail):
            return _Candidate(word, restored, glued, ["khôi phục dấu “/” trước ký hiệu"])
        if any("-" in w.text for w in tail):  # a code whose "/" is lost: unreadable, not missing
            return _Candidate(word, tail, glued)
        if unread is None and (tail or glued) and _on_row(word.box, date_row):
            unread = _Candidate(word, tail, glued)
    return unread or _misread_so(lines, width, date_row)


def _misread_so(lines: list[Line], width: int, date_row: Box | None) -> _Candidate | None:
    """The number line whose "Số:" OCR misread past recognising ("C5 vi /KH-THIVT" on a
    blurred scan): a line opening with a short word on the place-date line's row, in the
    left column, where Decree 30 puts the number line and nothing else, with a decree
    code ("/KH-") after it. Reported "number missing", the document would go back to a
    school whose number is on the page."""
    for line in lines:
        first = line.words[0]
        if len(first.text) > SO_MISREAD_MAX_CHARS or first.box.x0 > NUMBER_LINE_MAX_X * width:
            continue
        if not _on_row(first.box, date_row):
            continue
        tail = _tail(line.words[1:], first)
        if any(CODE_OPENING.match(w.text) for w in tail):
            return _Candidate(first, tail, "", [f"đọc “{first.text}” là “Số:”"])
    return None


def _on_row(box: Box, row: Box | None) -> bool:
    """``box`` stands on the row of ``row``: their middles less than a line apart."""
    if row is None:
        return False
    return abs(box.cy - row.cy) < box.height


def _restore_slash(tail: list[Word]) -> list[Word] | None:
    """The tail with the code's "/" put back where OCR read it as a letter or lost it
    ("2JBC-MNHS" → "2/BC-MNHS"): before a Decree 30 type abbreviation and its dash."""
    if not tail or not (match := LOST_SLASH.match(tail[-1].text)):
        return None
    last = tail[-1]
    return [*tail[:-1], Word(f"{match['before']}/{match['code']}", last.conf, last.box)]


def _tail(words: list[Word], so: Word) -> list[Word]:
    """The words after "Số:" up to a gap wider than the blank can be, slashes made "/"."""
    out: list[Word] = []
    last = so.box.x1
    for word in words:
        if word.box.x0 - last > TAIL_MAX_GAP_HEIGHTS * so.box.height:
            break
        out.append(Word(word.text.translate(SLASHES), word.conf, word.box))
        last = word.box.x1
    return out


def parse_code(raw: str) -> ParsedCode:
    """Repair and classify the part after "/": case, dash look-alikes, a "/" read as a letter
    ("HDANN" for "HD/NN"), Đ read as D where only one type fits."""
    repairs: list[str] = []
    code = raw.translate(DASHES).strip(".,;:")
    if code != raw.strip(".,;:"):
        repairs.append("chuẩn hóa dấu gạch nối")
    upper = code.upper()
    if "-" not in upper and (m := SLASH_LOOKALIKE.match(upper)) and _canonical_type(m["type"]):
        upper = f"{m['type']}/{m['rest']}"
        repairs.append(f"khôi phục dấu “/” bị đọc nhầm ({code} → {upper})")
    first = upper.split("-")[0].split("/")[0]
    type_code = _canonical_type(first)
    if type_code:
        if type_code.upper() != first:
            repairs.append(f"sửa ký hiệu loại văn bản {first} → {type_code}")
        upper = type_code + upper[len(first) :]
    if any(ch.islower() for ch in code) and code != upper:
        repairs.append("viết hoa ký hiệu")
    has_dash = "-" in upper
    return ParsedCode(
        code=upper,
        type_code=type_code,
        type_known=type_code is not None or not has_dash,
        repairs=repairs,
    )


def _canonical_type(group: str) -> str | None:
    """The Decree 30 spelling of an upper-cased type group, or None if it is not a type."""
    for code in TYPE_CODES:
        if group == code.upper():
            return code
    return TYPE_REPAIRS.get(group)


def _chars(candidate: _Candidate) -> list[tuple[str, Word]]:
    """Every character after "Số:" with the word it belongs to (glued text: the Số word)."""
    out = [(ch, candidate.so) for ch in candidate.glued]
    for word in candidate.tail:
        out.extend((ch, word) for ch in word.text)
    return out


def _code_slash(chars: list[tuple[str, Word]]) -> int | None:
    """Index of the "/" that opens the code: the first one followed by a Decree 30 type
    and its dash ("/KH-"), else by a Latin letter or Đ, else by any other letter-like
    mark (a K read as "£"). A handwritten 7 or 1 read as "/" ("5//QĐ-…", "/Ì /THLVT",
    "/B_/KH-THLVT" for a blurred 76) is thereby left with the number."""
    slashes = [i for i, (ch, _) in enumerate(chars[:-1]) if ch == "/"]
    text = "".join(ch for ch, _ in chars)
    for i in slashes:
        if CODE_OPENING.match(text[i:].upper()):
            return i
    for i in slashes:
        if chars[i + 1][0] in CODE_LETTERS:
            return i
    for i in slashes:
        if not (chars[i + 1][0].isdigit() or chars[i + 1][0] in "/ "):
            return i
    return None


class _Split(NamedTuple):
    """The number line cut at the code's "/"."""

    before: str  # the text between "Số:" and the slash
    after: str  # the code after it
    before_words: list[Word]
    slash_x: int  # where the slash is: the code's crop starts there
    blank_end: int  # where the blank ends: at the slash's ink when ``glued_slash`` finds it
    glued: bool  # the digits are glued to the code in one word (printed, not a blank)


def _split_tail(candidate: _Candidate, grey: np.ndarray) -> _Split:
    """The line cut at the code's "/", found among its characters and placed by ink."""
    chars = _chars(candidate)
    k = _code_slash(chars)
    if k is None:
        so_end = candidate.so.box.x1
        return _split_at_print(candidate, grey) or _Split("", "", [], so_end, so_end, False)
    before = "".join(ch for ch, _ in chars[:k])
    after = _code_after(chars, k)
    before_words: list[Word] = []
    for _, word in chars[:k]:
        if word is not candidate.so and word not in before_words:
            before_words.append(word)
    word = chars[k][1]
    offset = sum(1 for _, w in chars[:k] if w is word)
    slash_x = word.box.x0 + round(word.box.width * offset / max(1, len(word.text)))
    band, pieces = band_pieces(grey, word.box)
    start = printed_start(band, pieces, band_ink(grey, band))
    if start is not None and _slash_at_print(start, slash_x, word, offset):
        slash_x = start
    glued = before_words == [word]
    blank_end = slash_x
    if glued and offset and NUMBER_PART.match(word.text[:offset]):
        blank_end = glued_slash(band, pieces, offset, slash_x) or slash_x
    return _Split(before, after, before_words, slash_x, blank_end, glued)


def _code_after(chars: list[tuple[str, Word]], k: int) -> str:
    """The code: the characters after the slash at ``k``, but for those of words lying
    under the slash's own word (tesseract puts a pen digit it reads apart after the word
    it overlaps: the 5 of a 445 written up to "/BC-THCSTP" made it "BC-THCSTPS") and for
    a stroke read as a quote before the code's first letter ("'THCSTP")."""
    slash_word = chars[k][1]
    kept = [
        ch for ch, word in chars[k + 1 :] if word is slash_word or word.box.x1 > slash_word.box.x1
    ]
    return "".join(kept).lstrip(QUOTE_MARKS)


def _split_at_print(candidate: _Candidate, grey: np.ndarray) -> _Split | None:
    """The line cut where its print begins (``printed_start``) when the text pass read no
    "/" at all: handwriting run into the code's slash is read as one mark ("Số: Ì_
    &H-THCSTP" for a written 01). The code is what the text pass read from there, to be
    re-read in English; the blank holds the rest. None when the line's ink does not show
    where the print begins, or no word of the line's text lies wholly past it."""
    if not candidate.tail:
        return None
    start = printed_start(*band_pieces(grey, union_all([w.box for w in candidate.tail])))
    if start is None or start <= candidate.so.box.x1:
        return None
    before = [w for w in candidate.tail if w.box.x0 < start]
    after = [w for w in candidate.tail if w.box.x0 >= start]
    if not after:
        return None
    text = " ".join(w.text for w in before)
    return _Split(text, "".join(w.text for w in after), before, start, start, False)


def _slash_at_print(start: int, share_x: int, word: Word, offset: int) -> bool:
    """Whether the slash is where the print starts by its ink (``start``) rather than at
    the share of the word's characters before it (``share_x``). Past the share,
    handwriting wider than print was read into the code's word. In a word read as
    starting with its slash, only by about one digit: a last digit inside the word's box
    but not its text (further, a blurred code's letters merged into pieces that do not
    look like print). Short of the share, only when what was read before the slash is no
    number (the slash itself read as "Ì/"): printed digits glued to the code ("92/QĐ-…")
    are print, and the share is right."""
    if not offset:
        return share_x < start <= share_x + word.box.height
    return start > share_x or not NUMBER_PART.match(word.text[:offset])


Piece = tuple[int, int, int, int]  # x, y, width, height of a connected piece of ink


def glued_slash(band: Box, pieces: list[Piece], offset: int, share_x: int) -> int | None:
    """The x where the code's slash begins in a word of printed digits glued to the code
    ("173/QĐ-MNHS"), found by its ink: the piece after the ``offset`` digits, each of
    them printed and a piece of its own, marks aside (blur parts a 5 from its bar).
    Counting characters puts the slash too far right, printed digits being narrower
    than the code's capitals, and the blank then holds the slash, which the digit
    network reads as a 1 ("1731") or which spoils every reading. None unless the
    share (``share_x``) falls inside that piece: blur breaks a 0 in two or runs digits
    together, and the piece after ``offset`` others is then a digit, or the code. The
    word's ink is ``band_pieces``'s."""
    if len(pieces) < max(offset + 1, PRINTED_REFERENCE + 1):
        return None
    cap, base = _print_size(pieces)
    kinds = [(piece, _printed(piece, cap, base)) for piece in pieces]
    glyphs = [(piece, printed) for piece, printed in kinds if printed is not None]
    if len(glyphs) <= offset or not all(printed for _, printed in glyphs[: offset + 1]):
        return None
    x, _, width, _ = glyphs[offset][0]
    return band.x0 + x if band.x0 + x <= share_x < band.x0 + x + width else None


def _print_size(pieces: list[Piece]) -> tuple[float, float]:
    """The capitals' height and the baseline's y, from the code's last glyphs."""
    tail = pieces[-PRINTED_REFERENCE:]  # the code's last letters are surely printed
    cap = float(np.median([h for _, _, _, h in tail]))
    return cap, float(np.median([y + h for _, y, _, h in tail]))


def printed_start(band: Box, pieces: list[Piece], ink: np.ndarray | None = None) -> int | None:
    """The x where the printed code of a word begins, found by its ink (``band_pieces``)
    rather than by counting characters: handwritten digits are wider than printed ones,
    so a share of the word's width falls short of the slash and cuts the last digit off
    the blank. Walking left from the word's end, printed glyphs stand on the code's
    baseline and are no taller than its capitals (the slash a little more); the first
    piece of ink that does not is handwriting. A piece standing under handwriting is
    handwriting too: the foot of a 3 that noise broke off its top stands on the baseline
    like print. The walk ends at the code's slash where the band's ``ink`` shows one
    (``slash_shaped``): a pen digit standing on the baseline no taller than a capital
    looks like print too. None when the word has too few pieces to tell."""
    if len(pieces) < PRINTED_REFERENCE + 1:
        return None
    cap, base = _print_size(pieces)
    kinds = [_printed(piece, cap, base) for piece in pieces]
    hand = [_box(piece) for piece, kind in zip(pieces, kinds, strict=True) if kind is False]
    start = pieces[-1][0]
    for piece, printed in zip(reversed(pieces), reversed(kinds), strict=True):
        if printed is None:
            continue
        if not printed or any(_box(piece).horizontal_overlap(h) >= HAND_OVERLAP for h in hand):
            break
        start = piece[0]
        if ink is not None and slash_shaped(ink, piece):
            break
    return int(band.x0 + start)


def slash_shaped(ink: np.ndarray, piece: Piece) -> bool:
    """The piece of ``ink`` (the band's mask) is a "/": narrow (``SLASH_MAX_ASPECT``),
    its stroke through the lower-left and upper-right thirds, the other two bare. No
    capital of a code is drawn so (a V or an A fills a third corner, an N all four)."""
    x, y, width, height = piece
    if width > SLASH_MAX_ASPECT * height or width < 3 or height < 6:
        return False
    crop = ink[y : y + height, x : x + width]
    h3, w3 = max(1, height // 3), max(1, width // 3)
    corners = {
        "upper_left": crop[:h3, :w3], "upper_right": crop[:h3, -w3:],
        "lower_left": crop[-h3:, :w3], "lower_right": crop[-h3:, -w3:],
    }  # fmt: skip
    share = {name: float(part.mean()) for name, part in corners.items()}
    inked = min(share["upper_right"], share["lower_left"]) >= SLASH_CORNER_INK
    bare = max(share["upper_left"], share["lower_right"]) <= SLASH_CORNER_BARE
    return inked and bare


def _box(piece: Piece) -> Box:
    x, y, width, height = piece
    return Box(x, y, x + width, y + height)


def printed_end(grey: np.ndarray, box: Box) -> int | None:
    """The x where the printed "Số:" of ``box`` ends when OCR read handwritten digits into
    the same word ("Số:06"): walking right from its capital S, the first piece that is not
    print (as ``printed_start`` tells) begins the handwriting. None without ink to tell."""
    band, pieces = band_pieces(grey, box)
    if len(pieces) < 2:
        return None
    _, y, width, cap = pieces[0]
    base, end = float(y + cap), pieces[0][0] + width
    for piece in pieces[1:]:
        if _printed(piece, cap, base) is False:
            break
        end = max(end, piece[0] + piece[2])  # print, or its marks: a diacritic, the colon
    return int(band.x0 + end)


def band_ink(grey: np.ndarray, band: Box) -> np.ndarray:
    """The ink of ``band`` (``band_pieces``'s), whose pieces are placed in it."""
    return grey[band.y0 : band.y1, band.x0 : band.x1] < INK_THRESHOLD


def band_pieces(grey: np.ndarray, box: Box) -> tuple[Box, list[Piece]]:
    """The pieces of ink reaching into ``box``, left to right, seen in a band taller than
    the box: tesseract's box may cut a tall handwritten digit to the print's height."""
    grow = round(box.height * BLANK_GROW)
    band = Box(box.x0, box.y0 - grow, box.x1, box.y1 + grow).clip(grey.shape[1], grey.shape[0])
    ink = band_ink(grey, band).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    top, bottom = box.y0 - band.y0, box.y1 - band.y0
    return band, sorted(
        (int(x), int(y), int(w), int(h))
        for x, y, w, h, area in stats[1:count]
        if area >= MIN_GLYPH_AREA and y < bottom and y + h > top
    )


def _printed(piece: Piece, cap: float, base: float) -> bool | None:
    """Whether a piece is print (on the baseline, no taller than a capital or a slash);
    None for a mark too small to tell (a dot, a hyphen, a diacritic)."""
    _, y, _, h = piece
    if h < MARK_HEIGHT * cap:
        return None
    return abs(y + h - base) <= BASELINE_SLACK * cap and h <= SLASH_HEIGHT * cap


def _blank_box(candidate: _Candidate, slash_x: int, grey: np.ndarray) -> Box:
    """Between "Số:" and the code's slash, grown up and down for handwriting. Digits OCR
    glued to "Số:" (or a box of "Số:" stretched over them) are inside the blank: it then
    starts where the print of "Số:" ends."""
    so = candidate.so.box
    start = so.x1
    if candidate.glued or so.width > SO_MAX_ASPECT * so.height:
        start = printed_end(grey, so) or start
    grow = round(so.height * BLANK_GROW)
    return Box(start + 2, so.y0 - grow, slash_x - 1, so.y1 + grow)


@dataclass
class NumberLine:
    """The number line as the text pass read it, before the English line pass: where to
    re-read the code (``code_box``) and the digits (``blank``), None when not needed."""

    reading: NumberReading
    after: str = ""  # the code as the text pass read it
    digits: str = ""
    conf: float = 0.0
    sure: bool = False  # from the text layer, or printed, glued to the code, read well, and
    # no handwriting read into the code (then the glued digits may be pen: a 359 read "299")
    text_layer: bool = False
    code_box: Box | None = None
    blank: Box | None = None
    hand_in_code: bool = False  # handwriting was read into the code (``CODE_HAND_RISE``)
    glued: bool = False  # the digits were read in one word with the code: printed


def locate_number(
    lines: list[Line], grey: np.ndarray, text_layer: bool, date_row: Box | None = None
) -> NumberLine:
    """The number line's code and printed digits as the text pass read them, and the
    regions the line pass must re-read: the code when the Vietnamese reading may have
    bent it, the blank unless the digits are printed, glued to the code and read well
    (and no handwriting was read into the code).
    ``date_row`` is the place-date line's box (``find_number_line``)."""
    height, width = grey.shape[:2]
    candidate = find_number_line(lines, width, height, date_row)
    if candidate is None:
        return NumberLine(NumberReading())
    split = _split_tail(candidate, grey)
    box = union_all([candidate.so.box, *(w.box for w in candidate.tail)])
    digits, conf, repairs = _printed_digits(split.before, split.before_words, text_layer)
    line = NumberLine(
        NumberReading(box=box, repairs=[*candidate.repairs, *repairs]), split.after, digits, conf
    )
    line.text_layer = text_layer
    line.hand_in_code = _hand_in_code(candidate, split.slash_x)
    line.glued = split.glued
    line.sure = bool(digits) and (
        text_layer or (split.glued and conf >= PRINTED_SURE_CONF and not line.hand_in_code)
    )
    if not text_layer and _code_needs_english(split.after, candidate.tail):
        line.code_box = _code_box(grey, candidate.so.box, split.slash_x, box.x1)
    if not line.sure:
        line.blank = _blank_box(candidate, split.blank_end, grey)
    return line


def _hand_in_code(candidate: _Candidate, slash_x: int) -> bool:
    """A word from the code's slash on rises above "Số:" (``CODE_HAND_RISE``) more than it
    sinks below it: handwriting was read into the code. The code of a slanted photo
    rises at one end and sinks at the other, its box growing both ways: measured by its
    top alone, a phone photo's unnumbered "/QĐ-THIVT" was taken for a scrawl and the
    number said unreadable. Words in the blank before the slash are the blank's own."""
    so = candidate.so.box
    return any(
        w.box.x1 > slash_x
        and (so.y0 - w.box.y0) - max(0, w.box.y1 - so.y1) > CODE_HAND_RISE * so.height
        for w in candidate.tail
    )


def finish_number(
    line: NumberLine, english: str | None, blank: BlankReading | None
) -> NumberReading:
    """The reading once the line pass has re-read the code and the blank (if asked)."""
    reading = line.reading
    if reading.box is None:
        return reading  # no number line at all
    second = _merge_code(english, line.after) if english else None
    # English cannot say Đ: where the readings differ in length, a D may be a lost Đ
    code_doubt = bool(english) and "D" in (english or "") and len(english or "") != len(line.after)
    parsed = _best_code(second, line.after)
    code_doubt = code_doubt or _type_in_doubt(parsed, english, line.after)
    reading.code, reading.type_code = parsed.code, parsed.type_code
    reading.type_known = parsed.type_known
    reading.repairs = [*parsed.repairs, *reading.repairs]
    if not parsed.code or not CODE_PART.match(parsed.code):
        reading.unreadable = True
        return reading
    if line.sure:
        confidence = TEXT_LAYER_CONFIDENCE if line.text_layer else line.conf / 100
        reading = _accept(reading, line.digits, confidence)
    elif not line.after:  # the text pass found no code slash: nor where the blank is
        reading.unreadable, reading.confidence = True, UNREADABLE_CONFIDENCE
    else:
        empty = BlankReading(None, 0.0, False)
        reading = _decide(reading, line, blank or empty)
    if code_doubt:
        reading.confidence = min(reading.confidence, CODE_DOUBT_CONFIDENCE)
    return reading


def _type_in_doubt(parsed: ParsedCode, english: str | None, first: str) -> bool:
    """The code taken opens with a group the decree lists as no type, and the two line
    readings differ on that group ("QĐĐ-…" and "OQD-…" for a tilted QĐ): a misread type,
    likelier than a letter's issuer group ("GDĐT-TH"), which both models read alike."""
    if parsed.type_known or not english:
        return False
    return fold(english.split("-")[0]) != fold(first.split("-")[0])


def _best_code(english: str | None, first: str) -> ParsedCode:
    """The English re-reading of the code, unless its type abbreviation is not one of the
    decree's and the Vietnamese reading's is ("OD-THLVT" against "QĐ-THIVT"): then the
    Vietnamese type with the English issuer part (``QĐ-THLVT``), English reading Latin
    capitals better. An English reading that only adds a character before the Vietnamese
    one has read the code's slash, which its crop holds, as that character ("JMNHS",
    "AMNHS", "TTHCSTP" against "MNHS", "THCSTP"), unless that makes its type one of the
    decree's the Vietnamese one lacks ("BC-THCSTP" against "C-THCSTP": a B lost there);
    one less than half as long has read a fragment of its crop ("S" of a blurred
    "QĐ-MNHS")."""
    if english and first and english[1:] == first and not _type_lost(english, first):
        english = first
    if english and len(english) < len(first) / 2:
        english = None
    parsed = parse_code(english if english and CODE_PART.match(english) else first)
    other = parse_code(first)
    if parsed.type_known or not other.type_known or not CODE_PART.match(other.code):
        return parsed
    if english and "-" in english and "-" in first:
        combined = parse_code(f"{first.split('-', 1)[0]}-{english.split('-', 1)[1]}")
        if CODE_PART.match(combined.code):
            return combined
    return other


def _type_lost(longer: str, shorter: str) -> bool:
    """``longer`` opens with a decree type and ``shorter`` does not."""
    return parse_code(longer).type_code is not None and parse_code(shorter).type_code is None


def _code_needs_english(code: str, tail: list[Word]) -> bool:
    """Re-read the code in English unless the Vietnamese reading is sure, free of the
    letters it bends (I for L, 0 for O) and keeps the dash after a decree type."""
    conf = min((w.conf for w in tail if "/" in w.text), default=0.0)
    unsure = conf < CODE_SURE_CONF or bool(CODE_CONFUSABLE & set(code))
    return unsure or not code or bool(LOST_DASH.match(code))


def _code_box(grey: np.ndarray, so: Box, slash_x: int, right: int) -> Box:
    """The printed code alone (from its "/" to the line's end), to be re-read with the
    English model: the code is Latin capitals, which the Vietnamese model bends towards
    words ("THLVT" → "THIVT"). Handwriting in the blank is left out."""
    pad = so.height // 2
    crop_box = Box(slash_x - pad, so.y0 - pad // 2, right + pad, so.y1 + pad // 2)
    return crop_box.clip(grey.shape[1], grey.shape[0])


def code_text(words: list[Word]) -> str | None:
    """The code in the line pass's words of the code crop, or None. The crop starts a
    little before the code's slash: a stroke of the blank's last digit read before it
    ("Y/BC-THLVT", or a letter's "J/THLVT") is left out, or the reading would be no code
    at all and the Vietnamese one, bent ("BC-THIVT"), would stand. With no "/" read, the
    slash was read as a letter (``SLASH_READ_AS``: "ITHLVT")."""
    match = LINE_CODE.search("".join(w.text for w in words))
    if not match:
        return None
    code = match["code"].translate(DASHES).strip(".,;:")
    before, slash, rest = code.partition("/")
    if slash and CODE_OPENING.match(f"/{rest.upper()}"):
        return rest
    if slash and len(before) <= STROKE_MAX_CHARS and CODE_PART.match(rest):
        return rest
    if not slash and (lost := SLASH_READ_AS.match(code)):
        return lost["code"]
    return code


def _merge_code(english: str, first: str) -> str:
    """The English reading with Đ put back where the Vietnamese one has it (same length)."""
    if len(english) != len(first):
        return english
    return "".join(v if v in "Đđ" and e in "Dd" else e for e, v in zip(english, first, strict=True))


def _printed_digits(before: str, words: list[Word], text_layer: bool) -> tuple[str, float, list]:
    """Digits the text pass read between "Số:" and "/", with look-alike letters repaired."""
    repairs: list[str] = []
    compact = before.replace(" ", "")
    if not compact:
        return "", 0.0, repairs
    if not NUMBER_PART.match(compact):
        return "", 0.0, repairs
    if len(words) > 1:
        repairs.append("bỏ khoảng trắng trong số")
    fixed = compact.translate(DIGIT_LOOKALIKES)
    if fixed != compact:
        repairs.append(f"sửa chữ nhầm thành số ({compact} → {fixed})")
    conf = 100.0 if text_layer else min((w.conf for w in words), default=0.0)
    return fixed, conf, repairs


def _decide(reading: NumberReading, line: NumberLine, blank: BlankReading) -> NumberReading:
    """Accept a number only when the text pass and the digit passes agree, or one side
    is strong and the other read nothing, less, or was unsure; otherwise "unreadable".
    An empty blank is a document not numbered yet, unless handwriting was read into the
    code: then the blank is not where the number was written. Fewer digits than a
    document number has (``NUMBER_MIN_DIGITS``) are no reading, but from a text pass sure
    of them that some height of the blank read too: a number printed without its leading
    0, which tesseract reads at any height. An illegible 01 was read "9" at 96 by the
    text pass and by no height, and reported at 0.82."""
    digits, conf = line.digits, line.conf
    if len(digits) < NUMBER_MIN_DIGITS and not _printed_short(digits, conf, blank):
        digits = ""
    if blank.digits is not None and len(blank.digits) < NUMBER_MIN_DIGITS:
        blank = replace(blank, digits=None, doubt=True)
    if digits and (blank.digits == digits or agrees(blank, digits)):
        return _accept(reading, digits, max(conf, blank.conf) / 100)
    if digits and blank.digits is None and conf >= PRINTED_MIN_CONF:
        return _accept(reading, digits, conf / 100 * SINGLE_PASS_DISCOUNT)
    if (taken := _blank_over_text(blank, digits, conf, line.glued)) is not None:
        return _accept(reading, taken, blank.support / 100 * SINGLE_PASS_DISCOUNT)
    if not digits and not blank.has_ink and not line.hand_in_code:
        return reading  # the blank was left empty: the document has no number yet
    reading.unreadable = True
    reading.confidence = UNREADABLE_CONFIDENCE
    return reading


def _printed_short(digits: str, conf: float, blank: BlankReading) -> bool:
    """The text pass's ``digits``, fewer than a number has, are a printed number: read
    surely, and by a height of the blank where it has ink."""
    return conf >= PRINTED_MIN_CONF and (not blank.has_ink or digits in blank.texts)


def _blank_over_text(blank: BlankReading, digits: str, conf: float, glued: bool) -> str | None:
    """The blank's reading where it is taken over the text pass's ``digits`` (read at
    ``conf``; ``glued`` to the code in one word), else None. It is taken when it is:
    - strong (``_strong``), against a text pass that is weak (``_weak_text_pass``);
    - read by both recognisers, against a text pass of no more digits, however sure: the
      Vietnamese model reads pen digits as part of the whole line and misreads them
      surely (a blurred 303 read "33" at 89, a 252 "232" at 80); with more digits, the
      blank's crop may have cut one off;
    - the network's alone, against a text pass it outweighs (``_outweighs_text``);
    - read well enough (``DIGIT_ALONE_MIN_CONF``), where the text pass read no digits."""
    taken = blank.digits
    if not taken:
        return None
    if (
        (_strong(blank) and _weak_text_pass(digits, conf, taken))
        or (blank.confirmed and len(taken) >= len(digits))
        or (blank.alone and digits and _outweighs_text(taken, digits, conf, glued))
        or (not digits and blank.support >= DIGIT_ALONE_MIN_CONF)
    ):
        return taken
    return None


def _strong(blank: BlankReading) -> bool:
    """The blank's reading holds on its own: two recognisers read it (the heights and the
    network), or the heights all but agree on it. The network's reading alone is one
    recogniser: it outweighs only an unsure text pass (``_outweighs_text``)."""
    return blank.confirmed or (blank.support >= BLANK_STRONG_SUPPORT and not blank.alone)


def _outweighs_text(alone: str, digits: str, conf: float, glued: bool) -> bool:
    """The network's reading ``alone`` (``BlankReading.alone``: sure of every digit, or of
    those the heights lost) against the text pass's ``digits``: the text pass read its
    number short (``read_short``: some of its digits, an 8 as "3"), or read others unsure
    of them (``conf``) and no more of them. The text pass is the Vietnamese model reading
    pen digits as part of the whole line (one number in three); unsure, it is no witness
    against such a reading (355 read "395" at 73, 58 read "9" at 54). On 15 generated
    corpora this took 5 more legible numbers, all right (2 of them on 5 corpora not looked
    at while writing it), and read no illegible one. Printed digits read in one word with
    the code (``glued``) end at its slash: digits the network saw after them are the
    slash and the code's first letter (a phone photo's printed 99 read "9910")."""
    if glued and alone.startswith(digits) and alone != digits:
        return False
    return read_short(digits, alone) or _weak_text_pass(digits, conf, alone)


def _weak_text_pass(digits: str, conf: float, blank_digits: str) -> bool:
    """The text pass read no digits, or other digits than the blank, unsure of them, and
    no more of them: a strong blank reading outweighs it. A shorter blank reading is never
    preferred: the blank's crop may have cut the last digit off, the text pass's not."""
    return not digits or (conf < PRINTED_MIN_CONF and len(blank_digits) >= len(digits))


def _accept(reading: NumberReading, digits: str, confidence: float) -> NumberReading:
    reading.number = f"{digits}/{reading.code}"
    reading.confidence = round(min(1.0, confidence), 3)
    return reading
