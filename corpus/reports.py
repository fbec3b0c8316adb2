"""Periodic CCHC reports ("BÁO CÁO / Kết quả thực hiện công tác cải cách hành chính quý I …").

A report is drafted as data (:class:`Report`), defects change that data (a heading left out,
a wrong data window, a generic section IV), and :func:`compose_report` writes the letter's
full outline as render blocks, in the prose or the table layout.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Literal

from corpus.compose import Composer, Style, short_date
from corpus.frame import Frame
from corpus.report_content import DIRECTIONS, OUTLINE, Facts, n2, section_lines
from corpus.vocab import School
from validator.models import Period

Layout = Literal["prose", "table"]

PERIOD_WORDS = {
    Period.Q1: ("quý I năm {y}",),
    Period.H1: ("6 tháng đầu năm {y}", "06 tháng đầu năm {y}"),
    Period.Q3: ("quý III năm {y}",),
    Period.YEAR: ("năm {y}",),
}
NEXT_MONTHS = {
    Period.Q1: (4, 5, 6),
    Period.H1: (7, 8, 9),
    Period.Q3: (10, 11),
    Period.YEAR: (1, 2, 3),
}


def data_window(period: Period, year: int) -> tuple[dt.date, dt.date]:
    """Letter 260 §3: Q1 01/12 prev. → 01/03; 6 months → 01/06; Q3 01/06 → 01/09; year → 01/12."""
    if period == Period.Q3:
        return dt.date(year, 6, 1), dt.date(year, 9, 1)
    end_month = {Period.Q1: 3, Period.H1: 6, Period.YEAR: 12}[period]
    return dt.date(year - 1, 12, 1), dt.date(year, end_month, 1)


def calendar_window(period: Period, year: int) -> tuple[dt.date, dt.date]:
    """The usual mistake: calendar quarters instead of the letter's windows."""
    start = dt.date(year, 7, 1) if period == Period.Q3 else dt.date(year, 1, 1)
    end = {
        Period.Q1: dt.date(year, 3, 31),
        Period.H1: dt.date(year, 6, 30),
        Period.Q3: dt.date(year, 9, 30),
        Period.YEAR: dt.date(year, 12, 31),
    }[period]
    return start, end


@dataclass
class Window:
    """The stated data window and how the clerk wrote it (own line, or inside the intro)."""

    start: dt.date
    end: dt.date
    own_line: bool
    pad_month: bool
    wording: int = 0  # which of LINES introduces the dates on its own line

    LINES = (
        "Thời điểm chốt số liệu: {w}.",
        "Thời gian chốt số liệu báo cáo: {w}.",
        "(Số liệu báo cáo tính {w})",
    )

    def words(self) -> str:
        a, b = short_date(self.start, self.pad_month), short_date(self.end, self.pad_month)
        return f"từ ngày {a} đến ngày {b}"

    def line(self) -> str:
        return self.LINES[self.wording].format(w=self.words())


@dataclass
class Report:
    frame: Frame
    year: int
    period: Period
    layout: Layout
    style: Style
    facts: Facts
    period_words: str
    window: Window | None  # None: the clerk left it out
    salt: int  # picks heading variants, so one report words them consistently
    directions: list[str] | None  # section IV lines; None until drafted
    generic: list[str] = field(default_factory=list)  # a generic section IV instead
    generic_items: bool = False  # the generic lines as a bulleted list of areas
    omit: set[str] = field(default_factory=set)  # outline paths left out
    renumber: bool = False  # after an omission, siblings are renumbered (no gap)
    skip_at: str | None = None  # this heading and its later siblings print one number too high
    third_dot: bool = True  # "1.1." rather than "1.1"
    direction_rows: list[list[str]] = field(default_factory=list)
    # rows "STT | Chỉ tiêu | Mức đề ra | Kết quả | Đánh giá" answering the school's own plan
    # (corpus.pairs); None: the usual five district targets
    target_rows: list[list[str]] | None = None

    @property
    def cutoff(self) -> dt.date:
        return data_window(self.period, self.year)[1]


def draft_report(
    rng: random.Random, school: School, year: int, period: Period, layout: Layout, docx: bool
) -> Report:
    """A complete, valid report: full outline, right window, specific section IV."""
    words = rng.choice(PERIOD_WORDS[period]).format(y=year)
    start, end = data_window(period, year)
    frame = Frame.draw(
        rng,
        school,
        "BC",
        end + dt.timedelta(days=rng.randint(0, 2)),
        "BÁO CÁO",
        rng.choice(
            [
                f"Kết quả thực hiện công tác cải cách hành chính {words}",
                f"Công tác cải cách hành chính {words}",
                f"Kết quả thực hiện công tác cải cách hành chính (CCHC) {words}",
            ]
        ),
    )
    style = Style.draw(rng, docx)
    report = Report(
        frame=frame,
        year=year,
        period=period,
        layout=layout,
        style=style,
        facts=Facts.draw(rng),
        period_words=words,
        window=Window(
            start,
            end,
            own_line=rng.random() < 0.6,
            pad_month=rng.random() < 0.3,
            wording=rng.randrange(len(Window.LINES)),
        ),
        salt=rng.randrange(1000),
        directions=None,
        third_dot=style.auto_labels or rng.random() < 0.6,
    )
    report.direction_rows = _direction_rows(rng, period, year)
    report.directions = [
        f"{area}: {action}, {when}." for _, area, action, when in report.direction_rows
    ]
    return report


def _direction_rows(rng: random.Random, period: Period, year: int) -> list[list[str]]:
    """Four to six areas, each with an action and a date or month of the next period."""
    next_year = year + 1 if period == Period.YEAR else year
    chosen = rng.sample(DIRECTIONS, rng.randint(4, 6))
    rows = []
    for n, direction in enumerate(chosen, start=1):
        month = rng.choice(NEXT_MONTHS[period])
        when = direction.when.format(
            d=f"{rng.choice([10, 15, 20, 25])}/{month}/{next_year}", m=f"{month}/{next_year}"
        )
        rows.append([str(n), direction.area, direction.action, when])
    return rows


# --------------------------------------------------------------------------- writing


def compose_report(report: Report) -> Composer:
    """The report as blocks: title, window, intro, the letter's outline, signer."""
    out = Composer(report.style)
    report.frame.write_title(out)
    if report.window and report.window.own_line:
        out.para(report.window.line(), italic=True, align="center")
    out.para(_intro(report))
    _write_outline(out, report)
    out.para(
        f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {report.period_words} "
        f"của {report.frame.school.full_name}./."
    )
    report.frame.write_closing(out)
    return out


def _intro(report: Report) -> str:
    school = report.frame.school.full_name
    text = (
        "Thực hiện Công văn số 260/GDĐT ngày 16 tháng 3 năm 2022 của Phòng Giáo dục và Đào tạo "
        "Quận 7 về hướng dẫn xây dựng Kế hoạch và chế độ thông tin, báo cáo công tác cải cách "
        f"hành chính, {school} báo cáo kết quả thực hiện công tác cải cách hành chính "
        f"{report.period_words}"
    )
    if report.window and not report.window.own_line:
        text += f" (số liệu tính {report.window.words()})"
    return text + " như sau:"


def _write_outline(out: Composer, report: Report) -> None:
    counters: dict[str, int] = {}
    for path in OUTLINE:
        if omitted(path, report.omit):
            continue
        parent, _, own = path.rpartition(".")
        printed = own if not report.renumber else str(counters.get(parent, 0) + 1)
        if _skipped(path, report.skip_at):
            printed = str(int(printed) + 1)
        counters[parent] = int(printed) if printed.isdigit() else counters.get(parent, 0) + 1
        level = path.count(".") + 1
        label = _label(report, path, printed, level)
        out.heading(level, label, _pick(OUTLINE[path], report.salt))
        _write_body(out, report, path)


def _skipped(path: str, skip_at: str | None) -> bool:
    """``path`` is ``skip_at`` or a later sibling of it: a number jumped ("2.1", "2.3")."""
    if skip_at is None:
        return False
    parent, _, own = path.rpartition(".")
    at_parent, _, at_own = skip_at.rpartition(".")
    return parent == at_parent and own.isdigit() and int(own) >= int(at_own)


def omitted(path: str, omit: set[str]) -> bool:
    return any(path == gone or path.startswith(gone + ".") for gone in omit)


def _label(report: Report, path: str, printed: str, level: int) -> str:
    if level == 1:
        return f"{path}."
    if level == 2:
        return f"{printed}."
    parent_number = path.split(".")[1]
    return f"{parent_number}.{printed}." if report.third_dot else f"{parent_number}.{printed}"


def _pick(variants: tuple[str, ...], salt: int) -> str:
    return variants[salt % len(variants)]


def _write_body(out: Composer, report: Report, path: str) -> None:
    pupils = report.frame.school.pupils
    if path == "IV":
        _write_directions(out, report)
    elif path == "I.1" and report.layout == "table":
        out.para("Kết quả thực hiện các chỉ tiêu của Kế hoạch CCHC năm của đơn vị:")
        out.table(_targets_table(report))
    elif path == "II.2.1" and report.layout == "table":
        out.table(_procedures_table(report))
    else:
        for line in section_lines(path, report.facts, pupils):
            out.item(report.style.bullet, line)
        if path == "I.1" and report.layout == "prose":
            for row in _targets_table(report)[1:]:
                out.item("+", f"{row[1]}: {row[3]} (chỉ tiêu {row[2].lower()}) - {row[4]}.")


def _write_directions(out: Composer, report: Report) -> None:
    if report.generic:
        for line in report.generic:
            if report.generic_items:
                out.item(report.style.bullet, line)
            else:
                out.para(line)
        out.expect("DIRECTION_TOO_GENERIC", " ".join(report.generic))
        return
    if report.layout == "table":
        out.table(
            [["STT", "Lĩnh vực", "Nhiệm vụ cụ thể", "Thời gian hoàn thành"], *report.direction_rows]
        )
        return
    for line in report.directions or []:
        out.item(report.style.bullet, line)


def _targets_table(report: Report) -> list[list[str]]:
    head = ["STT", "Chỉ tiêu", "Mức đề ra", "Kết quả", "Đánh giá"]
    if report.target_rows is not None:
        return [head, *report.target_rows]
    f = report.facts
    return [
        head,
        ["1", "Tỷ lệ phụ huynh hài lòng", "Trên 80%", f"{f.satisfied_pct}%", "Đạt"],
        [
            "2",
            "Hồ sơ giải quyết đúng hạn",
            "Từ 97%",
            f"100% ({n2(f.received)}/{n2(f.received)})",
            "Đạt",
        ],
        ["3", "Thư xin lỗi khi trễ hạn", "100%", "Không phát sinh hồ sơ trễ hạn", "Đạt"],
        ["4", "Văn bản điện tử có chữ ký số", "100%", f"100% ({f.e_docs} văn bản)", "Đạt"],
        ["5", "TTHC áp dụng ISO 9001, ISO điện tử", "100%; 80%", "100%; 100%", "Đạt"],
    ]


def _procedures_table(report: Report) -> list[list[str]]:
    f = report.facts
    pupils = report.frame.school.pupils
    first = f.received // 2
    second = f.received - first
    return [
        ["STT", "Thủ tục hành chính", "Tiếp nhận", "Đúng hạn", "Trễ hạn", "Thư xin lỗi"],
        ["1", "Chuyển trường", n2(first), n2(first), "0", "0"],
        ["2", f"Xác nhận {pupils} đang học, cấp bản sao", n2(second), n2(second), "0", "0"],
        ["", "Tổng cộng", n2(f.received), f"{n2(f.received)} (100%)", "0", "0"],
        ["", "Trong đó: trực tuyến mức độ 3, 4", n2(f.online), f"{f.online_pct}%", "", ""],
        ["", "Qua bưu chính công ích", n2(f.postal), "", "", ""],
    ]
