"""A report's statements: every prose line and table row with the section it sits in.

A results table ("Chỉ tiêu | Mức đề ra | Kết quả | Đánh giá") is read by its header: the
subject cells are what the row is about, the result and verdict cells what it reports, and
the plan's figure restated in "Mức đề ra" is left out of the result. A prose line gets the
same split by cutting the clauses that restate the plan's figure ("(chỉ tiêu trên 80%)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from validator.crossdoc.vocabulary import CrossVocabulary, ResultColumns
from validator.models import Node
from validator.targets import matches


@dataclass(frozen=True)
class Statement:
    text: str  # what the line is about and says: used to match a target
    result: str  # where the reported figure and verdict are read
    quote: str  # as printed
    section: str | None
    page: int | None
    explicit: bool  # a line that answers a plan target on purpose (restates it, or a results row)


def statements(root: Node, vocab: CrossVocabulary) -> list[Statement]:
    """Every statement of the report in document order, outside the skipped sections."""
    out: list[Statement] = []
    _walk(root, None, vocab, out)
    return out


def _walk(node: Node, section: str | None, vocab: CrossVocabulary, out: list[Statement]) -> None:
    for child in node.children:
        if child.kind == "heading":
            if not matches(child.text, vocab.skip_sections):
                _walk(child, child.path or section, vocab, out)
            continue
        if child.kind == "table":
            out.extend(_table(child, section, vocab))
            continue
        if child.text:
            out.append(prose_statement(child.text, section, child.page, vocab))
        _walk(child, section, vocab, out)


def prose_statement(
    text: str, section: str | None, page: int | None, vocab: CrossVocabulary
) -> Statement:
    result = without_target_clauses(text, vocab.target_cues)
    return Statement(text, result, text, section, page, explicit=result != text)


_PARENS = re.compile(r"\(([^()]*)\)")


def without_target_clauses(text: str, cues: list[str]) -> str:
    """The line without what restates the plan's figure: a bracket naming a cue
    ("(chỉ tiêu trên 80%)") and a clause opening with one (", so với kế hoạch 80%")."""
    pattern = _cue_pattern(cues)
    if pattern is None:
        return text
    text = _PARENS.sub(lambda m: " " if pattern.search(m.group(1)) else m.group(0), text)
    clause = re.compile(rf"(?:^|(?<=[,;-]))\s*{pattern.pattern}[^,;()]*", re.I)
    return re.sub(r"\s+", " ", clause.sub(" ", text)).strip()


def _cue_pattern(cues: list[str]) -> re.Pattern[str] | None:
    if not cues:
        return None
    names = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{names})(?!\w)", re.I)


# --------------------------------------------------------------------------- tables


def _table(node: Node, section: str | None, vocab: CrossVocabulary) -> list[Statement]:
    rows = node.rows or []
    header: list[str] = []
    roles: dict[str, int] = {}
    out = []
    for row in rows:
        if _is_header(row):
            header, roles = row, _roles(row, vocab.result_columns)
            continue
        if not any(cell.strip() for cell in row):
            continue
        out.append(_row_statement(row, header, roles, section, node.page))
    return out


def _is_header(row: list[str]) -> bool:
    filled = [c for c in row if c.strip()]
    return len(filled) >= 2 and not any(re.search(r"\d", c) for c in filled)


def _roles(header: list[str], columns: ResultColumns) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        for role in ("verdict", "result", "target"):
            if role not in roles and matches(cell, getattr(columns, role)):
                roles[role] = index
                break
    return roles


def _row_statement(
    row: list[str], header: list[str], roles: dict[str, int], section: str | None, page: int | None
) -> Statement:
    quote = " | ".join(c.strip() for c in row if c.strip())
    if "result" not in roles:
        # "Tổng cộng; Tiếp nhận 25; Đúng hạn 25 (100%)": each figure with its column's name
        named = [
            f"{header[i]} {cell}".strip() if i < len(header) and i > 0 else cell
            for i, cell in enumerate(row)
            if cell.strip()
        ]
        text = "; ".join(named)
        return Statement(text, text, quote, section, page, explicit=False)
    own = set(roles.values())
    subject = " ".join(
        c for i, c in enumerate(row) if i not in own and c.strip() and not c.strip().isdigit()
    )
    result = " ".join(_cell(row, roles.get(r)) for r in ("result", "verdict")).strip()
    return Statement(f"{subject}: {result}", result, quote, section, page, explicit=True)


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""
