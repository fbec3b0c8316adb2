"""The heading tree of a Vietnamese administrative document.

Labels rank the nodes: ``I.`` (roman) above ``1.`` above ``1.1.`` above ``1.1.1.`` above
``a)`` above ``-`` above ``+``. A node's parent is the nearest earlier node of a lower rank,
so documents that start at ``1.`` instead of ``I.``, skip a level, or repeat a number still
give a usable tree. Irregular numbering is recorded as an ``OutlineIssue`` (a warning),
never an error: the real 2019 plan has no 2.3 and two item 3s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from validator.models import Block, IngestedDocument, Node, Outline, OutlineIssue, Paragraph
from validator.text import fold

_ROMAN = re.compile(r"^(?P<label>(?:X{0,3})(?:IX|IV|V?I{0,3}))[.)]\s*(?=\S)")
_ARABIC = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})(?:[.)]\s*|\s+)(?=\S)")
_LETTER = re.compile(r"^(?P<label>[a-zđ])[.)]\s+(?=\S)")
_BULLET = re.compile(r"^(?P<label>[-–—•●▪◦*])\s*(?=\S)")
_PLUS = re.compile(r"^(?P<label>\+)\s*(?=\S)")

# Ranks of label kinds; arabic labels take 1 + their depth ("1." → 2, "1.1." → 3).
RANK_ROMAN = 1
RANK_LETTER = 6
RANK_BULLET = 7
RANK_PLUS = 8
RANK_STYLED = 0  # an unlabelled Word/Markdown heading: rank from its style level

# Lines that end the body: the closing formula ("Trên đây là …"), then recipients and
# signature, which are the form's business.
_BACK_MATTER = re.compile(r"^(noi nhan\s*:?|tren day la )", re.IGNORECASE)
_HEADING_MAX_WORDS = 22
# Lettered items follow the Vietnamese alphabet (a, b, c, d, đ, e, g, h, i, k…) or the
# Latin one (… d, e, f, g …): either successor is regular.
_LETTER_ORDERS = ("abcdđeghiklmnopqrstuvxy", "abcdefghijklmnopqrstuvwxyz")


@dataclass
class _Label:
    label: str  # as printed, with its trailing "." or ")"
    key: str  # what identifies it among siblings: "II", "2.1", "a", "-"
    family: str  # roman | arabic | letter | bullet | plus | styled
    rank: int
    text: str  # the paragraph text without the label


def parse_label(paragraph: Paragraph) -> _Label | None:
    """Read the numbering label of a paragraph, from Word's numbering or from the text."""
    text = paragraph.text
    if paragraph.label:
        found = _match_label(paragraph.label.strip() + " x")
        if found:
            found.text = text
            return found
    found = _match_label(text)
    if found:
        return found
    level = _style_level(paragraph.style)
    if level is not None and text:
        return _Label(label="", key="", family="styled", rank=RANK_STYLED + level, text=text)
    return None


def _match_label(text: str) -> _Label | None:
    m = _ROMAN.match(text)
    if m and m.group("label"):
        key = m.group("label")
        printed = text[: m.end()].strip()
        return _Label(printed, key, "roman", RANK_ROMAN, text[m.end() :].strip())
    m = _ARABIC.match(text)
    if m and not _looks_like_date_or_figure(text, m):
        key = m.group("label")
        printed = text[: m.end()].strip()
        return _Label(printed, key, "arabic", 1 + key.count(".") + 1, text[m.end() :].strip())
    m = _LETTER.match(text)
    if m:
        printed = text[: m.end()].strip()
        return _Label(printed, m.group("label"), "letter", RANK_LETTER, text[m.end() :].strip())
    m = _BULLET.match(text)
    if m:
        return _Label("-", "-", "bullet", RANK_BULLET, text[m.end() :].strip())
    m = _PLUS.match(text)
    if m:
        return _Label("+", "+", "plus", RANK_PLUS, text[m.end() :].strip())
    return None


def _looks_like_date_or_figure(text: str, m: re.Match[str]) -> bool:
    """ "30/6/2023 …", "100% …", "2019 …" are not numbering labels."""
    rest = text[m.end() - 1 : m.end() + 1]
    if "/" in rest or "%" in rest:
        return True
    label = m.group("label")
    after = text[len(label) : len(label) + 1]
    # "1 Kết quả" (no dot) only counts for multi-level labels such as "1.1 Kết quả".
    return after == " " and "." not in label


def _style_level(style: str | None) -> int | None:
    if not style:
        return None
    m = re.match(r"(?i)(?:heading|title|tiêu đề)\s*(\d)?", style)
    if not m:
        return None
    return int(m.group(1) or 1)


def build_outline(doc: IngestedDocument) -> Outline:
    """Build the heading tree of the document body (front matter kept as root text)."""
    root = Node(kind="text", text="", path="")
    stack: list[tuple[int, Node]] = [(0, root)]
    labels: dict[int, _Label] = {}
    for block in _body_blocks(doc.blocks):
        if block.kind == "table":
            _add_table(_parent_for_body(stack), block.rows, block.page)
            continue
        label = parse_label(block)
        if label is None:
            _add_text(stack, block)
            continue
        while len(stack) > 1 and stack[-1][0] >= label.rank:
            stack.pop()
        parent = stack[-1][1]
        node = Node(
            kind="item",
            label=label.label or None,
            text=label.text,
            page=block.page,
            confidence=block.confidence,
        )
        labels[id(node)] = label
        parent.children.append(node)
        stack.append((label.rank, node))
        node_is_emphasised = block.bold or label.family in ("roman", "styled")
        if node_is_emphasised:
            node.kind = "heading"
    _classify(root, labels)
    _assign_paths(root, labels, parent_path="")
    return Outline(root=root, issues=_numbering_issues(root, labels))


def _body_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks before the closing formula or "Nơi nhận:"."""
    out: list[Block] = []
    for block in blocks:
        if block.kind == "paragraph" and _BACK_MATTER.match(fold(block.text)):
            break
        out.append(block)
    return out


def _parent_for_body(stack: list[tuple[int, Node]]) -> Node:
    """Body text and tables belong to the innermost numbered node, not to a bullet."""
    for rank, node in reversed(stack):
        if rank < RANK_BULLET:
            return node
    return stack[0][1]


def _add_text(stack: list[tuple[int, Node]], block: Paragraph) -> None:
    last = stack[-1][1]
    # A line that continues the previous item (split by a page break) starts in lower case.
    if last.kind == "item" and block.text[:1].islower():
        last.text = f"{last.text} {block.text}".strip()
        return
    _parent_for_body(stack).children.append(
        Node(kind="text", text=block.text, page=block.page, confidence=block.confidence)
    )


def _add_table(parent: Node, rows: list[list[str]], page: int | None) -> None:
    """A table that runs over a page break arrives in pieces: join a piece to the table
    right before it when the column counts agree."""
    last = parent.children[-1] if parent.children else None
    width = max((len(r) for r in rows), default=0)
    if (
        last is not None
        and last.kind == "table"
        and last.rows
        and max(len(r) for r in last.rows) == width
    ):
        last.rows.extend(rows)
        last.text = _table_text(last.rows)
        return
    parent.children.append(Node(kind="table", rows=rows, page=page, text=_table_text(rows)))


def _table_text(rows: list[list[str]]) -> str:
    return " | ".join(" ; ".join(c for c in row if c) for row in rows)


def _classify(node: Node, labels: dict[int, _Label]) -> None:
    """Numbered lead-ins with children, and short numbered lines, are headings;
    long numbered sentences without children are items (targets, tasks)."""
    for child in node.children:
        _classify(child, labels)
        label = labels.get(id(child))
        if label is None or child.kind == "heading" or label.family in ("bullet", "plus"):
            continue
        has_structure = any(c.kind in ("heading", "item", "table") for c in child.children)
        short = len(child.text.split()) <= _HEADING_MAX_WORDS and not child.text.endswith(
            (".", ";")
        )
        upper = child.text.upper() == child.text and any(ch.isalpha() for ch in child.text)
        if upper or (has_structure and short) or (short and child.children):
            child.kind = "heading"


def _assign_paths(node: Node, labels: dict[int, _Label], parent_path: str) -> None:
    """Path of a heading = its ancestors' labels joined, "II." > "2." > "2.1." → "II.2.1"."""
    for child in node.children:
        label = labels.get(id(child))
        if child.kind == "heading" and label is not None and label.key:
            child.path = _join_path(parent_path, label)
            _assign_paths(child, labels, child.path)
        else:
            if child.kind in ("item", "text", "table"):
                child.path = parent_path
            _assign_paths(child, labels, parent_path)


def _join_path(parent: str, label: _Label) -> str:
    if not parent:
        return label.key
    parts = parent.split(".")
    if label.family == "arabic" and "." in label.key:
        head = label.key.split(".")[0]
        # Replace the parent's arabic component when the child repeats it ("2" → "2.1").
        if parts and parts[-1] == head:
            return ".".join([*parts[:-1], label.key])
    return f"{parent}.{label.key}"


def _numbering_issues(node: Node, labels: dict[int, _Label]) -> list[OutlineIssue]:
    issues: list[OutlineIssue] = []
    previous: dict[str, str] = {}
    for child in node.children:
        label = labels.get(id(child))
        if label is not None and label.family in ("roman", "arabic", "letter"):
            family = label.family + ":" + label.key.rsplit(".", 1)[0] * ("." in label.key)
            issue = _sequence_issue(previous.get(family), label, child)
            if issue:
                issues.append(issue)
            previous[family] = label.key
        issues.extend(_numbering_issues(child, labels))
    return issues


def _sequence_issue(prev: str | None, label: _Label, node: Node) -> OutlineIssue | None:
    """A gap or a repeat after ``prev``; with no ``prev``, a list that does not start at
    its first number ("3." followed by "3.2": the clerk deleted 3.1 and kept the numbers)."""
    allowed = _successors(prev, label.family) if prev else _starts(label)
    if not allowed or label.key in allowed:
        return None
    expected = allowed[0]
    return OutlineIssue(
        kind="repeat" if label.key == prev else "gap",
        label=label.label,
        expected=expected,
        page=node.page,
        quote=node.text[:120],
    )


def _starts(label: _Label) -> list[str]:
    """The numbers a list of ``label``'s family may start with."""
    if label.family == "arabic":
        *head, _ = label.key.split(".")
        return [".".join([*head, "1"])]
    if label.family == "roman":
        return ["I"]
    if label.family == "letter":
        return ["a", "A"]
    return []


def _successors(key: str, family: str) -> list[str]:
    if family == "arabic":
        *head, last = key.split(".")
        return [".".join([*head, str(int(last) + 1)])]
    if family == "roman":
        value = _roman_value(key)
        return [_to_roman(value + 1)] if value else []
    if family == "letter":
        return [o[o.index(key) + 1] for o in _LETTER_ORDERS if key in o[:-1]]
    return []


_ROMAN_VALUES = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman_value(text: str) -> int:
    total, i = 0, 0
    for value, symbol in _ROMAN_VALUES:
        while text.startswith(symbol, i):
            total += value
            i += len(symbol)
    return total if i == len(text) else 0


def _to_roman(value: int) -> str:
    out = ""
    for number, symbol in _ROMAN_VALUES:
        while value >= number:
            out += symbol
            value -= number
    return out


def headings(root: Node) -> list[Node]:
    """Every heading-like node: headings and numbered items, in document order."""
    return [
        n
        for n in root.walk()[1:]
        if n.kind == "heading" or (n.kind == "item" and n.label not in (None, "-", "+"))
    ]
