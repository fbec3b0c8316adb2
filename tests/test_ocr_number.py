"""The number line parser on its own: Decree 30 repairs and type checks, no OCR involved."""

from __future__ import annotations

import numpy as np

from ocr.geometry import Box
from ocr.number import find_number_line, parse_code
from ocr.words import Word, group_lines


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
    for so in ("Số:", "S6:", "Sô", "So:", "SỐ:"):
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


def test_words_group_into_columns() -> None:
    words = _line("ỦY", "BAN") + _line("CỘNG", "HÒA", x=1200)
    lines = group_lines(words)
    assert [line.text for line in lines] == ["ỦY BAN", "CỘNG HÒA"]
    assert np.isclose(lines[0].conf, 95.0)
