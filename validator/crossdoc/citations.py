"""Document numbers a plan or report cites, and the evidence numbers that answer them.

"Kế hoạch số 45/KH-THCSNVA ngày 10/01/2023", "Quyết định 4910/QĐ-UBND", "Công văn số
260/GDĐT": a number, "/", an optional year ("30/2020/NĐ-CP"), then upper-case code groups.
Numbers compare without leading zeros, spaces and case; an issuer code that OCR damaged a
little ("THCSNVA" read "THCSNV4") still matches above ``issuer_similarity``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from validator.crossdoc.models import Citation, EvidenceMatch, Place
from validator.models import EvidenceResult, Node
from validator.text import fold

_NUMBER = re.compile(
    r"(?<![\w/])(?P<no>\d{1,5})\s*/\s*(?:(?P<year>\d{4})\s*/\s*)?"
    r"(?P<code>[A-ZĐ][A-Za-zĐđ]*(?:\s*-\s*[A-ZĐ0-9][A-Za-zĐđ0-9]*)*)"
)


@dataclass(frozen=True)
class DocNumber:
    """A document number split into what identifies it."""

    raw: str
    number: str  # without leading zeros
    groups: tuple[str, ...]  # code groups, folded upper case: ("KH", "THCSNVA")
    type_code: str | None  # the Decree 30 type as printed ("QĐ"), when the first group is one

    @property
    def issuer(self) -> str:
        return self.groups[-1] if self.groups else ""


def parse_number(raw: str, type_codes: list[str]) -> DocNumber | None:
    m = _NUMBER.search(raw)
    return _from_match(m, type_codes) if m else None


def _from_match(m: re.Match[str], type_codes: list[str]) -> DocNumber:
    printed = [g for g in re.split(r"\s*-\s*", m.group("code")) if g]
    groups = tuple(code_key(g) for g in printed)
    types = {code_key(t) for t in type_codes}
    type_code = printed[0] if len(groups) > 1 and groups[0] in types else None
    raw = re.sub(r"\s+", "", m.group(0))
    return DocNumber(raw, m.group("no").lstrip("0") or "0", groups, type_code)


def code_key(text: str) -> str:
    return fold(text).upper().replace(" ", "")


def same_document(a: DocNumber, b: DocNumber, issuer_similarity: float) -> bool:
    """Same number and type, and the same issuer allowing a little OCR damage."""
    if a.number != b.number or a.groups[:-1] != b.groups[:-1]:
        return False
    ratio = difflib.SequenceMatcher(None, a.issuer, b.issuer).ratio()
    return a.issuer == b.issuer or ratio >= issuer_similarity


def cited_numbers(
    root: Node, file: str, own: DocNumber | None, type_codes: list[str]
) -> list[tuple[DocNumber, Place]]:
    """Every number the document's body cites, once each, with where it is first cited;
    the document's own number is not a citation."""
    seen: list[DocNumber] = [own] if own else []
    out = []
    for node in root.walk():
        texts = [" ".join(r) for r in node.rows or []] if node.kind == "table" else [node.text]
        for text in texts:
            for m in _NUMBER.finditer(text):
                number = _from_match(m, type_codes)
                if any(same_document(number, s, 1.0) for s in seen):
                    continue
                seen.append(number)
                out.append((number, Place(file=file, page=node.page, section=node.path, text=text)))
    return out


def compare_citations(
    cited: list[tuple[DocNumber, Place]],
    evidence: list[EvidenceResult],
    own_issuers: set[str],
    known: list[DocNumber],
    required_types: set[str],
    issuer_similarity: float,
    type_codes: list[str],
) -> tuple[list[Citation], list[EvidenceMatch]]:
    """Which cited numbers have evidence, and which evidence numbers something cites.

    ``known`` are numbers an evidence file may bear without being cited in the body (the
    document's own number, its plan's number); ``required_types`` the types of the school's
    own documents that need evidence."""
    numbered = [
        (e.file, parsed)
        for e in evidence
        if e.readable and e.number and (parsed := parse_number(e.number, type_codes))
    ]
    citations = []
    for number, place in cited:
        own = number.issuer in own_issuers
        citations.append(
            Citation(
                number=number.raw,
                type_code=number.type_code,
                cited_in=place,
                own=own,
                requires_evidence=own and code_key(number.type_code or "") in required_types,
                evidence=[f for f, n in numbered if same_document(n, number, issuer_similarity)],
            )
        )
    references = [n for n, _ in cited] + known
    matches = [
        EvidenceMatch(
            file=f,
            number=n.raw,
            cited=any(same_document(n, c, issuer_similarity) for c in references),
        )
        for f, n in numbered
    ]
    return citations, matches
