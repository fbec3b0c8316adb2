"""Finding required headings in the outline, whatever their numbering or casing."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from validator.models import Node
from validator.outline import headings
from validator.targets import matches


class HeadingSpec(BaseModel):
    """A required heading: where it sits in the model outline and how to recognise it."""

    model_config = ConfigDict(extra="forbid")
    path: str
    title: str
    match: list[list[str]]
    children: list[HeadingSpec] = Field(default_factory=list)


def find_heading(scope: Node, alternatives: list[list[str]], taken: set[int]) -> Node | None:
    """The shallowest, then earliest, heading under ``scope`` that matches; each node is
    used once, so "Kết quả …" of II.1 is not taken again for II.2."""
    best: tuple[int, int, Node] | None = None
    for order, (depth, node) in enumerate(_heading_depths(scope)):
        if id(node) in taken or not matches(node.text, alternatives):
            continue
        if best is None or (depth, order) < (best[0], best[1]):
            best = (depth, order, node)
    if best is None:
        return None
    taken.add(id(best[2]))
    return best[2]


def _heading_depths(scope: Node) -> list[tuple[int, Node]]:
    wanted = {id(n) for n in headings(scope)}
    out: list[tuple[int, Node]] = []

    def visit(node: Node, depth: int) -> None:
        for child in node.children:
            if id(child) in wanted:
                out.append((depth, child))
            visit(child, depth + 1)

    visit(scope, 0)
    return out


def find_path(root: Node, chain: list[HeadingSpec]) -> Node | None:
    """Follow a chain of specs (II → II.2 → II.2.1) down the outline."""
    scope: Node | None = root
    taken: set[int] = set()
    for spec in chain:
        if scope is None:
            return None
        scope = find_heading(scope, spec.match, taken)
    return scope


def section_text(node: Node) -> str:
    """All the text under a heading (its own items, text and table cells)."""
    parts = []
    for n in node.walk()[1:]:
        parts.append(n.text)
    return "\n".join(p for p in parts if p)
