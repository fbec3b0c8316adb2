"""Reading the digits a clerk writes (or a signing service stamps) into a printed blank:
``Số: __ /CT-UBND`` and ``ngày __ tháng …``.

Each blank's crop is read as a single line of digits at several heights; every crop of
every blank of a page goes to ONE tesseract call (a multi-page TIFF), since starting
tesseract costs more than reading a few digits. The English model reads handwritten digits
far better than the Vietnamese one (on the generated corpus about 2 in 3 legible numbers
per height against 2 in 5). Only a reading most heights agree on, with a decent mean
confidence, is trusted: a confident wrong number is the worst outcome, so disagreement
means "unreadable".

A second recogniser, a network trained on real handwritten digits (``ocr.digits``), reads
each blank too. Where the heights do not agree, a number the network reads and one of the
heights read as well is taken: two recognisers that fail differently rarely agree on the
same wrong number. A number the network is very sure of, read from digits that stood
apart, is taken alone, with a lower confidence, where the heights read nothing, only some
of its digits, or another number they hardly agree on. Where the heights agree but the
network is sure of another number, the blank is in doubt.

A third recogniser, the line reader (``ocr.digit_line``), reads the blank whole, never
cutting it into digits. Where the heights did not agree on the reading, it is weighed in
(``weigh_with_line``): sure of another number, it puts the reading in doubt; agreeing
with one of the other two on a blank still unread, its number is taken, for checking.

A blank left unread whose ink is faint (a thin pen blurred by the scan) is read once
more, all of the above, with its ink darkened: one or two more OCR calls, only on pages
with such blanks.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import combinations
from typing import NamedTuple

import cv2
import numpy as np

from ocr.digit_line import LineReading, read_line
from ocr.digits import DigitsReading, read_digits, rule_pixels
from ocr.geometry import Box
from ocr.preprocess import INK_THRESHOLD, binarise
from ocr.tesseract import DIGITS, PSM_LINE, OcrUnavailable, ocr_batch
from ocr.words import Word
from validator.settings import Settings

BLANK_HEIGHTS_PX = (20, 24, 32, 40, 48)  # the ink is read at each of these heights ...
BLANK_MIN_VOTES = 2  # ... a reading needs this many heights, and more than any other reading
BLANK_MIN_CONF = 40.0  # mean confidence of the agreeing heights times their share of all
# A blank the heights did not agree on, and the network could read, is read again with its
# strokes thickened by these pixels (a thin pen trace is what tesseract misses most); the
# bar for the vote over all readings is lower, since it must match the network's reading.
BOLD_STROKES_PX = (2, 3)
BOLD_MIN_CONF = 25.0
SINGLE_HEIGHTS_PX = (32, 48)  # each digit the network cut out is also read alone at these,
DIGIT_BY_DIGIT_CONF = 0.85  # when the network is this sure of every digit, and the whole
ANOTHER_MIN_VOTES = 3  # blank was not read this many times as another number of its length
HAND_MIN_CONF = 0.5  # the network's least sure digit, for its reading to count at all
HAND_VETO_CONF = 0.9  # the network this sure of another number (or of one of its digits
# the heights read otherwise) puts the heights in doubt, and so does any reading of the
# network's where the heights' own support is below this
HEIGHTS_STRONG_SUPPORT = 60.0
# The network this sure of every digit is taken alone where the heights do not stand
# against it: they read nothing, only some of its digits ("3" and "7" for 37), or another
# number they do not agree on. Tesseract drops and bends pen digits far more often than
# this sure a network misreads them (on 1,440 generated pages none of the 290 such
# readings of a legible number was wrong; one scrawl generated as illegible was read).
# One recogniser is worth less than two agreeing.
HAND_ALONE_CONF = 0.95
# Two digits run together and cut apart (``DigitsReading.split``): where one ends is the
# network's guess, so it stands alone only this sure of both halves. A wrong cut leaves
# halves it doubts: on 10 generated corpora the 13 split scrawls read at most 0.92, the 7
# split legible numbers were all read right (two at 0.9995 and more, which tesseract
# read nothing of)
SPLIT_ALONE_CONF = 0.99
# The heights agreeing on some of the network's digits (``partly_read``): the network this
# sure of each digit they lost is taken (on 15 generated corpora: 6 more legible numbers,
# all right, 3 of them on 5 corpora not looked at while writing it; no illegible one read)
LOST_DIGIT_CONF = 0.9
# Strokes tesseract loses on pen digits, by the digit it reads then: the left halves of an
# 8's loops ("3"), the bar of a 7 ("1"). Such a digit counts as lost (``read_short``): the
# network, seeing the whole digit, is believed where it is sure of it. In the 955 blanks
# of 15 generated corpora it read no legible 3 as an 8, nor a 1 as a 7, even 0.8 sure;
# counting these strokes as lost read 7 more legible numbers there, all right, and no
# illegible one.
STROKE_LOST = {"8": "3", "7": "1"}
ALONE_WEIGHT = 0.8
# The line reader (``ocr.digit_line``) this sure of the number, over its views, confirms
# the network's reading of a blank the heights did not read. On 15 generated corpora
# (711 legible numbers), in the blanks left unread both named the same number 37 times;
# with the network at HAND_MIN_CONF, the line reader was at least this sure on 13 pages,
# all legible and right, and at most 0.66 sure of a scrawl (0.86 of the least sure
# legible number taken). On 5 corpora not looked at while choosing it, it took 6 more
# legible numbers, all right, and no illegible one.
LINE_MIN_CONF = 0.85
# Or both readers at least this sure, the network's digits standing apart (not cut by its
# guess, ``DigitsReading.split``). On the 15 corpora, of the unread blanks both named alike,
# 3 legible numbers were named this surely, all right; the surest scrawl was named at 0.82
# and 0.63, a legible number misread by both at 0.79 and 0.53. On 10 corpora not looked at
# while choosing it: 2 more legible numbers taken, all right, no illegible one.
BOTH_MIN_CONF = 0.7
# Where the network read nothing (two digits run into each other past cutting, a 0 into
# the 6 after it) or another number, the line reader this sure of a number, which at
# least BLANK_MIN_VOTES heights read some of and none read otherwise, is taken
# (``line_read_in_part``). Over every handwritten blank of 73 generated corpora (3,472
# legible numbers, 1,338 scrawls) such a reading was right 1,498 times, wrong once (a 341
# whose 1 the blank's edge cut off, since mended) and never a scrawl's. Where the network
# read nothing: 6 more legible numbers read on 25 corpora; where it read another number,
# 4 more on 51 corpora (7-107) and 1 on 22 not looked at (109-151).
LINE_ALONE_CONF = 0.95
# ... or this sure, with one height reading part of its number: over the same blanks right
# 1,344 times, wrong once (that 341) and never a scrawl's (the surest scrawl with a height's
# part: "18" at 0.98). Chosen on all 73 corpora: 5 more legible numbers read, no scrawl
LINE_NEAR_CERTAIN = 0.99
# A blank still unread after all that, the line reader and one other recogniser (the
# network, on digits standing apart, or the heights' leading reading) each at least this
# sure of the same number (``two_of_three``). Chosen on 51 generated corpora (7-107, 2,446
# legible handwritten numbers): 32 more read, one wrong (a 213 that three heights and the
# line reader read 713, marked for checking), no scrawl; on 22 corpora not looked at
# (109-151, 1,026): 11 more, one wrong (72 read 77, marked), no scrawl. With the network
# at 0.3, scrawls were read; with its digits cut apart by its guess, too.
TWO_OF_THREE_CONF = 0.5
# The line reader this sure of another number puts a reading fewer than BLANK_MIN_VOTES
# heights read in doubt (``weigh_with_line``). Over every handwritten blank of 73 generated
# corpora, of the 3,344 numbers read the line reader was this sure of another 7 times, all
# 7 misread (a 172 read "12" by the network, confirmed by thickened re-readings), and
# never where the reading was right. Five of them fewer than two heights had read.
LINE_VETO_CONF = 0.9
# Faint ink (``darken_faint``): on the blank smoothed by a median of this side, its paper
# is this percentile of its pixels, its ink the pixels this much darker (as large a share
# as BLANK_MIN_INK), and the ink is faint when this percentile of it is lighter than
# FAINT_INK (a dark pen: about 45; blurred: 95 to 176)
FAINT_SMOOTH_PX, PAPER_PERCENTILE, INK_CONTRAST = 5, 75, 40
FAINT_PERCENTILE, FAINT_INK = 10, 80
BLANK_PAD_PX = 10  # white border: tesseract needs paper around a lone word
BLANK_MIN_INK = 0.004  # fraction of dark pixels below which the blank is empty
# a digit is at least about this share of the blank's height (grown for handwriting)
BLANK_DIGIT_SHARE = 0.35
# The page this far above and below the blank's box is read with it (a tall digit's top)
BLANK_PAPER_PX = 2
# The network reads the blank with this much more page around it (``network_view``): a
# digit reaching the box's edge is cut only if its ink goes on beyond (``ocr.digits``
# refuses cut ones)
NETWORK_MARGIN_PX = 4
MAX_DIGITS = 5  # document numbers restart every year: five digits is already generous
LINE_LANGUAGE = "eng"  # falls back to the configured languages when eng data is missing
# Digits for the blanks, and what a printed code is made of, read in the same call (the
# code's "Đ" the English model cannot read anyway; a letter in a blank is no digit vote)
LINE_WHITELIST = DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZr/-&."


@dataclass
class BlankReading:
    digits: str | None  # None: nothing the heights agree on
    conf: float  # 0..100: mean over the heights that read the leading reading
    has_ink: bool  # something is written in the blank
    share: float = 0.0  # fraction of the heights that read it
    texts: tuple[str, ...] = ()  # what each height read ("" for nothing)
    doubt: bool = False  # the network is sure of another number than the heights' vote
    confirmed: bool = False  # a second recogniser (the network, or the line reader) read
    # ``digits`` too
    alone: bool = False  # the network's reading, which the heights did not read whole
    network: float = 0.0  # 0..1: the network's least sure digit, where it read ``digits``

    @property
    def support(self) -> float:
        """Confidence weighted by agreement, 0..100: what a lone digit reading is worth."""
        return self.conf * self.share


def _inked(grey: np.ndarray, box: Box) -> bool:
    """Something is written in the blank: ink, or faint ink (a blurred "207" whose darkest
    pixel was 154: taken for an empty blank, the page said the document had no number).
    A printed rule reaching in is not writing, nor the print above a rule in the blank's
    upper half (the issuer's name over its underline): on unnumbered phone photos they
    made the number "unreadable", a warning, where a missing number returns the file."""
    crop = grey[box.y0 : box.y1, box.x0 : box.x1].copy()
    if crop.size == 0:
        return False
    rule = rule_pixels(crop < INK_THRESHOLD, BLANK_DIGIT_SHARE * box.height)
    rows = np.flatnonzero(rule.any(axis=1))
    crop[rule] = 255
    if rows.size and rows.max() < crop.shape[0] / 2:
        crop = crop[rows.max() + 1 :]
    if float((crop < INK_THRESHOLD).mean()) >= BLANK_MIN_INK:
        return True
    return darken_faint(crop) is not None


def darken_faint(crop: np.ndarray) -> np.ndarray | None:
    """``crop`` with its faint ink (a thin pen blurred by the scan, its darkest lighter
    than ``FAINT_INK``) stretched back to black and its paper to white, or None if its
    ink is not faint. Thresholded as it was, only specks of each stroke were ink (a
    blurred "01" whose darkest pixel was 125), and neither recogniser saw digits there."""
    if crop.size == 0:
        return None
    smooth = cv2.medianBlur(np.ascontiguousarray(crop), FAINT_SMOOTH_PX)  # noise is no ink
    paper = np.percentile(smooth, PAPER_PERCENTILE)
    ink = smooth[smooth < paper - INK_CONTRAST]
    if ink.size < BLANK_MIN_INK * crop.size:
        return None
    dark = np.percentile(ink, FAINT_PERCENTILE)
    if dark <= FAINT_INK:
        return None
    stretched = (crop.astype(np.float32) - dark) * (255.0 / (paper - dark))
    return np.clip(np.rint(stretched), 0, 255).astype(np.uint8)


def _ink_bounds(crop: np.ndarray) -> np.ndarray:
    """The crop tightened to its ink, so digits of any size come out at the target height."""
    ys, xs = np.nonzero(crop < INK_THRESHOLD)
    if ys.size == 0:
        return crop
    return crop[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def _prepare_crop(crop: np.ndarray, height: int) -> np.ndarray:
    factor = height / max(1, crop.shape[0])
    interp = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
    crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=interp)
    crop = binarise(crop)
    return cv2.copyMakeBorder(
        crop, BLANK_PAD_PX, BLANK_PAD_PX, BLANK_PAD_PX, BLANK_PAD_PX, cv2.BORDER_CONSTANT, value=255
    )


def read_blanks(
    grey: np.ndarray, boxes: list[Box], settings: Settings, lines: list[Box] | None = None
) -> tuple[list[BlankReading], list[list[Word]]]:
    """The digits of each blank in ``boxes`` and the words of each printed line in
    ``lines`` (the number's code, re-read in English), all in ONE OCR call; blanks of
    faint ink left unread are read again darkened (``read_faint``)."""
    out, words = _read_once(grey, boxes, settings, lines)
    read_faint(grey, boxes, out, settings)
    return out, words


def read_faint(
    grey: np.ndarray, boxes: list[Box], out: list[BlankReading], settings: Settings
) -> None:
    """Each inked blank left unread whose ink is faint is read once more, whole, with its
    ink darkened (``darken_faint``), and takes that reading where it is trusted as a
    darkened one (``darkened_trusted``). Only blanks left unread: darkening every faint
    blank gained 13 blurred numbers on 15 generated corpora but lost 7 read before,
    their strokes run thicker."""
    darker = grey.copy()
    again = []
    for i, box in enumerate(boxes):
        if out[i].digits is not None or not out[i].has_ink:
            continue
        region = box.pad(NETWORK_MARGIN_PX, NETWORK_MARGIN_PX + BLANK_PAPER_PX)
        region = region.clip(grey.shape[1], grey.shape[0])
        dark = darken_faint(grey[region.y0 : region.y1, region.x0 : region.x1])
        if dark is not None:
            darker[region.y0 : region.y1, region.x0 : region.x1] = dark
            again.append(i)
    if not again:
        return
    redone, _ = _read_once(darker, [boxes[i] for i in again], settings)
    for i, reading in zip(again, redone, strict=True):
        if reading.digits is not None and darkened_trusted(reading):
            out[i] = reading


def darkened_trusted(reading: BlankReading) -> bool:
    """Darkened, a blurred scrawl's strokes look like digits too, so a darkened blank's
    reading needs more than a page's: at least ``BLANK_MIN_VOTES`` heights read it, or the
    network is sure of every digit (``DIGIT_BY_DIGIT_CONF``; read alone,
    ``HAND_ALONE_CONF``). A darkened illegible 35 was read "4" by the network at 0.64
    and by one height in 15; an illegible 07 "82" by the network, unsure of the 2 that
    two heights read."""
    if reading.alone:
        return reading.network >= HAND_ALONE_CONF
    votes = reading.texts.count(reading.digits)
    return votes >= BLANK_MIN_VOTES or reading.network >= DIGIT_BY_DIGIT_CONF


def _read_once(
    grey: np.ndarray, boxes: list[Box], settings: Settings, lines: list[Box] | None = None
) -> tuple[list[BlankReading], list[list[Word]]]:
    """``read_blanks`` on the page as it is."""
    out: list[BlankReading] = []
    crops: list[np.ndarray] = []
    inked: list[int] = []
    hands: dict[int, DigitsReading | None] = {}
    cleaned: dict[int, np.ndarray] = {}
    for i, box in enumerate(boxes):
        box = box.pad(0, BLANK_PAPER_PX).clip(grey.shape[1], grey.shape[0])
        out.append(BlankReading(None, 0.0, False))
        if box.width < 4 or box.height < 4 or not _inked(grey, box):
            continue
        crop = grey[box.y0 : box.y1, box.x0 : box.x1].copy()
        ink = crop < INK_THRESHOLD
        rule = rule_pixels(ink)  # the issuer's underline, reaching in
        crop[rule] = 255
        crops.extend(_prepare_crop(_ink_bounds(crop), height) for height in BLANK_HEIGHTS_PX)
        cleaned[i] = network_view(grey, box)
        hands[i] = read_digits(cleaned[i] < INK_THRESHOLD)
        inked.append(i)
    line_crops = [grey[b.y0 : b.y1, b.x0 : b.x1] for b in lines or [] if b.width and b.height]
    if not crops and not line_crops:
        return out, [[] for _ in lines or []]
    pages = _line_pass(crops + line_crops, settings)
    n = len(BLANK_HEIGHTS_PX)
    readings = {i: [_digits(w) for w in pages[k * n : (k + 1) * n]] for k, i in enumerate(inked)}
    for i in inked:
        out[i] = with_hand(vote(readings[i]), hands[i])
    doubtful = [(k, i) for k, i in enumerate(inked) if out[i].digits is None and _sure(hands[i])]
    if doubtful:
        _read_again(doubtful, crops, cleaned, readings, hands, out, settings)
    for i in inked:
        out[i] = weigh_with_line(out[i], hands[i], cleaned[i] < INK_THRESHOLD)
    return out, pages[len(crops) :] + [[] for _ in range(len(lines or []) - len(line_crops))]


def network_view(grey: np.ndarray, box: Box) -> np.ndarray:
    """The blank as the network reads it: with ``NETWORK_MARGIN_PX`` of page around it, so
    that a digit written up to the blank's edge is seen whole (or seen to go on beyond,
    and refused by ``ocr.digits``). Ink lying wholly in the margin (the code's slash, the
    "Số:" before it) and rule lines are whitened; tesseract reads the blank as cut, where
    a slash glued to the last digit would come in."""
    outer = box.pad(NETWORK_MARGIN_PX, NETWORK_MARGIN_PX).clip(grey.shape[1], grey.shape[0])
    view = grey[outer.y0 : outer.y1, outer.x0 : outer.x1].copy()
    ink = view < INK_THRESHOLD
    rule = rule_pixels(ink)
    ink[rule] = False
    inside = np.zeros_like(ink)
    inside[box.y0 - outer.y0 : box.y1 - outer.y0, box.x0 - outer.x0 : box.x1 - outer.x0] = True
    _, labels = cv2.connectedComponents(ink.astype(np.uint8), connectivity=8)
    reaching_in = np.isin(labels, np.unique(labels[ink & inside]))
    view[rule | (ink & ~reaching_in)] = 255
    return view


def _read_again(
    doubtful: list[tuple[int, int]],
    crops: list[np.ndarray],
    cleaned: dict[int, np.ndarray],
    readings: dict[int, list[tuple[str, float]]],
    hands: dict[int, DigitsReading | None],
    out: list[BlankReading],
    settings: Settings,
) -> None:
    """Read the doubtful blanks again, in one more OCR call: whole with thickened strokes,
    and digit by digit where the network cut them. A vote over every whole reading is
    taken only for the network's own number: the thickened readings alone are too weak a
    witness. Failing that, tesseract reading each of the network's digits alone as the
    network did is a second recogniser agreeing digit by digit, provided the network is
    sure of every digit and the whole blank was not read as another number of the same
    length (then tesseract saw other digits, not fewer). A blank still in doubt keeps its
    first reading."""
    n = len(BLANK_HEIGHTS_PX)
    bold = [
        cv2.erode(crop, np.ones((px, px), np.uint8))  # black ink on white grows
        for k, _ in doubtful
        for px in BOLD_STROKES_PX
        for crop in crops[k * n : (k + 1) * n]
    ]
    singles = [_digit_crops(cleaned[i], hands[i]) for _, i in doubtful]
    pages = _line_pass(bold + [crop for crops_ in singles for crop in crops_], settings)
    per_blank = n * len(BOLD_STROKES_PX)
    single_pages = iter(pages[len(bold) :])
    for j, (_, i) in enumerate(doubtful):
        more = [_digits(words) for words in pages[j * per_blank : (j + 1) * per_blank]]
        one_by_one = [_digits(next(single_pages))[0] for _ in singles[j]]
        hand = hands[i]
        again = with_hand(vote(readings[i] + more, BOLD_MIN_CONF), hand)
        if hand is not None and again.digits == hand.text:
            out[i] = again
        elif (
            hand is not None
            and out[i].digits is None
            and hand.confidence >= DIGIT_BY_DIGIT_CONF
            and not heights_read_another(hand, readings[i] + more)
            and digit_by_digit(hand, one_by_one)
        ):
            conf = 100 * hand.confidence * ALONE_WEIGHT
            out[i] = BlankReading(
                hand.text, conf, True, 1.0, out[i].texts, confirmed=True, network=hand.confidence
            )


def heights_read_another(hand: DigitsReading, readings: list[tuple[str, float]]) -> bool:
    """The whole-blank readings agree, at least ``ANOTHER_MIN_VOTES`` times, on another
    number as long as the network's: tesseract then sees other digits, not fewer."""
    votes = Counter(text for text, _ in readings if len(text) == len(hand.text))
    return any(text != hand.text and count >= ANOTHER_MIN_VOTES for text, count in votes.items())


def _digit_crops(crop: np.ndarray, hand: DigitsReading | None) -> list[np.ndarray]:
    """Each digit the network cut out, alone, at each of ``SINGLE_HEIGHTS_PX``."""
    if hand is None:
        return []
    return [
        _prepare_crop(_ink_bounds(crop[y0:y1, x0:x1]), height)
        for x0, x1, y0, y1 in hand.spans
        for height in SINGLE_HEIGHTS_PX
    ]


def digit_by_digit(hand: DigitsReading, texts: list[str]) -> bool:
    """Tesseract read every digit of the network's number, alone, as the network did: at
    some height that digit and at no height another."""
    per_digit = len(SINGLE_HEIGHTS_PX)
    if len(texts) != per_digit * len(hand.text):
        return False
    for k, digit in enumerate(hand.text):
        seen = {text for text in texts[k * per_digit : (k + 1) * per_digit] if text}
        if seen != {digit}:
            return False
    return True


def _heights_strong(found: BlankReading) -> bool:
    """The heights agree on their reading well enough to stand against the network's."""
    return found.support >= HEIGHTS_STRONG_SUPPORT


def _sure(hand: DigitsReading | None) -> bool:
    """The network read the blank well enough for a second tesseract pass to confirm."""
    return hand is not None and hand.confidence >= HAND_MIN_CONF


def with_hand(found: BlankReading, hand: DigitsReading | None) -> BlankReading:
    """The heights' vote weighed with the network's reading: a number both read is taken
    even when the heights disagree among themselves; a number the network is very sure of
    is taken alone where the heights do not stand against it (``stands_alone``); a number
    the heights agree on but the network is sure is another (or reads as another, or with
    more digits, and the heights agree only weakly) is dropped, and so is any other pass's
    agreement with the heights (``agrees``), unless the heights' reading is the network's
    but for digits the network is sure of: then the network's is taken (``partly_read``).
    The network seeing only some of the digits the heights agree on is no such other
    number: it drops a faint digit, or reads two that touch as one, far more often than
    the heights agree on a digit that is not there (a blurred 152 read "12", sure of both;
    a turned page's 104 read "14")."""
    if hand is None:
        return found
    if not _sure(hand):
        if found.digits and len(hand.text) > len(found.digits) and not _heights_strong(found):
            found.digits, found.doubt = None, True  # the network saw a digit they lost
        return found
    if hand.text == found.digits:
        found.confirmed, found.network = True, hand.confidence
        return found
    if found.digits is None and _read_by_a_height(hand, found):
        conf = 100 * hand.confidence
        return BlankReading(
            hand.text, conf, True, 1.0, found.texts, confirmed=True, network=hand.confidence
        )
    if stands_alone(hand, found):
        return _taken_alone(hand, found)
    if found.digits and lost_some(hand.text, found.digits):
        return found  # the network dropped a faint digit (or ran two together) they agree on
    if sure_of_another(hand, found.digits) or not _heights_strong(found):
        if partly_read(hand, found):
            return _taken_alone(hand, found)
        found.digits, found.doubt = None, True
    return found


def weigh_with_line(
    found: BlankReading, hand: DigitsReading | None, ink: np.ndarray
) -> BlankReading:
    """The blank's reading weighed with the line reader's (``ocr.digit_line``), where it
    is needed: a reading fewer than ``BLANK_MIN_VOTES`` heights read is in doubt where the
    line reader is sure of another number (``LINE_VETO_CONF``); a blank unread, or put in
    doubt so, is weighed again with it (``with_line_reader``); digits the network cut
    apart by guess that the line reader does not read alike are weighed down
    (``ALONE_WEIGHT``), to be checked: a scrawl cut into "87" at 0.999 and a 420 cut into
    "4207" were reported surely. A reading the heights agree on needs no third opinion
    (the line reader costs about 0.05 s a blank)."""
    heights = found.texts[: len(BLANK_HEIGHTS_PX)]  # not the thickened re-readings
    if found.digits is not None and heights.count(found.digits) >= BLANK_MIN_VOTES:
        return found
    line = read_line(ink)
    if found.digits is None:
        return with_line_reader(found, hand, line)
    if reads_another(line, found.digits):
        return with_line_reader(replace(found, digits=None, doubt=True), hand, line)
    if _cut_by_guess(found.digits, hand) and (line is None or line.text != found.digits):
        return replace(found, conf=found.conf * ALONE_WEIGHT)
    return found


def _cut_by_guess(digits: str, hand: DigitsReading | None) -> bool:
    """``digits`` are the network's, cut apart where it guessed two digits meet
    (``DigitsReading.split``)."""
    return hand is not None and hand.split and hand.text == digits


def reads_another(line: LineReading | None, digits: str) -> bool:
    """The line reader is sure (``LINE_VETO_CONF``) of digits other than ``digits``."""
    return (
        line is not None
        and bool(line.text)
        and line.text != digits
        and line.confidence >= LINE_VETO_CONF
    )


def with_line_reader(
    found: BlankReading, hand: DigitsReading | None, line: LineReading | None
) -> BlankReading:
    """A blank the heights and the network left unread, weighed with the line reader's
    reading: where it confirms the network's (``with_line``), is sure of a number the
    heights read part of (``line_read_in_part``), or, failing those, agrees with one of
    the other two (``two_of_three``)."""
    if hand is not None and _sure(hand):
        taken = with_line(found, hand, line)
        if taken.digits is not None:
            return taken
    taken = line_read_in_part(found, line)
    return taken if taken.digits is not None else two_of_three(found, hand, line)


def two_of_three(
    found: BlankReading, hand: DigitsReading | None, line: LineReading | None
) -> BlankReading:
    """The line reader's number where one of the other two recognisers read it too, each
    at least fairly sure (``TWO_OF_THREE_CONF``): the network, on digits that stood
    apart, whatever the heights read; or the heights, at least ``BLANK_MIN_VOTES`` of
    them and more than for any other number, whatever the network read. Two of three
    recognisers that fail differently, so it is taken; one disagrees, so it is marked for
    checking (weighed down by ``ALONE_WEIGHT``, as any reading one recogniser doubts)."""
    if line is None or not line.text or line.confidence < TWO_OF_THREE_CONF:
        return found
    if hand is not None and _network_reads(hand, line.text):
        sure, network = min(line.confidence, hand.confidence), hand.confidence
    elif _heights_lead_with(found.texts, line.text):
        sure, network = line.confidence, 0.0
    else:
        return found
    return BlankReading(
        line.text, 100 * sure * ALONE_WEIGHT, True, 1.0, found.texts, confirmed=True,
        network=network,
    )  # fmt: skip


def _network_reads(hand: DigitsReading, text: str) -> bool:
    """The network read ``text`` from digits that stood apart, fairly sure of each."""
    return not hand.split and hand.text == text and hand.confidence >= TWO_OF_THREE_CONF


def _heights_lead_with(texts: tuple[str, ...], text: str) -> bool:
    """At least ``BLANK_MIN_VOTES`` heights read ``text``, more than read any other."""
    leading = _leading(texts)
    return (
        leading is not None
        and leading.text == text
        and leading.votes >= BLANK_MIN_VOTES
        and leading.ahead
    )


class _Leading(NamedTuple):
    text: str  # the reading the most heights read
    votes: int  # how many read it
    ahead: bool  # no other reading was read as often


def _leading(texts: tuple[str, ...]) -> _Leading | None:
    """The heights' leading reading, or None when no height read anything."""
    ranked = Counter(text for text in texts if text).most_common(2)
    if not ranked:
        return None
    text, count = ranked[0]
    return _Leading(text, count, len(ranked) == 1 or ranked[1][1] < count)


def with_line(found: BlankReading, hand: DigitsReading, line: LineReading | None) -> BlankReading:
    """A blank the heights and the network left unread, taken where the line reader
    (``ocr.digit_line``) reads the network's number, sure of it over its views
    (``LINE_MIN_CONF``) or both readers fairly sure of it (``both_fairly_sure``), and the
    heights do not agree on another number (bar the network's with digits lost). The
    network cuts the ink into digits, the line reader never does: where the network
    doubts a digit, or two touch, the two still fail differently. Its confidence is the
    less sure reader's (then discounted as any blank reading no text pass confirmed,
    ``ocr.number``)."""
    if line is None or line.text != hand.text:
        return found
    if line.confidence < LINE_MIN_CONF and not both_fairly_sure(hand, line):
        return found
    if _heights_agree_on_another(found, hand.text):
        return found
    conf = 100 * min(hand.confidence, line.confidence)
    return BlankReading(
        hand.text, conf, True, 1.0, found.texts, confirmed=True, network=hand.confidence
    )


def line_read_in_part(found: BlankReading, line: LineReading | None) -> BlankReading:
    """A blank the network could not cut into digits, or cut into another number, taken
    where the line reader, which never cuts, is sure of its number (``LINE_ALONE_CONF``)
    and the heights read part of it: at least ``BLANK_MIN_VOTES`` of them some of its
    digits in its order, none other digits (a 05 whose 0 runs into the 5: read "0"
    twice); one of them where the line reader is all but certain (``LINE_NEAR_CERTAIN``).
    Taken alone, weighed down as the network's reading is (``ALONE_WEIGHT``):
    one recogniser read it whole."""
    if line is None or not line.text or line.confidence < LINE_ALONE_CONF:
        return found
    read = [text for text in found.texts if text]
    needed = 1 if line.confidence >= LINE_NEAR_CERTAIN else BLANK_MIN_VOTES
    if len(read) < needed or not all(within(text, line.text) for text in read):
        return found
    conf = 100 * line.confidence * ALONE_WEIGHT
    return BlankReading(line.text, conf, True, 1.0, found.texts, alone=True)


def both_fairly_sure(hand: DigitsReading, line: LineReading) -> bool:
    """Neither reader below ``BOTH_MIN_CONF``, on digits that stood apart: a scrawl one of
    them names surely the other doubts, and where the network cut two digits apart its
    cut is a guess both may follow (a split scrawl named "89" at 0.84 and 0.80)."""
    return not hand.split and min(hand.confidence, line.confidence) >= BOTH_MIN_CONF


def _heights_agree_on_another(found: BlankReading, digits: str) -> bool:
    """The heights agree (``BLANK_MIN_VOTES``) on a number other than ``digits`` with
    some of its digits lost."""
    read = Counter(text for text in found.texts if text)
    return any(
        count >= BLANK_MIN_VOTES and text != digits and not lost_some(text, digits)
        for text, count in read.items()
    )


def _read_by_a_height(hand: DigitsReading, found: BlankReading) -> bool:
    """Some height read the network's number, where the heights agree on nothing. One
    height's lone digit is no such second witness unless the network is sure of it: a
    scrawled number's pieces read as single digits by both (an illegible 84 read "4")."""
    count = found.texts.count(hand.text)
    return count > 0 and (len(hand.text) > 1 or count > 1 or hand.confidence >= HAND_VETO_CONF)


def _taken_alone(hand: DigitsReading, found: BlankReading) -> BlankReading:
    """The network's number taken on its own word, weighed down (``ALONE_WEIGHT``): no
    second recogniser read it whole."""
    conf = 100 * hand.confidence * ALONE_WEIGHT
    return BlankReading(
        hand.text, conf, True, 1.0, found.texts, alone=True, network=hand.confidence
    )


def partly_read(hand: DigitsReading, found: BlankReading) -> bool:
    """The heights agree (``BLANK_MIN_VOTES``) on the network's number read short
    (``read_short``: "28" of 287, "4" of a faint "04", "131" of 181), none reads a digit
    it did not see, and the network is sure (``LOST_DIGIT_CONF``) of each digit they
    lost: two recognisers read the same number but for digits or strokes tesseract
    dropped, which it does far more often than it reads a wrong one. Never for digits
    the network cut apart."""
    read = [text for text in found.texts if text]
    if hand.split or not read:
        return False
    text, count = Counter(read).most_common(1)[0]
    if count < BLANK_MIN_VOTES or text == hand.text or not read_short(text, hand.text):
        return False
    if not all(read_short(other, hand.text) for other in read):
        return False
    return lost_digits_conf(text, hand) >= LOST_DIGIT_CONF


def lost_digits_conf(part: str, hand: DigitsReading) -> float:
    """How sure the network is of the digits of its reading that ``part`` lacks or reads
    with a stroke lost: the least sure of them, for the placing of ``part`` within its
    digits that leaves the surest ("7" within 77 may be either 7)."""
    best = 0.0
    for kept in combinations(range(len(hand.text)), len(part)):
        pairs = list(zip(kept, part, strict=True))
        if all(_read_short_as(hand.text[k], digit) for k, digit in pairs):
            intact = {k for k, digit in pairs if hand.text[k] == digit}
            lost = [p for k, p in enumerate(hand.probabilities) if k not in intact]
            best = max(best, min(lost, default=1.0))
    return best


def sure_of_another(hand: DigitsReading, digits: str | None) -> bool:
    """The network is sure its number is not ``digits``: sure of all its digits, or of a
    digit that ``digits``, as long, has otherwise (tesseract reading a 7 as a 1)."""
    if hand.confidence >= HAND_VETO_CONF:
        return True
    return (
        digits is not None
        and len(digits) == len(hand.text)
        and any(
            mine != theirs and p >= HAND_VETO_CONF
            for mine, theirs, p in zip(hand.text, digits, hand.probabilities, strict=True)
        )
    )


def stands_alone(hand: DigitsReading, found: BlankReading) -> bool:
    """The network is very sure of every digit, and the heights do not stand against it:
    they read nothing, or only some of its digits in its order and none it did not see,
    or another number without agreeing on it well. Never when heights agree on a longer
    number: it may have lost a faint digit, or seen two as one (a blurred 150 read "18",
    sure of both, where three heights read "150"). Two digits it cut apart need it
    surer still (``SPLIT_ALONE_CONF``)."""
    if hand.confidence < (SPLIT_ALONE_CONF if hand.split else HAND_ALONE_CONF):
        return False
    read = [text for text in found.texts if text]
    more = Counter(text for text in read if len(text) > len(hand.text))
    if any(count >= BLANK_MIN_VOTES for count in more.values()):
        return False
    return not _heights_strong(found) or all(within(text, hand.text) for text in read)


def lost_some(part: str, whole: str) -> bool:
    """``part`` is ``whole`` with some of its digits lost ("0" of a faint "01"): no
    reading of another number, so no witness against ``whole``."""
    return len(part) < len(whole) and within(part, whole)


def within(part: str, whole: str, reads_as: Callable[[str, str], bool] = operator.eq) -> bool:
    """``part`` is ``whole`` with some digits left out ("37" → "3", "7"), each digit kept
    read as ``reads_as`` allows (by default, as it is)."""
    rest = iter(whole)
    return all(any(reads_as(mine, digit) for mine in rest) for digit in part)


def read_short(part: str, whole: str) -> bool:
    """``part`` is ``whole`` as tesseract reads pen digits short: some digits left out,
    some read with a stroke lost (``STROKE_LOST``: 181 as "131", 72 as "1")."""
    return within(part, whole, _read_short_as)


def _read_short_as(mine: str, digit: str) -> bool:
    return digit in (mine, STROKE_LOST.get(mine))


def agrees(reading: BlankReading, text: str) -> bool:
    """``text`` (read by another pass) is what the heights read most, tied or not, and
    the network is not sure of another number. Not when a tied height read it with more
    digits: "6" tied with "06" is the other pass and one height losing the 0 alike (a
    light page's 06 was reported "6" at 0.91)."""
    if reading.doubt or reading.digits not in (None, text):
        return False
    count = reading.texts.count(text)
    tied = [t for t in reading.texts if t and reading.texts.count(t) == count]
    return (
        count > 0
        and all(reading.texts.count(t) <= count for t in reading.texts if t)
        and not any(lost_some(text, t) for t in tied)
    )


def _line_pass(crops: list[np.ndarray], settings: Settings) -> list[list[Word]]:
    try:
        return ocr_batch(crops, settings, PSM_LINE, LINE_WHITELIST, languages=LINE_LANGUAGE)
    except OcrUnavailable:  # no English data here
        return ocr_batch(crops, settings, PSM_LINE, LINE_WHITELIST)


def _digits(words: list[Word]) -> tuple[str, float]:
    """A blank's reading at one height: its digits (an O is a 0 there), or nothing if it
    read any other letter."""
    text = "".join(w.text for w in words).replace("O", "0")
    conf = min((w.conf for w in words), default=0.0)
    return (text, conf) if text.isdigit() else ("", 0.0)


def vote(readings: list[tuple[str, float]], min_conf: float = BLANK_MIN_CONF) -> BlankReading:
    """The reading most heights agree on, when it is clearly ahead and confident enough."""
    texts = tuple(t for t, _ in readings)
    leading = _leading(texts)
    if leading is None:
        return BlankReading(None, 0.0, True, texts=texts)
    text, count, ahead = leading
    agreeing = [conf for t, conf in readings if t == text]
    found = BlankReading(text, sum(agreeing) / len(agreeing), True, count / len(readings), texts)
    trusted = count >= BLANK_MIN_VOTES and ahead and found.support >= min_conf
    if not trusted or len(text) > MAX_DIGITS:
        found.digits = None
    return found
