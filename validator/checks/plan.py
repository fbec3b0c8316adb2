"""Checks of an annual plan: areas, targets (quantity, milestone, lead unit), minimums."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from validator.checks.base import CheckContext, Hit, NoParams, check
from validator.checks.sections import HeadingSpec, find_heading
from validator.models import Location, Node, Target
from validator.ruleset import Area
from validator.targets import area_of
from validator.text import shorten


class OutlineParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    headings: list[HeadingSpec]


@check("required_outline", OutlineParams)
def required_outline(ctx: CheckContext, params: OutlineParams) -> list[Hit]:
    """Every heading of the model outline is present (matched by its words, not its number)."""
    if ctx.outline is None:
        return []
    hits: list[Hit] = []
    _require(ctx, ctx.outline.root, params.headings, set(), hits)
    return hits


def _require(
    ctx: CheckContext, scope: Node, specs: list[HeadingSpec], taken: set[int], hits: list[Hit]
) -> None:
    for spec in specs:
        node = find_heading(scope, spec.match, taken)
        if node is None:
            section = f"{spec.path} {spec.title}"
            hits.append(
                Hit(
                    Location(file=ctx.file, section=section),
                    {"path": spec.path, "title": spec.title, "section": section},
                )
            )
            continue
        _require(ctx, node, spec.children, taken, hits)


@check("required_areas")
def required_areas(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """Every area of letter 260 §4 has its own heading (or table group row) in the plan."""
    if ctx.outline is None:
        return []
    found = {a.id for a in (_area(n, ctx) for n in _area_carriers(ctx.outline.root)) if a}
    found.update(t.area for t in ctx.targets if t.area and t.source == "table")
    return [
        Hit(Location(file=ctx.file, section=area.name), {"area": area.name, "id": area.id})
        for area in ctx.ruleset.vocabulary.areas
        if area.id not in found
    ]


def _area_carriers(root: Node) -> list[Node]:
    """Headings and lead-in items (with items under them): where an area is named. A
    numbered target that merely mentions satisfaction is not an area of its own."""
    return [n for n in root.walk()[1:] if n.kind == "heading" or (n.kind == "item" and n.children)]


def _area(node: Node, ctx: CheckContext) -> Area | None:
    return area_of(node.text, ctx.ruleset.vocabulary.areas)


class SelectParams(BaseModel):
    """Which targets a rule looks at: "task", "target" or "target:table", "target:prose"."""

    model_config = ConfigDict(extra="forbid")
    select: list[str] = Field(default_factory=lambda: ["task", "target"])


def _selected(targets: list[Target], select: list[str]) -> list[Target]:
    return [t for t in targets if t.kind in select or f"{t.kind}:{t.source}" in select]


def _target_hit(ctx: CheckContext, target: Target, **values: object) -> Hit:
    what = "chỉ tiêu" if target.kind == "target" else "nhiệm vụ"
    return Hit(
        Location(
            file=ctx.file,
            page=target.page,
            section=target.section or None,
            quote=shorten(target.text),
        ),
        {"what": what, "text": shorten(target.text, 80), **values},
    )


@check("targets_quantified", SelectParams)
def targets_quantified(ctx: CheckContext, params: SelectParams) -> list[Hit]:
    """Every target states a number: a percentage, a count or a range."""
    return [_target_hit(ctx, t) for t in _selected(ctx.targets, params.select) if not t.quantities]


@check("targets_milestone", SelectParams)
def targets_milestone(ctx: CheckContext, params: SelectParams) -> list[Hit]:
    """Every target or task has a completion milestone: a date, a month or a quarter."""
    return [_target_hit(ctx, t) for t in _selected(ctx.targets, params.select) if not t.milestone]


@check("targets_lead_unit", SelectParams)
def targets_lead_unit(ctx: CheckContext, params: SelectParams) -> list[Hit]:
    """Every target or task names a specific lead unit (not "các bộ phận liên quan")."""
    return [_target_hit(ctx, t) for t in _selected(ctx.targets, params.select) if not t.lead_unit]


@check("min_threshold")
def min_threshold(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """A target of a district metric is not lower than the district minimum."""
    metrics = {m.id: m for m in ctx.ruleset.vocabulary.metrics}
    hits = []
    for target in ctx.targets:
        for metric_id, value in target.measures.items():
            metric = metrics[metric_id]
            too_low = value < metric.minimum or (metric.strict and value <= metric.minimum)
            if too_low:
                minimum = ("trên " if metric.strict else "") + f"{metric.minimum:g}%"
                hits.append(
                    _target_hit(
                        ctx,
                        target,
                        metric=metric.name,
                        value=f"{round(value, 1):g}%",
                        minimum=minimum,
                    )
                )
    return hits
