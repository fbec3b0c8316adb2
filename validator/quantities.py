"""Reading a target's sentence: its quantities, its milestone and its lead unit.

What counts as a milestone or a lead unit is the rule set's vocabulary ("Thường xuyên" is
not a milestone, "Toàn trường" is not a lead unit); this module only finds the candidates.
Dates inside citations ("Quyết định số 4910/QĐ-UBND ngày 02/11/2018") are not milestones,
so citations are cut out before looking.
"""

from __future__ import annotations

import re

from validator.models import Quantity
from validator.ruleset import Vocabulary
from validator.text import fold

_CITATION = re.compile(
    r"(?:số\s*)?\d{1,6}(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ&]*(?:-[A-Za-zĐđ&0-9]+)*"
    r"(?:[^.;()]{0,80}?ngày\s+(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?",
    re.I,
)
_NUM = r"\d+(?:[.,]\d+)?"
_RANGE = re.compile(rf"(?:từ\s+)?(?P<lo>{_NUM})\s*%?\s*(?:đến|tới|-|–)\s*(?P<hi>{_NUM})\s*%", re.I)
_PERCENT = re.compile(rf"(?P<v>{_NUM})\s*%")
_STRICT = re.compile(r"(?:trên|hơn|vượt|cao hơn)\s*(?:mức\s*)?(?:từ\s*)?$", re.I)

_DATE = re.compile(r"\b\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?\b")
_DATE_WORDS = re.compile(r"\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}", re.I)
_MONTH = re.compile(r"\btháng\s+(?:\d{1,2}|mười hai|mười một|mười)\b(?:\s*/\s*\d{4})?", re.I)
_QUARTER = re.compile(r"\bquý\s+(?:IV|I{1,3}|[1-4])\b", re.I)
_SEMESTER = re.compile(r"\bhọc\s+kỳ\s+(?:I{1,2}|[12])\b", re.I)
_RECURRING_DAY = re.compile(
    r"\bngày\s+\d{1,2}\s+(?:của\s+)?(?:hằng|hàng|mỗi|các)\s+(?:tháng|quý)", re.I
)
_WEEK = re.compile(r"\btuần\s+(?:\d{1,2}|thứ\s+\d{1,2})\b", re.I)


def strip_citations(text: str) -> str:
    """Remove cited document numbers and their dates, which are not the task's own."""
    return _CITATION.sub(" ", text)


def without_labelled_clauses(text: str, labels: list[str]) -> str:
    """The text without its "Chủ trì: …" and "Thời gian: …" clauses.

    A figure in those clauses ("Thời gian: định kỳ 6 tháng") is a date or a period, never the
    task's target. A clause runs to the next ";" or to the ")" that closes its bracket."""
    if not labels:
        return text
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    pieces, resume = [], 0
    for m in re.finditer(rf"(?<!\w)(?:{names})\s*:", text, re.I):
        if m.start() < resume:
            continue
        pieces.append(text[resume : m.start()])
        resume = _clause_end(text, m.end())
    pieces.append(text[resume:])
    return "".join(pieces)


def _clause_end(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return i
            depth -= 1
        elif char == ";" and depth == 0:
            return i
    return len(text)


def quantities(text: str, ordinal_words: list[str], any_count: bool = False) -> list[Quantity]:
    """Percentages, ranges ("từ 30 đến 40%") and counts ("02 chuyên đề") in order.

    A number before a word is a count unless it names a date, a year, a version or an
    ordinal ("năm 2023", "Khối 5", "mức độ 3", "nhiệm vụ 3": the words before it are the
    rule set's ``ordinal_words``). In a table's "Chỉ tiêu" cell (``any_count``) every
    number is the target's figure."""
    text = strip_citations(text)
    found: list[tuple[int, Quantity]] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        lo, hi = _float(m.group("lo")), _float(m.group("hi"))
        if lo <= hi <= 100:
            strict = _strict_before(text, m.start())
            quantity = Quantity(value=lo, upper=hi, unit="percent", strict=strict, text=m.group(0))
            found.append((m.start(), quantity))
            taken.append(m.span())
    for m in _PERCENT.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        strict = _strict_before(text, m.start())
        quantity = Quantity(
            value=_float(m.group("v")), unit="percent", strict=strict, text=m.group(0)
        )
        found.append((m.start(), quantity))
        taken.append(m.span())
    found.extend(_counts(text, ordinal_words, any_count, taken))
    return [q for _, q in sorted(found, key=lambda item: item[0])]


# "02 chuyên đề", and "1.000 lượt" / "10.000.000 đồng" with the Vietnamese thousands dot
_COUNT = re.compile(
    r"(?<![\d/.,:%])(?P<v>\d{1,3}(?:\.\d{3})+|\d{1,5})(?![\d/%.,:-])\s*(?P<word>[^\W\d_]+)?"
)
_YEAR_LIKE = re.compile(r"^(19|20)\d\d$")


def _counts(
    text: str, ordinal_words: list[str], any_count: bool, taken: list[tuple[int, int]]
) -> list[tuple[int, Quantity]]:
    folded = fold(text)
    ordinals = tuple(fold(w) for w in ordinal_words)
    out = []
    for m in _COUNT.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or _YEAR_LIKE.match(m.group("v")):
            continue
        before = folded[max(0, m.start() - 20) : m.start()].rstrip()
        if not any_count and (m.group("word") is None or before.endswith(ordinals)):
            continue
        out.append(
            (
                m.start(),
                Quantity(
                    value=float(m.group("v").replace(".", "")),
                    unit="count",
                    text=m.group(0).strip(),
                ),
            )
        )
    return out


def _float(text: str) -> float:
    return float(text.replace(",", "."))


def _strict_before(text: str, start: int) -> bool:
    return bool(_STRICT.search(text[max(0, start - 25) : start]))


def milestone(text: str, vocab: Vocabulary) -> str | None:
    """The completion milestone: a date, a month, a quarter or a semester, not a vague word."""
    clean = strip_citations(text)
    labelled = _after_label(clean, vocab.milestone_labels)
    for candidate in (labelled, clean):
        if candidate is None:
            continue
        for pattern in (_DATE, _DATE_WORDS, _RECURRING_DAY, _MONTH, _QUARTER, _SEMESTER, _WEEK):
            m = pattern.search(candidate)
            if m:
                return m.group(0).strip()
    return None


def is_vague_milestone(text: str, vocab: Vocabulary) -> bool:
    folded = fold(text)
    return any(fold(v) in folded for v in vocab.vague_milestones)


def lead_unit(text: str, vocab: Vocabulary) -> str | None:
    """The lead unit: a labelled one ("Chủ trì: Tổ Văn phòng") unless vague, else a known unit."""
    labelled = _after_label(text, vocab.lead_labels)
    if labelled:
        value = re.split(r"[;)\n]|\s+-\s+|,?\s*(?:thời gian|phối hợp)", labelled, flags=re.I)[0]
        value = value.strip(" .,:")
        if value and not is_vague_unit(value, vocab):
            return value
        if value:
            return None
    subject = _subject_leading(text)
    if subject and not is_vague_unit(subject, vocab):
        return subject
    # case-insensitive but not diacritic-insensitive: "văn bản chỉ đạo" is not "Ban Chỉ đạo"
    lowered = text.lower()
    for unit in vocab.lead_units:
        if re.search(rf"(?<!\w){re.escape(unit.lower())}(?!\w)", lowered):
            return unit
    return None


_LEADS_VERB = re.compile(
    r"(?:^|[;.(]\s*|\b(?:giao|do|để)\s+)(?P<unit>[A-ZÀ-ỸĐ][^,;:()]{2,60}?)\s+"
    r"(?:chủ trì|phụ trách|chịu trách nhiệm)\b"
)


def _subject_leading(text: str) -> str | None:
    """ "Thư ký Hội đồng trường chủ trì …": the capitalised subject of "chủ trì"."""
    m = _LEADS_VERB.search(text)
    return m.group("unit").strip() if m else None


def is_vague_unit(text: str, vocab: Vocabulary) -> bool:
    folded = fold(text).strip(" .;,")
    return any(folded == fold(v) or folded.startswith(fold(v)) for v in vocab.vague_units)


def _after_label(text: str, labels: list[str]) -> str | None:
    """The text after "Label:" (case- and diacritic-insensitive), if the label is there."""
    folded = fold(text)
    for label in labels:
        key = fold(label)
        for m in re.finditer(rf"{re.escape(key)}\s*:", folded):
            # Folding keeps lengths for Vietnamese letters, so the index maps back.
            return text[m.end() :].strip() if len(folded) == len(text) else folded[m.end() :]
    return None
