"""Cumulative counts across a school's reports of one year.

Letter 260 §3 gives nested data windows: Q1 (01/12–01/03) lies inside 6 months
(01/12–01/06), which lies inside the year (01/12–01/12); Q3 (01/06–01/09) lies inside the
year too. A count of things that happened in a window (files received, documents signed,
news posted) can only grow from a report to one whose window contains it; a year report
with fewer files received than its 6-month report contradicts it.
"""

from __future__ import annotations

import re

from validator.crossdoc.models import PeriodFigure, Place
from validator.crossdoc.statements import Statement
from validator.crossdoc.vocabulary import Counter
from validator.quantities import quantities
from validator.targets import matches
from validator.text import fold

_BREAK = re.compile(r"[;.]\s|\d+(?:[.,]\d+)?\s*%|\d+/\d+")


def counts(
    lines: list[Statement], counters: list[Counter], ordinal_words: list[str]
) -> dict[str, tuple[float, Place]]:
    """The largest value each counter has in the report, with the line that gives it.

    A count is read with the words before it back to the previous figure or sentence break
    and the words after it to the next one; the first counter whose keywords are there and
    whose exclusions are not owns it (the rule set lists specific counters first)."""
    found: dict[str, tuple[float, Place]] = {}
    for line in lines:
        for value, context in _counts_with_context(line.text, ordinal_words):
            counter = _counter_of(context, counters)
            if counter is None or (counter.id in found and found[counter.id][0] >= value):
                continue
            place = Place(page=line.page, section=line.section, text=line.quote)
            found[counter.id] = (value, place)
    return found


def _counts_with_context(text: str, ordinal_words: list[str]) -> list[tuple[float, str]]:
    out = []
    cursor = 0
    for q in quantities(text, ordinal_words):
        start = text.find(q.text, cursor)
        if start < 0:
            continue
        end = start + len(q.text)
        cursor = end
        if q.unit != "count":
            continue
        breaks_before = list(_BREAK.finditer(text, 0, start))
        left = breaks_before[-1].end() if breaks_before else 0
        after = _BREAK.search(text, end)
        right = after.start() if after else len(text)
        out.append((q.value, text[left:right]))
    return out


def _counter_of(context: str, counters: list[Counter]) -> Counter | None:
    folded = fold(context)
    for counter in counters:
        if any(fold(x) in folded for x in counter.exclude):
            continue
        if matches(context, counter.match):
            return counter
    return None


def compare_periods(
    current: dict[str, tuple[float, Place]],
    earlier: dict[str, tuple[float, Place]],
    counters: list[Counter],
    earlier_file: str,
    earlier_period: str,
    current_file: str,
) -> list[PeriodFigure]:
    """Each count both reports give, and whether this report's is lower."""
    out = []
    for counter in counters:
        if counter.id not in current or counter.id not in earlier:
            continue
        value, place = current[counter.id]
        before = earlier[counter.id][0]
        out.append(
            PeriodFigure(
                counter=counter.id,
                name=counter.name,
                earlier_file=earlier_file,
                earlier_period=earlier_period,
                earlier=before,
                current=value,
                current_place=place.model_copy(update={"file": current_file}),
                decreased=value < before,
            )
        )
    return out
