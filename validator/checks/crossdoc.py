"""Cross-document checks (letter 260 §2 note, §4; report outline I.1): findings from the
comparison the pipeline made (``ctx.crosscheck``, see ``validator.crossdoc``)."""

from __future__ import annotations

from validator.checks.base import CheckContext, Hit, NoParams, check
from validator.crossdoc.models import PairStatus, Place, TargetPair
from validator.models import Location
from validator.text import shorten

_PERIOD_NAMES = {"q1": "quý I", "h1": "6 tháng", "q3": "quý III", "year": "năm"}


def _location(place: Place) -> Location:
    return Location(
        file=place.file, page=place.page, section=place.section, quote=shorten(place.text)
    )


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%".replace(".", ",")


def _values(pair: TargetPair) -> dict[str, object]:
    return {
        "target": shorten(pair.target.text, 120),
        "plan_file": pair.target.file,
        "plan_section": pair.target.section or "?",
        "expected": pair.expected_text or _figure(pair.expected),
        "reported": _figure(pair.reported),
        "report_section": (pair.report.section if pair.report else None) or "?",
    }


@check("plan_target_results")
def plan_target_results(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """Every target of the school's plan has a result in the report (a figure, or achieved /
    not achieved). The place is the plan's target, which the school can look up."""
    pairs = ctx.crosscheck.targets if ctx.crosscheck else []
    return [Hit(_location(p.target), _values(p)) for p in pairs if p.status == PairStatus.MISSING]


@check("results_meet_targets")
def results_meet_targets(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """A reported figure below its plan target is said to be "không đạt"; the place is the
    report line."""
    pairs = ctx.crosscheck.targets if ctx.crosscheck else []
    return [
        Hit(_location(p.report), _values(p))
        for p in pairs
        if p.status == PairStatus.BELOW_TARGET and p.report is not None
    ]


@check("evidence_cited")
def evidence_cited(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """Every evidence number is one the document (or its plan) cites, or its own."""
    items = ctx.crosscheck.evidence if ctx.crosscheck else []
    return [
        Hit(Location(file=e.file), {"evidence": e.file, "number": e.number})
        for e in items
        if not e.cited
    ]


@check("citation_evidence")
def citation_evidence(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """A school's own document the plan or report cites, of a type the rule set names,
    comes with evidence bearing its number."""
    citations = ctx.crosscheck.citations if ctx.crosscheck else []
    return [
        Hit(_location(c.cited_in), {"number": c.number, "type": c.type_code or ""})
        for c in citations
        if c.requires_evidence and not c.evidence
    ]


@check("figures_not_decreasing")
def figures_not_decreasing(ctx: CheckContext, params: NoParams) -> list[Hit]:
    """A cumulative count is not lower than in an earlier report whose window this one
    contains (letter 260 §3 windows all start on 01/12)."""
    figures = ctx.crosscheck.periods if ctx.crosscheck else []
    return [
        Hit(
            _location(f.current_place),
            {
                "name": f.name,
                "current": f"{f.current:g}",
                "earlier": f"{f.earlier:g}",
                "earlier_file": f.earlier_file,
                "earlier_period": _PERIOD_NAMES.get(f.earlier_period, f.earlier_period),
            },
        )
        for f in figures
        if f.decreased
    ]
