"""Annual CCHC plans of a school ("KẾ HOẠCH / Thực hiện công tác cải cách hành chính năm …").

A plan is drafted as data (:class:`Plan`: frame, quantified targets, tasks per area, layout
choices), defects change that data, and :func:`compose_plan` writes it as render blocks in
the prose or the table layout, recording where each defective line was printed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Literal

from corpus.compose import Composer, Style, date_words, letter, roman
from corpus.frame import Frame
from corpus.plan_content import (
    CITATIONS,
    FUNDING,
    METRICS,
    ORGANISATION,
    PURPOSE,
    REQUIREMENTS,
    TASKS,
    Template,
)
from corpus.vocab import (
    AREAS,
    VAGUE_UNITS,
    Area,
    School,
    lead_units,
    milestones,
)

Layout = Literal["prose", "table"]
Numbering = Literal["roman", "roman-deep", "arabic"]

# The Office's own plan of each year: a school's plan is due within 30 days of it.
OFFICE_PLANS = {2023: (18, dt.date(2023, 1, 4)), 2024: (25, dt.date(2024, 1, 8))}
DISTRICT_PLANS = {2023: (4812, dt.date(2022, 12, 28)), 2024: (5120, dt.date(2023, 12, 27))}

TABLE_HEADS = (
    ["STT", "Nội dung", "Chỉ tiêu", "Đơn vị chủ trì", "Thời gian hoàn thành"],
    ["STT", "Nội dung công việc", "Chỉ tiêu", "Đơn vị/người chủ trì", "Thời gian hoàn thành"],
    ["STT", "Nhiệm vụ", "Chỉ tiêu", "Chủ trì", "Thời hạn hoàn thành"],
)
# (section I, its list of targets, section II) as schools title them
HEADINGS = (
    ("MỤC ĐÍCH, YÊU CẦU", "Mục tiêu, chỉ tiêu", "NHIỆM VỤ, GIẢI PHÁP"),
    ("MỤC ĐÍCH, YÊU CẦU VÀ CHỈ TIÊU", "Chỉ tiêu cụ thể", "NHIỆM VỤ VÀ GIẢI PHÁP TRỌNG TÂM"),
    ("MỤC TIÊU, YÊU CẦU", "Mục tiêu, chỉ tiêu cụ thể", "NHIỆM VỤ, GIẢI PHÁP CỤ THỂ"),
)


@dataclass
class Task:
    """A target or a task: what, how much, who leads, by when (any may be spoiled)."""

    prose: str  # the sentence with its quantity
    content: str  # the table's "Nội dung" cell
    target: str  # the table's "Chỉ tiêu" cell
    lead: str | None
    milestone: str | None
    metric: str | None = None
    defect: str | None = None  # the code a checker must raise on this line


@dataclass
class AreaPlan:
    area: Area
    heading: str
    tasks: list[Task]
    split: bool = False  # prose: tasks under "a) Nhiệm vụ trọng tâm" / "b) Giải pháp thực hiện"


@dataclass
class Plan:
    frame: Frame
    year: int
    layout: Layout
    numbering: Numbering
    one_table: bool  # table layout: one big table under II instead of one per area
    prose_form: int
    style: Style
    targets: list[Task]
    areas: list[AreaPlan]
    money: str
    table_head: list[str] = field(default_factory=lambda: list(TABLE_HEADS[0]))
    headings: tuple[str, str, str] = HEADINGS[0]  # section I, its targets, section II


def draft_plan(rng: random.Random, school: School, year: int, layout: Layout, docx: bool) -> Plan:
    """A complete, valid plan: every area, every target quantified, led and dated."""
    office_date = OFFICE_PLANS[year][1]
    issued = office_date + dt.timedelta(days=rng.randint(1, 20))
    frame = Frame.draw(
        rng,
        school,
        "KH",
        issued,
        "KẾ HOẠCH",
        rng.choice(
            [
                f"Thực hiện công tác cải cách hành chính năm {year}",
                f"Thực hiện công tác cải cách hành chính (CCHC) năm {year}",
                f"Cải cách hành chính năm {year}",
            ]
        ),
    )
    units, dates = lead_units(school), milestones(year)
    return Plan(
        frame=frame,
        year=year,
        layout=layout,
        numbering=rng.choice(["roman", "roman", "roman-deep", "arabic"]),
        one_table=layout == "table" and rng.random() < 0.35,
        prose_form=rng.randrange(6),
        style=Style.draw(rng, docx),
        targets=[_metric_target(rng, i, dates) for i in range(len(METRICS))],
        areas=[
            AreaPlan(
                area,
                rng.choice(area.headings),
                _area_tasks(rng, area, school, year, units),
                split=rng.random() < 0.12,
            )
            for area in AREAS
        ],
        money=rng.choice(["10.000.000", "15.000.000", "20.000.000", "12.500.000"]),
        table_head=list(rng.choice(TABLE_HEADS)),
        headings=rng.choice(HEADINGS),
    )


def _metric_target(rng: random.Random, index: int, dates: list[str]) -> Task:
    metric = METRICS[index]
    value = rng.choice(metric.good)
    return Task(
        prose=metric.prose.format(v=value),
        content=metric.content,
        target=metric.target.format(v=value),
        lead=rng.choice(metric.leads),
        milestone=rng.choice(dates),
        metric=metric.id,
    )


def _area_tasks(
    rng: random.Random, area: Area, school: School, year: int, units: list[str]
) -> list[Task]:
    templates = rng.sample(TASKS[area.id], rng.randint(2, min(4, len(TASKS[area.id]))))
    return [_task(rng, t, school, year, units) for t in templates]


def fill(text: str, school: School, year: int, count: str = "") -> str:
    return text.format(c=count, hs=school.pupils, y=year, y1=year + 1)


def _task(rng: random.Random, t: Template, school: School, year: int, units: list[str]) -> Task:
    count = rng.choice(t.counts)
    return Task(
        prose=fill(t.prose, school, year, count),
        content=fill(t.content, school, year, count),
        target=fill(t.target, school, year, count),
        lead=rng.choice(units),
        milestone=fill(rng.choice(t.when), school, year)
        if t.when
        else rng.choice(milestones(year)),
    )


# --------------------------------------------------------------------------- writing


def compose_plan(plan: Plan) -> Composer:
    """The plan as blocks, top to bottom, with the expected findings of its spoiled lines."""
    out = Composer(plan.style)
    plan.frame.write_title(out)
    _write_citations(out, plan)
    _write_objectives(out, plan)
    _write_tasks(out, plan)
    _write_funding_and_organisation(out, plan)
    out.para(
        f"Trên đây là Kế hoạch thực hiện công tác cải cách hành chính năm {plan.year} của "
        f"{plan.frame.school.full_name}, đề nghị các bộ phận nghiêm túc thực hiện./."
    )
    plan.frame.write_closing(out)
    return out


def _top(plan: Plan, n: int) -> str:
    return f"{n}." if plan.numbering == "arabic" else f"{roman(n)}."


def _sub(plan: Plan, top: int, n: int) -> str:
    return f"{top}.{n}." if plan.numbering == "arabic" else f"{n}."


def _write_citations(out: Composer, plan: Plan) -> None:
    office_no, office_date = OFFICE_PLANS[plan.year]
    ubnd_no, ubnd_date = DISTRICT_PLANS[plan.year]
    for line in CITATIONS:
        out.para(
            line.format(
                ubnd_no=ubnd_no,
                ubnd_date=date_words(ubnd_date),
                office_no=office_no,
                office_date=date_words(office_date),
                y=plan.year,
            ),
            italic=True,
        )
    out.para(
        f"{plan.frame.school.full_name} xây dựng Kế hoạch thực hiện công tác cải cách hành chính "
        f"năm {plan.year} như sau:"
    )


def _write_objectives(out: Composer, plan: Plan) -> None:
    pupils = plan.frame.school.pupils
    out.heading(1, _top(plan, 1), plan.headings[0])
    out.heading(2, _sub(plan, 1, 1), "Mục đích")
    for line in PURPOSE:
        out.para(line.format(hs=pupils))
    out.heading(2, _sub(plan, 1, 2), "Yêu cầu")
    for line in REQUIREMENTS:
        out.para(line)
    out.heading(2, _sub(plan, 1, 3), plan.headings[1])
    if plan.layout == "table":
        _task_table(out, plan, [("", plan.targets)])
    else:
        _task_items(out, plan, plan.targets)


def _write_tasks(out: Composer, plan: Plan) -> None:
    out.heading(1, _top(plan, 2), plan.headings[2])
    if plan.layout == "table" and plan.one_table:
        groups = [(area.heading.upper(), area.tasks) for area in plan.areas]
        _task_table(out, plan, groups)
        return
    parent = 0
    if plan.numbering == "roman-deep":
        out.heading(2, "1.", f"Chủ đề năm {plan.year}")
        out.para(
            f"“Năm đẩy mạnh chuyển đổi số và cải cách hành chính trong trường học {plan.year}”."
        )
        out.heading(2, "2.", "Các nhiệm vụ trọng tâm")
        parent = 2
    for n, area in enumerate(plan.areas, start=1):
        level = 3 if parent else 2
        out.heading(level, f"{parent}.{n}." if parent else _sub(plan, 2, n), area.heading)
        if plan.layout == "table":
            _task_table(out, plan, [("", area.tasks)])
        elif area.split and not plan.style.lettered and len(area.tasks) >= 2:
            half = len(area.tasks) // 2
            out.heading(level + 1, "a)", "Nhiệm vụ trọng tâm")
            _task_items(out, plan, area.tasks[:half])
            out.heading(level + 1, "b)", "Giải pháp thực hiện")
            _task_items(out, plan, area.tasks[half:])
        else:
            _task_items(out, plan, area.tasks)


def _write_funding_and_organisation(out: Composer, plan: Plan) -> None:
    out.heading(1, _top(plan, 3), "KINH PHÍ THỰC HIỆN")
    out.para(FUNDING[plan.year % 2].format(y=plan.year, money=plan.money))
    out.heading(1, _top(plan, 4), "TỔ CHỨC THỰC HIỆN")
    for line in ORGANISATION:
        out.para(line)


def _task_items(out: Composer, plan: Plan, tasks: list[Task]) -> None:
    for n, task in enumerate(tasks, start=1):
        label = f"{letter(n)})" if plan.style.lettered else plan.style.bullet
        # "Tổ Văn phòng chủ trì tỷ lệ hồ sơ …" reads wrong: targets keep a labelled form
        form = 2 if task.metric and plan.prose_form == 0 else plan.prose_form
        text = task_sentence(task, form)
        out.item(label, text)
        if task.defect:
            out.expect(task.defect, text)


def _task_table(out: Composer, plan: Plan, groups: list[tuple[str, list[Task]]]) -> None:
    rows = [list(plan.table_head)]
    n = 0
    for g, (title, tasks) in enumerate(groups, start=1):
        if title:
            rows.append([roman(g), title, "", "", ""])
        for task in tasks:
            n += 1
            rows.append([str(n), task.content, task.target, task.lead or "", task.milestone or ""])
            if task.defect:  # the whole row, so a reader sees what is wrong with it
                out.expect(task.defect, " | ".join(rows[-1][1:]))
    out.table(rows)


# --------------------------------------------------------------------------- sentences


def task_sentence(task: Task, form: int) -> str:
    """A task as a clerk writes it, lead unit and milestone inside the sentence.

    Six phrasings are in use. Form 0 opens with the lead unit ("Tổ Văn phòng chủ trì …") and
    form 5 hands the task over ("…; giao Tổ Văn phòng chủ trì thực hiện, hoàn thành …");
    the others label the parts ("Đơn vị chủ trì: …", "(Chủ trì: …; Thời gian: …)").
    """
    lead, when = task.lead, task.milestone
    if form == 0 and lead and lead not in VAGUE_UNITS:
        head = f"{lead} chủ trì {task.prose[0].lower()}{task.prose[1:]}"
        return f"{head}, {milestone_clause(when)}." if when else f"{head}."
    if form == 5:
        return _handed_over(task.prose, lead, when)
    parts = {
        0: (f"Đơn vị chủ trì: {lead}", f"Thời gian hoàn thành: {when}", ". "),
        1: (f"Đơn vị chủ trì: {lead}", f"Thời gian hoàn thành: {when}", ". "),
        2: (f"Chủ trì: {lead}", f"Thời gian: {when}", "; "),
        3: (f"đơn vị chủ trì: {lead}", f"thời hạn: {when}", "; "),
        4: (f"Phụ trách: {lead}", f"Thời gian thực hiện: {when}", ". "),
    }[form]
    extras = [p for p, v in zip(parts[:2], (lead, when), strict=True) if v]
    if form == 2:
        return f"{task.prose} ({'; '.join(extras)})." if extras else f"{task.prose}."
    sep = parts[2]
    return sep.join([task.prose, *extras]) + "."


def _handed_over(prose: str, lead: str | None, when: str | None) -> str:
    """The task handed to its lead unit: "…; giao Tổ Văn phòng chủ trì thực hiện, …"."""
    clause = milestone_clause(when) if when else ""
    sep = ", "
    if lead and clause.startswith("thực hiện "):  # "chủ trì thực hiện hằng quý (…)"
        clause, sep = clause.removeprefix("thực hiện "), " "
    tail = f"{sep}{clause}" if clause else ""
    if not lead:
        return f"{prose}{tail}."
    if lead in VAGUE_UNITS:  # "giao các bộ phận liên quan thực hiện"
        return f"{prose}; giao {lead[0].lower()}{lead[1:]} thực hiện{tail}."
    return f"{prose}; giao {lead} chủ trì thực hiện{tail}."


def milestone_clause(when: str) -> str:
    """The milestone as a clause: "hoàn thành trong tháng 3/2023", "thực hiện hằng quý (…)"."""
    lower = when[0].lower() + when[1:]
    if lower.startswith(("tháng", "quý", "học kỳ")):
        return f"hoàn thành trong {lower}"
    if lower.startswith(("trước", "trong")):
        return f"hoàn thành {lower}"
    return f"thực hiện {lower}"
