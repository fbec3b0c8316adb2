"""read_evidence on generated pages: each field of the result, as a reviewer would see it.

Four pages cover the cases; each is read once (module fixtures) because OCR is slow here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.evidence import PageTruth, write_generated, write_page
from ocr.evidence import read_evidence
from ocr.scan import ocr_document
from ocr.syllables import repair_name_word
from validator.models import EvidenceResult
from validator.settings import Settings

Read = tuple[PageTruth, EvidenceResult]


def _read(folder: Path, seed: int, **variant: object) -> Read:
    truth = write_page(folder, seed, **variant)  # type: ignore[arg-type]
    return truth, read_evidence(folder / truth.file, Settings())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("evidence")


@pytest.fixture(scope="module")
def full(folder: Path) -> Read:
    """Printed number, signature, seal, principal's title, an incoming-mail stamp."""
    return _read(folder, 3, number_mode="printed", signature=True, seal=True, incoming=True,
                 esign=False, title_lines=["HIỆU TRƯỞNG"])  # fmt: skip


@pytest.fixture(scope="module")
def bare(folder: Path) -> Read:
    """No number line, no signature, no seal, a deputy's title, an e-signature stamp."""
    return _read(folder, 5, number_mode="missing", signature=False, seal=False, esign=True,
                 incoming=False, title_lines=["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"])  # fmt: skip


@pytest.fixture(scope="module")
def scrawl(folder: Path) -> Read:
    """An illegible handwritten number; signed, not sealed."""
    return _read(folder, 8, number_mode="hand_illegible", signature=True, seal=False,
                 incoming=False, esign=False)  # fmt: skip


@pytest.fixture(scope="module")
def photo(folder: Path) -> Read:
    """A phone photo of a page with a legible handwritten number."""
    return _read(folder, 21, degradation="phone", number_mode="hand_legible", signature=True,
                 seal=True, incoming=False, esign=False)  # fmt: skip


def test_printed_number_is_read(full: Read) -> None:
    truth, result = full
    assert result.readable
    assert result.number == truth.number
    assert result.number_confidence >= 0.8
    assert result.number_type == truth.type_code
    assert result.regions["number"][0] == 1


def test_incoming_mail_stamp_number_is_ignored(full: Read) -> None:
    truth, result = full
    assert "incoming" in truth.distractors
    assert result.number == truth.number  # not the stamp's "Số: 2770"


def test_signature_seal_title_name_date(full: Read) -> None:
    truth, result = full
    assert result.signature and result.signature_confidence >= 0.5
    assert result.seal and result.seal_confidence > 0
    assert result.signer_title == "HIỆU TRƯỞNG"
    assert result.signer_name == truth.signer_name
    assert str(result.issued_on) == truth.issued_on
    assert {"title", "signature", "seal"} <= set(result.regions)


def test_number_missing(bare: Read) -> None:
    _, result = bare
    assert result.readable
    assert result.number is None and not result.number_unreadable


def test_signature_and_seal_missing(bare: Read) -> None:
    _, result = bare
    assert result.signer_title is not None  # the block is there ...
    assert not result.signature  # ... without a signature
    assert not result.seal


def test_deputy_title(bare: Read) -> None:
    _, result = bare
    assert result.signer_title == "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG"


def test_esignature_stamp_is_not_the_seal(bare: Read) -> None:
    truth, result = bare
    assert "esign_stamp" in truth.distractors
    assert result.seal is False


def test_illegible_handwritten_number_is_unreadable_not_wrong(scrawl: Read) -> None:
    truth, result = scrawl
    assert truth.number_handwritten and not truth.number_legible
    assert result.number is None
    assert result.number_unreadable
    assert result.number_confidence < 0.5
    assert result.number_code == truth.number.split("/", 1)[1]  # type: ignore[union-attr]


def test_a_scrawl_glued_to_the_codes_slash_is_unreadable_not_missing(tmp_path: Path) -> None:
    """The scrawl runs into "/BC-THCSTP" and tesseract reads the line "Số: #8 scHcsrp":
    the page said the evidence has no number (a return), though a reviewer sees one."""
    truth = write_generated(tmp_path, 7, 68)
    result = read_evidence(tmp_path / truth.file, Settings())
    assert truth.number_handwritten and not truth.number_legible
    assert result.number is None and result.number_unreadable


@pytest.mark.parametrize(
    ("seed", "index"),
    [(53, 71), (59, 111)],
    ids=["issuer-underline-in-blank", "slanted-code"],
)
def test_an_unnumbered_phone_photo_says_number_missing(
    tmp_path: Path, seed: int, index: int
) -> None:
    """Phone photos of a draft, "Số:    /…" left empty: the issuer's underline reaching
    into the blank, or the code's box grown by the slant, was taken for handwriting and
    the number said unreadable (a warning) where a missing number returns the file."""
    truth = write_generated(tmp_path, seed, index)
    result = read_evidence(tmp_path / truth.file, Settings())
    assert truth.number is None and truth.degradation == "phone"
    assert result.number is None and not result.number_unreadable
    assert result.number_code  # the number line was found, its blank empty


def test_a_phone_photo_whose_page_edge_was_read_beside_each_line_has_its_number(
    tmp_path: Path,
) -> None:
    """The page's edge, read as "|" beside each line of the tilted header, joined the
    issuer lines and the number line into one: the page said "number missing" (a return)
    for a legible 09."""
    truth = write_generated(tmp_path, 141, 39)
    assert truth.number == "09/THCSNVA" and truth.degradation == "phone"
    assert truth.number_handwritten and truth.number_legible
    assert read_evidence(tmp_path / truth.file, Settings()).number == truth.number


def test_a_pen_digit_under_the_code_is_not_read_into_it(tmp_path: Path) -> None:
    """A 445 written up to the slash: its 5, read apart as an "S", ended the code, and
    the number was reported "445/BC-THCSTPS", surely."""
    truth = write_generated(tmp_path, 145, 120)
    assert truth.number == "445/BC-THCSTP" and truth.number_handwritten
    assert read_evidence(tmp_path / truth.file, Settings()).number == truth.number


def test_a_pen_digit_standing_like_print_before_the_slash_is_read(tmp_path: Path) -> None:
    """A 378 whose 8, on the baseline and print-high, was taken for the code's first
    glyph: the blank ended before it and "37/KH-THCSTP" was reported at 0.83."""
    truth = write_generated(tmp_path, 145, 131)
    assert truth.number == "378/KH-THCSTP" and truth.number_legible
    assert read_evidence(tmp_path / truth.file, Settings()).number == truth.number


def test_a_code_slash_read_as_a_letter_is_no_part_of_the_code(tmp_path: Path) -> None:
    """A JPEG page's 382/THLVT: the English reading of the code read its slash as an
    "I", and "382/ITHLVT" was reported at 0.96."""
    truth = write_generated(tmp_path, 99, 156)
    assert truth.number == "382/THLVT" and truth.number_handwritten
    assert read_evidence(tmp_path / truth.file, Settings()).number == truth.number


def test_a_single_digit_no_height_of_the_blank_read_is_no_printed_number(
    tmp_path: Path,
) -> None:
    """A turned page's illegible 01: the text pass read "9" at 96, no height of the
    blank read anything, and "9/BC-MNHS" was reported at 0.82, a confident wrong number."""
    truth = write_generated(tmp_path, 105, 17)
    assert truth.number == "01/BC-MNHS" and not truth.number_legible
    result = read_evidence(tmp_path / truth.file, Settings())
    assert result.number is None and result.number_unreadable


def test_seal_missing_signature_present(scrawl: Read) -> None:
    _, result = scrawl
    assert result.signature and not result.seal


def test_phone_photo_handwritten_number(photo: Read) -> None:
    truth, result = photo
    assert result.readable and result.signature and result.seal
    # a legible handwritten number is read, or at worst flagged unreadable: never wrong
    assert result.number == truth.number or (result.number is None and result.number_unreadable)


def test_scanned_page_to_paragraphs(scrawl: Read, folder: Path) -> None:
    truth, _ = scrawl
    paragraphs = ocr_document(folder / truth.file, Settings())
    texts = [p.text for p in paragraphs]
    assert any("Độc lập" in t for t in texts)
    assert all(p.page == 1 and p.confidence is not None for p in paragraphs)
    motto = next(p for p in paragraphs if "CỘNG HÒA" in p.text)
    assert motto.x0 is not None and motto.x0 > 0.4  # the right-hand column stays apart
    assert any(p.align == "center" for p in paragraphs)


def test_a_name_word_with_an_impossible_spelling_is_put_back() -> None:
    """A signature stroke across the name changes a diacritic: "Trà" read "Trấ" (â never
    ends a syllable). Possible spellings, even rare names, are left as read."""
    assert repair_name_word("Trấ") == "Trà"
    assert repair_name_word("Quyêt") == "Quyết"  # a stop final takes sắc or nặng
    assert repair_name_word("Trá") == "Trá"  # possible: not changed, though not a name
    assert repair_name_word("Thàt") == "Thàt"  # impossible, but no name word has its letters
    assert repair_name_word("Hăo") == "Hăo"  # impossible, but Hào and Hảo both fit: kept


def test_a_phone_photos_slanted_date_line_gives_the_issue_date(tmp_path: Path) -> None:
    """The photo's slant split "Quận 7, ngày … tháng" from "02 năm 2021" into two lines,
    and the page gave no issue date."""
    truth = write_generated(tmp_path, 23, 39)
    assert truth.degradation == "phone"
    result = read_evidence(tmp_path / truth.file, Settings())
    assert str(result.issued_on) == truth.issued_on == "2021-02-09"


def test_a_legible_number_run_into_the_codes_slash_is_read(tmp_path: Path) -> None:
    """A clearly written 01 touching the code's slash, read "Số: Ì_ &H-THCSTP": with no
    "/" in the text the blank could not be placed, and the number was said unreadable.
    It is now found where the line's print begins."""
    truth = write_generated(tmp_path, 13, 67)
    result = read_evidence(tmp_path / truth.file, Settings())
    assert truth.number_legible and truth.number_handwritten
    assert result.number == truth.number == "01/KH-THCSTP"
    assert not result.number_unreadable
