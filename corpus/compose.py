"""Compose a document as render blocks while recording where each injected defect landed.

Plans and reports are written top to bottom through a :class:`Composer`. It keeps the stack
of printed heading labels, so when a defective item is written it can say which numbered
section encloses it, exactly as a checker should report it ("II." > "2." > "2.1." gives
"II.2.1"). The styling choices of one document (numbering scheme, casing, Word automatic
numbering) live in :class:`Style` so every heading of a document looks alike.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from validator.models import Paragraph, Table

Block = Paragraph | Table
Casing = Literal["upper", "sentence", "title"]
CASINGS: tuple[Casing, ...] = ("sentence", "upper", "title")


class ExpectedFinding(BaseModel):
    """What a correct checker must report for one injected defect."""

    code: str
    section: str | None = None
    quote: str = ""
    severity: str = "return"  # the contract's default severity of the code


def numbering_path(labels: list[str]) -> str:
    """The printed numbering path of nested heading labels.

    Labels lose their trailing "." or ")" and are joined with "."; a child label that
    already starts with its parent's number replaces it ("II." > "2." > "2.1." → "II.2.1").
    """
    parts: list[str] = []
    for label in labels:
        core = label.strip().rstrip(".)")
        if parts and core.startswith(parts[-1] + "."):
            parts[-1] = core
        else:
            parts.append(core)
    return ".".join(parts)


def recase(text: str, casing: Casing) -> str:
    """A heading as a clerk types it: all capitals, sentence case, or Each Word Capitalised."""
    if casing == "upper":
        return text.upper()
    if casing == "title":
        return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))
    return text


@dataclass(frozen=True)
class Style:
    """The look of one document; drawn once so every heading of it looks alike."""

    auto_labels: bool  # labels as Word automatic numbering (DOCX) rather than typed text
    heading_styles: bool  # Word "Heading N" styles rather than bold body paragraphs
    sub_casing: Casing  # second-level headings
    sub_bold: bool
    third_italic: bool  # third-level headings in italics, as the letter's outline has them
    bullet: str  # "-" or "+" for prose items
    lettered: bool  # prose tasks as "a)", "b)" rather than bullets

    @classmethod
    def draw(cls, rng: random.Random, docx: bool) -> Style:
        return cls(
            auto_labels=docx and rng.random() < 0.6,
            heading_styles=docx and rng.random() < 0.4,
            sub_casing=rng.choices(CASINGS, weights=[6, 3, 1])[0],
            sub_bold=rng.random() < 0.8,
            third_italic=rng.random() < 0.5,
            bullet=rng.choice(["-", "-", "+"]),
            lettered=rng.random() < 0.3,
        )


@dataclass
class Composer:
    """Collects blocks, tracks the heading stack and records the expected findings."""

    style: Style
    blocks: list[Block] = field(default_factory=list)
    expected: list[ExpectedFinding] = field(default_factory=list)
    _stack: list[tuple[int, str]] = field(default_factory=list)

    def heading(self, level: int, label: str, title: str) -> None:
        """A numbered heading; level 1 is "I." (upper case), deeper levels follow the style."""
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, label))
        casing: Casing = "upper" if level == 1 else self.style.sub_casing
        text = recase(title, casing)
        bold = level == 1 or (level == 2 and self.style.sub_bold) or level >= 3
        italic = level >= 3 and self.style.third_italic
        style = f"Heading {level}" if self.style.heading_styles else None
        self._emit(label, text, bold=bold, italic=italic, style=style)

    def item(self, label: str, text: str) -> None:
        """A list item (task, target, result line) under the current heading."""
        self._emit(label, text)

    def para(self, text: str, **fmt: object) -> None:
        self.blocks.append(Paragraph.model_validate({"text": text, **fmt}))

    def table(self, rows: list[list[str]]) -> None:
        self.blocks.append(Table(rows=rows))

    def path(self) -> str:
        return numbering_path([label for _, label in self._stack])

    def expect(self, code: str, quote: str, section: str | None = "here") -> None:
        """Record a finding; by default located at the heading currently open."""
        where = self.path() if section == "here" else section
        self.expected.append(ExpectedFinding(code=code, section=where, quote=quote))

    def _emit(self, label: str, text: str, **fmt: object) -> None:
        if self.style.auto_labels:
            self.para(text, label=label, **fmt)
        else:
            self.para(f"{label} {text}", **fmt)


def roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1]


def letter(n: int) -> str:
    return "abcdeghiklmnopqrstuvxy"[n - 1]  # Vietnamese lists skip f, j, w, z


def date_words(day: dt.date) -> str:
    """Decree 30 date: days below 10 and months 1-2 with a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date, pad_month: bool = False) -> str:
    """A date as schools write it in running text: "01/3/2023" (or "01/03/2023")."""
    month = f"{day.month:02d}" if pad_month else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def doc_number(n: int) -> str:
    """Decree 30: numbers below 10 take a leading zero."""
    return f"{n:02d}"
