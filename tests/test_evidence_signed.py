"""A digitally signed evidence PDF stands for the principal's confirmation only when its
certificate names the school or its holder is the principal (issue 3 §6): an intact
signature of anybody else, a file edited after signing, or a certificate outside the
configured trust roots does not. The PDFs are signed here by certificates issued here."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.signed import Authority, edit_after_signing, new_authority, sign_letter
from ocr.pdfsig import NOTE_TRUSTED, NOTE_UNTRUSTED, NOTE_UNVERIFIED
from tests.docs import frame, plan_body
from validator.models import CheckResult
from validator.options import CheckOptions
from validator.pipeline import check_evidence_file, check_ingested, read_evidence
from validator.ruleset import Ruleset
from validator.settings import Settings
from validator.signers import names_school

PRINCIPAL = "Nguyễn Thị Bích"  # the name under "HIỆU TRƯỞNG" on the letter and the plan


@pytest.fixture(scope="module")
def authority() -> Authority:
    return new_authority()


def confirmation_reasons(result: CheckResult) -> list[str]:
    return [f.message for f in result.findings if f.code == "EVIDENCE_SIGNATURE_MISSING"]


def attached_to_plan(path: Path, settings: Settings, ruleset: Ruleset) -> CheckResult:
    """The plan of "TRƯỜNG THCS NGUYỄN VĂN A" with the signed letter as its evidence."""
    item = read_evidence(path, settings)
    return check_ingested(frame(plan_body()), [item], CheckOptions(), ruleset)


def test_principals_certificate_confirms_a_letter_checked_alone(
    tmp_path: Path, authority: Authority, settings: Settings
) -> None:
    path = sign_letter(tmp_path / "bao-cao.pdf", authority, PRINCIPAL, None)
    result = check_evidence_file(path, settings=settings)
    assert result.decision == "pass", result.findings
    item = result.evidence[0]
    assert not item.signature  # no handwritten signature: the digital one confirms
    [sig] = item.pdf_signatures
    assert (sig.signer_name, sig.intact, sig.changed) == (PRINCIPAL, True, False)
    assert sig.note == NOTE_UNVERIFIED  # no trust roots configured: integrity only


def test_schools_certificate_confirms_however_the_name_is_spelled(
    tmp_path: Path, authority: Authority, settings: Settings, ruleset: Ruleset
) -> None:
    path = sign_letter(
        tmp_path / "bien-ban.pdf",
        authority,
        "Trường Trung học cơ sở Nguyễn Văn A",  # the plan's issuer abbreviates it "THCS"
        "Quận 7, Thành phố Hồ Chí Minh",
        principal="Lê Văn Tâm",
    )
    assert confirmation_reasons(attached_to_plan(path, settings, ruleset)) == []


def test_another_bodys_intact_signature_is_not_the_principals(
    tmp_path: Path, authority: Authority, settings: Settings, ruleset: Ruleset
) -> None:
    path = sign_letter(
        tmp_path / "ubnd.pdf", authority, "Ủy ban nhân dân Quận 7", None, principal="Lê Văn Tâm"
    )
    result = attached_to_plan(path, settings, ruleset)
    assert result.decision == "return"
    [reason] = confirmation_reasons(result)
    assert '"Ủy ban nhân dân Quận 7"' in reason
    assert 'không phải của "Trường THCS Nguyễn Văn A"' in reason


def test_declared_school_is_what_the_certificate_must_name(
    tmp_path: Path, authority: Authority, settings: Settings
) -> None:
    """A clerk of Nguyễn Văn A signs with the school's certificate: that confirms for
    Nguyễn Văn A (the letter's own header), not for a submission declared by Lê Lợi."""
    path = sign_letter(tmp_path / "bb.pdf", authority, "Phạm Văn Cường", "TRƯỜNG THCS NGUYỄN VĂN A")
    assert check_evidence_file(path, settings=settings).decision == "pass"
    declared = CheckOptions(school="Trường THCS Lê Lợi")
    [reason] = confirmation_reasons(check_evidence_file(path, declared, settings))
    assert 'không phải của "Trường THCS Lê Lợi"' in reason


def test_trust_roots_decide_whether_the_signer_is_verified(
    tmp_path: Path, authority: Authority, settings: Settings
) -> None:
    path = sign_letter(tmp_path / "bc.pdf", authority, PRINCIPAL, "TRƯỜNG THCS NGUYỄN VĂN A")
    own_root = settings.model_copy(update={"trust_roots": authority.write_pem(tmp_path / "a.pem")})
    trusted = check_evidence_file(path, settings=own_root)
    assert trusted.decision == "pass"
    assert trusted.evidence[0].pdf_signatures[0].note == NOTE_TRUSTED

    stranger = new_authority("CA khác").write_pem(tmp_path / "other.pem")
    untrusted = check_evidence_file(
        path, settings=settings.model_copy(update={"trust_roots": stranger})
    )
    assert untrusted.evidence[0].pdf_signatures[0].note == NOTE_UNTRUSTED
    [reason] = confirmation_reasons(untrusted)
    assert "không thuộc nguồn tin cậy" in reason


def test_a_file_edited_after_signing_is_not_confirmed(
    tmp_path: Path, authority: Authority, settings: Settings
) -> None:
    path = sign_letter(tmp_path / "bc.pdf", authority, PRINCIPAL, "TRƯỜNG THCS NGUYỄN VĂN A")
    edit_after_signing(path)
    result = check_evidence_file(path, settings=settings)
    [sig] = result.evidence[0].pdf_signatures
    assert sig.intact and sig.changed  # its own bytes are intact, the file is not
    [reason] = confirmation_reasons(result)
    assert "tệp đã bị sửa sau khi ký số" in reason


def test_school_names_meet_across_abbreviations(ruleset: Ruleset) -> None:
    [rule] = [r for r in ruleset.rules if r.check == "evidence_confirmation"]
    words = rule.params["school_abbreviations"]
    filler = rule.params["school_filler"]
    assert isinstance(words, dict) and isinstance(filler, list)
    school = "TRƯỜNG MN-TH SAO MAI"
    assert names_school("Trường Mầm non và Tiểu học Sao Mai", school, words, filler)
    assert names_school("TRUONG MN - TH SAO MAI, QUAN TAY HO", school, words, filler)
    assert not names_school("Trường Mầm non Sao Mai", school, words, filler)
    thcs = "Trường THCS Nguyễn Văn A"
    assert not names_school("Trường THCS Nguyễn Văn An", thcs, words, filler)
    assert not names_school("Trường Tiểu học Nguyễn Văn A", thcs, words, filler)
