"""Word automatic numbering: the labels ("I.", "2.1.", "a)", "-") Word prints but never stores.

In a .docx a numbered paragraph carries only ``numPr`` (numId, ilvl); its label is computed
by Word from numbering.xml (``abstractNum`` levels: numFmt, lvlText, start; ``num`` with
``startOverride``) and running counters. The outline parser needs the label, so ingest keeps
the same counters and renders the same text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACEHOLDER = re.compile(r"%([1-9])")
# bullets drawn with Symbol/Wingdings private-use code points read as a plain bullet
_SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf0fc": "•", "o": "•"}


@dataclass(frozen=True)
class Level:
    num_fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass(frozen=True)
class NumberingDefinition:
    """One ``w:num``: its abstract list's levels and this instance's start overrides."""

    abstract_id: str
    levels: dict[int, Level]
    start_overrides: dict[int, int] = field(default_factory=dict)

    def level(self, ilvl: int) -> Level:
        base = self.levels.get(ilvl, Level(text=f"%{ilvl + 1}."))
        start = self.start_overrides.get(ilvl)
        return base if start is None else Level(base.num_fmt, base.text, start)


def _val(element: etree._Element | None, default: str = "") -> str:
    if element is None:
        return default
    return str(element.get(f"{W}val", default))


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def _level(lvl: etree._Element) -> Level:
    return Level(
        num_fmt=_val(lvl.find(f"{W}numFmt"), "decimal"),
        text=_val(lvl.find(f"{W}lvlText"), ""),
        start=_int(_val(lvl.find(f"{W}start"), "1"), 1),
    )


def parse_numbering(root: etree._Element | None) -> dict[str, NumberingDefinition]:
    """numId → definition, from the numbering part's root element (None: no numbering)."""
    if root is None:
        return {}
    abstracts = {
        str(a.get(f"{W}abstractNumId")): {
            _int(str(lvl.get(f"{W}ilvl", "0")), 0): _level(lvl) for lvl in a.iter(f"{W}lvl")
        }
        for a in root.iter(f"{W}abstractNum")
    }
    definitions: dict[str, NumberingDefinition] = {}
    for num in root.iter(f"{W}num"):
        abstract_id = _val(num.find(f"{W}abstractNumId"))
        overrides = {
            _int(str(o.get(f"{W}ilvl", "0")), 0): _int(_val(o.find(f"{W}startOverride")), 1)
            for o in num.iter(f"{W}lvlOverride")
            if o.find(f"{W}startOverride") is not None
        }
        definitions[str(num.get(f"{W}numId"))] = NumberingDefinition(
            abstract_id, abstracts.get(abstract_id, {}), overrides
        )
    return definitions


def _roman(value: int) -> str:
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = []
    for amount, numeral in numerals:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


def _letter(value: int) -> str:
    """Word's letters: a … z, then aa … zz (the letter repeated)."""
    value = max(value, 1)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda value: f"{value:02d}",
    "upperRoman": _roman,
    "lowerRoman": lambda value: _roman(value).lower(),
    "upperLetter": lambda value: _letter(value).upper(),
    "lowerLetter": _letter,
    "none": lambda value: "",
}


def format_value(value: int, num_fmt: str) -> str:
    """One counter as Word prints it in ``num_fmt`` (unknown formats as decimal)."""
    return _FORMATS.get(num_fmt, str)(value)


class ListCounters:
    """Word's running counters; lists sharing an abstract definition continue each other.

    A ``w:num`` with start overrides restarts its abstract list the first time it is used.
    Using a level resets the levels below it; a parent level never used shows its start.
    """

    def __init__(self, definitions: dict[str, NumberingDefinition]) -> None:
        self._definitions = definitions
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The label of the next paragraph numbered (num_id, ilvl); None when not numbered."""
        definition = self._definitions.get(num_id)
        if definition is None or num_id == "0":
            return None
        counters = self._counters.setdefault(definition.abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            if definition.start_overrides:
                counters.clear()
        level = definition.level(ilvl)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.num_fmt == "bullet":
            return _SYMBOL_BULLETS.get(level.text, level.text) or "•"
        return self._render(definition, level.text, counters) or None

    @staticmethod
    def _render(definition: NumberingDefinition, text: str, counters: dict[int, int]) -> str:
        def value(match: re.Match[str]) -> str:
            ilvl = int(match.group(1)) - 1
            level = definition.level(ilvl)
            counters.setdefault(ilvl, level.start)
            return format_value(counters[ilvl], level.num_fmt)

        return _PLACEHOLDER.sub(value, text).strip()
