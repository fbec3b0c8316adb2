"""Pages of a self-check: start one, watch it, read its result (``selfcheck.py``)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from validator.api import submissions as api
from validator.api.auth import Principal, Role, audit, enforce_upload_rate
from validator.api.runtime import Runtime
from validator.models import DocKind, Period
from validator.options import CheckOptions
from validator.service import StoredName, related_documents
from validator.store.models import School
from validator.web import images, selfcheck
from validator.web.deps import PagePrincipal, RuntimeDep, page
from validator.web.errors import PageError
from validator.web.views import result_view

router = APIRouter(include_in_schema=False)
RUNNER_LOCK = threading.Lock()
REFRESH_SECONDS = 3


def runner(request: Request, rt: Runtime) -> selfcheck.Runner:
    """The app's self-check runner, made on first use."""
    with RUNNER_LOCK:
        found: selfcheck.Runner | None = getattr(request.app.state, "selfcheck_runner", None)
        if found is None:
            found = selfcheck.Runner(rt.settings)
            request.app.state.selfcheck_runner = found
        return found


def start_selfcheck(
    request: Request,
    principal: Principal,
    rt: Runtime,
    document: UploadFile,
    evidence: list[UploadFile],
    declared: tuple[DocKind, int, Period | None],
) -> Response:
    """Store the files (before anything else), record the check, start it, show its page."""
    enforce_upload_rate(rt, principal)
    received = api.receive(rt, document, evidence)
    files = [selfcheck.SelfCheckFile(role=f.role, name=f.name, sha256=f.sha256) for f in received]
    kind, year, period = declared
    options = CheckOptions(kind=kind, year=year, period=period)
    school = principal.school if principal.role == Role.SCHOOL else None
    related = stored_related(rt, school, options) if school else (None, [])
    record = selfcheck.create(rt.settings, principal.account_id, school, files, options, related)
    with rt.sessions() as session:
        audit(session, request, principal, "selfcheck", f"selfcheck:{record.id}")
        session.commit()
    runner(request, rt).start(record)
    return RedirectResponse(f"/tu-kiem-tra/{record.id}", status_code=303)


def stored_related(
    rt: Runtime, school_code: str, options: CheckOptions
) -> tuple[selfcheck.SelfCheckFile | None, list[selfcheck.SelfCheckFile]]:
    """A report is compared with the school's approved plan and earlier reports of the
    year, as its real submission will be; nothing for a plan or a school not yet seen."""
    if options.kind != DocKind.REPORT or options.year is None:
        return None, []
    with rt.sessions() as session:
        school = session.scalar(select(School).where(School.code == school_code))
        if school is None:
            return None, []
        plan, earlier = related_documents(
            session, school, options.year, options.period, options, rt.settings
        )

    def as_file(stored: StoredName) -> selfcheck.SelfCheckFile:
        return selfcheck.SelfCheckFile(role=stored.role, name=stored.name, sha256=stored.sha256)

    return (as_file(plan) if plan else None), [as_file(e) for e in earlier]


def owned(rt: Runtime, check_id: str, principal: Principal) -> selfcheck.SelfCheck:
    """The self-check when it is the principal's own (nobody else's drafts are shown)."""
    record = selfcheck.load(rt.settings, check_id)
    if record is None or record.account_id != principal.account_id:
        raise PageError(404, "Không tìm thấy lượt tự kiểm tra này.")
    return record


@router.get("/tu-kiem-tra/{check_id}", response_class=HTMLResponse)
def selfcheck_page(
    check_id: str, request: Request, principal: PagePrincipal, rt: RuntimeDep
) -> HTMLResponse:
    record = owned(rt, check_id, principal)
    runner(request, rt).resume_if_orphaned(record)
    base = f"/tu-kiem-tra/{record.id}"
    view = None
    if record.result is not None:
        shas = [f.sha256 for f in record.evidence_files()]
        view = result_view(rt.settings, record.result, record.document_file().sha256, shas, base)
    context = {
        "record": record,
        "view": view,
        "checking": record.state in ("queued", "started"),
        "refresh": REFRESH_SECONDS,
    }
    return page(request, principal, "selfcheck.html", context)


@router.get("/tu-kiem-tra/{check_id}/trang-thai")
def selfcheck_state(check_id: str, principal: PagePrincipal, rt: RuntimeDep) -> dict[str, Any]:
    """The state the progress script polls."""
    record = owned(rt, check_id, principal)
    return {"id": record.id, "state": record.state}


@router.get("/tu-kiem-tra/{check_id}/trang/{page_number}.png")
def selfcheck_page_image(
    check_id: str, page_number: int, principal: PagePrincipal, rt: RuntimeDep
) -> Response:
    record = owned(rt, check_id, principal)
    sha = record.document_file().sha256
    return png(images.document_page(rt.settings, sha, page_number))


@router.get("/tu-kiem-tra/{check_id}/minh-chung/{index}/{page_number}.png")
def selfcheck_evidence_image(
    check_id: str, index: int, page_number: int, principal: PagePrincipal, rt: RuntimeDep
) -> Response:
    record = owned(rt, check_id, principal)
    files = record.evidence_files()
    items: list[dict[str, Any]] = (record.result or {}).get("evidence") or []
    if not (0 <= index < len(files) and index < len(items)):
        raise PageError(404, "Không có tệp minh chứng này.")
    regions = items[index].get("regions") or {}
    return png(images.evidence_image(rt.settings, files[index].sha256, page_number, regions))


def png(path: Path | None) -> Response:
    if path is None:
        raise PageError(404, "Không hiển thị được ảnh của trang này.")
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "private"})
