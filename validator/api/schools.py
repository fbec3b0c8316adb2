"""A school's record: returns per document and on-time or late per period (a school account
sees its own only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from validator.api.auth import PrincipalDep, can_see
from validator.api.runtime import Runtime, db_session, runtime
from validator.api.schemas import SchoolSummary
from validator.api.views import document_record
from validator.store import repository
from validator.store.models import School
from validator.store.timeliness import Timeliness

router = APIRouter(prefix="/schools", tags=["schools"])


@router.get("/{code}/summary", response_model=SchoolSummary)
def summary(
    code: str,
    principal: PrincipalDep,
    rt: Annotated[Runtime, Depends(runtime)],
    session: Annotated[Session, Depends(db_session)],
) -> SchoolSummary:
    school = session.scalar(select(School).where(School.code == code))
    if school is None or not can_see(principal, code):  # the same 404: codes do not leak
        raise HTTPException(404, f"Không tìm thấy trường có mã {code}.")
    where = repository.SubmissionFilter(school=code, limit=10_000)
    submissions = repository.list_submissions(session, where)
    documents = [document_record(session, s, rt.settings) for s in reversed(submissions)]
    return SchoolSummary(
        school=school.code,
        name=school.name,
        returns=sum(d.returns for d in documents),
        on_time=sum(d.timeliness.status == Timeliness.ON_TIME for d in documents),
        late=sum(d.timeliness.status == Timeliness.LATE for d in documents),
        documents=documents,
    )
