"""Digital signatures embedded in a PDF (pyHanko): who signed, when, and whether the bytes
changed after signing. Trust in the signer needs trust roots (``Settings.trust_roots``);
without them the integrity is checked and the note says the signer is not verified.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from validator.models import PdfSignature
from validator.settings import Settings
from validator.text import nfc

log = logging.getLogger(__name__)

NOTE_UNVERIFIED = "đã kiểm tra toàn vẹn, chưa xác minh người ký"
NOTE_TRUSTED = "đã kiểm tra toàn vẹn và xác minh người ký"
NOTE_UNTRUSTED = "đã kiểm tra toàn vẹn; chứng thư người ký không thuộc nguồn tin cậy"
NOTE_CHANGED = "tệp đã bị sửa sau khi ký"
NOTE_ERROR = "không kiểm tra được chữ ký số"
PYHANKO_LOGGERS = ("pyhanko", "pyhanko_certvalidator")


def load_trust_roots(path: Path | None) -> list[x509.Certificate]:
    """Certificates (PEM or DER, one file or a folder of files) trusted as roots."""
    if path is None:
        return []
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    roots: list[x509.Certificate] = []
    for file in files:
        data = file.read_bytes()
        if pem.detect(data):
            roots.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True))
        else:
            roots.append(x509.Certificate.load(data))
    return roots


def read_pdf_signatures(path: Path, settings: Settings) -> list[PdfSignature]:
    """One ``PdfSignature`` per signature field; an unreadable signature gets a note, the
    others are still read. Never raises."""
    try:
        roots = load_trust_roots(settings.trust_roots)
        with path.open("rb") as fh:
            reader = PdfFileReader(fh, strict=False)
            return [_read_one(sig, roots) for sig in reader.embedded_signatures]
    except Exception as exc:  # pyHanko and asn1crypto raise many types on odd files
        log.info("no PDF signatures read from %s: %s", path.name, exc)
        return []


def _read_one(sig: object, roots: list[x509.Certificate]) -> PdfSignature:
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    assert isinstance(sig, EmbeddedPdfSignature)
    out = PdfSignature(field=sig.field_name, signed_at=sig.self_reported_timestamp)
    try:
        cert = sig.signer_cert
        subject = cert.subject.native
        out.signer_name = nfc(str(subject.get("common_name", ""))) or None
        org = subject.get("organization_name") or subject.get("organizational_unit_name")
        out.organisation = nfc(str(org)) if org else None
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        with _quiet_pyhanko():
            status = validate_pdf_signature(sig, signer_validation_context=context)
        out.intact = bool(status.intact)
        changed = status.coverage is not None and status.coverage.name != "ENTIRE_FILE"
        out.changed = (
            changed
            and status.modification_level is not None
            and (status.modification_level.name not in ("NONE", "LTA_UPDATES", "FORM_FILLING"))
        )
        out.trusted = bool(status.trusted) if roots else None
        out.note = _note(out)
    except Exception as exc:
        log.info("signature %s not validated: %s", sig.field_name, exc)
        out.note = NOTE_ERROR
    return out


@contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs a full traceback for every certificate path it cannot build, which is
    every signature when no trust roots are configured: expected here, so not logged."""
    loggers = [logging.getLogger(name) for name in PYHANKO_LOGGERS]
    before = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)  # child loggers inherit the effective level
    try:
        yield
    finally:
        for lg, level in zip(loggers, before, strict=True):
            lg.setLevel(level)


def _note(sig: PdfSignature) -> str:
    if not sig.intact or sig.changed:
        return NOTE_CHANGED
    if sig.trusted is None:
        return NOTE_UNVERIFIED
    return NOTE_TRUSTED if sig.trusted else NOTE_UNTRUSTED
