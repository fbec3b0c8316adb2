"""Evidence findings (letter 260 §2): what a reviewer reads for each evidence file."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from corpus.evidence import write_page
from tests.docs import frame, plan_body
from validator.models import EvidenceResult, PdfSignature
from validator.options import CheckOptions
from validator.pipeline import check_evidence_file, check_ingested
from validator.report import print_text, to_html
from validator.ruleset import Ruleset
from validator.settings import Settings


def evidence_codes(ruleset: Ruleset, item: EvidenceResult) -> list[tuple[str, str]]:
    result = check_ingested(frame(plan_body()), [item], CheckOptions(), ruleset)
    return [(f.code, f.severity.value) for f in result.findings]


def good(**changes: object) -> EvidenceResult:
    base = EvidenceResult(
        file="mc.jpg",
        number="05/KH-THCSNVA",  # the plan's own: no EVIDENCE_NUMBER_MISMATCH
        signature=True,
        seal=True,
        signer_title="HIỆU TRƯỞNG",
        signer_name="Nguyễn Thị Bích",
    )
    return base.model_copy(update=changes)


def test_complete_evidence_adds_nothing(ruleset: Ruleset) -> None:
    assert evidence_codes(ruleset, good()) == []


def test_each_missing_part(ruleset: Ruleset) -> None:
    assert evidence_codes(ruleset, good(number=None)) == [("EVIDENCE_NUMBER_MISSING", "return")]
    assert evidence_codes(ruleset, good(signature=False, seal=False)) == [
        ("EVIDENCE_SIGNATURE_MISSING", "return")
    ]
    assert evidence_codes(ruleset, good(seal=False)) == [("EVIDENCE_SEAL_MISSING", "warning")]
    assert evidence_codes(ruleset, good(readable=False, problem="ảnh quá mờ")) == [
        ("EVIDENCE_UNREADABLE", "return")
    ]


def test_handwritten_number_not_read_is_a_warning_not_a_guess(ruleset: Ruleset) -> None:
    assert evidence_codes(ruleset, good(number=None, number_unreadable=True)) == [
        ("EVIDENCE_NUMBER_UNREADABLE", "warning")
    ]


def test_a_number_read_unsurely_is_shown_for_checking_against_the_original(
    ruleset: Ruleset,
) -> None:
    """A handwritten number one recogniser read (confidence 0.68) is reported, and the
    clerk and the reviewer are told to compare it with the original; a sure one is not."""
    unsure = check_ingested(
        frame(plan_body()), [good(number_confidence=0.68)], CheckOptions(), ruleset
    )
    sure = check_ingested(
        frame(plan_body()), [good(number_confidence=0.95)], CheckOptions(), ruleset
    )
    console = Console(record=True, width=200)
    print_text([unsure, sure], console, "vi")
    lines = [line for line in console.export_text().splitlines() if "05/KH-THCSNVA" in line]
    assert "(độ tin cậy 68%, cần đối chiếu bản gốc)" in lines[0]
    assert "đối chiếu" not in lines[1]
    assert "độ tin cậy 68%, cần đối chiếu bản gốc" in to_html([unsure])
    assert "đối chiếu" not in to_html([sure])


def test_deputy_confirms_but_a_committee_head_does_not(ruleset: Ruleset) -> None:
    deputy = good(signer_title="KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG")
    assert evidence_codes(ruleset, deputy) == []
    result = check_ingested(
        frame(plan_body()), [good(signer_title="TRƯỞNG BAN")], CheckOptions(), ruleset
    )
    assert [f.code for f in result.findings] == ["EVIDENCE_SIGNATURE_MISSING"]
    assert "TRƯỞNG BAN" in result.findings[0].message


def test_intact_digital_signature_is_the_confirmation(ruleset: Ruleset) -> None:
    signed = good(
        signer_title=None,
        signature=False,
        seal=False,
        pdf_signatures=[PdfSignature(signer_name="Nguyễn Thị Bích", intact=True)],
    )
    assert evidence_codes(ruleset, signed) == []


@pytest.mark.slow
def test_scan_alone_through_ocr(tmp_path: Path, settings: Settings) -> None:
    truth = write_page(tmp_path, 11, "clean", number_mode="printed", seal=False)
    result = check_evidence_file(tmp_path / truth.file, settings=settings)
    assert result.document.kind.value == "evidence"
    assert result.document.number == truth.number
    assert [f.code for f in result.findings] == ["EVIDENCE_SEAL_MISSING"]
    assert result.decision == "pass"
