"""Typed values that flow one way through the pipeline.

receive → ingest (``IngestedDocument``) → outline (``Node`` tree) → form and targets
(``DocumentForm``, ``Target``) → checks (``Finding``) → decision (``CheckResult``).

``CheckResult`` is the public contract of ``../shared/contract.md``: its field names and the
codes are stable; fields may be added, never renamed or dropped.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from validator.crossdoc.models import CrossCheck


class Severity(StrEnum):
    RETURN = "return"
    WARNING = "warning"
    INFO = "info"


class DocKind(StrEnum):
    PLAN = "plan"
    REPORT = "report"
    EVIDENCE = "evidence"
    UNKNOWN = "unknown"


class Period(StrEnum):
    Q1 = "q1"
    H1 = "h1"
    Q3 = "q3"
    YEAR = "year"


# --------------------------------------------------------------------------- ingest


class Paragraph(BaseModel):
    """One paragraph (PDF: one visual line or joined lines) in reading order."""

    kind: Literal["paragraph"] = "paragraph"
    text: str
    page: int | None = None  # 1-based; None where the format has no pages
    bold: bool = False
    italic: bool = False
    size: float | None = None  # font size in points, where known
    style: str | None = None  # DOCX style name or "Heading N" from Markdown
    label: str | None = None  # automatic numbering rendered by Word: "1.", "a)", "-"
    align: Literal["left", "center", "right", "justify"] | None = None
    x0: float | None = None  # left edge as a fraction of the page width (PDF, OCR)
    confidence: float | None = None  # OCR mean word confidence 0..1; None for text layers


class Table(BaseModel):
    kind: Literal["table"] = "table"
    rows: list[list[str]]
    page: int | None = None


Block = Annotated[Paragraph | Table, Field(discriminator="kind")]


class IngestedDocument(BaseModel):
    """What a reader extracted from one file, NFC-normalised, in reading order."""

    file: str  # the name shown to users
    media_type: Literal["pdf", "docx", "text", "image"]
    pages: int | None = None
    blocks: list[Block] = Field(default_factory=list)
    ocr: bool = False  # text came from OCR (a scan)


# --------------------------------------------------------------------------- outline


class Node(BaseModel):
    """A node of the heading tree: a heading, a list item, body text or a table."""

    kind: Literal["heading", "item", "text", "table"]
    label: str | None = None  # as printed: "II.", "2.1.", "a)", "-", "+"
    path: str | None = None  # section path of headings and numbered items: "II.2.1"
    text: str = ""  # without the label
    page: int | None = None
    rows: list[list[str]] | None = None  # tables only
    children: list[Node] = Field(default_factory=list)
    confidence: float | None = None

    def walk(self) -> list[Node]:
        """This node and every descendant, depth first, in document order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


class OutlineIssue(BaseModel):
    """Irregular numbering (a gap or a repeat): a warning, never a crash."""

    kind: Literal["gap", "repeat"]
    label: str
    expected: str | None = None
    page: int | None = None
    quote: str = ""


class Outline(BaseModel):
    root: Node
    issues: list[OutlineIssue] = Field(default_factory=list)


# --------------------------------------------------------------------------- form and targets


class DocumentNumber(BaseModel):
    raw: str  # as printed after "Số:"
    number: str | None = None  # "45"
    type_code: str | None = None  # "KH"; None for an official letter ("260/GDĐT")
    issuer_code: str | None = None  # "THCSNVA"
    page: int | None = None


class DocumentForm(BaseModel):
    """The Decree 30 frame of a document: who, which number, when, what, who signs."""

    issuer: str | None = None
    number: DocumentNumber | None = None
    number_line: str | None = None  # the raw "Số: …" line even when it does not parse
    place_date_line: str | None = None
    issued_on: dt.date | None = None
    date_problem: str | None = None  # why a place-date line did not give a valid date
    title: str | None = None
    kind: DocKind = DocKind.UNKNOWN
    period: Period | None = None
    year: int | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    signature_page: int | None = None
    has_recipients: bool = False


class Quantity(BaseModel):
    value: float
    upper: float | None = None  # ranges: "từ 30 đến 40%"
    unit: Literal["percent", "count"]
    strict: bool = False  # "trên 80%": strictly above
    text: str


class Target(BaseModel):
    """A target or task of a plan, from a prose item or a table row."""

    kind: Literal["target", "task"]
    text: str
    section: str | None = None  # path of the enclosing area heading
    area: str | None = None  # id of the plan area it belongs to
    page: int | None = None
    source: Literal["prose", "table"]
    quantities: list[Quantity] = Field(default_factory=list)
    milestone: str | None = None
    lead_unit: str | None = None
    metric: str | None = None  # id of the first district metric it measures
    measures: dict[str, float] = Field(default_factory=dict)  # metric id -> value it sets


# --------------------------------------------------------------------------- evidence (OCR)


class PdfSignature(BaseModel):
    field: str | None = None
    signer_name: str | None = None
    organisation: str | None = None
    signed_at: dt.datetime | None = None
    intact: bool | None = None  # the signed bytes are unchanged
    changed: bool = False  # content was changed after signing (beyond form filling)
    trusted: bool | None = None  # None: no trust roots configured
    note: str | None = None

    @property
    def valid(self) -> bool:
        """Intact, unchanged since, and not from a certificate outside the trust roots."""
        return bool(self.intact) and not self.changed and self.trusted is not False


NUMBER_SURE_CONFIDENCE = 0.8  # an evidence number read at least this surely is "confident"


class EvidenceResult(BaseModel):
    """One evidence file as the contract's ``evidence`` array shows it (plus detail)."""

    file: str
    number: str | None = None
    number_confidence: float = 0.0
    number_unreadable: bool = False  # the "Số:" line is there but its digits cannot be read
    number_repairs: list[str] = Field(default_factory=list)
    signature: bool = False
    signature_confidence: float = 0.0
    seal: bool = False
    seal_confidence: float = 0.0
    signer_title: str | None = None
    signer_name: str | None = None
    issued_on: dt.date | None = None
    issuer: str | None = None  # the school named in the header, when one is
    pdf_signatures: list[PdfSignature] = Field(default_factory=list)
    readable: bool = True
    problem: str | None = None  # why it is unreadable, in Vietnamese
    pages: int = 0
    confidence: float = 0.0
    regions: dict[str, list[int]] = Field(default_factory=dict)  # name -> [page, x0, y0, x1, y1]
    number_code: str | None = None  # printed code after "/" ("CT-UBND"), even when unreadable
    number_type: str | None = None  # Decree 30 type abbreviation ("KH"); None for a letter
    number_type_known: bool | None = None  # False: the code has a type group not in the list

    @property
    def number_unsure(self) -> bool:
        """A number was read, but not surely enough to go unchecked (handwriting read by
        one recogniser, or only partly by the other): the report asks to compare it with
        the original."""
        return self.number is not None and self.number_confidence < NUMBER_SURE_CONFIDENCE


# --------------------------------------------------------------------------- findings and result


class Location(BaseModel):
    file: str | None = None
    page: int | None = None
    section: str | None = None
    quote: str | None = None


class Finding(BaseModel):
    code: str
    severity: Severity
    rule: str
    message: str
    hint: str
    location: Location = Field(default_factory=Location)


class DocumentInfo(BaseModel):
    kind: DocKind = DocKind.UNKNOWN
    period: Period | None = None
    year: int | None = None
    number: str | None = None
    issued_on: dt.date | None = None
    issuer: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None


class RulesetRef(BaseModel):
    id: str
    version: str


class Stats(BaseModel):
    returns: int = 0
    warnings: int = 0
    infos: int = 0
    seconds: float = 0.0


class CheckResult(BaseModel):
    decision: Literal["pass", "return"]
    file: str | None = None
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    findings: list[Finding] = Field(default_factory=list)
    evidence: list[EvidenceResult] = Field(default_factory=list)
    ruleset: RulesetRef
    stats: Stats = Field(default_factory=Stats)
    # added to the contract: the plan targets beside the report lines, citations against
    # evidence, figures against earlier reports (validator/crossdoc); null when none
    crosscheck: CrossCheck | None = None
