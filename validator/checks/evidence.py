"""Checks of evidence files (letter 260 §2 note): readable, numbered, confirmed by the
principal (signature block with a signature, or a valid digital signature), sealed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from validator.checks.base import CheckContext, Hit, NoParams, check
from validator.models import EvidenceResult, Location
from validator.text import fold


def _loc(item: EvidenceResult, region: str | None = None) -> Location:
    page = item.regions.get(region, [None])[0] if region else None
    return Location(file=item.file, page=page if isinstance(page, int) else None)


def _readable(ctx: CheckContext) -> list[EvidenceResult]:
    return [e for e in ctx.evidence if e.readable]


@check("evidence_readable")
def evidence_readable(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """The evidence file can be opened and read."""
    return [
        Hit(_loc(e), {"evidence": e.file, "problem": e.problem or "không đọc được"})
        for e in ctx.evidence
        if not e.readable
    ]


@check("evidence_number")
def evidence_number(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """The evidence bears its document number ("Số: 45/KH-…")."""
    return [
        Hit(_loc(e, "number"), {"evidence": e.file})
        for e in _readable(ctx)
        if not e.number and not e.number_unreadable
    ]


@check("evidence_number_unreadable")
def evidence_number_unreadable(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """The number line is there but its handwritten digits could not be read: a person
    must look (never a guessed number)."""
    return [
        Hit(_loc(e, "number"), {"evidence": e.file})
        for e in _readable(ctx)
        if not e.number and e.number_unreadable
    ]


class ConfirmationParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    titles: list[str]  # the principal's titles


@check("evidence_confirmation", ConfirmationParams)
def evidence_confirmation(ctx: CheckContext, params: ConfirmationParams) -> list[Hit]:
    """The principal confirms it: a principal's title with a handwritten signature, or an
    intact digital signature."""
    hits = []
    for e in _readable(ctx):
        if _digitally_signed(e):
            continue
        title_ok = bool(e.signer_title) and any(
            fold(t) in fold(e.signer_title or "") for t in params.titles
        )
        if title_ok and e.signature:
            continue
        if not e.signer_title:
            problem = "không thấy khối chữ ký"
        elif not title_ok:
            problem = f'người ký là "{e.signer_title}", không phải Hiệu trưởng/Phó Hiệu trưởng'
        else:
            problem = "có chức danh nhưng không thấy chữ ký tay"
        hits.append(Hit(_loc(e, "signature"), {"evidence": e.file, "problem": problem}))
    return hits


def _digitally_signed(e: EvidenceResult) -> bool:
    return any(sig.intact for sig in e.pdf_signatures)


@check("evidence_seal")
def evidence_seal(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """A signed evidence page usually carries the red round seal."""
    return [
        Hit(_loc(e, "signature"), {"evidence": e.file})
        for e in _readable(ctx)
        if e.signature and not e.seal and not _digitally_signed(e)
    ]
