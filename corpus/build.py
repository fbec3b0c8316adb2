"""Build the plan/report corpus: files plus ``truth.json`` (what a correct checker reports).

    python -m corpus.build OUTDIR [--count N] [--seed S]

The schedule is made of rounds; each round injects every code once (in a rotating format
and layout), adds valid documents and documents carrying two defects. Taking the first N
cases therefore keeps the mix balanced, and the same seed always gives the same corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from corpus.compose import Composer, ExpectedFinding
from corpus.defects import (
    CODES,
    PLAN_DAYS,
    REPORT_DAYS,
    SEVERITY,
    TZ,
    Draft,
    applies,
    inject,
)
from corpus.plans import OFFICE_PLANS, Plan, compose_plan, draft_plan
from corpus.render import TwoColumnHeader, render_docx, render_pdf
from corpus.reports import compose_report, draft_report
from corpus.vocab import pick_school
from validator.models import DocKind, Period
from validator.options import CheckOptions

Format = Literal["pdf", "docx"]
Layout = Literal["prose", "table"]
COMBOS: tuple[tuple[Format, Layout], ...] = (
    ("pdf", "prose"),
    ("docx", "table"),
    ("pdf", "table"),
    ("docx", "prose"),
)
PERIODS = (Period.Q1, Period.H1, Period.Q3, Period.YEAR)
PAIRS = (
    ("TARGET_NOT_QUANTIFIED", "DEADLINE_MISSING"),
    ("PERIOD_MISMATCH", "DIRECTION_TOO_GENERIC"),
    ("DOCUMENT_NUMBER_MALFORMED", "TARGET_BELOW_MINIMUM"),
    ("SECTION_MISSING", "LATE_SUBMISSION"),
    ("RESPONSIBLE_UNIT_MISSING", "ISSUE_DATE_MISSING"),
    ("SIGNATURE_BLOCK_MISSING", "PERIOD_MISMATCH"),
)
DEFAULT_ROUNDS = 6


@dataclass(frozen=True)
class Case:
    """One document to generate: which kind, format, layout and defects."""

    index: int
    kind: DocKind
    fmt: Format
    layout: Layout
    defects: tuple[str, ...]


class Truth(BaseModel):
    """One line of ``truth.json``."""

    file: str
    kind: str
    format: str
    layout: str
    options: dict[str, object]
    decision: Literal["pass", "return"]
    defects: list[str]
    findings: list[ExpectedFinding]


def schedule(count: int) -> list[Case]:
    """``count`` cases, round by round, so any prefix keeps every code represented."""
    cases: list[Case] = []
    r = 0
    while len(cases) < count:
        specs: list[tuple[DocKind, Format, Layout, tuple[str, ...]]] = []
        for c, code in enumerate(CODES):
            fmt, layout = COMBOS[(r + c) % len(COMBOS)]
            kind = DocKind.PLAN if (r // 2 + c) % 2 == 0 else DocKind.REPORT
            if not applies(code, kind):
                kind = DocKind.REPORT if kind == DocKind.PLAN else DocKind.PLAN
            specs.append((kind, fmt, layout, (code,)))
        for v, (fmt, layout) in enumerate(COMBOS):
            specs.append((DocKind.PLAN if (v + r) % 2 == 0 else DocKind.REPORT, fmt, layout, ()))
        for p in range(2):
            pair = PAIRS[(2 * r + p) % len(PAIRS)]
            kind = DocKind.PLAN if all(applies(c, DocKind.PLAN) for c in pair) else DocKind.REPORT
            fmt, layout = COMBOS[(r + p + 1) % len(COMBOS)]
            specs.append((kind, fmt, layout, pair))
        for kind, fmt, layout, defects in specs:
            cases.append(Case(len(cases), kind, fmt, layout, defects))
        r += 1
    return cases[:count]


# --------------------------------------------------------------------------- one document


@dataclass
class Generated:
    case: Case
    header: TwoColumnHeader
    composer: Composer
    truth: Truth


def generate(case: Case, seed: int) -> Generated:
    """Draft, spoil, compose and describe one document (nothing is written yet)."""
    rng = random.Random(f"{seed}:{case.index}")
    school = pick_school(rng)
    year = 2024 if case.index % 5 == 4 else 2023
    docx = case.fmt == "docx"
    draft: Draft
    if case.kind == DocKind.PLAN:
        draft = draft_plan(rng, school, year, case.layout, docx)
    else:
        period = PERIODS[case.index % len(PERIODS)]
        draft = draft_report(rng, school, year, period, case.layout, docx)
    options = default_options(draft, rng)
    expected = inject(case.defects, draft, options, rng)
    composer = compose_plan(draft) if isinstance(draft, Plan) else compose_report(draft)
    findings = [
        f.model_copy(update={"severity": SEVERITY[f.code]}) for f in expected + composer.expected
    ]
    name = f"{case.index:03d}-{school.slug}.{case.fmt}"
    truth = Truth(
        file=name,
        kind=case.kind.value,
        format=case.fmt,
        layout=case.layout,
        options=options.model_dump(mode="json", exclude_none=True),
        decision="return" if any(f.severity == "return" for f in findings) else "pass",
        defects=list(case.defects),
        findings=findings,
    )
    return Generated(case, draft.frame.header(), composer, truth)


def default_options(draft: Draft, rng: random.Random) -> CheckOptions:
    """What the school declares on upload; timeliness metadata is on time by default.

    Some cases are on time by half an hour (23:30 on the last day), to pin the deadline.
    """
    options = CheckOptions()
    if rng.random() < 0.7:
        options.kind = DocKind.PLAN if isinstance(draft, Plan) else DocKind.REPORT
        options.year = draft.year
    if isinstance(draft, Plan):
        office_date = OFFICE_PLANS[draft.year][1]
        options.office_plan_date = office_date
        approved = draft.frame.issued_on + dt.timedelta(days=rng.randint(1, 5))
        last_day = office_date + dt.timedelta(days=PLAN_DAYS)
        options.approved_at = _on(last_day if rng.random() < 0.15 else approved, last_day, rng)
    else:
        if options.kind:
            options.period = draft.period
        last_day = draft.cutoff + dt.timedelta(days=REPORT_DAYS)
        submitted = last_day if rng.random() < 0.15 else draft.frame.issued_on
        options.submitted_at = _on(submitted, last_day, rng)
    return options


def _on(day: dt.date, last_day: dt.date, rng: random.Random) -> dt.datetime:
    """Office hours, or 23:30 when it is the last day (still on time)."""
    late_evening = day == last_day and rng.random() < 0.6
    time = dt.time(23, 30) if late_evening else dt.time(rng.randint(8, 16))
    return dt.datetime.combine(day, time, TZ)


def write(generated: Generated, outdir: Path) -> Path:
    path = outdir / generated.truth.file
    blocks = generated.composer.blocks
    if generated.case.fmt == "pdf":
        return render_pdf(blocks, path, header=generated.header)
    return render_docx(blocks, path, header=generated.header)


def build(outdir: Path, count: int, seed: int) -> list[Truth]:
    """Write ``count`` documents and ``truth.json`` into ``outdir``; returns the truth."""
    outdir.mkdir(parents=True, exist_ok=True)
    truths = []
    for case in schedule(count):
        generated = generate(case, seed)
        write(generated, outdir)
        truths.append(generated.truth)
    payload = {
        "seed": seed,
        "count": count,
        "documents": [t.model_dump(mode="json") for t in truths],
    }
    (outdir / "truth.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), "utf-8")
    return truths


def default_count() -> int:
    return DEFAULT_ROUNDS * (len(CODES) + len(COMBOS) + 2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the CCHC plan/report test corpus.")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=default_count())
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args(argv)
    truths = build(args.outdir, args.count, args.seed)
    returned = sum(t.decision == "return" for t in truths)
    print(f"{len(truths)} documents ({returned} to return) and truth.json in {args.outdir}")


if __name__ == "__main__":
    main()
