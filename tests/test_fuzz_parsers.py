"""Property-based tests (hypothesis) of the text parsers a school's document goes through:
the "Số:" number line and the place-date line (``validator/form.py``, and the OCR side in
``ocr/number.py`` and ``ocr/dateline.py``), the outline's numbering labels
(``validator/outline.py``) and the quantities of a target (``validator/quantities.py``).

Properties: they never raise on any text; a generated valid line reads back to what was
written; NFC in gives NFC out; a generated regular outline has no numbering issue, and one
gap in it is found where it is. Examples hypothesis found are kept as regressions.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocr.dateline import finish_date, locate_date
from ocr.geometry import Box
from ocr.number import TYPE_CODES, parse_code
from ocr.words import Line, Word
from validator.form import read_form
from validator.models import IngestedDocument, Node, Paragraph
from validator.outline import build_outline, parse_label
from validator.quantities import lead_unit, milestone, quantities, strip_citations
from validator.ruleset import Vocabulary, load_ruleset
from validator.settings import Settings

FUZZ = settings(max_examples=300, deadline=None)
VOCAB: Vocabulary = load_ruleset("q7-2022", Settings()).vocabulary

# Text as schools type it: Vietnamese letters (composed and decomposed), digits, the
# punctuation of administrative documents, and some noise.
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYàáảãạầấẩẫậềếểễệọốồổỗộờớởỡợ"
ALPHABET = VIETNAMESE + "0123456789 .,;:/-–()%+*•\t\n…_\u0300\u0301\u0303\u0309\u0323\u00a0"
texts = st.text(alphabet=ALPHABET, max_size=200)
any_texts = st.text(max_size=200)  # every code point, surrogates excluded
upper_code = st.text(alphabet="ABCDEGHIKLMNOPQRSTUVXYĐ0123456789", min_size=2, max_size=10).filter(
    lambda code: not code[0].isdigit()
)


def nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def paragraphs(lines: list[str]) -> list[Paragraph]:
    return [Paragraph(text=unicodedata.normalize("NFC", line)) for line in lines]


def form_of(lines: list[str]) -> object:
    return read_form(paragraphs(lines), VOCAB.signer_prefixes, VOCAB.type_codes)


# --------------------------------------------------------------------------- number line


@FUZZ
@given(
    number=st.integers(min_value=1, max_value=99999),
    width=st.integers(min_value=1, max_value=3),
    year=st.one_of(st.none(), st.integers(min_value=2000, max_value=2099)),
    type_code=st.sampled_from(VOCAB.type_codes),
    issuer=st.lists(upper_code, min_size=1, max_size=3).map("-".join),
    school=st.one_of(st.none(), st.integers(min_value=1, max_value=30)),
    spaced=st.booleans(),
)
def test_a_generated_number_line_reads_back(
    number: int,
    width: int,
    year: int | None,
    type_code: str,
    issuer: str,
    school: int | None,
    spaced: bool,
) -> None:
    digits = str(number).zfill(width)
    gap = " " if spaced else ""
    code = f"{type_code}-{issuer}" if year is None else f"{year}/{type_code}-{issuer}"
    line = f"Số:{gap}{digits}{gap}/{gap}{code}"
    name = "TRƯỜNG THCS A" if school is None else f"TRƯỜNG TIỂU HỌC SỐ {school}"
    form = read_form(paragraphs([name, line]), VOCAB.signer_prefixes, VOCAB.type_codes)
    assert form.number is not None, line
    assert form.number.raw == f"{digits}/{code}"
    assert (form.number.number, form.number.type_code) == (digits, type_code)
    assert form.number.issuer_code == issuer


@FUZZ
@given(st.lists(texts, max_size=8))
def test_reading_the_form_never_raises_and_keeps_nfc(lines: list[str]) -> None:
    form = read_form(paragraphs(lines), VOCAB.signer_prefixes, VOCAB.type_codes)
    for value in (form.number_line, form.place_date_line, form.title, form.issuer):
        assert value is None or nfc(value)


@FUZZ
@given(st.lists(any_texts, max_size=5))
def test_reading_the_form_never_raises_on_any_text(lines: list[str]) -> None:
    read_form(paragraphs(lines), VOCAB.signer_prefixes, VOCAB.type_codes)


@FUZZ
@given(type_code=st.sampled_from(TYPE_CODES), issuer=upper_code)
def test_the_ocr_number_code_of_a_known_type_reads_back(type_code: str, issuer: str) -> None:
    parsed = parse_code(f"{type_code}-{issuer}")
    assert parsed.type_known and parsed.code.split("-")[0] == parsed.type_code
    assert parsed.code.endswith(f"-{issuer}")


@FUZZ
@given(any_texts)
def test_parsing_an_ocr_number_code_never_raises_and_is_stable(raw: str) -> None:
    parsed = parse_code(raw)
    assert parse_code(parsed.code).code == parsed.code


# --------------------------------------------------------------------------- date line


@FUZZ
@given(
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    place=st.sampled_from(["Quận 7", "Thành phố Hồ Chí Minh", "Tân Phong", "Q.7"]),
    padded=st.booleans(),
)
def test_a_generated_date_line_reads_back(day: dt.date, place: str, padded: bool) -> None:
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if padded else (str(day.day), str(day.month))
    line = f"{place}, ngày {d} tháng {m} năm {day.year}"
    form = read_form(paragraphs(["TRƯỜNG THCS A", line]), VOCAB.signer_prefixes, VOCAB.type_codes)
    assert form.issued_on == day
    assert form.place_date_line == unicodedata.normalize("NFC", line)


@FUZZ
@given(
    year=st.integers(min_value=2000, max_value=2099),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=29, max_value=31),
)
def test_a_date_that_does_not_exist_is_a_problem_not_a_date(
    year: int, month: int, day: int
) -> None:
    try:
        dt.date(year, month, day)
    except ValueError:
        form = form_of([f"Quận 7, ngày {day} tháng {month} năm {year}"])
        assert form.issued_on is None and "không có thật" in (form.date_problem or "")


def read_issue_date(line: Line) -> tuple[dt.date | None, Box | None]:
    """The date as evidence OCR reads it when the text pass read the day well (90 %)."""
    found = locate_date([line], np.zeros((2000, 1400), np.uint8))
    return finish_date(found, None), found.box


def ocr_line(text: str) -> Line:
    words, x = [], 100
    for token in text.split():
        words.append(Word(token, 90.0, Box(x, 100, x + 20 * len(token), 130)))
        x += 20 * len(token) + 15
    return Line(words)


@FUZZ
@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_the_ocr_date_line_reads_back(day: dt.date) -> None:
    line = ocr_line(f"Quận 7, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")
    found, box = read_issue_date(line)
    assert found == day and box is not None


@FUZZ
@given(st.text(alphabet=ALPHABET.replace("\n", ""), min_size=1, max_size=80))
def test_the_ocr_date_line_never_raises_when_the_day_is_printed(noise: str) -> None:
    line = ocr_line(f"{noise} ngày 05 tháng {noise} năm 2023")
    if not line.words:
        return
    read_issue_date(line)


# --------------------------------------------------------------------------- outline

ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LETTERS = "abcdđeghik"
heading_words = (
    st.text(alphabet=VIETNAMESE + " ", min_size=3, max_size=40)
    .map(str.strip)
    .filter(lambda text: len(text) >= 3 and not text[0].islower())
)


@st.composite
def regular_outlines(draw: st.DrawFn) -> list[str]:
    """Lines of a regularly numbered document: I. › 1. › 1.1. › a) with text lines."""
    lines: list[str] = []
    for roman in ROMANS[: draw(st.integers(1, 6))]:
        lines.append(f"{roman}. {draw(heading_words).upper()}")
        for n in range(1, draw(st.integers(0, 4)) + 1):
            lines.append(f"{n}. {draw(heading_words)}")
            for m in range(1, draw(st.integers(0, 3)) + 1):
                lines.append(f"{n}.{m}. {draw(heading_words)}")
                for letter in LETTERS[: draw(st.integers(0, 3))]:
                    lines.append(f"{letter}) {draw(heading_words)}")
    return lines


@FUZZ
@given(regular_outlines())
def test_a_regular_outline_has_no_numbering_issue(lines: list[str]) -> None:
    outline = build_outline(IngestedDocument(file="x", media_type="text", blocks=paragraphs(lines)))
    assert outline.issues == []


@FUZZ
@given(regular_outlines(), st.data())
def test_a_skipped_number_is_reported_where_it_is(lines: list[str], data: st.DataObject) -> None:
    numbered = [i for i, line in enumerate(lines) if line.split(" ", 1)[0].rstrip(".").isdigit()]
    candidates = [i for i in numbered if lines[i].startswith(("1. ",)) is False]
    if not candidates:
        return
    index = data.draw(st.sampled_from(candidates))
    number = int(lines[index].split(".", 1)[0])
    skipped = lines.copy()
    skipped[index] = f"{number + 1}." + lines[index].split(".", 1)[1]
    outline = build_outline(
        IngestedDocument(file="x", media_type="text", blocks=paragraphs(skipped))
    )
    gaps = [issue for issue in outline.issues if issue.kind in ("gap", "repeat")]
    assert gaps and gaps[0].label == f"{number + 1}." and gaps[0].expected == str(number)


@FUZZ
@given(st.lists(texts, max_size=30))
def test_the_outline_never_raises_and_keeps_nfc(lines: list[str]) -> None:
    outline = build_outline(IngestedDocument(file="x", media_type="text", blocks=paragraphs(lines)))
    stack: list[Node] = [outline.root]
    while stack:
        node = stack.pop()
        assert nfc(node.text) and (node.label is None or nfc(node.label))
        stack.extend(node.children)


@FUZZ
@given(any_texts, st.one_of(st.none(), any_texts))
def test_parsing_a_label_never_raises(text: str, label: str | None) -> None:
    parse_label(Paragraph(text=text, label=label))


# --------------------------------------------------------------------------- quantities


@FUZZ
@given(st.integers(min_value=0, max_value=100), st.booleans())
def test_a_generated_percentage_reads_back(value: int, above: bool) -> None:
    words = "trên" if above else "đạt"
    found = quantities(f"Tỷ lệ hồ sơ đúng hạn {words} {value}% trở lên", VOCAB.ordinal_words)
    assert [(q.value, q.unit, q.strict) for q in found] == [(value, "percent", above)]


@FUZZ
@given(st.integers(0, 100), st.integers(0, 100))
def test_a_generated_range_reads_back(low: int, high: int) -> None:
    low, high = min(low, high), max(low, high)
    found = quantities(f"Phấn đấu từ {low} đến {high}% giáo viên", VOCAB.ordinal_words)
    assert [(q.value, q.upper) for q in found] == [(low, high)]


def thousands(value: int) -> str:
    """1000000 → "1.000.000", as Vietnamese documents write it."""
    return f"{value:,}".replace(",", ".")


@FUZZ
@given(
    st.integers(1, 99_999_999),
    st.sampled_from(["chuyên đề", "buổi", "tin bài", "lượt truy cập", "đồng"]),
)
def test_a_generated_count_reads_back(count: int, thing: str) -> None:
    written = f"{count:02d}" if count < 1000 else thousands(count)
    found = quantities(f"Tổ chức {written} {thing} về CCHC", VOCAB.ordinal_words)
    assert [(q.value, q.unit) for q in found] == [(count, "count")]


@FUZZ
@given(any_texts)
def test_quantities_milestones_and_lead_units_never_raise(text: str) -> None:
    for found in quantities(text, VOCAB.ordinal_words, any_count=True):
        assert found.text in strip_citations(text)
    milestone(text, VOCAB)
    lead_unit(text, VOCAB)


@FUZZ
@given(texts)
def test_milestones_and_lead_units_of_nfc_text_are_nfc(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    for value in (milestone(text, VOCAB), lead_unit(text, VOCAB)):
        assert value is None or nfc(value)


# --------------------------------------------------------------------------- found by hypothesis


def test_regression_a_school_named_so_2_does_not_hide_the_number_line() -> None:
    form = form_of(["TRƯỜNG TIỂU HỌC SỐ 2 BÌNH THUẬN", "Số: 45/KH-TH"])
    assert form.number is not None and form.number.raw == "45/KH-TH"
    assert form_of(["TRƯỜNG MẦM NON SỐ 9"]).number_line is None
    blank = form_of(["TRƯỜNG MẦM NON SỐ 9", "Số:    /KH-MN9"])
    assert (blank.number_line, blank.number) == ("Số: /KH-MN9", None)


def test_regression_a_number_with_its_year_keeps_its_type() -> None:
    form = form_of(["Số: 12/2023/KH-THCSA"])
    assert form.number is not None
    assert (form.number.type_code, form.number.issuer_code) == ("KH", "THCSA")


@pytest.mark.parametrize(
    ("text", "value"),
    [("Đạt 1.000 lượt truy cập", 1000.0), ("Tiết kiệm 10.000.000 đồng", 10_000_000.0)],
)
def test_regression_counts_with_thousands_dots_are_quantities(text: str, value: float) -> None:
    assert [q.value for q in quantities(text, VOCAB.ordinal_words)] == [value]
