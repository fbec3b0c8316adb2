"""Checks of a periodic report: data window, specific section IV, figures where asked."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict

from validator.checks.base import CheckContext, Hit, check
from validator.checks.sections import HeadingSpec, find_path, section_text
from validator.models import Location, Node, Period
from validator.targets import area_of
from validator.text import fold, shorten

_D = r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{2,4}))?"
_DW = r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?"
_RANGE = re.compile(
    rf"từ\s+(?:ngày\s+)?(?:{_D}|{_DW})(?:[^.;]{{0,40}}?)\s*(?:đến|tới|-)\s*(?:hết\s+)?(?:ngày\s+)?"
    rf"(?:{_D}|{_DW})",
    re.I,
)


class WindowSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: str  # "12-01" (month-day)
    start_year: int  # offset from the report year: -1 = previous year
    end: str
    end_year: int = 0


class WindowParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    windows: dict[Period, WindowSpec]
    cues: list[str]  # words of the sentence that states the window ("số liệu", "chốt")


@check("data_window", WindowParams)
def data_window(ctx: CheckContext, params: WindowParams) -> list[Hit]:
    """The report states the data window of its period (e.g. Q1: 01/12 previous → 01/03)."""
    if ctx.doc is None:
        return []
    if ctx.period is None:
        return [
            Hit(
                Location(file=ctx.file, quote=shorten(ctx.form.title or "")),
                {
                    "problem": "không xác định được kỳ báo cáo (quý I, 6 tháng, quý III, năm)",
                    "expected": "kỳ ghi trong tên báo cáo và thời gian số liệu của kỳ đó",
                    "found": "",
                    "example": "Báo cáo … quý I năm 2023; số liệu tính từ ngày 01/12/2022 "
                    "đến ngày 01/3/2023",
                },
            )
        ]
    expected = _expected(params.windows[ctx.period], ctx.year)
    shown = _show(expected)
    candidates = _stated_windows(ctx, params.cues)
    if any(_same(found, expected) for found, _, _ in candidates):
        return []
    if not candidates:
        return [
            Hit(
                Location(file=ctx.file),
                {
                    "problem": "báo cáo chưa nêu",
                    "expected": shown,
                    "found": "",
                    "example": f"Số liệu tính {shown}",
                },
            )
        ]
    found, quote, page = candidates[0]
    return [
        Hit(
            Location(file=ctx.file, page=page, quote=shorten(quote)),
            {
                "problem": f"thời gian số liệu {_show(found)} không đúng kỳ báo cáo",
                "expected": shown,
                "found": _show(found),
                "example": f"Số liệu tính {shown}",
            },
        )
    ]


_Window = tuple[tuple[int, int, int | None], tuple[int, int, int | None]]


def _expected(spec: WindowSpec, year: int | None) -> _Window:
    sm, sd = (int(x) for x in spec.start.split("-"))
    em, ed = (int(x) for x in spec.end.split("-"))
    sy = year + spec.start_year if year else None
    ey = year + spec.end_year if year else None
    return (sd, sm, sy), (ed, em, ey)


def _same(found: _Window, expected: _Window) -> bool:
    for (d, m, y), (ed, em, ey) in zip(found, expected, strict=True):
        if (d, m) != (ed, em):
            return False
        if y is not None and ey is not None and y != ey:
            return False
    return True


def _show(window: _Window) -> str:
    def one(d: int, m: int, y: int | None) -> str:
        return f"{d:02d}/{m:02d}" + (f"/{y}" if y else "")

    return f"từ {one(*window[0])} đến {one(*window[1])}"


def _stated_windows(ctx: CheckContext, cues: list[str]) -> list[tuple[_Window, str, int | None]]:
    """Date ranges in sentences that speak of the data or the period, in document order."""
    assert ctx.doc is not None
    out = []
    paragraphs = [b for b in ctx.doc.blocks if b.kind == "paragraph"]
    for index, block in enumerate(paragraphs):
        if not any(fold(c) in fold(block.text) for c in cues):
            continue
        # A centred window line wraps ("… đến ngày" / "01/9/2024."): read it with the next.
        following = paragraphs[index + 1].text if index + 1 < len(paragraphs) else ""
        text = f"{block.text} {following}"
        for m in _RANGE.finditer(text):
            window = _parse_range(m)
            if window and m.start() < len(block.text):
                out.append((window, block.text, block.page))
    return out


def _parse_range(m: re.Match[str]) -> _Window | None:
    g = m.groups()
    first = g[0:3] if g[0] else g[3:6]
    second = g[6:9] if g[6] else g[9:12]
    try:
        return _date_parts(first), _date_parts(second)
    except (TypeError, ValueError):
        return None


def _date_parts(parts: tuple[str | None, ...]) -> tuple[int, int, int | None]:
    d, m, y = parts
    year = int(y) if y else None
    if year is not None and year < 100:
        year += 2000
    dt.date(year or 2000, int(m or 0), int(d or 0))  # raises ValueError if impossible
    return int(d or 0), int(m or 0), year


class DirectionParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    section: list[HeadingSpec]  # the chain to section IV
    min_areas: int
    generic_phrases: list[str]


_FIGURE = re.compile(r"\d")
_CLOSING = re.compile(r"Trên đây là", re.I)  # the closing formula is not part of section IV


@check("specific_direction", DirectionParams)
def specific_direction(ctx: CheckContext, params: DirectionParams) -> list[Hit]:
    """Section IV names at least N CCHC areas with concrete actions and figures or dates."""
    if ctx.outline is None:
        return []
    node = find_path(ctx.outline.root, params.section)
    if node is None:
        return []  # the missing heading is reported by the outline rule
    text = _CLOSING.split(section_text(node))[0]
    lines = [line for n in node.walk()[1:] for line in _lines_of(n)]
    areas = {a.id for a in (area_of(line, ctx.ruleset.vocabulary.areas) for line in lines) if a}
    has_figures = bool(_FIGURE.search(text))
    generic = [p for p in params.generic_phrases if fold(p) in fold(text)]
    if len(areas) >= params.min_areas and has_figures:
        return []
    reasons = []
    if len(areas) < params.min_areas:
        reasons.append(f"chỉ nêu {len(areas)} lĩnh vực CCHC (cần ít nhất {params.min_areas})")
    if not has_figures:
        reasons.append("không có số liệu hoặc mốc thời gian")
    if generic:
        reasons.append(f'ghi chung chung "{generic[0]}"')
    quote = text or node.text
    return [
        Hit(
            Location(
                file=ctx.file, page=node.page, section=node.path or None, quote=shorten(quote)
            ),
            {"problem": "; ".join(reasons), "areas": len(areas)},
        )
    ]


def _lines_of(node: Node) -> list[str]:
    """A table counts row by row (one area per row), other nodes by their text."""
    if node.kind == "table" and node.rows:
        return [" ".join(row) for row in node.rows]
    return [node.text] if node.text else []


class FiguresParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    section: list[HeadingSpec]


@check("requires_figures", FiguresParams)
def requires_figures(ctx: CheckContext, params: FiguresParams) -> list[Hit]:
    """A section that asks for figures (II.2.1: files on time, late, apology letters) has some."""
    if ctx.outline is None:
        return []
    node = find_path(ctx.outline.root, params.section)
    if node is None:
        return []
    if _FIGURE.search(section_text(node)):
        return []
    title = params.section[-1].title
    return [
        Hit(
            Location(
                file=ctx.file, page=node.page, section=node.path or None, quote=shorten(node.text)
            ),
            {"title": title},
        )
    ]
