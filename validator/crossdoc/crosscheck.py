"""Compare one plan or report with its related documents and its evidence."""

from __future__ import annotations

from validator.crossdoc.citations import (
    DocNumber,
    cited_numbers,
    code_key,
    compare_citations,
    parse_number,
)
from validator.crossdoc.models import CrossCheck, RelatedRef
from validator.crossdoc.pairing import pair_targets
from validator.crossdoc.periods import compare_periods, counts
from validator.crossdoc.related import Related, RelatedDoc
from validator.crossdoc.statements import Statement, statements
from validator.crossdoc.vocabulary import CrossVocabulary
from validator.models import DocKind, DocumentForm, EvidenceResult, Node, Outline, Period, Target
from validator.ruleset import Vocabulary
from validator.targets import matches


def cross_check(
    file: str,
    kind: DocKind,
    period: Period | None,
    year: int | None,
    form: DocumentForm,
    outline: Outline,
    evidence: list[EvidenceResult],
    related: Related,
    vocab: Vocabulary,
) -> CrossCheck | None:
    """Everything the cross-document checks found; None when there is nothing to compare."""
    cross = vocab.crosscheck
    if cross is None or kind not in (DocKind.PLAN, DocKind.REPORT):
        return None
    result = CrossCheck()
    lines = statements(outline.root, cross)
    plan = related.plan if kind == DocKind.REPORT else None
    if plan is not None:
        result.plan = _usable_plan(plan, year)
        if result.plan.problem is None and plan.outline is not None:
            targets = plan_targets(plan.targets, plan.outline.root, vocab)
            result.targets = pair_targets(targets, lines, vocab, cross, plan.ref.file, file)
    _citations(result, file, form, outline, evidence, plan, vocab, cross)
    if kind == DocKind.REPORT:
        _periods(result, file, period, year, lines, related.earlier, vocab, cross)
    empty = not (result.plan or result.earlier or result.citations or result.evidence)
    return None if empty else result


def plan_targets(targets: list[Target], root: Node, vocab: Vocabulary) -> list[Target]:
    """The plan's targets a report must answer: those listed under its "Mục tiêu, chỉ
    tiêu" heading; a plan without one answers for its targets that measure a district metric."""
    titles = {n.path: n.text for n in root.walk() if n.kind == "heading" and n.path}
    listed = [
        t
        for t in targets
        if t.kind == "target" and matches(titles.get(t.section or "", ""), vocab.targets_sections)
    ]
    return listed or [t for t in targets if t.measures]


def _usable_plan(plan: RelatedDoc, year: int | None) -> RelatedRef:
    ref = plan.ref.model_copy()
    if ref.problem is None and ref.kind != DocKind.PLAN:
        ref.problem = "tệp kế hoạch đối chiếu không phải là Kế hoạch CCHC"
    elif ref.problem is None and year and ref.year and ref.year != year:
        ref.problem = f"kế hoạch đối chiếu là của năm {ref.year}, báo cáo là của năm {year}"
    return ref


def _citations(
    result: CrossCheck,
    file: str,
    form: DocumentForm,
    outline: Outline,
    evidence: list[EvidenceResult],
    plan: RelatedDoc | None,
    vocab: Vocabulary,
    cross: CrossVocabulary,
) -> None:
    """Cited numbers against evidence numbers. An evidence file may also bear the
    document's own number, its plan's number or a number its plan cites."""
    own = _number(form, vocab)
    plan_own = _number(plan.form, vocab) if plan is not None else None
    known = [n for n in (own, plan_own) if n]
    if plan is not None and plan.outline is not None:
        plan_cited = cited_numbers(plan.outline.root, plan.ref.file, plan_own, vocab.type_codes)
        known += [n for n, _ in plan_cited]
    result.citations, result.evidence = compare_citations(
        cited_numbers(outline.root, file, own, vocab.type_codes),
        evidence,
        own_issuers={n.issuer for n in (own, plan_own) if n and n.issuer},
        known=known,
        required_types={code_key(t) for t in cross.evidence_required_types},
        issuer_similarity=cross.issuer_similarity,
        type_codes=vocab.type_codes,
    )


def _number(form: DocumentForm, vocab: Vocabulary) -> DocNumber | None:
    return parse_number(form.number.raw, vocab.type_codes) if form.number else None


def _periods(
    result: CrossCheck,
    file: str,
    period: Period | None,
    year: int | None,
    lines: list[Statement],
    earlier: list[RelatedDoc],
    vocab: Vocabulary,
    cross: CrossVocabulary,
) -> None:
    inside = cross.within.get(period, []) if period else []
    mine = counts(lines, cross.counters, vocab.ordinal_words)
    for doc in earlier:
        ref = doc.ref.model_copy()
        result.earlier.append(ref)
        if ref.problem is not None or doc.outline is None:
            continue
        if ref.kind != DocKind.REPORT or ref.period is None:
            ref.problem = "không xác định được kỳ của báo cáo trước"
        elif year and ref.year and ref.year != year:
            ref.problem = f"báo cáo trước là của năm {ref.year}, không cùng năm {year}"
        elif Period(ref.period) not in inside:
            ref.problem = f"số liệu kỳ {ref.period} không nằm trong kỳ {period or '?'}"
        if ref.problem is not None:
            continue
        theirs = counts(statements(doc.outline.root, cross), cross.counters, vocab.ordinal_words)
        result.periods += compare_periods(
            mine, theirs, cross.counters, ref.file, ref.period or "", file
        )
