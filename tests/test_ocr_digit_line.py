"""The line reader (``ocr.digit_line``): a blank's handwritten number read whole, never cut
into digits, on blanks written by the evidence generator's pen; and the third witness it
is in ``ocr.blank`` (``with_line``)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

import ocr.blank
import ocr.digit_line
from corpus.evidence import write_generated
from corpus.handwriting import draw_digits
from ocr.blank import (
    ALONE_WEIGHT,
    BOTH_MIN_CONF,
    LINE_ALONE_CONF,
    LINE_MIN_CONF,
    LINE_NEAR_CERTAIN,
    LINE_VETO_CONF,
    TWO_OF_THREE_CONF,
    BlankReading,
    line_read_in_part,
    reads_another,
    two_of_three,
    with_line,
)
from ocr.digit_line import LineReading, read_line
from ocr.digits import DigitsReading, read_digits
from ocr.evidence import read_evidence
from validator.models import NUMBER_SURE_CONFIDENCE
from validator.settings import Settings

INK = (20, 40, 160)


def _blank(*parts: tuple[str, int, int], legible: bool = True) -> np.ndarray:
    """A blank's ink mask with each (text, x, seed) written by the generator's pen."""
    image = Image.new("RGB", (160, 70), "white")
    for text, x, seed in parts:
        draw_digits(ImageDraw.Draw(image), text, (x, 10), 48, random.Random(seed), legible, INK)
    return np.asarray(image.convert("L")) < 160


def test_written_numbers_are_read_as_a_line() -> None:
    """All 60 were read right when this was written; most of them surely."""
    rng = random.Random(0)
    numbers = [
        "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 3))) for _ in range(60)
    ]
    read = [read_line(_blank((n, 8, 100 + i))) for i, n in enumerate(numbers)]
    right = [r for r, n in zip(read, numbers, strict=True) if r is not None and r.text == n]
    assert len(right) >= 57, [(r and r.text, n) for r, n in zip(read, numbers, strict=True)]
    assert sum(r.confidence >= LINE_MIN_CONF for r in right) >= 45


def test_two_digits_run_together_are_read_where_the_network_cannot_cut_them() -> None:
    """An 8 and a 4 written into each other, one piece of ink: the network must guess
    where the 8 ends, and mostly cannot (2 of 16 read when this was written); the line
    reader never cuts (14 of 16)."""
    blanks = [_blank(("8", 8, seed), ("4", 30, seed + 50)) for seed in range(16)]
    line = [read_line(ink) for ink in blanks]
    network = [read_digits(ink) for ink in blanks]
    line_right = sum(r is not None and r.text == "84" for r in line)
    network_right = sum(r is not None and r.text == "84" for r in network)
    assert line_right >= 12 and line_right > network_right + 6


def test_a_scrawl_is_read_unsure() -> None:
    """Having seen only digits, the reader names a scrawl as digits; its views then
    disagree, or it is unsure (one of these 12 was read "88" at 0.97 all the same: it
    is never taken alone)."""
    scrawls = [read_line(_blank(("38", 8, seed), legible=False)) for seed in range(12)]
    sure = [r for r in scrawls if r is not None and r.confidence >= LINE_MIN_CONF]
    assert len(sure) <= 2, sure


def test_no_ink_or_ink_too_wide_for_a_number_is_not_read() -> None:
    assert read_line(np.zeros((70, 160), bool)) is None
    rule = np.zeros((70, 2000), bool)
    rule[30:36, 10:1990] = True  # a rule line, 300 times as long as it is high
    assert read_line(rule) is None


HAND = DigitsReading("07", (0.85, 0.99), ((0, 20, 0, 40), (24, 44, 0, 40)))


def test_a_blank_left_unread_takes_the_number_both_readers_read() -> None:
    unread = BlankReading(None, 0.0, True, texts=("", "", "", "", ""))
    taken = with_line(unread, HAND, LineReading("07", 0.97))
    assert taken.digits == "07" and taken.confirmed and taken.conf == pytest.approx(85.0)


def test_the_line_reader_unsure_or_reading_another_number_takes_nothing() -> None:
    unread = BlankReading(None, 0.0, True, texts=("", "", "", "", ""))
    assert with_line(unread, HAND, LineReading("07", 0.6)).digits is None
    assert with_line(unread, HAND, LineReading("01", 0.99)).digits is None
    assert with_line(unread, HAND, None).digits is None


def test_both_readers_fairly_sure_of_digits_that_stood_apart_take_the_number() -> None:
    """Short of ``LINE_MIN_CONF``, both readers at ``BOTH_MIN_CONF`` confirm each other,
    unless the network doubts the number as much, or cut its digits apart itself."""
    unread = BlankReading(None, 0.0, True, texts=("", "", "", "", ""))
    fair = LineReading("07", BOTH_MIN_CONF)
    assert fair.confidence < LINE_MIN_CONF
    taken = with_line(unread, HAND, fair)
    assert taken.digits == "07" and taken.conf == pytest.approx(100 * BOTH_MIN_CONF)
    unsure = DigitsReading("07", (0.6, 0.99), HAND.spans)
    assert with_line(unread, unsure, fair).digits is None
    cut = DigitsReading("07", HAND.probabilities, HAND.spans, split=True)
    assert with_line(unread, cut, fair).digits is None


@pytest.mark.parametrize(("seed", "index"), [(103, 115), (67, 5)])
def test_a_number_both_readers_are_fairly_sure_of_is_read_for_checking(
    tmp_path: Path, seed: int, index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generated pages (a noisy scan's 148, a light one's 11) tesseract reads nothing of,
    which the network and the line reader both read at 0.71 to 0.76: unreadable without
    this, read and marked for checking against the original. Without it, two of three
    recognisers agreeing still read it, less surely (the heights read nothing); without
    that too, it is unreadable."""
    truth = write_generated(tmp_path, seed, index)
    path = tmp_path / truth.file
    read = read_evidence(path, Settings())
    assert truth.number_handwritten and truth.number_legible
    assert read.number == truth.number and read.number_confidence < NUMBER_SURE_CONFIDENCE
    monkeypatch.setattr(ocr.blank, "BOTH_MIN_CONF", 1.0)
    fallback = read_evidence(path, Settings())
    assert fallback.number == truth.number
    assert fallback.number_confidence < read.number_confidence
    monkeypatch.setattr(ocr.blank, "TWO_OF_THREE_CONF", 1.0)
    assert read_evidence(path, Settings()).number_unreadable


def test_heights_agreeing_on_another_number_stand_against_both_readers() -> None:
    """Three heights reading "01" are a witness against 07; reading only its 7 ("7" of
    a faint 0) they are not."""
    against = BlankReading(None, 0.0, True, texts=("01", "01", "", "01", ""), doubt=True)
    assert with_line(against, HAND, LineReading("07", 0.99)).digits is None
    short = BlankReading(None, 0.0, True, texts=("7", "7", "", "", ""))
    assert with_line(short, HAND, LineReading("07", 0.99)).digits == "07"


def test_two_of_three_recognisers_agreeing_take_the_number_for_checking() -> None:
    """Left unread by the rules above, the line reader's number is taken where the
    network (fairly sure, its digits standing apart) or the heights' leading reading
    agrees: marked for checking, since the third recogniser read otherwise."""
    fair = TWO_OF_THREE_CONF
    # three heights read "01"; the network and the line reader read 07: with_line keeps
    # the heights' doubt, two of three take 07, below a sure reading's confidence
    against = BlankReading(None, 0.0, True, texts=("01", "01", "", "01", ""), doubt=True)
    taken = two_of_three(against, HAND, LineReading("07", 0.99))
    assert taken.digits == "07" and taken.confirmed and taken.conf < 100 * 0.85
    unsure = DigitsReading("07", (0.85, fair - 0.01), HAND.spans)
    assert two_of_three(against, unsure, LineReading("07", 0.99)).digits is None
    cut = DigitsReading("07", HAND.probabilities, HAND.spans, split=True)
    assert two_of_three(against, cut, LineReading("07", 0.99)).digits is None
    assert two_of_three(against, HAND, LineReading("07", fair - 0.01)).digits is None
    # the heights' leading reading and the line reader agree, the network read another
    heights = BlankReading(None, 0.0, True, texts=("06", "96", "06", "06", ""), doubt=True)
    taken = two_of_three(
        heights, DigitsReading("86", (0.7, 0.99), HAND.spans), LineReading("06", 0.8)
    )
    assert taken.digits == "06" and taken.conf == pytest.approx(100 * 0.8 * ALONE_WEIGHT)
    assert two_of_three(heights, None, LineReading("06", 0.8)).digits == "06"
    once = BlankReading(None, 0.0, True, texts=("06", "96", "", "", ""))  # no lead
    assert two_of_three(once, None, LineReading("06", 0.8)).digits is None
    tied = BlankReading(None, 0.0, True, texts=("06", "96", "06", "96", ""))
    assert two_of_three(tied, None, LineReading("06", 0.8)).digits is None
    assert two_of_three(heights, HAND, None).digits is None


@pytest.mark.parametrize(
    ("seed", "index", "rule"),
    [
        (141, 128, "TWO_OF_THREE_CONF"),
        (149, 97, "TWO_OF_THREE_CONF"),
        (147, 115, "LINE_ALONE_CONF"),
        (115, 151, "LINE_NEAR_CERTAIN"),
    ],
    ids=["network-and-line", "heights-and-line", "line-and-heights-in-part", "line-certain"],
)
def test_numbers_two_recognisers_read_are_read_for_checking(
    tmp_path: Path, seed: int, index: int, rule: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generated pages a person reads at a glance, "unreadable" before: a clean 60 that
    three heights read "69" (the network and the line reader: 60); a turned page's 84
    the network read "80" (two heights and the line reader: 84); a noisy 09 the network
    cut into "1039" (the line reader sure of 09, three heights read its 9 or all of it);
    a phone photo's 98 the network could not cut (the line reader certain, one height
    read its 8)."""
    truth = write_generated(tmp_path, seed, index)
    path = tmp_path / truth.file
    assert truth.number_handwritten and truth.number_legible
    read = read_evidence(path, Settings())
    assert read.number == truth.number and read.number_confidence < NUMBER_SURE_CONFIDENCE
    monkeypatch.setattr(ocr.blank, rule, 1.01)
    assert read_evidence(path, Settings()).number_unreadable


def test_a_number_the_line_reader_is_sure_is_another_is_in_doubt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phone photo's 172: the network read "12" and two thickened re-readings of the
    blank agreed, no height as it was; the line reader, sure of 172, put that in doubt,
    and two heights' "1" make its reading one to take, for checking. Without the doubt,
    "12/KH-THCSNVA" was reported."""
    assert reads_another(LineReading("172", LINE_VETO_CONF), "12")
    assert not reads_another(LineReading("172", LINE_VETO_CONF - 0.01), "12")
    assert not reads_another(LineReading("", 1.0), "12")  # no digits seen is no number
    assert not reads_another(None, "12") and not reads_another(LineReading("12", 1.0), "12")
    truth = write_generated(tmp_path, 21, 95)
    path = tmp_path / truth.file
    assert truth.number == "172/KH-THCSNVA" and truth.number_legible
    read = read_evidence(path, Settings())
    assert read.number == truth.number and read.number_confidence < NUMBER_SURE_CONFIDENCE
    monkeypatch.setattr(ocr.blank, "LINE_VETO_CONF", 1.01)
    assert read_evidence(path, Settings()).number == "12/KH-THCSNVA"


def test_digits_the_network_cut_by_guess_and_the_line_reader_read_otherwise_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blurred 420 whose 0 runs into the slash: the network cut the ink into "4207",
    a thickened re-reading agreed, and "4207/TB-MNHS" was reported at 0.81, a confident
    wrong number. The line reader, which never cuts, read it otherwise: the reading is
    marked for checking. Had it read "4207" too, it would stand as before."""
    truth = write_generated(tmp_path, 185, 130)
    path = tmp_path / truth.file
    assert truth.number == "420/TB-MNHS" and truth.number_legible
    read = read_evidence(path, Settings())
    assert read.number_confidence < NUMBER_SURE_CONFIDENCE
    monkeypatch.setattr(ocr.blank, "read_line", lambda ink: LineReading("4207", 0.5))
    assert read_evidence(path, Settings()).number_confidence >= NUMBER_SURE_CONFIDENCE


@pytest.mark.parametrize(("seed", "index"), [(83, 117), (47, 105)])
def test_a_number_tesseract_reads_nothing_of_is_read_by_the_network_and_the_line_reader(
    tmp_path: Path, seed: int, index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generated pages whose handwritten number tesseract reads nothing of at any height,
    which the network reads short of ``HAND_ALONE_CONF``: reported unreadable before the
    line reader; now read, at the less sure reader's confidence."""
    truth = write_generated(tmp_path, seed, index)
    path = tmp_path / truth.file
    read = read_evidence(path, Settings())
    assert truth.number_handwritten and truth.number_legible
    assert read.number == truth.number and not read.number_unreadable
    assert read.number_confidence < ocr.blank.HAND_ALONE_CONF
    monkeypatch.setattr(ocr.blank, "read_line", lambda ink: None)
    assert read_evidence(path, Settings()).number_unreadable


def test_ink_the_network_could_not_cut_is_read_by_a_sure_line_reader_and_heights_in_part() -> None:
    """Two heights read the 0 of a 05 whose digits run into each other: the line reader,
    sure of 05, is taken alone. Not unsure, nor where the heights read other digits, nor
    on one height's part (a scrawl read "18" by the line reader at 0.98, "1" by one
    height)."""
    partly = BlankReading(None, 0.0, True, texts=("", "", "0", "0", ""))
    taken = line_read_in_part(partly, LineReading("05", 0.99))
    assert taken.digits == "05" and taken.alone and taken.conf < 80
    assert line_read_in_part(partly, LineReading("05", LINE_ALONE_CONF - 0.01)).digits is None
    other = BlankReading(None, 0.0, True, texts=("", "8", "0", "0", ""))
    assert line_read_in_part(other, LineReading("05", 0.99)).digits is None
    once = BlankReading(None, 0.0, True, texts=("", "", "", "1", ""))
    assert line_read_in_part(once, LineReading("18", 0.98)).digits is None
    assert line_read_in_part(partly, None).digits is None
    # all but certain, one height's part is enough (a phone photo's 98 read "8" once)
    assert line_read_in_part(once, LineReading("18", LINE_NEAR_CERTAIN)).digits == "18"
    none = BlankReading(None, 0.0, True, texts=("",) * 5)
    assert line_read_in_part(none, LineReading("18", 1.0)).digits is None


def test_a_05_run_together_past_cutting_is_read_by_the_line_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A generated page's 05 whose 0 runs into the 5: the network cannot cut it, two
    heights read only the 0. Unreadable without the line reader; read, for checking."""
    truth = write_generated(tmp_path, 73, 23)
    path = tmp_path / truth.file
    assert truth.number_handwritten and truth.number_legible and truth.number.startswith("05/")
    read = read_evidence(path, Settings())
    assert read.number == truth.number and read.number_confidence < NUMBER_SURE_CONFIDENCE
    monkeypatch.setattr(ocr.blank, "read_line", lambda ink: None)
    assert read_evidence(path, Settings()).number_unreadable


def test_missing_line_reader_weights_read_the_page_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    truth = write_generated(tmp_path, 83, 117)
    monkeypatch.setattr(ocr.digit_line, "MODEL_PATH", tmp_path / "gone.npz")
    ocr.digit_line._weights.cache_clear()
    try:
        assert read_line(_blank(("07", 8, 1))) is None
        result = read_evidence(tmp_path / truth.file, Settings())
    finally:
        ocr.digit_line._weights.cache_clear()
    assert result.readable and result.number_unreadable  # this 171 needs the line reader
    assert "gone.npz" in caplog.text
