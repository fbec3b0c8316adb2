"""Checks of the document's Decree 30 frame: kind, number, date, signature, numbering."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from validator.checks.base import CheckContext, Hit, NoParams, check
from validator.models import DocKind, Location
from validator.text import fold, shorten

_KIND_VI = {DocKind.PLAN: "kế hoạch", DocKind.REPORT: "báo cáo", DocKind.UNKNOWN: "không rõ"}


def _loc(ctx: CheckContext, quote: str | None = None, page: int | None = None) -> Location:
    return Location(file=ctx.file, page=page, quote=shorten(quote) if quote else None)


@check("file_readable")
def file_readable(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """The file can be opened and its text read (type, size, pages, encryption, time)."""
    if ctx.unreadable is None:
        return []
    return [Hit(_loc(ctx), {"problem": ctx.unreadable})]


@check("document_kind")
def document_kind(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """The title says KẾ HOẠCH or BÁO CÁO, and agrees with the declared kind."""
    found = ctx.form.kind
    declared = ctx.options.kind
    title = ctx.form.title or "(không tìm thấy tiêu đề)"
    if found == DocKind.UNKNOWN:
        return [Hit(_loc(ctx, ctx.form.title), {"title": title, "declared": _kind(declared)})]
    if declared not in (None, DocKind.UNKNOWN) and declared != found:
        return [
            Hit(
                _loc(ctx, ctx.form.title),
                {"title": title, "declared": _kind(declared), "found": _kind(found)},
            )
        ]
    return []


def _kind(kind: DocKind | None) -> str:
    return _KIND_VI.get(kind or DocKind.UNKNOWN, "không rõ")


@check("document_number")
def document_number(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """A "Số: 45/KH-…" line exists under the issuer and parses (number / code)."""
    if ctx.form.number is not None:
        return []
    line = ctx.form.number_line
    return [
        Hit(
            _loc(ctx, line, page=1 if ctx.doc and ctx.doc.pages else None),
            {"line": line or "(không có)"},
        )
    ]


class NumberTypeParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expected: dict[DocKind, list[str]]


@check("number_type", NumberTypeParams)
def number_type(ctx: CheckContext, params: NumberTypeParams) -> list[Hit]:
    """The type abbreviation of the number matches the kind (a plan is KH, a report BC)."""
    number = ctx.form.number
    expected = params.expected.get(ctx.kind)
    if number is None or not expected:
        return []
    found = number.type_code or ""
    if fold(found) in {fold(e) for e in expected}:
        return []
    return [
        Hit(
            _loc(ctx, f"Số: {number.raw}", number.page),
            {
                "number": number.raw,
                "found": found or "(không có)",
                "expected": "/".join(expected),
                "kind": _kind(ctx.kind),
            },
        )
    ]


@check("issue_date")
def issue_date(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """A place-date line ("Quận 7, ngày 05 tháng 01 năm 2023") with a real date."""
    if ctx.form.issued_on is not None:
        return []
    problem = ctx.form.date_problem or "không có dòng địa danh, ngày tháng năm"
    return [Hit(_loc(ctx, ctx.form.place_date_line), {"problem": problem})]


class SignatureParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    titles: list[str]


@check("signature_block", SignatureParams)
def signature_block(ctx: CheckContext, params: SignatureParams) -> list[Hit]:
    """The signature block names the principal (HIỆU TRƯỞNG, or KT. … / PHÓ HIỆU TRƯỞNG)."""
    title = ctx.form.signer_title
    if title and any(fold(t) in fold(title) for t in params.titles):
        return []
    found = title or "(không có)"
    return [
        Hit(
            _loc(ctx, title, ctx.form.signature_page),
            {"found": found, "expected": " hoặc ".join(params.titles)},
        )
    ]


@check("outline_numbering")
def outline_numbering(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """Headings are numbered in sequence (no gap, no repeat)."""
    if ctx.outline is None:
        return []
    hits = []
    for issue in ctx.outline.issues:
        problem = "bị lặp" if issue.kind == "repeat" else f"bỏ qua số {issue.expected}"
        hits.append(
            Hit(
                Location(file=ctx.file, page=issue.page, quote=shorten(issue.quote)),
                {"label": issue.label, "problem": problem, "expected": issue.expected or ""},
            )
        )
    return hits
