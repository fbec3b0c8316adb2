"""Plan and report pairs of one school and year, for the cross-document checks.

Each pair is a generated plan (``corpus.plans``) and a report whose section I.1 answers the
plan's targets, one row per target ("Chỉ tiêu | Mức đề ra | Kết quả | Đánh giá", as a table
or as "+" lines). On purpose, some pairs leave one target out, answer one in other words
(the rule set's metric synonyms must find it), give one a figure below the target while
still writing "Đạt", or give one below the target honestly marked "Không đạt" (no finding).
The truth says, per target, what a correct checker finds.

    python -m corpus.pairs OUT --count 24 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from corpus.plan_content import METRICS
from corpus.plans import Plan, Task, compose_plan, draft_plan, task_sentence
from corpus.render import render_docx, render_pdf
from corpus.reports import Report, compose_report, draft_report
from corpus.vocab import pick_school
from validator.models import Period

Status = Literal["answered", "missing", "below_target", "not_achieved"]
Defect = Literal["left_out", "reworded", "below", "declared_below"]

# Metrics a report also names outside section I.1 (I.4 satisfaction, II.2 on-time files and
# online files, II.6 signed documents): leaving them out of I.1 still leaves an answer, and
# a figure below target in I.1 would contradict those lines, so those defects avoid them.
ANSWERED_ELSEWHERE = {"satisfaction", "on_time", "online", "e_docs"}
# "100% ISO 9001; x% ISO điện tử": the first figure of the row is not the target's own
TWO_FIGURES = {"iso"}

# How a report may name each target in other words than the plan (see metric_synonyms).
REWORDED = {
    "satisfaction": "Mức độ hài lòng của cha mẹ học sinh về chất lượng giáo dục",
    "on_time": "Hồ sơ TTHC trả kết quả đúng thời hạn",
    "online": "TTHC đưa lên dịch vụ công trực tuyến toàn trình",
    "level3_files": "Dịch vụ công mức độ 3 đã có hồ sơ nộp qua mạng",
    "evaluated": "Hồ sơ có ý kiến đánh giá của cha mẹ học sinh",
    "apology": "Hồ sơ trễ hẹn được gửi văn bản xin lỗi",
    "e_docs": "Văn bản đi được ký số, gửi nhận qua mạng",
    "iso": "Hệ thống quản lý chất lượng TCVN ISO 9001, kể cả ISO điện tử",
}

DEFECT_SETS: tuple[tuple[Defect, ...], ...] = (
    (),
    ("left_out",),
    ("reworded",),
    ("below",),
    ("left_out", "reworded", "below"),
    ("declared_below", "reworded"),
)


class TargetTruth(BaseModel):
    metric: str  # corpus metric id
    quote: str  # how the plan prints the target (what a finding quotes)
    status: Status
    defect: Defect | None = None


class PairTruth(BaseModel):
    index: int
    plan: str
    report: str
    fmt: Literal["pdf", "docx"]
    plan_layout: str
    report_layout: str
    year: int
    targets: list[TargetTruth]

    def expected(self, status: Status) -> list[TargetTruth]:
        return [t for t in self.targets if t.status == status]


@dataclass
class Pair:
    truth: PairTruth
    plan: Plan
    report: Report


def threshold(value: str) -> tuple[float, bool]:
    """The number of a plan figure and whether it is strict: "trên 85%" → (85, True)."""
    number = re.search(r"\d+", value)
    return (float(number.group(0)) if number else 100.0), value.strip().startswith("trên")


def _metric_value(task: Task) -> str:
    """The figure the plan drew for a metric target (its template's ``{v}``)."""
    metric = next(m for m in METRICS if m.id == task.metric)
    return next(v for v in metric.good if metric.target.format(v=v) == task.target)


def _quote(plan: Plan, task: Task) -> str:
    if plan.layout == "table":
        return task.content
    form = 2 if task.metric and plan.prose_form == 0 else plan.prose_form
    return task_sentence(task, form)


def _assign(
    rng: random.Random, tasks: list[Task], defects: tuple[Defect, ...]
) -> dict[str, Defect]:
    """Which target carries which defect: distinct targets, each where it is unambiguous."""
    chosen: dict[str, Defect] = {}
    for defect in defects:
        allowed = [
            t.metric
            for t in tasks
            if t.metric
            and t.metric not in chosen
            and (defect == "reworded" or t.metric not in ANSWERED_ELSEWHERE)
            and not (defect in ("below", "declared_below") and t.metric in TWO_FIGURES)
        ]
        chosen[rng.choice(allowed)] = defect
    return chosen


def _row(rng: random.Random, n: int, task: Task, defect: Defect | None) -> tuple[list[str], Status]:
    value = _metric_value(task)
    number, strict = threshold(value)
    least = min(100.0, number + 1 if strict else number)
    label = REWORDED[task.metric or ""] if defect == "reworded" else task.content
    if defect in ("below", "declared_below"):
        reported = number if strict and rng.random() < 0.3 else number - rng.randint(2, 9)
        verdict, status = (
            ("Đạt", "below_target") if defect == "below" else ("Không đạt", "not_achieved")
        )
    else:
        reported = rng.randint(int(least), 100) if least < 100 else 100
        verdict, status = "Đạt", "answered"
    result = f"100%; {reported:g}%" if task.metric in TWO_FIGURES else f"{reported:g}%"
    return [str(n), label, value[0].upper() + value[1:], result, verdict], status  # type: ignore[return-value]


def draft_pair(index: int, seed: int) -> Pair:
    """One school's plan and report of one year, with the defects of ``DEFECT_SETS``."""
    rng = random.Random(f"pairs:{seed}:{index}")
    school = pick_school(rng)
    year = 2023
    fmt: Literal["pdf", "docx"] = "docx" if index % 3 == 2 else "pdf"
    plan = draft_plan(rng, school, year, rng.choice(["prose", "table"]), fmt == "docx")
    report = draft_report(
        rng, school, year, Period.YEAR, rng.choice(["prose", "table"]), fmt == "docx"
    )
    defects = _assign(rng, plan.targets, DEFECT_SETS[index % len(DEFECT_SETS)])
    rows: list[list[str]] = []
    truths: list[TargetTruth] = []
    for task in plan.targets:
        defect = defects.get(task.metric or "")
        status: Status = "missing"
        if defect != "left_out":
            row, status = _row(rng, len(rows) + 1, task, defect)
            rows.append(row)
        truths.append(
            TargetTruth(
                metric=task.metric or "", quote=_quote(plan, task), status=status, defect=defect
            )
        )
    report.target_rows = rows
    stem = f"{index:03d}-{school.slug}"
    truth = PairTruth(
        index=index,
        plan=f"{stem}-ke-hoach.{fmt}",
        report=f"{stem}-bao-cao.{fmt}",
        fmt=fmt,
        plan_layout=plan.layout,
        report_layout=report.layout,
        year=year,
        targets=truths,
    )
    return Pair(truth, plan, report)


def write_pair(pair: Pair, outdir: Path) -> tuple[Path, Path]:
    """Render the plan and the report into ``outdir``; returns their paths."""
    render = render_pdf if pair.truth.fmt == "pdf" else render_docx
    plan = render(
        compose_plan(pair.plan).blocks, outdir / pair.truth.plan, header=pair.plan.frame.header()
    )
    report = render(
        compose_report(pair.report).blocks,
        outdir / pair.truth.report,
        header=pair.report.frame.header(),
    )
    return plan, report


def build_pairs(outdir: Path, count: int, seed: int) -> list[PairTruth]:
    """Write ``count`` pairs and ``pairs.json`` (the truth) into ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    truths = []
    for index in range(count):
        pair = draft_pair(index, seed)
        write_pair(pair, outdir)
        truths.append(pair.truth)
    payload = {"seed": seed, "count": count, "pairs": [t.model_dump(mode="json") for t in truths]}
    (outdir / "pairs.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), "utf-8")
    return truths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build plan/report pairs and pairs.json.")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    truths = build_pairs(args.outdir, args.count, args.seed)
    print(f"{len(truths)} plan/report pairs and pairs.json in {args.outdir}")


if __name__ == "__main__":
    main()


# --------------------------------------------------------------------------- across periods

# Facts counted since 01/12 of the previous year: they only grow from Q1 to 6 months to year.
CUMULATIVE = ("received", "online", "postal", "complaints", "news", "e_docs", "digitised")


def draft_series(
    rng: random.Random, periods: tuple[Period, ...], shrink: str | None = None
) -> list[Report]:
    """One school's reports of nested periods whose cumulative counts grow, except
    ``shrink`` (a :class:`Facts` field), which the last report gives lower than the one before."""
    school = pick_school(rng)
    reports = [draft_report(rng, school, 2023, periods[0], "prose", docx=False)]
    for period in periods[1:]:
        later = draft_report(rng, school, 2023, period, "prose", docx=False)
        for name in CUMULATIVE:
            setattr(later.facts, name, getattr(reports[-1].facts, name) + rng.randint(1, 20))
        reports.append(later)
    if shrink:
        before = getattr(reports[-2].facts, shrink)
        setattr(reports[-1].facts, shrink, max(0, before - rng.randint(3, 8)))
    last = reports[-1].facts
    last.online = min(last.online, last.received)
    return reports
