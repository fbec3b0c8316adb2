"""Defect injection: spoil one thing of a drafted plan or report, and say what must be found.

Each injector changes the draft (before it is written) and returns the findings a correct
checker must report. Defects tied to one printed line (a task without a lead unit, a generic
section IV) only flag the line; the composer records its numbered section when it writes it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from corpus.compose import ExpectedFinding
from corpus.plan_content import METRICS, UNQUANTIFIED, VAGUE_TARGET_CELLS
from corpus.plans import Plan, Task, fill
from corpus.report_content import OMITTABLE, OUTLINE
from corpus.reports import Report, calendar_window, data_window, omitted
from corpus.vocab import (
    GENERIC_DIRECTIONS,
    PLACE,
    VAGUE_AREA_DIRECTIONS,
    VAGUE_MILESTONES,
    VAGUE_UNITS,
)
from validator.models import DocKind, Period
from validator.options import CheckOptions

Draft = Plan | Report
Injector = Callable[[Draft, CheckOptions, random.Random], list[ExpectedFinding]]

SEVERITY = {
    "KIND_UNKNOWN": "return",
    "DOCUMENT_NUMBER_MISSING": "return",
    "DOCUMENT_NUMBER_MALFORMED": "warning",
    "ISSUE_DATE_MISSING": "return",
    "SIGNATURE_BLOCK_MISSING": "return",
    "SECTION_MISSING": "return",
    "TARGET_NOT_QUANTIFIED": "return",
    "DEADLINE_MISSING": "return",
    "RESPONSIBLE_UNIT_MISSING": "return",
    "TARGET_BELOW_MINIMUM": "return",
    "PERIOD_MISMATCH": "return",
    "DIRECTION_TOO_GENERIC": "return",
    "LATE_SUBMISSION": "info",
    "NUMBERING_IRREGULAR": "warning",
}
PLAN_ONLY = {"TARGET_NOT_QUANTIFIED", "DEADLINE_MISSING", "RESPONSIBLE_UNIT_MISSING",
             "TARGET_BELOW_MINIMUM"}  # fmt: skip
REPORT_ONLY = {"PERIOD_MISMATCH", "DIRECTION_TOO_GENERIC", "NUMBERING_IRREGULAR"}
TZ = dt.timezone(dt.timedelta(hours=7))
REPORT_DAYS = 2  # letter 260 §2: a report within 2 days of its cutoff
PLAN_DAYS = 30  # … a plan within 30 days of the Office's plan
IMPOSSIBLE_DATES = ((31, 2), (30, 2), (31, 4), (31, 6), (31, 9))


def _form(code: str, quote: str) -> list[ExpectedFinding]:
    return [ExpectedFinding(code=code, section=None, quote=quote)]


# --------------------------------------------------------------------------- form defects


def kind_unknown(draft: Draft, options: CheckOptions, rng: random.Random) -> list[ExpectedFinding]:
    """Another document type's title, or a plan declared as a report (and the reverse)."""
    frame = draft.frame
    if rng.random() < 0.4:
        declared = DocKind.REPORT if isinstance(draft, Plan) else DocKind.PLAN
        options.kind = declared
        options.period = Period.Q1 if declared == DocKind.REPORT else None
        return _form("KIND_UNKNOWN", f"{frame.title} (khai báo: {declared.value})")
    options.kind = None
    frame.title, frame.type_code = rng.choice([("TỜ TRÌNH", "TTr"), ("THÔNG BÁO", "TB")])
    topic = frame.subtitle[0].lower() + frame.subtitle[1:]
    if isinstance(draft, Plan):
        frame.subtitle = f"Về việc {rng.choice(['triển khai', 'phê duyệt'])} Kế hoạch {topic}"
    else:
        frame.subtitle = f"Về {topic}"
    frame.number_line = f"Số: {frame.number_text}"
    return _form("KIND_UNKNOWN", frame.title)


def number_missing(
    draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """No "Số:" line at all, or a draft whose number was never filled in."""
    frame = draft.frame
    if rng.random() < 0.35:
        frame.number_line = f"Số:      /{frame.type_code}-{frame.school.code}"
        return _form("DOCUMENT_NUMBER_MISSING", frame.number_line)
    frame.number_line = None
    return _form("DOCUMENT_NUMBER_MISSING", "(không có dòng “Số: …”)")


def number_malformed(
    draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """A plan numbered /BC- or a report numbered /KH-: a warning, the rest may still pass."""
    frame = draft.frame
    frame.type_code = "BC" if frame.type_code == "KH" else "KH"
    frame.number_line = f"Số: {frame.number_text}"
    return _form("DOCUMENT_NUMBER_MALFORMED", frame.number_line)


def date_missing(draft: Draft, options: CheckOptions, rng: random.Random) -> list[ExpectedFinding]:
    """No place-date line, or a date that does not exist ("ngày 31 tháng 02")."""
    frame = draft.frame
    if rng.random() < 0.5:
        frame.place_date = None
        return _form("ISSUE_DATE_MISSING", "(không có dòng địa danh, ngày tháng)")
    day, month = rng.choice(IMPOSSIBLE_DATES)
    padded = f"{month:02d}" if month <= 2 else str(month)
    frame.place_date = f"{PLACE}, ngày {day} tháng {padded} năm {frame.issued_on.year}"
    return _form("ISSUE_DATE_MISSING", frame.place_date)


def signature_missing(
    draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """The signer's title is gone (sometimes the name too): nobody signs for the school."""
    frame = draft.frame
    frame.signer_titles = ()
    if rng.random() < 0.4:
        frame.signer_name = ""
    return _form("SIGNATURE_BLOCK_MISSING", frame.signer_name or "(không có khối chữ ký)")


def late_submission(
    draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """Submitted (report) or approved (plan) after the deadline: recorded as info only.

    A quarter of the cases miss it by half an hour (00:30 the day after the last day).
    """
    if isinstance(draft, Report):
        last_day = draft.cutoff + dt.timedelta(days=REPORT_DAYS)
        options.submitted_at = _after(last_day, rng)
        return _form("LATE_SUBMISSION", f"nộp lúc {options.submitted_at.isoformat()}")
    assert options.office_plan_date is not None
    options.approved_at = _after(options.office_plan_date + dt.timedelta(days=PLAN_DAYS), rng)
    return _form("LATE_SUBMISSION", f"duyệt lúc {options.approved_at.isoformat()}")


def _after(last_day: dt.date, rng: random.Random) -> dt.datetime:
    if rng.random() < 0.25:
        return dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0, 30), TZ)
    day = last_day + dt.timedelta(days=rng.randint(2, 12))
    return dt.datetime.combine(day, dt.time(rng.randint(8, 16), 0), TZ)


# --------------------------------------------------------------------------- sections


def section_missing(
    draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """A plan without one of the nine areas, or a report without one outline heading."""
    if isinstance(draft, Plan):
        spare = [a for a in draft.areas if not any(t.defect for t in a.tasks)]
        gone = rng.choice(spare)
        draft.areas.remove(gone)
        return [ExpectedFinding(code="SECTION_MISSING", section=gone.area.id, quote=gone.heading)]
    path = rng.choice([p for p in OMITTABLE if p not in draft.omit])
    draft.omit.add(path)
    draft.renumber = rng.random() < 0.5
    quote = f"{path} {OUTLINE[path][0]}"
    if path.count(".") == 2:  # "Kết quả các nhiệm vụ…" recurs: name the area it belongs to
        quote += f" ({OUTLINE[path.rsplit('.', 1)[0]][0]})"
    expected = [ExpectedFinding(code="SECTION_MISSING", section=path, quote=quote)]
    follower = _next_sibling(path)
    if not draft.renumber and follower is not None:
        # the clerk deleted the heading but kept the printed numbers: "2." is followed by "4."
        expected.append(ExpectedFinding(code="NUMBERING_IRREGULAR", quote=OUTLINE[follower][0]))
    return expected


def numbering_skipped(
    draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """A report whose sub-heading numbers jump ("2.1", "2.3", "2.4"): every heading is
    there, one number is not (a warning; the report is not returned for it)."""
    assert isinstance(draft, Report)
    path = rng.choice([p for p in OUTLINE if _later_sibling(p) and not omitted(p, draft.omit)])
    draft.skip_at = path
    return [ExpectedFinding(code="NUMBERING_IRREGULAR", quote=OUTLINE[path][0])]


def _later_sibling(path: str) -> bool:
    """A sub-heading numbered 2 or more, whose number can jump from its predecessor's."""
    own = path.rpartition(".")[2]
    return "." in path and own.isdigit() and int(own) > 1


def _next_sibling(path: str) -> str | None:
    """The outline heading printed right after ``path`` at the same level, if any."""
    parent, _, own = path.rpartition(".")
    if not own.isdigit():
        return None
    follower = f"{parent}.{int(own) + 1}"
    return follower if follower in OUTLINE else None


# --------------------------------------------------------------------------- plan lines


def _free_task(plan: Plan, rng: random.Random, targets: bool = False) -> tuple[Task, str | None]:
    """A task not yet spoiled (and its area id); ``targets`` also allows the target list."""
    pool: list[tuple[Task, str | None]] = [
        (task, area.area.id) for area in plan.areas for task in area.tasks if not task.defect
    ]
    if targets:
        pool += [(task, None) for task in plan.targets if not task.defect]
    return rng.choice(pool)


def not_quantified(
    draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """A task that states an aim but no percentage or count ("Nâng cao chất lượng …")."""
    assert isinstance(draft, Plan)
    task, area = _free_task(draft, rng)
    assert area is not None
    text = fill(rng.choice(UNQUANTIFIED[area]), draft.frame.school, draft.year)
    task.prose, task.content = text, text
    task.target = rng.choice(VAGUE_TARGET_CELLS)
    task.defect = "TARGET_NOT_QUANTIFIED"
    return []


def deadline_missing(
    draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """No milestone, or only "Thường xuyên" / "Kịp thời" / "Liên tục" / "Theo chỉ đạo …"."""
    assert isinstance(draft, Plan)
    task, _ = _free_task(draft, rng, targets=rng.random() < 0.3)
    task.milestone = rng.choice([None, *VAGUE_MILESTONES])
    task.defect = "DEADLINE_MISSING"
    return []


def unit_missing(draft: Draft, options: CheckOptions, rng: random.Random) -> list[ExpectedFinding]:
    """No lead unit, or only "Các bộ phận liên quan" / "Toàn trường" / "Tập thể"."""
    assert isinstance(draft, Plan)
    task, _ = _free_task(draft, rng, targets=rng.random() < 0.3)
    task.lead = rng.choice([None, *VAGUE_UNITS])
    task.defect = "RESPONSIBLE_UNIT_MISSING"
    return []


def below_minimum(draft: Draft, options: CheckOptions, rng: random.Random) -> list[ExpectedFinding]:
    """A district metric set lower than the minimum (satisfaction 75%, on time 90%, …)."""
    assert isinstance(draft, Plan)
    task = rng.choice([t for t in draft.targets if not t.defect])
    metric = next(m for m in METRICS if m.id == task.metric)
    value = rng.choice(metric.low)
    task.prose, task.target = metric.prose.format(v=value), metric.target.format(v=value)
    task.defect = "TARGET_BELOW_MINIMUM"
    return []


# --------------------------------------------------------------------------- report body


def period_mismatch(
    draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """No data window, calendar quarters instead of the letter's, only the end of the quarter
    wrong, or last year's window copied."""
    assert isinstance(draft, Report)
    window = draft.window
    choice = rng.random()
    if window is None or choice < 0.25:
        draft.window = None
        return _form("PERIOD_MISMATCH", "(không nêu thời điểm chốt số liệu)")
    if choice < 0.6:
        window.start, window.end = calendar_window(draft.period, draft.year)
    elif choice < 0.8:
        window.end = calendar_window(draft.period, draft.year)[1]
    else:
        window.start, window.end = data_window(draft.period, draft.year - 1)
    return _form("PERIOD_MISMATCH", window.words())


def direction_generic(
    draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """Section IV reduced to "Tiếp tục thực hiện theo Kế hoạch CCHC đã đề ra trong năm.", or
    to a list of areas with nothing concrete and no figure or date."""
    assert isinstance(draft, Report)
    if rng.random() < 0.35:
        draft.generic = rng.sample(VAGUE_AREA_DIRECTIONS, rng.randint(4, 5))
        draft.generic_items = True
    else:
        draft.generic = rng.sample(GENERIC_DIRECTIONS, rng.randint(1, 2))
    return []


INJECTORS: dict[str, Injector] = {
    "KIND_UNKNOWN": kind_unknown,
    "DOCUMENT_NUMBER_MISSING": number_missing,
    "DOCUMENT_NUMBER_MALFORMED": number_malformed,
    "ISSUE_DATE_MISSING": date_missing,
    "SIGNATURE_BLOCK_MISSING": signature_missing,
    "SECTION_MISSING": section_missing,
    "TARGET_NOT_QUANTIFIED": not_quantified,
    "DEADLINE_MISSING": deadline_missing,
    "RESPONSIBLE_UNIT_MISSING": unit_missing,
    "TARGET_BELOW_MINIMUM": below_minimum,
    "PERIOD_MISMATCH": period_mismatch,
    "DIRECTION_TOO_GENERIC": direction_generic,
    "LATE_SUBMISSION": late_submission,
    "NUMBERING_IRREGULAR": numbering_skipped,
}
CODES = tuple(INJECTORS)


def inject(
    codes: tuple[str, ...], draft: Draft, options: CheckOptions, rng: random.Random
) -> list[ExpectedFinding]:
    """Apply the defects in order (sections first, so a spoiled task is never dropped)."""
    ordered = sorted(codes, key=lambda code: code != "SECTION_MISSING")
    found: list[ExpectedFinding] = []
    for code in ordered:
        found += INJECTORS[code](draft, options, rng)
    return found


def applies(code: str, kind: DocKind) -> bool:
    if code in PLAN_ONLY:
        return kind == DocKind.PLAN
    if code in REPORT_ONLY:
        return kind == DocKind.REPORT
    return True
