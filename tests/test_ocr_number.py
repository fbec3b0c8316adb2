"""The number line parser, the digit-pass vote, the date line and the signature block on
their own: Decree 30 repairs and type checks, no OCR involved."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.blank import BlankReading, agrees, vote, with_hand
from ocr.dateline import finish_date, locate_date
from ocr.digits import DigitsReading
from ocr.geometry import Box
from ocr.number import (
    NumberLine,
    NumberReading,
    band_ink,
    band_pieces,
    code_text,
    find_number_line,
    finish_number,
    locate_number,
    parse_code,
    printed_end,
    printed_start,
    slash_shaped,
)
from ocr.preprocess import drop_strokes
from ocr.signature import find_block
from ocr.tesseract import _words_by_page
from ocr.words import Line, Word, group_lines
from validator.models import NUMBER_SURE_CONFIDENCE

PAGE = np.full((2800, 2000), 255, np.uint8)  # a blank A4 page: no ink to find print by


def _line(*texts: str, y: int = 100, x: int = 100) -> list[Word]:
    words = []
    for text in texts:
        words.append(Word(text, 95.0, Box(x, y, x + 20 * len(text), y + 30)))
        x += 20 * len(text) + 15
    return words


def test_type_code_known_and_letter_without_type() -> None:
    plan = parse_code("KH-THCSNVA")
    assert (plan.code, plan.type_code, plan.type_known, plan.repairs) == (
        "KH-THCSNVA", "KH", True, [],
    )  # fmt: skip
    letter = parse_code("GDĐT")
    assert letter.type_code is None and letter.type_known


def test_cv_is_not_a_type() -> None:
    parsed = parse_code("CV-UBND")
    assert parsed.type_code is None and parsed.type_known is False


def test_repairs_are_reported() -> None:
    assert parse_code("QD-UBND").code == "QĐ-UBND"
    assert parse_code("QD-UBND").repairs == ["sửa ký hiệu loại văn bản QD → QĐ"]
    lower = parse_code("kh-thcsnva")
    assert lower.code == "KH-THCSNVA" and "viết hoa ký hiệu" in lower.repairs
    assert parse_code("CTR-UBND").code == "CTr-UBND"
    assert parse_code("KH–THCS").code == "KH-THCS"  # en dash


def test_hd_is_its_own_type_never_forced_into_hđ() -> None:
    assert parse_code("HD-UBND").type_code == "HD"


def test_glued_slash_is_restored() -> None:
    parsed = parse_code("HDANN")
    assert parsed.code == "HD/NN"
    assert any("khôi phục dấu" in r for r in parsed.repairs)


def test_number_line_found_despite_ocr_confusions() -> None:
    for so in ("Số:", "S6:", "Sô", "So:", "SỐ:", "sø:"):
        lines = group_lines(_line(so, "45/KH-THCSNVA"))
        candidate = find_number_line(lines, width=2000, height=2800)
        assert candidate is not None, so


def test_incoming_stamp_without_code_is_ignored() -> None:
    stamp = _line("Số:", "2770", y=300)
    assert find_number_line(group_lines(stamp), 2000, 2800) is None


def test_body_text_so_is_not_the_number_line() -> None:
    body = _line("Căn", "cứ", "Kế", "hoạch", "số", "15/KH-GDĐT", y=400)
    assert find_number_line(group_lines(body), 2000, 2800) is None


def test_number_line_in_lower_half_is_not_the_documents() -> None:
    lower = _line("Số:", "45/KH-THCSNVA", y=2000)
    assert find_number_line(group_lines(lower), 2000, 2800) is None


def test_a_code_slash_read_as_a_letter_is_put_back() -> None:
    """Tesseract read "24 2/BC-MNHS" as "24 2JBC-MNHS": without its "/" the line would
    not be the number line at all, and the page would say "number missing"."""
    candidate = find_number_line(group_lines(_line("Số:", "24", "2JBC-MNHS")), 2000, 2800)
    assert candidate is not None
    line = locate_number(group_lines(_line("Số:", "24", "2JBC-MNHS")), PAGE, text_layer=False)
    assert line.after == "BC-MNHS"
    assert "khôi phục dấu “/” trước ký hiệu" in line.reading.repairs


def test_a_code_whose_slash_is_lost_beyond_repair_is_unreadable_not_missing() -> None:
    line = locate_number(group_lines(_line("Số:", "Ì_", "&H-THCSTP")), PAGE, text_layer=False)
    read = finish_number(line, None, None)
    assert read.number is None and read.unreadable


def test_a_code_garbled_past_reading_beside_the_date_is_unreadable_not_missing() -> None:
    """A scrawl glued to the code's slash: tesseract read "Số: #8 scHcsrp" (for
    "Số: 137/BC-THCSTP"), neither slash nor dash. The page said "number missing", a
    return for a number that is on it. On the place-date line's row, where Decree 30
    puts the number, the line is the number line, its number unreadable; an incoming-mail
    stamp's "Số: 2770" elsewhere stays ignored."""
    date_row = Box(856, 286, 1384, 320)
    garbled = group_lines(_line("Số:", "#8", "scHcsrp", y=285))
    line = locate_number(garbled, PAGE, text_layer=False, date_row=date_row)
    read = finish_number(line, None, None)
    assert read.number is None and read.unreadable
    assert find_number_line(garbled, 2000, 2800) is None  # no date line: no such row
    stamp = group_lines(_line("Số:", "2770", y=600))
    assert find_number_line(stamp, 2000, 2800, date_row) is None


def test_a_so_misread_past_recognising_is_found_by_the_code_beside_the_date() -> None:
    """A blurred scan: "Số:" read "C5", the number line "C5 vi /KH-THIVT". The page said
    "number missing". A short word opening the left column on the place-date line's row,
    followed by a decree code, is the number line, and the misreading is said; a line
    on another row, or without a code, is not."""
    date_row = Box(855, 286, 1380, 321)
    misread = group_lines(_line("C5", "vi", "/KH-THIVT", y=285, x=350))
    candidate = find_number_line(misread, 2000, 2800, date_row)
    assert candidate is not None and candidate.so.text == "C5"
    read = finish_number(locate_number(misread, PAGE, False, date_row), None, None)
    assert read.code == "KH-THIVT" and "đọc “C5” là “Số:”" in read.repairs
    assert find_number_line(misread, 2000, 2800) is None  # no date line: no such row
    below = group_lines(_line("C5", "vi", "/KH-THIVT", y=600, x=350))
    assert find_number_line(below, 2000, 2800, date_row) is None
    no_code = group_lines(_line("C5", "vi", "KH", y=285, x=350))
    assert find_number_line(no_code, 2000, 2800, date_row) is None


def test_a_code_letter_misread_after_the_slash_still_marks_the_code() -> None:
    """ "2)f/£H-MNHS": the K read as "£"; the slash before it still opens the code."""
    line = locate_number(group_lines(_line("Số:", "2)f/£H-MNHS")), PAGE, text_layer=False)
    assert line.after == "£H-MNHS"
    # the English re-reading of the code repairs it; the blank is read as any other
    read = finish_number(line, "KH-MNHS", with_hand(vote([("275", 90.0)] * 5), None))
    assert read.number == "275/KH-MNHS"


def test_an_empty_blank_is_no_number_unless_handwriting_was_read_into_the_code() -> None:
    """A scrawl's first stroke read as the code's slash ("/%WBC-THCSNVA", its box rising
    above the print): the blank before it is empty, but the number was written after
    it. The page said the document has no number; a draft's "Số: /BC-THCSNVA" does."""
    so = Word("Số:", 93.0, Box(327, 285, 371, 320))
    # rising, it holds a scrawl; slanted on a phone photo, rising as much as it sinks, not
    for top, bottom, unreadable in ((266, 320, True), (287, 320, False), (266, 334, False)):
        code = Word("/%WBC-THCSNVA", 0.0, Box(382, top, 666, bottom))
        line = locate_number(group_lines([so, code]), PAGE, text_layer=False)
        read = finish_number(line, "BC-THCSNVA", BlankReading(None, 0.0, False))
        assert read.code == "BC-THCSNVA" and read.number is None, top
        assert read.unreadable is unreadable, top
    mark = Word("—", 0.0, Box(400, 266, 425, 330))  # a speck in the blank, before the slash
    code = Word("/BC-THCSNVA", 91.0, Box(450, 287, 666, 320))
    line = locate_number(group_lines([so, mark, code]), PAGE, text_layer=False)
    read = finish_number(line, "BC-THCSNVA", BlankReading(None, 0.0, False))
    assert read.number is None and not read.unreadable


def test_an_english_reading_of_a_fragment_of_the_code_does_not_replace_it() -> None:
    """A blurred "385/QĐ-MNHS": the Vietnamese pass read it whole, the English re-reading
    of the code's crop only "S", and "385/S" was reported."""
    line = locate_number(group_lines(_line("Số:", "385/QĐ-MNHS")), PAGE, text_layer=False)
    assert finish_number(line, "S", None).number == "385/QĐ-MNHS"
    assert finish_number(line, "QD-MNHS", None).number == "385/QĐ-MNHS"


def test_without_a_code_slash_the_number_is_unreadable_not_missing() -> None:
    line = locate_number(group_lines(_line("Số:", "275", "&H-MNHS")), PAGE, text_layer=False)
    read = finish_number(line, "KH-MNHS", BlankReading(None, 0.0, False))
    assert read.number is None and read.unreadable


def test_a_handwritten_digit_read_as_slash_and_accented_letter_is_not_the_code() -> None:
    """ "71" read as "/Ì": the code's slash is the one before capital letters."""
    line = locate_number(group_lines(_line("Số:", "/Ì", "/THLVT")), PAGE, text_layer=False)
    assert line.after == "THLVT"


def test_a_code_whose_type_the_two_readings_bend_differently_is_not_confident() -> None:
    """A tilted page's "08/QĐ-THCSNVA" read "QĐĐ-…" by the Vietnamese model and "OQD-…"
    by the English one: the merged "OQĐ" is no decree type, and was reported at 0.96, a
    confident wrong number. A letter's issuer group, read alike both ways, stays sure."""
    line = locate_number(group_lines(_line("Số:", "08/QĐĐ-THCSNVA")), PAGE, text_layer=False)
    read = finish_number(line, "OQD-THCSNVA", BlankReading("08", 96.0, True, 1.0))
    assert read.number == "08/OQĐ-THCSNVA" and read.type_known is False
    assert read.confidence < NUMBER_SURE_CONFIDENCE
    letter = locate_number(group_lines(_line("Số:", "260/GDĐT-TH")), PAGE, text_layer=False)
    read = finish_number(letter, "GDDT-TH", BlankReading("260", 96.0, True, 1.0))
    assert read.number == "260/GDĐT-TH" and read.confidence >= NUMBER_SURE_CONFIDENCE


def test_digits_the_network_sees_past_printed_digits_glued_to_the_code_are_its_slash() -> None:
    """A phone photo's printed "99/QĐ-THCSTP", read in one word at 74: the blank, cut at a
    share of the word, held the slash, and the network alone read "9910", taken over
    the text pass as if that had read the number short."""
    words = [
        Word("Số:", 95.0, Box(100, 100, 160, 130)),
        Word("99/QĐ-THCSTP", 74.0, Box(175, 100, 415, 130)),
    ]
    line = locate_number(group_lines(words), PAGE, text_layer=False)
    assert line.digits == "99" and not line.sure
    alone = BlankReading("9910", 79.0, True, 1.0, ("",) * 5, alone=True, network=0.99)
    read = finish_number(line, "QĐ-THCSTP", alone)
    assert read.number is None and read.unreadable
    # the same reading against a blank's handwriting the text pass read short is taken
    words[1:] = [
        Word("99", 74.0, Box(175, 100, 215, 130)),
        Word("/QĐ-THCSTP", 90.0, Box(260, 100, 460, 130)),
    ]
    line = locate_number(group_lines(words), PAGE, text_layer=False)
    assert finish_number(line, "QĐ-THCSTP", alone).number == "9910/QĐ-THCSTP"


def test_a_code_slash_read_as_a_fraction_slash_opens_the_code() -> None:
    """A scrawled 411 glued to the code, read "số: /Ÿ\\⁄TB-THCSNVA" (U+2044 before TB):
    the first "/" was taken for the code's, the blank was empty and a page with a
    number on it was said to have none."""
    line = locate_number(group_lines(_line("số:", "/Ÿ\\⁄TB-THCSNVA")), PAGE, text_layer=False)
    assert line.after == "TB-THCSNVA"
    read = finish_number(line, "TB-THCSNVA", BlankReading(None, 0.0, True))
    assert read.number is None and read.unreadable


def test_a_slash_opening_a_decree_code_is_the_codes_among_others_before_letters() -> None:
    """A blurred "76" read as "/B_": the code's slash is the one before "KH-", not the
    first before a letter, and the handwriting stays in the blank."""
    line = locate_number(group_lines(_line("Số:", "/B_/KH-THIVT")), PAGE, text_layer=False)
    assert line.after == "KH-THIVT"
    assert line.digits == ""  # "/B_" is no number: the blank is read instead


def test_words_group_into_columns() -> None:
    words = _line("ỦY", "BAN") + _line("CỘNG", "HÒA", x=1200)
    lines = group_lines(words)
    assert [line.text for line in lines] == ["ỦY BAN", "CỘNG HÒA"]
    assert np.isclose(lines[0].conf, 95.0)


def test_a_page_edge_read_as_a_tall_word_does_not_merge_the_number_line_into_the_school() -> None:
    """A phone photo's page edge, read as "|" spanning the school's line and the number
    line below it, chained the two into one line: "TRƯỜNG Số: MẦM 88/KH-MNHS NON…", and
    the number was reported missing (seed 29, page 79)."""
    school = _line("TRƯỜNG", "MẦM", "NON", y=270, x=270)
    number = _line("Số:", "88/KH-MNHS", y=350, x=390)
    edge = [Word("|", 40.0, Box(1616, 275, 1632, 382))]  # down from the school's line
    lines = group_lines(school + number + edge)
    assert "Số: 88/KH-MNHS" in [line.text for line in lines]
    assert find_number_line(lines, 2000, 2800) is not None
    # a scrawl glued to the code is as tall, but wide: text, not a stroke; one line still
    scrawl = [Word("ẨŠƒms-MNHS", 30.0, Box(424, 300, 655, 390))]
    lines = group_lines(school + _line("Số:", y=350, x=380) + scrawl)
    assert "Số: ẨŠƒms-MNHS" in [line.text for line in lines]


# ----------------------------------------------------------------- handwritten blanks


def test_digit_heights_vote_and_disagreement_is_unreadable() -> None:
    assert vote([("57", 90.0), ("57", 80.0), ("", 0.0), ("5", 30.0)]).digits == "57"
    assert vote([("57", 90.0), ("37", 90.0), ("", 0.0), ("", 0.0)]).digits is None  # a tie
    assert vote([("57", 90.0), ("", 0.0), ("", 0.0), ("", 0.0)]).digits is None  # alone
    assert vote([("57", 20.0), ("57", 25.0), ("", 0.0), ("", 0.0)]).digits is None  # unsure
    assert vote([("", 0.0)] * 4).digits is None


def test_text_pass_digits_count_as_a_vote() -> None:
    tied = vote([("08", 90.0), ("0", 90.0), ("", 0.0), ("", 0.0)])
    assert tied.digits is None
    assert agrees(tied, "08") and not agrees(tied, "06")
    # a pass reading "0" where a tied height read "08" may have lost the 8 as that one did
    assert not agrees(tied, "0")
    assert agrees(vote([("0", 90.0), ("0", 80.0), ("08", 90.0), ("", 0.0)]), "0")


def test_the_network_settles_split_heights_and_doubts_a_vote_it_is_sure_against() -> None:
    split = [("290", 60.0), ("220", 60.0), ("29", 70.0), ("", 0.0), ("", 0.0)]
    sure_290 = DigitsReading("290", (1.0, 0.99, 1.0))
    settled = with_hand(vote(split), sure_290)
    assert settled.digits == "290" and settled.confirmed
    # a text pass that lost the last digit no longer "agrees" with a blank read whole
    assert not agrees(settled, "29")
    unanimous = [("49", 80.0)] * 5
    assert with_hand(vote(unanimous), DigitsReading("49", (0.97, 0.99))).confirmed
    doubted = with_hand(vote(unanimous), DigitsReading("99", (0.95, 0.99)))
    assert doubted.digits is None and doubted.doubt and not agrees(doubted, "49")
    # an unsure network changes nothing
    assert with_hand(vote(unanimous), DigitsReading("99", (0.3, 0.99))).digits == "49"
    assert with_hand(vote(split), DigitsReading("290", (0.4, 0.9, 0.9))).digits is None


def _number_line(after: str, digits: str, conf: float) -> NumberLine:
    line = NumberLine(NumberReading(box=Box(0, 0, 10, 10)), after, digits, conf)
    line.blank = Box(0, 0, 5, 5)
    return line


def test_a_blank_read_by_both_recognisers_outweighs_an_unsure_text_pass() -> None:
    blank = with_hand(vote([("259", 80.0)] * 5), DigitsReading("259", (0.99, 1.0, 0.94)))
    read = finish_number(_number_line("BC-THCSTP", "299", 26.0), None, blank)
    assert read.number == "259/BC-THCSTP" and not read.unreadable
    # ... but never a shorter reading: the blank may have cut a digit off
    short = with_hand(vote([("26", 80.0)] * 5), DigitsReading("26", (0.99, 1.0)))
    read = finish_number(_number_line("TB-MNHS", "263", 60.0), None, short)
    assert read.number is None and read.unreadable


def test_a_blank_read_by_both_recognisers_outweighs_a_sure_text_pass_of_no_more_digits() -> None:
    """Two recognisers against one: the text pass reads pen digits as part of the whole
    line, and reads them wrong even when it is sure (a blurred 303 read "33" at 89, a 252
    read "232" at 80)."""
    lost = with_hand(vote([("303", 78.0)] * 5), DigitsReading("303", (1.0, 0.9999, 1.0)))
    read = finish_number(_number_line("TB-THCSNVA", "33", 89.0), None, lost)
    assert read.number == "303/TB-THCSNVA" and read.confidence < 0.8
    heights = [("2", 90.0), ("82", 90.0)] + [("252", 90.0)] * 3
    other = with_hand(vote(heights), DigitsReading("252", (0.9994, 0.9978, 1.0)))
    read = finish_number(_number_line("QĐ-THCSTP", "232", 80.0), None, other)
    assert read.number == "252/QĐ-THCSTP" and read.confidence < 0.8
    # a text pass with more digits may have read one the blank's crop cut off
    assert finish_number(_number_line("QĐ-THCSTP", "2521", 80.0), None, other).unreadable
    # the heights alone, however sure, are one recogniser against the text pass's one
    alone = vote([("252", 90.0)] * 5)
    assert finish_number(_number_line("QĐ-THCSTP", "232", 80.0), None, alone).unreadable


def test_a_single_digit_is_no_handwritten_number_but_printed_and_read_surely() -> None:
    """Decree 30 writes numbers below 10 with a leading 0: a blank read as one digit lost
    one, or was a scrawl the network named (an illegible 07 read "6" at 0.98)."""
    named = BlankReading("6", 78.0, True, 1.0, ("",) * 5, alone=True, network=0.98)
    read = finish_number(_number_line("QĐ-THCSNVA", "", 0.0), None, named)
    assert read.number is None and read.unreadable
    both = with_hand(vote([("4", 90.0)] * 5), DigitsReading("4", (0.99,)))
    assert both.digits == "4" and both.confirmed
    assert finish_number(_number_line("BC-THCSTP", "", 0.0), None, both).unreadable
    # two heights and an unsure text pass agreeing on the 2 of a 02
    weak = BlankReading(None, 0.0, True, 0.4, ("2", "", "", "", "2"))
    assert finish_number(_number_line("BC-THCSTP", "2", 26.0), None, weak).unreadable
    # a number printed without its leading 0, read surely by the text pass and by a
    # height of the blank, stands; read by no height (an illegible 01 read "9" at 96,
    # reported at 0.82), it does not
    print_5 = BlankReading(None, 0.0, True, 0.4, ("5", "", "5", "", ""))
    printed = finish_number(_number_line("KH-THCSTP", "5", 92.0), None, print_5)
    assert printed.number == "5/KH-THCSTP"
    nothing = BlankReading(None, 0.0, True, 0.0, ("",) * 5)
    assert finish_number(_number_line("BC-MNHS", "9", 96.0), None, nothing).unreadable


def test_strong_digit_passes_outweigh_an_empty_or_unsure_text_pass() -> None:
    # the heights (thickened, weakly) and the network agree; the text pass read nothing
    both = BlankReading("01", 60.0, True, share=0.4, confirmed=True)
    read = finish_number(_number_line("TB-THCSNVA", "", 0.0), None, both)
    assert read.number == "01/TB-THCSNVA" and read.confidence < 0.8
    # the heights all read 184 well; the text pass read 18, unsure of it
    heights = vote([("184", 95.0)] * 5)
    read = finish_number(_number_line("QĐ-THCSNVA", "18", 10.0), None, heights)
    assert read.number == "184/QĐ-THCSNVA"
    # but a text pass sure of other digits is a real disagreement
    read = finish_number(_number_line("QĐ-THCSNVA", "181", 85.0), None, heights)
    assert read.number is None and read.unreadable


def test_weakly_agreeing_heights_are_doubted_by_a_network_reading_another_number() -> None:
    """Three heights read a faint 01 as 04 (support about 40); the network read 01."""
    weak = [("04", 60.0), ("04", 70.0), ("04", 75.0), ("64", 40.0), ("", 0.0)]
    doubted = with_hand(vote(weak), DigitsReading("01", (0.93, 0.66)))
    assert doubted.digits is None and doubted.doubt
    read = finish_number(_number_line("BC-MNHS", "", 0.0), None, doubted)
    assert read.number is None and read.unreadable
    # the network, however unsure of its digits, cut a 107 into three where the heights
    # read 10: the heights lost a digit
    lost = with_hand(vote([("", 0.0), ("", 0.0), ("10", 80.0), ("10", 80.0), ("10", 84.0)]),
                     DigitsReading("101", (0.63, 0.29, 0.73)))  # fmt: skip
    assert lost.digits is None and lost.doubt


def test_a_sure_network_reading_the_heights_saw_part_of_is_taken_less_surely() -> None:
    """Tesseract saw the 3 or the 7 of a faint 37, never both; the network is sure of 37."""
    partial = [("7", 60.0), ("3", 70.0), ("3", 70.0), ("3", 65.0), ("3", 70.0)]
    sure_37 = DigitsReading("37", (1.0, 0.997))
    taken = with_hand(vote(partial), sure_37)
    assert taken.digits == "37" and taken.alone and not taken.confirmed
    read = finish_number(_number_line("KH-MNHS", "", 0.0), None, taken)
    assert read.number == "37/KH-MNHS" and 0.5 < read.confidence < 0.8  # not "confident"
    # the text pass, too, read only the 3: the network's 37 stands
    also_part = finish_number(_number_line("KH-MNHS", "3", 20.0), None, taken)
    assert also_part.number == "37/KH-MNHS" and also_part.confidence < 0.8
    # the text pass surely read other digits: two readings disagree, so unreadable
    other = finish_number(_number_line("KH-MNHS", "87", 85.0), None, taken)
    assert other.number is None and other.unreadable
    # unsure of them, it is no witness against the network (355 read "395" at 73) ...
    unsure = finish_number(_number_line("KH-MNHS", "87", 73.0), None, taken)
    assert unsure.number == "37/KH-MNHS" and unsure.confidence < 0.8
    # ... unless it read more digits than the network saw
    longer = finish_number(_number_line("KH-MNHS", "387", 73.0), None, taken)
    assert longer.number is None and longer.unreadable
    # the network less sure than that is not taken alone, nor, unsure of the 7 that the
    # heights mostly lost, with the heights' 3
    assert with_hand(vote(partial), DigitsReading("37", (0.997, 0.85))).digits is None


def test_heights_agreeing_on_part_of_the_networks_number_take_it_when_it_is_sure_of_the_rest() -> (
    None
):
    """A noisy 287: every height read 28, the network 287, sure of the 8 and the 7 (0.94),
    less of the 2 (0.87): too unsure to stand alone, but the heights confirm the 2 and 8.
    The page said "unreadable". Only as sure of each digit the heights lost, and only where
    no height read a digit the network did not see."""
    heights = [("28", 50.0)] * 5
    sure_of_7 = DigitsReading("287", (0.87, 0.9999, 0.94))
    taken = with_hand(vote(heights), sure_of_7)
    assert taken.digits == "287" and taken.alone and not taken.confirmed
    read = finish_number(_number_line("BC-THLVT", "", 0.0), None, taken)
    assert read.number == "287/BC-THLVT" and read.confidence < 0.8  # not "confident"
    # a faint leading 0 the heights lost: "4" read four times of a sure 04
    lost_0 = [("4", 55.0), ("4", 60.0), ("", 0.0), ("4", 58.0), ("4", 50.0)]
    assert with_hand(vote(lost_0), DigitsReading("04", (1.0, 0.93))).digits == "04"
    # unsure of the digit they lost, it is not taken
    unsure_7 = DigitsReading("287", (0.87, 0.9999, 0.85))
    assert with_hand(vote(heights), unsure_7).digits is None
    # nor when a height read a digit it did not see, nor on one height's word alone
    other = [*heights[:4], ("238", 60.0)]
    assert with_hand(vote(other), sure_of_7).digits is None
    once = [("28", 60.0), ("", 0.0), ("", 0.0), ("", 0.0), ("", 0.0)]
    assert with_hand(vote(once), sure_of_7).digits is None
    # nor for two digits the network cut apart
    cut = DigitsReading("287", (0.87, 0.9999, 0.94), split=True)
    assert with_hand(vote(heights), cut).digits is None


def test_a_digit_tesseract_read_with_a_stroke_lost_is_the_networks_where_it_is_sure() -> None:
    """Tesseract read a pen 76 as 16 at four heights, and so did the text pass: a 7's bar
    lost, as an 8's faint left halves make it a 3. The network was sure of the 7 (0.93),
    if not of the 6 that both read: the page said "unreadable", now 76, less surely."""
    readings = [("1", 40.0), ("16", 75.0), ("16", 76.0), ("16", 75.0), ("16", 76.0)]
    assert vote(readings).digits == "16"
    taken = with_hand(vote(readings), DigitsReading("76", (0.93, 0.80)))
    assert taken.digits == "76" and taken.alone
    read = finish_number(_number_line("THCSTP", "16", 53.0), None, taken)
    assert read.number == "76/THCSTP" and read.confidence < 0.8
    # 181 read "131" by every height and surely by the text pass (loops' left halves lost)
    eights = with_hand(vote([("131", 84.0)] * 4 + [("181", 80.0)]),
                       DigitsReading("181", (0.92, 0.9989, 0.98)))  # fmt: skip
    assert eights.digits == "181"
    assert finish_number(_number_line("THCSNVA", "131", 88.0), None, eights).number == (
        "181/THCSNVA"
    )
    # unsure of the digit they differ on, the network does not stand against them
    assert with_hand(vote(readings), DigitsReading("76", (0.85, 0.99))).digits == "16"
    # nor is a digit read as one no stroke's loss makes a witness for the network: a 5
    # read "3" is another number
    other = with_hand(vote([("31", 80.0)] * 5), DigitsReading("51", (0.93, 0.99)))
    assert other.digits is None and other.doubt
    # nor is a number of another length read digit against digit
    assert with_hand(vote(readings), DigitsReading("176", (0.6, 0.95, 0.99))).digits == "16"


def test_heights_agreeing_stand_when_the_network_lost_one_of_their_digits() -> None:
    """A blurred 01: every height read 01; the network, sure, saw only the 0 (the faint 1
    dropped). Fewer digits are no other number, even where only three heights of five
    agree (a blurred 152 the network read "12", sure of both). Heights agreeing too
    weakly to make a reading are still doubted, and the network's 0 is not taken alone
    either: it may be short of a digit."""
    strong = [("01", 61.0)] * 5
    kept = with_hand(vote(strong), DigitsReading("0", (0.958,)))
    assert kept.digits == "01" and not kept.doubt and not kept.confirmed
    read = finish_number(_number_line("BC-MNHS", "", 0.0), None, kept)
    assert read.number == "01/BC-MNHS" and read.confidence < 0.8
    three = [("152", 83.0)] * 3 + [("", 0.0)] * 2
    kept = with_hand(vote(three), DigitsReading("12", (0.9728, 0.9943)))
    assert kept.digits == "152" and not kept.doubt and not kept.confirmed
    weak = [("01", 50.0), ("01", 50.0), ("", 0.0), ("", 0.0), ("", 0.0)]
    assert with_hand(vote(weak), DigitsReading("0", (0.958,))).digits is None
    # a sure network reading another digit in its place still doubts them
    assert with_hand(vote(strong), DigitsReading("09", (0.99, 0.97))).digits is None


def test_a_sure_network_stands_alone_unless_the_heights_agree_on_another_number() -> None:
    """Tesseract often reads nothing in a pen blank, or bends its digits a different way
    at each height; a network sure of every digit is then taken alone, less surely."""
    sure_57 = DigitsReading("57", (0.99, 0.996))
    nothing = with_hand(vote([("", 0.0)] * 5), sure_57)
    assert nothing.digits == "57" and nothing.alone
    read = finish_number(_number_line("TB-MNHS", "", 0.0), None, nothing)
    assert read.number == "57/TB-MNHS" and read.confidence < 0.8
    scattered = [("", 0.0), ("9", 50.0), ("9", 45.0), ("59", 40.0), ("", 0.0)]
    assert with_hand(vote(scattered), sure_57).digits == "57"
    # five heights reading 59 well stand against it: two recognisers disagree
    against = with_hand(vote([("59", 85.0)] * 5), sure_57)
    assert against.digits is None and against.doubt
    assert finish_number(_number_line("TB-MNHS", "", 0.0), None, against).unreadable


def test_a_sure_network_reading_fewer_digits_than_the_heights_agree_on_is_not_taken() -> None:
    """A blurred 150: three heights read "150"; the network, sure of both, read "18" (the
    5 and 0 seen as one digit). Heights agreeing on a longer number stand against the
    network's word alone, whether or not its digits are among theirs; the blank is then
    unreadable, never 18."""
    heights = [("0", 60.0), ("", 0.0)] + [("150", 87.0)] * 3
    doubted = with_hand(vote(heights), DigitsReading("18", (0.9807, 0.9898)))
    assert doubted.digits is None and not doubted.alone
    assert finish_number(_number_line("QĐ-THCSTP", "", 0.0), None, doubted).unreadable
    # once, a longer reading is no agreement: the network stands alone as before
    once = [("150", 87.0)] + [("", 0.0)] * 4
    assert with_hand(vote(once), DigitsReading("18", (0.9807, 0.9898))).digits == "18"


def test_one_height_reading_the_networks_lone_digit_confirms_it_only_when_it_is_sure() -> None:
    """An illegible 84 scrawled over: the network made out a "4" only half sure, and one
    of fifteen readings (a thickened one) read "4" too. A lone digit is what a scrawl's
    piece is read as by both, so that is no number; the network sure of the digit, or
    two heights reading it, or two digits read alike, still confirm."""
    scrawl = [("", 0.0)] * 12 + [("2", 40.0), ("", 0.0), ("4", 44.0)]
    assert with_hand(vote(scrawl, 25.0), DigitsReading("4", (0.5499,))).digits is None
    assert with_hand(vote(scrawl, 25.0), DigitsReading("4", (0.93,))).digits == "4"
    twice = [("", 0.0)] * 3 + [("4", 44.0)] * 2
    assert with_hand(vote(twice, 90.0), DigitsReading("4", (0.5499,))).digits == "4"
    pair = [("", 0.0)] * 4 + [("84", 44.0)]
    assert with_hand(vote(pair), DigitsReading("84", (0.62, 0.99))).digits == "84"


def test_a_code_reread_without_a_decree_type_keeps_the_first_reading() -> None:
    read = finish_number(_number_line("QĐ-MNHS", "92", 95.0), "QDB-MNHS", None)
    assert read.code == "QĐ-MNHS" and read.type_known


def test_printed_digits_glued_to_the_code_stay_in_the_blank() -> None:
    """ "92/QĐ-MNHS" read as one word, all of it print: the blank reaches the slash, so the
    digit pass reads the 92 too (cut at the word's first glyph, it read nothing)."""
    so, glued = _line("Số:", "92/QĐ-MNHS")
    words = [so, Word(glued.text, 75.0, glued.box)]  # not read well enough to go unchecked
    grey = PAGE.copy()
    code = glued.box
    for i in range(len("92/QĐ-MNHS")):  # print: glyphs of one height on the baseline
        grey[code.y0 + 8 : code.y1 - 2, code.x0 + 20 * i + 3 : code.x0 + 20 * i + 15] = 0
    line = locate_number(group_lines(words), grey, text_layer=False)
    assert line.blank is not None and line.blank.x1 >= code.x0 + 20 + 15  # the 2nd glyph's end


def test_the_blank_of_narrow_printed_digits_glued_to_the_code_ends_before_its_slash() -> None:
    """ "173/QĐ-MNHS" as one word: printed digits are narrower than the code's capitals,
    so three characters' share of the word falls inside the slash, and the digit pass
    read the slash as a fourth digit ("1731"). The blank ends where the slash's ink
    begins."""
    so, glued = _line("Số:", "173/QĐ-MNHS")
    box = glued.box
    grey = _print(box, digits=((0, 12), (16, 12), (32, 12)), slash=(52, 10))
    line = locate_number(group_lines([so, Word(glued.text, 39.0, box)]), grey, False)
    assert line.blank is not None
    assert box.x0 + 44 <= line.blank.x1 < box.x0 + 52  # the 3 whole, none of the slash


def test_a_blurred_digit_broken_in_two_keeps_the_blank_at_the_share() -> None:
    """ "04/QĐ-THLVT" blurred: the 0 broke into two pieces, so the piece after two is the
    4, not the slash. The blank is not cut at the 4."""
    so, glued = _line("Số:", "04/QĐ-THLVT")
    box = glued.box
    grey = _print(box, digits=((0, 5), (7, 5), (16, 12)), slash=(34, 8))
    line = locate_number(group_lines([so, Word(glued.text, 46.0, box)]), grey, False)
    assert line.blank is not None and line.blank.x1 >= box.x0 + 28


def test_the_bar_of_a_five_parted_by_blur_is_no_digit_when_finding_the_slash() -> None:
    """ "156/KH-THLVT" blurred: the 5's bar came apart from its body, a mark. Counted as a
    digit, the piece after three was the 6, the blank kept the share, and the two pixels
    of slash inside it spoiled every digit reading."""
    so, glued = _line("Số:", "156/KH-THLVT")
    box = glued.box
    grey = _print(box, digits=((0, 12), (16, 12), (32, 12)), slash=(52, 10))
    grey[box.y0 + 4 : box.y0 + 7, box.x0 + 18 : box.x0 + 28] = 0  # the 5's bar, above it
    line = locate_number(group_lines([so, Word(glued.text, 54.0, box)]), grey, False)
    assert line.blank is not None
    assert box.x0 + 44 <= line.blank.x1 < box.x0 + 52


def _print(box: Box, digits: tuple[tuple[int, int], ...], slash: tuple[int, int]) -> np.ndarray:
    """A page with a glued number's print in ``box``: digits and capitals on the baseline,
    the slash rising a little above them, the hyphen a mark (x offsets and widths)."""
    grey = PAGE.copy()
    for x, width in digits:
        grey[box.y0 + 8 : box.y1, box.x0 + x : box.x0 + x + width] = 0
    x, width = slash
    grey[box.y0 + 4 : box.y1, box.x0 + x : box.x0 + x + width] = 0
    first = box.x0 + x + width + 4
    for i in range(6):  # Q Đ - and three capitals, wide
        left = first + 22 * i
        grey[box.y0 + (20 if i == 2 else 8) : box.y1 - (6 if i == 2 else 0), left : left + 16] = 0
    return grey


def test_a_digit_inside_the_code_words_box_but_not_its_text_stays_in_the_blank() -> None:
    """Tesseract read "2Â" and "/BC-THLVT", its box for the code also covering the last
    handwritten digit (the 0 of 210): the blank reaches the printed slash, not the box."""
    so, digits, code = _line("Số:", "2Â", "/BC-THLVT")
    words = [so, Word(digits.text, 40.0, digits.box), code]
    grey = PAGE.copy()
    zero = code.box.x0 + 4
    grey[code.box.y0 - 8 : code.box.y1 + 4, zero : zero + 6] = 0  # taller than the print
    slash = zero + 20
    for i in range(len("/BC-THLVT")):  # print: glyphs of one height on the baseline
        x = slash + 18 * i
        grey[code.box.y0 + 8 : code.box.y1 - 2, x : x + 12] = 0
    line = locate_number(group_lines(words), grey, text_layer=False)
    assert line.blank is not None and line.blank.x1 >= zero + 6
    assert line.blank.x1 <= slash
    # blurred, the code's letters merge into pieces that do not look like print: the ink
    # walk stops far into the code, which is no digit's width past the word's start
    blurred = slash + 18 * 5
    grey[code.box.y0 - 8 : code.box.y1 + 4, blurred : blurred + 12] = 0
    line = locate_number(group_lines(words), grey, text_layer=False)
    assert line.blank is not None and line.blank.x1 < code.box.x0


def test_a_code_read_with_the_icelandic_eth_is_the_decrees_qd() -> None:
    """Tesseract's Vietnamese model wrote the Đ of "QĐ-MNHS" as "Ð" (U+00D0), which looks
    the same: the type was then unknown and the English reading "QDB" won."""
    raw = {"text": ["QÐ-MNHS"], "conf": [91.0], "page_num": [1], "left": [0], "top": [0],
           "width": [90], "height": [20]}  # fmt: skip
    [[word]] = _words_by_page(raw, [(0, 0)])
    assert word.text == "QĐ-MNHS" and parse_code(word.text).type_known
    read = finish_number(_number_line(word.text, "288", 95.0), "QDB-MNHS", None)
    assert read.number == "288/QĐ-MNHS"


def test_a_qd_whose_bar_was_read_as_a_letter_is_the_decrees_qd() -> None:
    """On a noisy scan Vietnamese read the Đ of "QĐ-MNHS" as "b" and English as "DB":
    neither is a decree type, and the number went out as "424/QDB-MNHS"."""
    read = finish_number(_number_line("Qb-MNHS", "424", 95.0), "QDB-MNHS", None)
    assert read.number == "424/QĐ-MNHS" and read.type_known
    assert "sửa ký hiệu loại văn bản QDB → QĐ" in read.repairs


def test_a_stroke_read_before_the_codes_slash_is_left_out_of_its_english_reading() -> None:
    """The code's crop starts a little before its slash: a noisy page's English reading
    began with a stroke of the last printed digit ("Y/BC-THLVT"). Taken whole it was no
    code, and the Vietnamese reading, bent ("BC-THIVT"), gave a confident wrong number."""
    assert code_text(_line("Y/BC-THLVT")) == "BC-THLVT"
    assert code_text(_line("/BC-THLVT")) == "BC-THLVT"
    line = _number_line("BC-THIVT", "129", 91.0)
    line.sure, line.blank = True, None
    assert finish_number(line, code_text(_line("Y/BC-THLVT")), None).number == "129/BC-THLVT"
    # no slash read at all: it was read as a letter ("ITHLVT" for "/THLVT"), reported
    # surely as the code of a 382 on a JPEG page
    assert code_text(_line("ITHLVT")) == "THLVT"
    assert code_text(_line("JMNHS")) == "MNHS"
    assert code_text(_line("THLVT")) == "THLVT"
    # a letter's code has no type to recognise it by ("39/THIVT" at 92 on a phone photo)
    assert code_text(_line("J/THLVT")) == "THLVT"
    line = _number_line("THIVT", "39", 92.0)
    line.sure, line.blank = True, None
    assert finish_number(line, code_text(_line("J/THLVT")), None).number == "39/THLVT"


def test_the_code_takes_each_models_better_part() -> None:
    # English reads the issuer's capitals (L, not I) but cannot say Đ: "OD-THLVT"
    read = finish_number(_number_line("QĐ-THIVT", "37", 95.0), "OD-THLVT", None)
    assert read.code == "QĐ-THLVT" and read.type_known
    # English read the slash glued to the code as a J, an A, a T: no letter of the code
    for english, vietnamese in (("JMNHS", "MNHS"), ("AMNHS", "MNHS"), ("TTHCSTP", "THCSTP")):
        read = finish_number(_number_line(vietnamese, "176", 95.0), english, None)
        assert read.code == vietnamese
    # ... but a B the Vietnamese model lost is the code's: its type is the decree's BC
    read = finish_number(_number_line("C-THCSTP", "177", 95.0), "BC-THCSTP", None)
    assert read.code == "BC-THCSTP" and read.type_code == "BC"


def test_the_blank_reaches_the_printed_slash_past_wide_handwriting() -> None:
    """A word read as "2@/TB-MNHS": three handwritten digits wider than two characters'
    share of the word; the printed code starts where the ink stands on its baseline."""
    grey = np.full((80, 400), 255, np.uint8)
    for x in (10, 50, 90):  # handwriting: taller than the print, rising above it
        grey[5:65, x : x + 8] = 0
    for x in range(140, 380, 30):  # "/TB-MNHS": print on the baseline y=60
        grey[30:60, x : x + 6] = 0
    assert printed_start(*band_pieces(grey, Box(0, 0, 400, 80))) == 140
    # tesseract's box cut to the print's height still shows the handwriting's full height
    assert printed_start(*band_pieces(grey, Box(0, 28, 400, 62))) == 140
    # a word of print only ("Ì/MNHS": the slash read as two characters) starts at its slash,
    # not at a share of its width past it
    assert printed_start(*band_pieces(grey, Box(135, 28, 400, 62))) == 140


def test_a_code_slash_run_into_handwriting_is_found_where_the_print_begins() -> None:
    """A written 01 run into the code's slash, read "Số: Ì_ &H-THCSTP": no "/" in the
    text. The line is cut where its ink turns to print, so the blank holds the digits
    and the code is re-read from there (it was "unreadable", a number clear on the page)."""
    grey = np.full((1400, 1000), 255, np.uint8)  # the top of a page
    for x in (150, 180):  # 0 and 1, handwriting rising above the print
        grey[60:130, x : x + 8] = 0
    for x in range(230, 470, 30):  # "/KH-THCSTP": print on the baseline y=120
        grey[90:120, x : x + 6] = 0
    words = [
        Word("Số:", 95.0, Box(60, 88, 130, 122)),
        Word("Ì_", 40.0, Box(148, 60, 215, 130)),
        Word("&H-THCSTP", 80.0, Box(260, 88, 480, 122)),
    ]
    line = locate_number(group_lines(words), grey, text_layer=False)
    assert line.after == "&H-THCSTP" and not line.hand_in_code
    assert line.blank is not None and line.blank.x0 <= 150 and 188 <= line.blank.x1 < 230
    assert line.code_box is not None and line.code_box.x0 < 230 < line.code_box.x1
    read = finish_number(line, "KH-THCSTP", BlankReading("01", 90.0, True, 1.0))
    assert read.number == "01/KH-THCSTP" and not read.unreadable
    assert read.repairs == []  # the handwriting tesseract read as "Ì_" is no repaired number


def test_the_foot_of_a_broken_handwritten_digit_is_not_taken_for_print() -> None:
    """ "213/KH-…" with noise breaking the 3 in two: its foot stands on the baseline as
    high as a capital, like print, but under the 3's top. The print starts at the slash,
    so the blank holds the whole 3 (cut at its foot, the 3 ran past the blank's edge and
    the number went unread)."""
    grey = np.full((80, 400), 255, np.uint8)
    for x in (10, 40):  # 2 and 1: handwriting, taller than the print
        grey[5:60, x : x + 8] = 0
    grey[16:34, 70:88] = 0  # the 3's top, rising above the print
    grey[36:60, 77:90] = 0  # its foot, broken off: on the baseline, under the top
    for x in range(100, 380, 30):  # "/KH-THCSTP": print on the baseline y=60
        grey[36:60, x : x + 6] = 0
    assert printed_start(*band_pieces(grey, Box(0, 28, 400, 62))) == 100


def test_a_pen_digit_standing_like_print_before_the_slash_stays_in_the_blank() -> None:
    """ "378/KH-…" with the 8 written on the baseline, no taller than a capital: it looked
    like print, the blank ended before it, and "37" was reported at 0.83. The print
    starts at the code's slash, found by its shape."""
    grey = np.full((80, 400), 255, np.uint8)
    for x in (10, 40):  # 3 and 7: handwriting, taller than the print
        grey[5:60, x : x + 8] = 0
    cv2.ellipse(grey, (84, 51), (8, 8), 0, 0, 360, 0, 2)  # the 8's lower loop, on the
    cv2.ellipse(grey, (84, 37), (6, 6), 0, 0, 360, 0, 2)  # baseline y=60, print-high
    cv2.line(grey, (100, 59), (110, 33), 0, 2)  # the slash
    for x in range(125, 380, 30):  # "KH-THCSTP": print on the baseline y=60
        grey[36:60, x : x + 6] = 0
    band, pieces = band_pieces(grey, Box(0, 28, 400, 62))
    assert printed_start(band, pieces) == 75  # by height and baseline, the 8 is print
    assert printed_start(band, pieces, band_ink(grey, band)) == 99


@pytest.mark.parametrize("font", ["DejaVuSerifCondensed", "DejaVuSans", "DejaVuSerif-Bold"])
@pytest.mark.parametrize("size", [22, 54])
def test_no_capital_or_digit_of_a_code_is_taken_for_its_slash(font: str, size: int) -> None:
    """Only "/" has the slash's shape, at a phone photo's size and a scan's."""
    face = ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{font}.ttf", size)
    shaped = []
    for char in "/ABCDEFGHIJKLMNOPQRSTUVWXYZĐ0123456789&":
        image = Image.new("L", (3 * size, 3 * size), 255)
        ImageDraw.Draw(image).text((size, size), char, font=face, fill=0)
        ink = np.asarray(image) < 160
        count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8))
        x, y, width, height, _ = max(stats[1:count], key=lambda s: s[4])
        if slash_shaped(ink, (int(x), int(y), int(width), int(height))):
            shaped.append(char)
    assert shaped == ["/"]


def test_the_blank_starts_where_the_printed_so_ends_when_ocr_stretched_its_box() -> None:
    """Tesseract's "Số:" box also covered the handwritten 06 after it."""
    grey = np.full((80, 300), 255, np.uint8)
    grey[30:60, 10:30] = 0  # S, a capital on the baseline y=60
    grey[40:60, 35:52] = 0  # o
    grey[22:28, 38:50] = 0  # its diacritic: a mark
    grey[42:46, 56:60] = grey[55:59, 56:60] = 0  # the colon
    for x in (80, 120):  # handwriting, taller than the print
        grey[10:66, x : x + 8] = 0
    assert printed_end(grey, Box(5, 25, 140, 62)) == 60


def _date_line(*words: tuple[str, float]) -> Line:
    out, x = [], 1000
    for text, conf in words:
        out.append(Word(text, conf, Box(x, 100, x + 18 * len(text), 140)))
        x += 18 * len(text) + 20
    return Line(out)


def test_a_day_glued_to_ngay_is_unreadable_not_its_last_digit() -> None:
    """'ngày15' read as the word 'ngày' plus '5': the blank holds only the 5."""
    glued = _date_line(("Quảng", 95), ("Ngãi,", 95), ("ngày1", 60), ("5", 70), ("tháng", 95),
                       ("4", 95), ("năm", 95), ("2020", 95))  # fmt: skip
    line = locate_date([glued], np.full((2000, 2400), 255, np.uint8))
    assert line.blank is None
    assert finish_date(line, BlankReading("5", 90.0, True, 1.0, ("5",) * 4)) is None


def test_a_date_line_split_by_a_phone_photos_slant_is_found_joined() -> None:
    """A slanted photo: "02 năm 2021" sits lower than "Quận 7, ngày tháng" before it, too
    low to share its line, and no line held a date; nor did one where only "năm" sank.
    Lines one above the other are not joined."""
    page = np.full((2000, 2400), 255, np.uint8)

    def word(text: str, x: int, y: int) -> Word:
        return Word(text, 95.0, Box(x, y, x + 18 * len(text), y + 40))

    split = [word("Quận", 1000, 100), word("7,", 1092, 100), word("ngày", 1148, 100),
             word("tháng", 1260, 100), word("02", 1400, 122), word("năm", 1456, 124),
             word("2021", 1530, 126)]  # fmt: skip
    lines = group_lines(split)
    assert len(lines) == 2 and "năm" not in lines[0].text
    line = locate_date(lines, page)
    assert (line.month, line.year, line.blank is not None) == ("02", "2021", True)
    sunk = [word("ngày", 1000, 100), word("11", 1090, 100), word("tháng", 1150, 100),
            word("4", 1260, 100), word("năm", 1300, 122), word("2023", 1370, 100)]  # fmt: skip
    line = locate_date(group_lines(sunk), page)
    assert str(finish_date(line, None)) == "2023-04-11"
    stacked = [word("ngày", 1000, 100), word("tháng", 1100, 100), word("năm", 1000, 160),
               word("2021", 1080, 160)]  # fmt: skip
    assert locate_date(group_lines(stacked), page).box is None


def test_an_unsure_text_pass_day_needs_the_digit_pass() -> None:
    line = locate_date(
        [
            _date_line(
                ("ngày", 95), ("02", 40), ("tháng", 95), ("11", 95), ("năm", 95), ("2024", 95)
            )
        ],
        np.full((2000, 2400), 255, np.uint8),
    )
    assert line.blank is not None  # a handwritten "22" the text pass read as "02" ...
    nothing = BlankReading(None, 0.0, True, 0.0, ("", "", "", ""))
    assert finish_date(line, nothing) is None  # ... is unreadable, not 2024-11-02
    agreeing = BlankReading(None, 60.0, True, 0.25, ("02", "", "", ""))
    assert str(finish_date(line, agreeing)) == "2024-11-02"
    printed = locate_date(
        [
            _date_line(
                ("ngày", 95), ("05", 93), ("tháng", 95), ("01", 95), ("năm", 95), ("2023", 95)
            )
        ],
        np.full((2000, 2400), 255, np.uint8),
    )
    assert printed.blank is None and str(finish_date(printed, None)) == "2023-01-05"


def test_surname_with_a_misread_stacked_diacritic_is_restored() -> None:
    title = Line([Word("HIỆU", 95, Box(1200, 2000, 1300, 2040)),
                  Word("TRƯỞNG", 95, Box(1320, 2000, 1500, 2040))])  # fmt: skip
    name = Line([Word("Trăn", 90, Box(1220, 2300, 1320, 2340)),
                 Word("Phước", 90, Box(1340, 2300, 1440, 2340)),
                 Word("Hiền", 90, Box(1460, 2300, 1540, 2340))])  # fmt: skip
    block = find_block([title, name], 2800)
    assert block is not None and block.name == "Trần Phước Hiền"


def test_ink_read_as_marks_before_the_title_is_not_part_of_it() -> None:
    """A phone photo: signature ink left of the title was read "_- ," and the page's
    signer was shown as "_- ,HIỆU TRƯỞNG"."""
    title = Line([Word("_-", 60, Box(1120, 2000, 1160, 2040)),
                  Word(",HIỆU", 90, Box(1180, 2000, 1300, 2040)),
                  Word("TRƯỞNG", 95, Box(1320, 2000, 1500, 2040))])  # fmt: skip
    block = find_block([title], 2800)
    assert block is not None and block.title == "HIỆU TRƯỞNG"


def test_tall_strokes_are_dropped_before_ocr_letters_kept() -> None:
    page = np.full((300, 600), 255, np.uint8)
    for i in range(12):  # a row of letter-sized blobs
        page[100:120, 20 + 40 * i : 35 + 40 * i] = 0
    page[20:280, 300:306] = 0  # a signature stroke through the line
    out = drop_strokes(page)
    assert (out[20:280, 300:306] == 255).all()
    assert (out[100:120, 20:35] == 0).all()


def test_a_photos_page_edge_beside_each_line_does_not_join_the_header_into_one_line() -> None:
    """A phone photo: the page's edge, read as "|" (a pixel wide) beside each line,
    overlapped the line above and the one below; the issuer lines and the number line
    became one line, opening with "TRƯỜNG", and the page's number went unfound."""
    issuer = _line("TRƯỜNG", "THCS", "NGUYỄN", "VĂN", "A", y=100, x=283)
    number = _line("Số:", "09", "/THCSNVA", y=135, x=388)
    edge = Word("|", 70.0, Box(18, 110, 19, 150))
    lines = group_lines([*issuer, *number, edge])
    assert [line.text for line in lines if line.box.x0 > 100] == [
        "TRƯỜNG THCS NGUYỄN VĂN A", "Số: 09 /THCSNVA",
    ]  # fmt: skip
    candidate = find_number_line(lines, 1654, 2339)
    assert candidate is not None and candidate.so.text == "Số:"
    # a word as narrow, but as tall as two lines, is a stroke as before
    assert len(group_lines([*issuer, *number, Word("|", 70.0, Box(18, 100, 40, 165))])) == 3


def test_a_pen_digit_read_apart_under_the_code_is_no_letter_of_the_code() -> None:
    """A 445 written up to the slash: tesseract read the 5 as an "S" and put it after
    the code word it lies under; the number was reported "445/BC-THCSTPS", surely."""
    so = Word("Số:", 90.0, Box(340, 285, 381, 311))
    blank = Word("4Â", 13.0, Box(400, 273, 437, 312))
    code = Word("/BC-THCSTP", 90.0, Box(446, 272, 653, 314))
    five = Word("S", 13.0, Box(446, 268, 456, 323))
    line = locate_number([Line([so, blank, code, five])], PAGE, text_layer=False)
    assert line.after == "BC-THCSTP"
    # a quote before the code's letters is a pen stroke, no part of the code
    line = locate_number(group_lines(_line("Số:", "2Ì", "/'THCSTP")), PAGE, text_layer=False)
    assert line.after == "THCSTP"


def test_a_code_read_surely_without_the_dash_after_its_type_is_read_again_in_english() -> None:
    """A code "/BCTHCSTP" read at 91: sure, and no letter the Vietnamese model bends, it was
    not re-read and the number came out "97/BCTHCSTP". The English reading puts the
    dash back; a code with its dash, or with no type at all, is not re-read."""
    for code, again in (("/BCTHCSTP", True), ("/BC-THCSTP", False), ("/THCSTP", False)):
        line = locate_number(group_lines(_line("Số:", "97", code)), PAGE, text_layer=False)
        assert (line.code_box is not None) is again, code
    line = locate_number(group_lines(_line("Số:", "97", "/BCTHCSTP")), PAGE, text_layer=False)
    blank = with_hand(vote([("97", 90.0)] * 5), None)
    assert finish_number(line, "BC-THCSTP", blank).number == "97/BC-THCSTP"
