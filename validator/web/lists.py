"""The submissions list (filters and counts) and the reviewers' per-school table, which
downloads as CSV and XLSX. Numbers come from the same repository calls as the API's."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from validator.api.auth import Principal, Role
from validator.api.schemas import DocumentRecord
from validator.api.views import document_record
from validator.models import DocKind, Period
from validator.settings import Settings
from validator.store import repository
from validator.store.models import School, Submission, VersionState
from validator.store.timeliness import Timeliness
from validator.web.deps import PagePrincipal, RuntimeDep, SessionDep, is_reviewer, page
from validator.web.errors import PageError
from validator.web.present import document_title, local_time, word

router = APIRouter(include_in_schema=False)

E = TypeVar("E", bound=StrEnum)
PAGE_SIZE = 50
ALL_ROWS = 100_000  # the Office's whole record: a district has hundreds of schools, not more


def choice(value: str | None, kind: type[E]) -> E | None:
    """A filter's value when it is one of ``kind``'s (an enum); None for "all" or junk."""
    try:
        return kind(value) if value else None
    except ValueError:
        return None


@dataclass
class Row:
    submission: Submission
    record: DocumentRecord
    state: str


def rows_for(
    session: Session, settings: Settings, where: repository.SubmissionFilter, decision: str | None
) -> list[Row]:
    rows = []
    for submission in repository.list_submissions(session, where):
        record = document_record(session, submission, settings)
        if decision and record.decision != decision:
            continue
        rows.append(Row(submission, record, submission.versions[-1].state))
    return rows


@router.get("/ho-so", response_class=HTMLResponse)
def submissions_list(
    request: Request,
    principal: PagePrincipal,
    rt: RuntimeDep,
    session: SessionDep,
    school: str = "",
    kind: str = "",
    year: str = "",
    period: str = "",
    state: str = "",
    decision: str = "",
    trang: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    """Submissions, newest first; a school account sees its own school's only."""
    code = principal.school if principal.role == Role.SCHOOL else (school.strip() or None)
    where = repository.SubmissionFilter(
        school=code,
        kind=choice(kind, DocKind),
        year=int(year) if year.isdigit() else None,
        period=choice(period, Period),
        state=choice(state, VersionState),
        limit=ALL_ROWS,
    )
    chosen_decision = decision if decision in ("pass", "return") else None
    rows = rows_for(session, rt.settings, where, chosen_decision)
    context = {
        "rows": rows[(trang - 1) * PAGE_SIZE : trang * PAGE_SIZE],
        "total": len(rows),
        "page_number": trang,
        "pages": max(1, -(-len(rows) // PAGE_SIZE)),
        "by_state": Counter(r.state for r in rows),
        "by_decision": Counter(r.record.decision or "none" for r in rows),
        "returns": sum(r.record.returns for r in rows),
        "late": sum(r.record.timeliness.status == Timeliness.LATE for r in rows),
        "filters": {
            "school": school,
            "kind": kind,
            "year": year,
            "period": period,
            "state": state,
            "decision": decision,
        },
        "schools": school_codes(session) if is_reviewer(principal) else [],
        "periods": [p.value for p in Period],
        "states": [s.value for s in VersionState],
    }
    return page(request, principal, "list.html", context)


def school_codes(session: Session) -> list[str]:
    return list(session.scalars(select(School.code).order_by(School.code)))


# --------------------------------------------------------------------------- per-school table


@dataclass
class SchoolTotals:
    code: str
    name: str | None
    documents: int
    returns: int
    on_time: int
    late: int


@dataclass
class Table:
    totals: list[SchoolTotals]
    rows: list[tuple[School, DocumentRecord]]


def school_table(session: Session, settings: Settings, year: int | None) -> Table:
    """Every school, with each document's versions, returns, decision and timeliness."""
    totals: list[SchoolTotals] = []
    rows: list[tuple[School, DocumentRecord]] = []
    for school in session.scalars(select(School).order_by(School.code)):
        where = repository.SubmissionFilter(school=school.code, year=year, limit=ALL_ROWS)
        submissions = reversed(repository.list_submissions(session, where))
        records = [document_record(session, s, settings) for s in submissions]
        rows.extend((school, r) for r in records)
        totals.append(
            SchoolTotals(
                school.code,
                school.name,
                len(records),
                sum(r.returns for r in records),
                sum(r.timeliness.status == Timeliness.ON_TIME for r in records),
                sum(r.timeliness.status == Timeliness.LATE for r in records),
            )
        )
    return Table(totals, rows)


def reviewer_only(principal: Principal) -> None:
    if not is_reviewer(principal):
        raise PageError(403, "Bảng theo dõi các trường chỉ dành cho người duyệt của Phòng.")


def year_of(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@router.get("/thong-ke", response_class=HTMLResponse)
def table_page(
    request: Request, principal: PagePrincipal, rt: RuntimeDep, session: SessionDep, year: str = ""
) -> HTMLResponse:
    reviewer_only(principal)
    table = school_table(session, rt.settings, year_of(year))
    query = f"?year={year}" if year_of(year) else ""
    context = {"table": table, "year": year, "query": query}
    return page(request, principal, "table.html", context)


HEADER = [
    "Mã trường",
    "Tên trường",
    "Văn bản",
    "Năm",
    "Kỳ",
    "Số phiên bản",
    "Số lần trả lại",
    "Quyết định",
    "Hạn nộp",
    "Đúng hạn / trễ hạn",
]


def table_lines(table: Table) -> list[list[str | int]]:
    return [
        [
            school.code,
            school.name or "",
            document_title(r.kind, r.year, r.period),
            r.year,
            word(r.period) if r.period else "",
            r.versions,
            r.returns,
            word(r.decision) if r.decision else "",
            local_time(r.timeliness.deadline) if r.timeliness.deadline else "",
            word(r.timeliness.status.value),
        ]
        for school, r in table.rows
    ]


def download_name(year: str, suffix: str) -> str:
    return f"theo-doi-truong{'-' + year if year_of(year) else ''}.{suffix}"


@router.get("/thong-ke.csv")
def table_csv(
    principal: PagePrincipal, rt: RuntimeDep, session: SessionDep, year: str = ""
) -> Response:
    """UTF-8 with a byte-order mark, so Excel opens the Vietnamese text correctly."""
    reviewer_only(principal)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(table_lines(school_table(session, rt.settings, year_of(year))))
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{download_name(year, "csv")}"'},
    )


@router.get("/thong-ke.xlsx")
def table_xlsx(
    principal: PagePrincipal, rt: RuntimeDep, session: SessionDep, year: str = ""
) -> Response:
    """Two sheets: each school's totals, and every document."""
    reviewer_only(principal)
    table = school_table(session, rt.settings, year_of(year))
    book = Workbook()
    totals = book.active
    assert totals is not None
    totals.title = "Tổng hợp"
    totals.append(
        ["Mã trường", "Tên trường", "Số văn bản", "Số lần trả lại", "Đúng hạn", "Trễ hạn"]
    )
    for t in table.totals:
        totals.append([t.code, t.name or "", t.documents, t.returns, t.on_time, t.late])
    documents = book.create_sheet("Chi tiết")
    documents.append(HEADER)
    for line in table_lines(table):
        documents.append(line)
    for sheet in (totals, documents):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(
        buffer.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{download_name(year, "xlsx")}"'},
    )
