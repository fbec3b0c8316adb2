"""Pair each target of the plan with the report line that answers it, and read the answer.

A target that measures a district metric is answered by a line naming the same metric (the
rule set's metric keywords, plus ``metric_synonyms`` for the ways reports reword them); any
other target by a line that repeats enough of its subject words (``min_overlap``), compared
case- and diacritic-insensitively. Among the candidates the pairing prefers a line that gives
a result, then a line written to answer a target (it restates the plan's figure, or it is a
row of a results table), then the one repeating most of the target's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from validator.crossdoc.models import PairStatus, Place, TargetPair, Verdict
from validator.crossdoc.statements import Statement
from validator.crossdoc.vocabulary import CrossVocabulary
from validator.models import Quantity, Target
from validator.quantities import quantities, strip_citations
from validator.ruleset import Vocabulary
from validator.targets import matches, measures
from validator.text import fold

_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Reading:
    """What one report line says about one target."""

    figure: float | None
    verdict: Verdict | None
    below: bool = False  # a figure below the plan's (any of them, for a two-figure target)

    @property
    def answers(self) -> bool:
        return self.figure is not None or self.verdict is not None


def pair_targets(
    targets: list[Target],
    lines: list[Statement],
    vocab: Vocabulary,
    cross: CrossVocabulary,
    plan_file: str,
    report_file: str,
) -> list[TargetPair]:
    """One pairing per target, in the plan's order."""
    return [_pair(t, lines, vocab, cross, plan_file, report_file) for t in targets]


def metrics_named(text: str, vocab: Vocabulary, cross: CrossVocabulary) -> set[str]:
    """The district metrics a text names by their keywords or the report synonyms."""
    return {
        m.id for m in vocab.metrics if matches(text, m.match + cross.metric_synonyms.get(m.id, []))
    }


def subject_words(text: str, cross: CrossVocabulary) -> set[str]:
    """The words that say what a line is about: folded, without figures or stop words."""
    stop = {fold(w) for w in cross.stop_words}
    return {w for w in _WORD.findall(fold(strip_citations(text))) if w not in stop}


def _pair(
    target: Target,
    lines: list[Statement],
    vocab: Vocabulary,
    cross: CrossVocabulary,
    plan_file: str,
    report_file: str,
) -> TargetPair:
    # the metric of the target's first figure is what it is about ("40% hồ sơ được đánh
    # giá, 95% hài lòng" is about evaluations, not satisfaction)
    primary = next(iter(target.measures), None)
    wanted = {primary} if primary else metrics_named(target.text, vocab, cross)
    primary = primary or next(iter(sorted(wanted)), None)
    expected = _expected(target, primary)
    words = subject_words(target.text, cross)
    best: tuple[tuple[bool, bool, float], Statement, Reading] | None = None
    for line in lines:
        score = _overlap(words, subject_words(line.text, cross))
        if wanted:
            if not wanted & metrics_named(line.text, vocab, cross):
                continue
        elif score < cross.min_overlap:
            continue
        reading = read_result(line.result, target, expected, primary, vocab, cross)
        key = (reading.answers, line.explicit, score)
        if best is None or key > best[0]:
            best = (key, line, reading)
    pair = TargetPair(
        target=Place(file=plan_file, page=target.page, section=target.section, text=target.text),
        metric=primary,
        expected=expected.value if expected else None,
        expected_text=expected.text if expected else None,
        status=PairStatus.MISSING,
    )
    if best is None:
        return pair
    (answers, _, score), line, reading = best
    if not answers and score < cross.min_overlap:
        return pair  # no line answers it, and none is close enough to show beside it
    pair.report = Place(file=report_file, page=line.page, section=line.section, text=line.quote)
    pair.reported, pair.verdict, pair.score = reading.figure, reading.verdict, round(score, 2)
    pair.status = _status(reading)
    return pair


def _overlap(target_words: set[str], line_words: set[str]) -> float:
    return len(target_words & line_words) / len(target_words) if target_words else 0.0


def _expected(target: Target, primary: str | None) -> Quantity | None:
    """The plan's figure for the target: the metric's value where it measures one."""
    percents = [q for q in target.quantities if q.unit == "percent"]
    if primary and primary in target.measures:
        return _metric_quantity(target.measures[primary], percents)
    if not target.quantities:
        return None
    return percents[0] if percents else target.quantities[0]


def _metric_quantity(value: float, percents: list[Quantity]) -> Quantity:
    """``measures`` adds 0.001 to a strict figure ("trên 80%" → 80.001): undo it."""
    base = round(value)
    strict = abs(value - base - 0.001) < 1e-6
    found = next((q for q in percents if abs(q.value - base) < 1e-6), None)
    text = found.text if found else f"{base:g}%"
    return Quantity(
        value=base, unit="percent", strict=strict, text=("trên " if strict else "") + text
    )


def read_result(
    text: str,
    target: Target,
    expected: Quantity | None,
    primary: str | None,
    vocab: Vocabulary,
    cross: CrossVocabulary,
) -> Reading:
    """The reported figure (of the target's unit) and the verdict of one report line."""
    found = quantities(text, vocab.ordinal_words)
    said = verdict(text, cross)
    if expected is not None and expected.unit == "count":
        counts = [q.value for q in found if q.unit == "count"]
        first = counts[0] if counts else None
        return Reading(first, said, first is not None and _below(first, expected))
    percents = [q.value for q in found if q.unit == "percent"]
    named = measures(text, vocab.metrics, vocab.ordinal_words)
    goals = {m: _metric_quantity(v, []) for m, v in target.measures.items()}
    if len(goals) > 1 and len(percents) >= len(goals):
        # "100%; 95%" for "100% ISO 9001 và 80% ISO điện tử": figures in the plan's order
        pairs = list(zip(goals.values(), percents, strict=False))
        return Reading(percents[0], said, any(_below(v, goal) for goal, v in pairs))
    figure = _figure(percents, named, primary)
    below = figure is not None and expected is not None and _below(figure, expected)
    return Reading(figure, said, below)


def _figure(percents: list[float], named: dict[str, float], primary: str | None) -> float | None:
    if primary in named:
        return round(named[primary], 3)
    # a figure the line gives for another metric ("đúng hạn … (100%)") is not this one's
    others = {round(v) for k, v in named.items() if k != primary}
    free = [v for v in percents if round(v) not in others]
    return free[0] if free else None


def _below(value: float, goal: Quantity) -> bool:
    return value < goal.value - 1e-9 or (goal.strict and value <= goal.value + 1e-9)


def verdict(text: str, cross: CrossVocabulary) -> Verdict | None:
    """Achieved, not achieved or nothing to count, as the line says it (negatives first:
    "không đạt" contains "đạt"). Diacritics count here: "đặt" (set) is not "đạt" (met)."""
    lowered = text.lower()
    for phrases, value in (
        (cross.verdict_negative, "not_achieved"),
        (cross.verdict_neutral, "not_applicable"),
        (cross.verdict_positive, "achieved"),
    ):
        if any(re.search(rf"(?<!\w){re.escape(p.lower())}(?!\w)", lowered) for p in phrases):
            return value  # type: ignore[return-value]
    return None


def _status(reading: Reading) -> PairStatus:
    if not reading.answers:
        return PairStatus.MISSING
    if reading.verdict == "not_achieved":
        return PairStatus.NOT_ACHIEVED
    return PairStatus.BELOW_TARGET if reading.below else PairStatus.ANSWERED
