"""Checks of evidence files (letter 260 §2 note): readable, numbered, confirmed by the
principal (signature block with a signature, or a valid digital signature), sealed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from validator.checks.base import CheckContext, Hit, NoParams, check
from validator.models import EvidenceResult, Location, PdfSignature
from validator.signers import is_school_name, names_school, same_person
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
    # how certificates spell a school's name: abbreviations expanded, filler words dropped
    school_abbreviations: dict[str, str] = {}
    school_filler: list[str] = []


@check("evidence_confirmation", ConfirmationParams)
def evidence_confirmation(ctx: CheckContext, params: ConfirmationParams) -> list[Hit]:
    """The principal confirms it: a principal's title with a handwritten signature, or a
    valid digital signature of the school or its principal (issue 3 §6)."""
    hits = []
    for e in _readable(ctx):
        school = _school(ctx) or e.issuer
        signed, digital_problem = _digital_confirmation(e, ctx, school, params)
        if signed:
            continue
        problem = _block_problem(e, params)
        if problem is None:
            continue
        if digital_problem:
            problem = f"{problem}; {digital_problem}"
        hits.append(Hit(_loc(e, "signature"), {"evidence": e.file, "problem": problem}))
    return hits


def _block_problem(e: EvidenceResult, params: ConfirmationParams) -> str | None:
    """What the visible signature block lacks, or None when it is the principal's."""
    title_ok = _principal_title(e.signer_title, params)
    if title_ok and e.signature:
        return None
    if not e.signer_title:
        return "không thấy khối chữ ký"
    if not title_ok:
        return f'người ký là "{e.signer_title}", không phải Hiệu trưởng/Phó Hiệu trưởng'
    return "có chức danh nhưng không thấy chữ ký tay"


def _principal_title(title: str | None, params: ConfirmationParams) -> bool:
    return bool(title) and any(fold(t) in fold(title or "") for t in params.titles)


def _school(ctx: CheckContext) -> str | None:
    """The submitting school's name: declared, else the document's issuer when it names a
    school (a plan or report is issued by the school itself). Without either, the caller
    falls back on the school the evidence's own header names."""
    if ctx.options.school:
        return ctx.options.school
    issuer = ctx.form.issuer
    return issuer if issuer and is_school_name(issuer) else None


def _principals(e: EvidenceResult, ctx: CheckContext, params: ConfirmationParams) -> list[str]:
    """Names printed under a principal's title: the evidence's own block and the plan's."""
    blocks = [(e.signer_title, e.signer_name), (ctx.form.signer_title, ctx.form.signer_name)]
    return [name for title, name in blocks if name and _principal_title(title, params)]


def _digital_confirmation(
    e: EvidenceResult, ctx: CheckContext, school: str | None, params: ConfirmationParams
) -> tuple[bool, str | None]:
    """(confirmed, why not): a valid signature whose certificate names the school or whose
    holder is the principal confirms; an intact one of anybody else does not."""
    if not e.pdf_signatures:
        return False, None
    principals = _principals(e, ctx, params)
    for sig in e.pdf_signatures:
        if sig.valid and _signer_matches(sig, school, principals, params):
            return True, None
    sig = e.pdf_signatures[0]
    who = _holder(sig)
    if sig.changed or not sig.intact:
        return False, f"tệp đã bị sửa sau khi ký số ({who})"
    if sig.trusted is False:
        return False, f"chữ ký số của {who} có chứng thư không thuộc nguồn tin cậy"
    if school is None and not principals and "truong" in fold(who):
        return False, f"chữ ký số của {who} chưa đối chiếu được với trường (chưa biết tên trường)"
    whose = f'"{school}"' if school else "trường"
    return False, f"chữ ký số của {who}, không phải của {whose} hay của Hiệu trưởng"


def _signer_matches(
    sig: PdfSignature, school: str | None, principals: list[str], params: ConfirmationParams
) -> bool:
    fields = [f for f in (sig.signer_name, sig.organisation) if f]
    if school and any(
        names_school(f, school, params.school_abbreviations, params.school_filler) for f in fields
    ):
        return True
    return bool(sig.signer_name) and any(
        same_person(sig.signer_name or "", name) for name in principals
    )


def _holder(sig: PdfSignature) -> str:
    """ "Nguyễn Phước Bình (ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI)" for a message."""
    name = sig.signer_name or "không rõ người ký"
    return f'"{name} ({sig.organisation})"' if sig.organisation else f'"{name}"'


def _digitally_signed(e: EvidenceResult) -> bool:
    return any(sig.valid for sig in e.pdf_signatures)


@check("evidence_seal")
def evidence_seal(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """A signed evidence page usually carries the red round seal."""
    return [
        Hit(_loc(e, "signature"), {"evidence": e.file})
        for e in _readable(ctx)
        if e.signature and not e.seal and not _digitally_signed(e)
    ]
