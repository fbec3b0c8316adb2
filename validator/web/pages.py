"""The pages of schools and reviewers: upload, progress, result, history, list, review.

Forms post plain HTML (they work without JavaScript); uploads, resubmissions and reviews go
through the API's own handlers (``validator/api/submissions.py``), so the pages and the API
apply the same rules, limits, audit and messages. A refused request re-renders its form
with the reason.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile as StarletteUpload

from validator.api import submissions as api
from validator.api.auth import Principal, Role, can_see
from validator.api.schemas import ReviewIn
from validator.api.views import timeliness_view
from validator.models import DocKind, Period
from validator.store import repository
from validator.store.models import School, Submission, Version, VersionState
from validator.web import images
from validator.web.deps import (
    CsrfChecked,
    PagePrincipal,
    RuntimeDep,
    SessionDep,
    is_reviewer,
    page,
)
from validator.web.errors import PageError
from validator.web.selfcheck_pages import png, start_selfcheck
from validator.web.views import files_of, history, result_view

router = APIRouter(include_in_schema=False)

# An empty file field posts a nameless part, which arrives as "" rather than a file.
UploadFiles = Annotated[list[UploadFile | str], File()]
OneUpload = Annotated[UploadFile | str, File()]
PERIODS = [p.value for p in Period]
KINDS = [DocKind.PLAN.value, DocKind.REPORT.value]
FINISHED = (VersionState.DONE, VersionState.FAILED)
REFRESH_SECONDS = 3


def chosen(uploads: list[UploadFile | str]) -> list[UploadFile]:
    """The files really picked (an empty file field still posts one nameless part)."""
    return [u for u in uploads if isinstance(u, StarletteUpload) and u.filename]


def visible(session: SessionDep, submission_id: int, principal: Principal) -> Submission:
    """The submission when ``principal`` may see it; the same 404 when not (ids never leak)."""
    submission = repository.get_submission(session, submission_id)
    if submission is None or not can_see(principal, submission.school.code):
        raise PageError(404, f"Không tìm thấy hồ sơ số {submission_id}.")
    return submission


# --------------------------------------------------------------------------- home and upload


@router.get("/")
def home(principal: PagePrincipal) -> Response:
    return RedirectResponse("/ho-so", status_code=303)


def upload_form(
    request: Request,
    principal: Principal,
    error: str | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {"error": error, "values": values or {}, "kinds": KINDS, "periods": PERIODS}
    return page(request, principal, "upload.html", context, status_code)


@router.get("/nop", response_class=HTMLResponse)
def upload_page(request: Request, principal: PagePrincipal) -> HTMLResponse:
    return upload_form(request, principal)


@router.post("/nop", dependencies=[CsrfChecked])
def upload(
    request: Request,
    principal: PagePrincipal,
    rt: RuntimeDep,
    session: SessionDep,
    background: BackgroundTasks,
    document: OneUpload,
    kind: Annotated[str, Form()],
    year: Annotated[str, Form()],
    period: Annotated[str, Form()] = "",
    school: Annotated[str, Form()] = "",
    mode: Annotated[str, Form()] = "submit",
    evidence: UploadFiles = [],  # noqa: B006 - FastAPI copies defaults per request
) -> Response:
    """Submit (a new submission), or self-check (``mode=selfcheck``: nothing submitted)."""
    values = {"kind": kind, "year": year, "period": period, "school": school}
    try:
        declared = declared_values(kind, year, period)
        if not chosen([document]):
            raise HTTPException(422, "Chọn tệp kế hoạch hoặc báo cáo cần kiểm tra.")
        assert isinstance(document, StarletteUpload)
        if mode == "selfcheck":
            return start_selfcheck(request, principal, rt, document, chosen(evidence), declared)
        existing = already_submitted(session, principal, school, declared)
        if existing is not None:
            return upload_form(request, principal, duplicate_message(existing), values, 409)
        accepted = api.upload(
            rt=rt,
            request=request,
            principal=principal,
            background=background,
            session=session,
            document=document,
            kind=declared[0],
            year=declared[1],
            period=declared[2],
            school=school.strip() or None,
            school_name=None,
            evidence=chosen(evidence),
        )
    except HTTPException as exc:
        return upload_form(request, principal, str(exc.detail), values, exc.status_code)
    return RedirectResponse(f"/ho-so/{accepted.submission_id}", status_code=303)


def declared_values(kind: str, year: str, period: str) -> tuple[DocKind, int, Period | None]:
    """The form's kind, year and period, checked as the API checks them."""
    if kind not in KINDS:
        raise HTTPException(422, "Chọn loại văn bản: kế hoạch hoặc báo cáo.")
    if not year.strip().isdigit() or not 2000 <= int(year) <= 2100:
        raise HTTPException(422, "Năm phải là số có bốn chữ số (ví dụ 2023).")
    chosen_period = Period(period) if period in PERIODS else None
    api.validate_period(DocKind(kind), chosen_period)
    return DocKind(kind), int(year), chosen_period


def already_submitted(
    session: SessionDep,
    principal: Principal,
    school: str,
    declared: tuple[DocKind, int, Period | None],
) -> Submission | None:
    code = principal.school if principal.role == Role.SCHOOL else school.strip()
    owner = session.query(School).filter(School.code == code).one_or_none() if code else None
    if owner is None:
        return None
    return repository.find_submission(session, owner, *declared)


def duplicate_message(existing: Submission) -> str:
    return (
        f"Trường đã nộp văn bản này (hồ sơ số {existing.id}). "
        "Mở hồ sơ đó và dùng mục «Nộp lại phiên bản mới»."
    )


# --------------------------------------------------------------------------- one submission


@router.get("/ho-so/{submission_id}", response_class=HTMLResponse)
def submission_page(
    submission_id: int,
    request: Request,
    principal: PagePrincipal,
    rt: RuntimeDep,
    session: SessionDep,
    phien_ban: int | None = None,
    error: str | None = None,
) -> HTMLResponse:
    """Progress while the latest version is checked; then its result, history and forms."""
    submission = visible(session, submission_id, principal)
    return submission_response(request, principal, rt, session, submission, phien_ban, error)


def submission_response(
    request: Request,
    principal: Principal,
    rt: RuntimeDep,
    session: SessionDep,
    submission: Submission,
    number: int | None,
    error: str | None,
    status_code: int = 200,
) -> HTMLResponse:
    latest = submission.versions[-1]
    shown = next((v for v in submission.versions if v.number == number), latest)
    base = f"/ho-so/{submission.id}/phien-ban/{shown.number}"
    view = None
    if shown.result is not None:
        document, evidence = files_of(shown)
        shas = [f.sha256 for f in evidence]
        view = result_view(rt.settings, shown.result.body, document.sha256, shas, base)
    context = {
        "submission": submission,
        "latest": latest,
        "shown": shown,
        "view": view,
        "decision": repository.current_decision(session, latest),
        "returns": len(repository.open_return_events(session, submission_id=submission.id)),
        "timeliness": timeliness_view(submission, rt.settings),
        "history": history(session, submission),
        "checking": latest.state not in FINISHED,
        "refresh": REFRESH_SECONDS,
        "error": error,
    }
    return page(request, principal, "submission.html", context, status_code)


@router.post("/ho-so/{submission_id}/nop-lai", dependencies=[CsrfChecked])
def resubmit(
    submission_id: int,
    request: Request,
    principal: PagePrincipal,
    rt: RuntimeDep,
    session: SessionDep,
    background: BackgroundTasks,
    document: OneUpload,
    evidence: UploadFiles = [],  # noqa: B006 - FastAPI copies defaults per request
) -> Response:
    submission = visible(session, submission_id, principal)
    try:
        if not chosen([document]):
            raise HTTPException(422, "Chọn tệp của phiên bản mới.")
        assert isinstance(document, StarletteUpload)
        api.resubmit(
            submission_id=submission.id,
            rt=rt,
            request=request,
            principal=principal,
            background=background,
            session=session,
            document=document,
            evidence=chosen(evidence),
        )
    except HTTPException as exc:
        session.rollback()
        return submission_response(
            request, principal, rt, session, submission, None, str(exc.detail), exc.status_code
        )
    return RedirectResponse(f"/ho-so/{submission.id}", status_code=303)


@router.post("/ho-so/{submission_id}/duyet", dependencies=[CsrfChecked])
def review(
    submission_id: int,
    request: Request,
    principal: PagePrincipal,
    rt: RuntimeDep,
    session: SessionDep,
    decision: Annotated[str, Form()],
    reasons: Annotated[str, Form()] = "",
) -> Response:
    """Confirm or override the latest decision; one reason per line."""
    if not is_reviewer(principal):
        raise PageError(403, "Chỉ người duyệt của Phòng mới xác nhận hoặc thay đổi quyết định.")
    submission = visible(session, submission_id, principal)
    lines = [line.strip() for line in reasons.splitlines() if line.strip()]
    try:
        if decision not in ("pass", "return"):
            raise HTTPException(422, "Chọn quyết định: đạt hoặc trả lại.")
        body = ReviewIn(decision=decision, reasons=lines)  # type: ignore[arg-type]
        api.review(
            submission_id=submission.id,
            body=body,
            request=request,
            principal=principal,
            session=session,
        )
    except HTTPException as exc:
        session.rollback()
        return submission_response(
            request, principal, rt, session, submission, None, str(exc.detail), exc.status_code
        )
    return RedirectResponse(f"/ho-so/{submission.id}#duyet", status_code=303)


# --------------------------------------------------------------------------- images


@router.get("/ho-so/{submission_id}/phien-ban/{number}/trang/{page_number}.png")
def document_page_image(
    submission_id: int,
    number: int,
    page_number: int,
    principal: PagePrincipal,
    rt: RuntimeDep,
    session: SessionDep,
) -> Response:
    version = version_of(visible(session, submission_id, principal), number)
    document, _ = files_of(version)
    return png(images.document_page(rt.settings, document.sha256, page_number))


@router.get("/ho-so/{submission_id}/phien-ban/{number}/minh-chung/{index}/{page_number}.png")
def evidence_image(
    submission_id: int,
    number: int,
    index: int,
    page_number: int,
    principal: PagePrincipal,
    rt: RuntimeDep,
    session: SessionDep,
) -> Response:
    version = version_of(visible(session, submission_id, principal), number)
    _, evidence = files_of(version)
    items: list[dict[str, Any]] = version.result.body.get("evidence", []) if version.result else []  # type: ignore[assignment]
    if not (0 <= index < len(evidence) and index < len(items)):
        raise PageError(404, "Không có tệp minh chứng này.")
    regions = items[index].get("regions") or {}
    return png(images.evidence_image(rt.settings, evidence[index].sha256, page_number, regions))


def version_of(submission: Submission, number: int) -> Version:
    version = next((v for v in submission.versions if v.number == number), None)
    if version is None:
        raise PageError(404, f"Hồ sơ không có phiên bản {number}.")
    return version
