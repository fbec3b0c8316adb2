"""Targets and tasks of a plan, from prose items and from table rows.

* Items under a "Mục tiêu / Chỉ tiêu" heading are **targets** (they must be quantified).
* Items under a plan area heading (the nine areas of letter 260 §4) are **tasks**.
* Rows of a table with a "Chỉ tiêu" column are targets, other rows tasks; a row that names
  an area (a group row of a one-table plan) opens that area.

A lead-in item ("Tổ Văn phòng chủ trì các việc sau:") or an area heading may carry the
milestone or the lead unit for all its items, so both are inherited downwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from validator.models import Node, Target
from validator.quantities import (
    lead_unit,
    milestone,
    quantities,
    strip_citations,
    without_labelled_clauses,
)
from validator.ruleset import Area, Metric, Vocabulary
from validator.text import fold

_MIN_TASK_WORDS = 4


def matches(text: str, alternatives: list[list[str]]) -> bool:
    """True when some alternative's keywords all occur in the text (folded)."""
    folded = fold(text)
    return any(all(fold(k) in folded for k in alt) for alt in alternatives)


def starts_with(text: str, alternatives: list[list[str]]) -> bool:
    """True when the text opens with some alternative's first keyword and has the rest:
    "TỔ CHỨC THỰC HIỆN" is the implementation section, "Xây dựng và tổ chức thực hiện
    văn bản" is an area that merely contains those words."""
    folded = fold(text)
    return any(
        folded.startswith(fold(alt[0])) and all(fold(k) in folded for k in alt[1:])
        for alt in alternatives
    )


def area_of(text: str, areas: list[Area]) -> Area | None:
    """The plan area a heading names: the one whose words come first in it, since a
    heading names its own subject before what it supports ("Truyền thông hỗ trợ … TTHC")."""
    folded = fold(text)
    best: tuple[int, int, Area] | None = None
    for order, area in enumerate(areas):
        if any(fold(x) in folded for x in area.exclude):
            continue
        position = _first_match(folded, area.match)
        if position is not None and (best is None or (position, order) < best[:2]):
            best = (position, order, area)
    return best[2] if best else None


def _first_match(folded: str, alternatives: list[list[str]]) -> int | None:
    positions = [
        min(folded.find(fold(k)) for k in alt)
        for alt in alternatives
        if all(fold(k) in folded for k in alt)
    ]
    return min(positions) if positions else None


@dataclass
class _Scope:
    kind: str | None  # "target" | "task" | None (not a place for targets)
    area: Area | None
    section: str | None
    milestone: str | None
    lead: str | None


def extract_targets(root: Node, vocab: Vocabulary) -> list[Target]:
    """Every target and task of the plan, in document order."""
    out: list[Target] = []
    _walk(root, _Scope(None, None, None, None, None), vocab, out)
    return out


def _walk(node: Node, scope: _Scope, vocab: Vocabulary, out: list[Target]) -> None:
    for child in node.children:
        if child.kind == "heading":
            _walk(child, _heading_scope(child, scope, vocab), vocab, out)
        elif child.kind == "table":
            out.extend(_table_targets(child, scope, vocab))
        elif child.kind == "item":
            _item(child, scope, vocab, out)


def _heading_scope(node: Node, scope: _Scope, vocab: Vocabulary) -> _Scope:
    text = node.text
    if starts_with(text, vocab.excluded_sections):
        return _Scope(None, None, node.path, None, None)
    if matches(text, vocab.targets_sections):
        return _Scope("target", None, node.path, None, None)
    area = area_of(text, vocab.areas)
    if area is not None:
        return _Scope("task", area, node.path, milestone(text, vocab), lead_unit(text, vocab))
    return _Scope(scope.kind, scope.area, node.path or scope.section, scope.milestone, scope.lead)


def _item(node: Node, scope: _Scope, vocab: Vocabulary, out: list[Target]) -> None:
    sub_items = [c for c in node.children if c.kind in ("item", "heading", "table")]
    if sub_items:
        inner = _Scope(
            scope.kind,
            scope.area,
            scope.section,
            milestone(node.text, vocab) or scope.milestone,
            lead_unit(node.text, vocab) or scope.lead,
        )
        _walk(node, inner, vocab, out)
        return
    if scope.kind is None or len(node.text.split()) < _MIN_TASK_WORDS:
        return
    out.append(_target(scope, node.text, node.page, "prose", vocab))


def _target(
    scope: _Scope,
    text: str,
    page: int | None,
    source: str,
    vocab: Vocabulary,
    quantity_text: str | None = None,
    milestone_text: str | None = None,
    lead_text: str | None = None,
) -> Target:
    own_words = without_labelled_clauses(text, vocab.lead_labels + vocab.milestone_labels)
    qs = quantities(own_words, vocab.ordinal_words)
    if quantity_text is not None:
        qs += quantities(quantity_text, vocab.ordinal_words, any_count=True)
    found_milestone = milestone(milestone_text if milestone_text is not None else text, vocab)
    found_lead = lead_unit(lead_text if lead_text is not None else text, vocab)
    target = Target(
        kind="target" if scope.kind == "target" else "task",
        text=text,
        section=scope.section,
        area=scope.area.id if scope.area else None,
        page=page,
        source="table" if source == "table" else "prose",
        quantities=qs,
        milestone=found_milestone or scope.milestone,
        lead_unit=found_lead or scope.lead,
    )
    target.measures = measures(f"{text} {quantity_text or ''}", vocab.metrics, vocab.ordinal_words)
    target.metric = next(iter(target.measures), None)
    return target


# --------------------------------------------------------------------------- tables

_COLUMNS = {
    "content": [["noi dung"], ["nhiem vu"], ["cong viec"], ["hoat dong"], ["ten chi tieu"]],
    "quantity": [["chi tieu"], ["muc tieu"], ["ket qua can dat"], ["san pham"]],
    "lead": [["chu tri"], ["phu trach"], ["thuc hien"], ["don vi"], ["nguoi"]],
    "milestone": [["thoi gian"], ["thoi han"], ["tien do"], ["moc"], ["han hoan thanh"]],
}


def _header_columns(row: list[str]) -> dict[str, int]:
    """Map column roles to indexes from a header row; empty if the row is not a header
    (a header names columns: short cells without figures)."""
    roles: dict[str, int] = {}
    if any(re.search(r"\d", cell) for cell in row):
        return roles
    for index, cell in enumerate(row):
        for role in ("milestone", "lead", "quantity", "content"):
            if role not in roles and matches(cell, _COLUMNS[role]) and len(cell.split()) <= 8:
                roles[role] = index
                break
    return roles if len(roles) >= 2 else {}


def _table_targets(node: Node, scope: _Scope, vocab: Vocabulary) -> list[Target]:
    rows = node.rows or []
    columns: dict[str, int] = {}
    out: list[Target] = []
    current = scope
    for row in rows:
        header = _header_columns(row)
        if header:
            columns = header
            continue
        if not columns:
            continue
        filled = [c for c in row if c.strip()]
        content = _cell(row, columns.get("content"))
        area = area_of(" ".join(filled), vocab.areas)
        if area is not None and len(filled) <= 2:
            current = _Scope("task", area, scope.section, scope.milestone, scope.lead)
            continue
        if not content or len(content.split()) < _MIN_TASK_WORDS - 1:
            continue
        kind_scope = current
        if "quantity" in columns and current.kind != "target":
            kind_scope = _Scope(
                "target", current.area, current.section, current.milestone, current.lead
            )
        if kind_scope.kind is None:
            kind_scope = _Scope("task", None, scope.section, None, None)
        quantity_text = _cell(row, columns.get("quantity"))
        out.append(
            _target(
                kind_scope,
                content,
                node.page,
                "table",
                vocab,
                quantity_text=quantity_text,
                milestone_text=_cell(row, columns.get("milestone")) or content,
                lead_text=_lead_cell(row, columns.get("lead")) or content,
            )
        )
    return out


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _lead_cell(row: list[str], index: int | None) -> str:
    """A lead-unit column names the unit itself, so label it for the lead reader."""
    value = _cell(row, index)
    return f"Chủ trì: {value}" if value else ""


# --------------------------------------------------------------------------- metrics


def measures(text: str, metrics: list[Metric], ordinal_words: list[str]) -> dict[str, float]:
    """Which district metrics the sentence sets, with the value it sets for each.

    A figure usually precedes what it counts ("80% thủ tục … ISO điện tử") and sometimes
    follows its subject ("Tỷ lệ hồ sơ đúng hạn đạt 97%"): each figure is read with the
    words after it up to the next figure or clause break, else with the words before it
    back to the previous figure or sentence break. Metrics are tried in rule-set order,
    specific ones first.
    """
    clean = strip_citations(text)
    qs = [q for q in quantities(clean, ordinal_words) if q.unit == "percent"]
    found: dict[str, float] = {}
    for quantity, (before, after) in zip(qs, _contexts(clean, [q.text for q in qs]), strict=True):
        metric = _metric_in(after, metrics, found) or _metric_in(before, metrics, found)
        if metric is not None:
            found[metric.id] = quantity.value + (0.001 if quantity.strict else 0.0)
    return found


def _metric_in(segment: str, metrics: list[Metric], taken: dict[str, float]) -> Metric | None:
    return next((m for m in metrics if m.id not in taken and matches(segment, m.match)), None)


_CLAUSE_END = re.compile(r"[,;]|\.(?:\s|$)")
_SENTENCE_END = re.compile(r"[;]|\.(?:\s|$)")


def _contexts(text: str, figures: list[str]) -> list[tuple[str, str]]:
    """For each figure, the words before it and the words after it (see ``measures``)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for figure in figures:
        start = text.find(figure, cursor)
        start = cursor if start < 0 else start
        spans.append((start, start + len(figure)))
        cursor = start + len(figure)
    out = []
    for i, (start, end) in enumerate(spans):
        left = spans[i - 1][1] if i > 0 else 0
        right = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        after = text[end:right]
        cut = _CLAUSE_END.search(after)
        before = text[left:start]
        stops = list(_SENTENCE_END.finditer(before))
        out.append(
            (before[stops[-1].end() :] if stops else before, after[: cut.start()] if cut else after)
        )
    return out
