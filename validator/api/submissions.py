"""Upload, resubmit, read, list and review submissions.

An upload is stored (files, then rows, committed) before it is sent to a worker, and the
answer is ``202`` at once: the check runs later and its result is read with ``GET``.
Every endpoint needs an account (``validator/api/auth.py``): a school account works on its
own school's submissions only, and another school's submission answers ``404``.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Depends,
    File,
    Form,
    HTTPException,
    Query,
    Request,
    UploadFile,
)
from sqlalchemy.orm import Session

from validator.api.auth import (
    Principal,
    PrincipalDep,
    Role,
    audit,
    can_see,
    enforce_upload_rate,
    require_roles,
)
from validator.api.params import Offset, RowId, Year
from validator.api.runtime import Runtime, db_session, runtime
from validator.api.schemas import Accepted, ReviewIn, ReviewView, SubmissionSummary, SubmissionView
from validator.api.views import submission_view, summary_view
from validator.filenames import safe_file_name
from validator.models import DocKind, Period
from validator.queueing import send_version
from validator.store import repository
from validator.store.blobs import FileTooLarge, store_stream
from validator.store.models import Submission, VersionState

log = logging.getLogger(__name__)
router = APIRouter(prefix="/submissions", tags=["submissions"])

SessionDep = Annotated[Session, Depends(db_session)]
RuntimeDep = Annotated[Runtime, Depends(runtime)]
DocumentFile = Annotated[UploadFile, File(description="Kế hoạch hoặc báo cáo (PDF, DOCX, TXT)")]
EvidenceFiles = Annotated[list[UploadFile], File(description="Tài liệu minh chứng")]
ReviewerDep = Annotated[Principal, Depends(require_roles(Role.REVIEWER, Role.ADMIN))]


def original_name(upload: UploadFile, fallback: str, rt: Runtime) -> str:
    """The uploaded file's own name made harmless (``validator/filenames.py``): no folder a
    browser may send, no control characters, NFC, length capped."""
    return safe_file_name(upload.filename, fallback, rt.settings.max_file_name_bytes)


def receive(
    rt: Runtime, document: UploadFile, evidence: list[UploadFile]
) -> list[repository.UploadedFile]:
    """Store the uploaded bytes (content-addressed) before any row refers to them, within
    the per-file and per-submission limits (``413`` with the limit otherwise)."""
    limits = rt.settings
    if len(evidence) > limits.max_evidence_files:
        raise HTTPException(
            413,
            f"Hồ sơ có {len(evidence)} tệp minh chứng, vượt giới hạn {limits.max_evidence_files} "
            "tệp. Hãy gộp các minh chứng (ví dụ thành một tệp PDF) rồi nộp lại.",
        )
    received: list[repository.UploadedFile] = []
    for role, upload, fallback in [("document", document, "document")] + [
        ("evidence", f, f"evidence-{i + 1}") for i, f in enumerate(evidence)
    ]:
        name = original_name(upload, fallback, rt)
        try:
            sha256, size = store_stream(limits, upload.file)
        except FileTooLarge as exc:
            raise HTTPException(
                413,
                f"Tệp {name} vượt quá dung lượng cho phép ({limits.max_file_bytes} byte).",
            ) from exc
        received.append(repository.UploadedFile(role, name, sha256, size))
        total = sum(file.size for file in received)
        if total > limits.max_submission_bytes:
            raise HTTPException(
                413,
                f"Tổng dung lượng hồ sơ ({total} byte) vượt giới hạn "
                f"{limits.max_submission_bytes} byte cho một lần nộp.",
            )
    return received


def accepted(
    rt: Runtime, background: BackgroundTasks, submission: Submission, version_id: int, number: int
) -> Accepted:
    """The ``202`` answer; the committed version is sent to a worker after it is written."""
    log.info("event=received submission=%s version=%s number=%s", submission.id, version_id, number)
    background.add_task(send_version, rt.dispatcher, rt.sessions, version_id)
    return Accepted(
        submission_id=submission.id,
        version_id=version_id,
        version=number,
        state=VersionState.QUEUED,
        status_url=f"/submissions/{submission.id}",
        message="Đã nhận hồ sơ; kết quả kiểm tra sẽ có trong giây lát.",
    )


def school_of_upload(principal: Principal, school: str | None) -> str:
    """The school an upload is for: a school account's own (named or not), or the one a
    reviewer names."""
    if principal.role == Role.SCHOOL:
        if principal.school is None or school not in (None, principal.school):
            raise HTTPException(403, "Tài khoản của trường chỉ nộp hồ sơ cho chính trường mình.")
        return principal.school
    if not school:
        raise HTTPException(422, "Cần ghi mã trường (school) của hồ sơ.")
    return school


def validate_period(kind: DocKind, period: Period | None) -> None:
    if kind == DocKind.REPORT and period is None:
        raise HTTPException(422, "Báo cáo cần ghi kỳ báo cáo (period: q1, h1, q3 hoặc year).")
    if kind == DocKind.PLAN and period is not None:
        raise HTTPException(422, "Kế hoạch năm không có kỳ báo cáo: bỏ trường period.")


@router.post("", status_code=202, response_model=Accepted)
def upload(
    rt: RuntimeDep,
    request: Request,
    principal: PrincipalDep,
    background: BackgroundTasks,
    session: SessionDep,
    document: DocumentFile,
    kind: Annotated[DocKind, Form()],
    year: Annotated[int, Form(ge=2000, le=2100)],
    period: Annotated[Period | None, Form()] = None,
    school: Annotated[
        str | None,
        Form(min_length=1, max_length=64, description="Mã trường (tài khoản trường: bỏ trống)"),
    ] = None,
    school_name: Annotated[str | None, Form(max_length=300)] = None,
    evidence: EvidenceFiles = [],  # noqa: B006 - FastAPI copies defaults per request
) -> Accepted:
    """Upload a plan or report with its evidence; ``202`` with the submission id at once."""
    if kind not in (DocKind.PLAN, DocKind.REPORT):
        raise HTTPException(422, "Chỉ nhận kế hoạch (plan) hoặc báo cáo (report).")
    validate_period(kind, period)
    code = school_of_upload(principal, school)
    enforce_upload_rate(rt, principal, session)
    files = receive(rt, document, evidence)
    owner = repository.get_or_create_school(session, code, school_name)
    if repository.find_submission(session, owner, kind, year, period) is not None:
        raise HTTPException(
            409,
            "Trường đã nộp văn bản này; hãy nộp lại bằng POST /submissions/{id}/versions.",
        )
    submission = repository.create_submission(session, owner, kind, year, period)
    version = repository.add_version(session, submission, files)
    audit(session, request, principal, "upload", f"submission:{submission.id}", version=version.id)
    session.commit()
    return accepted(rt, background, submission, version.id, version.number)


@router.post("/{submission_id}/versions", status_code=202, response_model=Accepted)
def resubmit(
    submission_id: RowId,
    rt: RuntimeDep,
    request: Request,
    principal: PrincipalDep,
    background: BackgroundTasks,
    session: SessionDep,
    document: DocumentFile,
    evidence: EvidenceFiles = [],  # noqa: B006 - FastAPI copies defaults per request
) -> Accepted:
    """A new version of a submission (after a return, or a correction)."""
    enforce_upload_rate(rt, principal, session)
    submission = found(session, submission_id, principal)
    files = receive(rt, document, evidence)
    version = repository.add_version(session, submission, files)
    audit(
        session, request, principal, "resubmit", f"submission:{submission.id}", version=version.id
    )
    session.commit()
    return accepted(rt, background, submission, version.id, version.number)


@router.get("/{submission_id}", response_model=SubmissionView)
def read(
    submission_id: RowId, rt: RuntimeDep, principal: PrincipalDep, session: SessionDep
) -> SubmissionView:
    """Status, decision, timeliness, return count and the latest result."""
    return submission_view(session, found(session, submission_id, principal), rt.settings)


@router.get("", response_model=list[SubmissionSummary])
def list_all(
    session: SessionDep,
    principal: PrincipalDep,
    school: str | None = None,
    kind: DocKind | None = None,
    year: Year = None,
    period: Period | None = None,
    state: VersionState | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[SubmissionSummary]:
    """Submissions, newest first; ``state`` filters on the latest version. A school account
    lists its own school's only (another school's code lists nothing)."""
    if principal.role == Role.SCHOOL and school not in (None, principal.school):
        return []
    if principal.role == Role.SCHOOL:
        school = principal.school
    where = repository.SubmissionFilter(school, kind, year, period, state, limit, offset)
    return [summary_view(session, s) for s in repository.list_submissions(session, where)]


@router.post("/{submission_id}/reviews", status_code=201, response_model=ReviewView)
def review(
    submission_id: RowId,
    body: ReviewIn,
    request: Request,
    principal: ReviewerDep,
    session: SessionDep,
) -> ReviewView:
    """A reviewer confirms or overrides the latest version's decision, with reasons; the
    review is recorded under the signed-in reviewer's name."""
    submission = found(session, submission_id, principal)
    latest = submission.versions[-1]
    if latest.result is None:
        raise HTTPException(409, "Phiên bản mới nhất chưa có kết quả kiểm tra; chưa thể duyệt.")
    overriding = body.decision != repository.current_decision(session, latest)
    if overriding and not [r for r in body.reasons if r.strip()]:
        raise HTTPException(422, "Khi thay đổi quyết định, người duyệt phải ghi lý do.")
    saved = repository.record_review(
        session, latest, principal.username, body.decision, body.reasons
    )
    audit(
        session,
        request,
        principal,
        f"review.{saved.action}",
        f"submission:{submission.id}",
        version=latest.id,
        decision=saved.decision,
        reasons=saved.reasons,
    )
    session.commit()
    log.info(
        "event=reviewed submission=%s version=%s action=%s decision=%s",
        submission.id,
        latest.id,
        saved.action,
        saved.decision,
    )
    return ReviewView(
        id=saved.id,
        version_id=saved.version_id,
        reviewer=saved.reviewer,
        action=saved.action,
        decision=saved.decision,
        reasons=saved.reasons,
        created_at=saved.created_at,
        returns=len(repository.open_return_events(session, submission_id=submission.id)),
    )


def found(session: Session, submission_id: int, principal: Principal) -> Submission:
    """The submission, when it exists and ``principal`` may see it; else the same ``404``."""
    submission = repository.get_submission(session, submission_id)
    if submission is None or not can_see(principal, submission.school.code):
        raise HTTPException(404, f"Không tìm thấy hồ sơ số {submission_id}.")
    return submission
