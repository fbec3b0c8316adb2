"""The one-way pipeline: ingest → outline → form/targets → checks → decision.

Every interface (command line, HTTP API, Celery worker) calls these functions, so all of
them return the same ``CheckResult``. Bad input never raises: it becomes a finding. Only
a broken rule set (a usage error) raises ``RulesetError``.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from validator.checks import CheckContext
from validator.crossdoc.crosscheck import cross_check
from validator.crossdoc.related import Related, RelatedDoc, read_related
from validator.decision import decide, stats
from validator.engine import run_evidence_rules, run_rules
from validator.errors import UnreadableFile
from validator.filenames import safe_display_path, safe_file_name
from validator.form import read_form
from validator.ingest import ingest, screen_evidence
from validator.limits import run_bounded
from validator.models import (
    CheckResult,
    DocKind,
    DocumentForm,
    DocumentInfo,
    EvidenceResult,
    Finding,
    IngestedDocument,
    RulesetRef,
)
from validator.options import CheckOptions
from validator.outline import build_outline
from validator.ruleset import Ruleset, load_ruleset
from validator.settings import Settings, get_settings
from validator.targets import extract_targets

log = logging.getLogger(__name__)

_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")


def is_image(path: Path) -> bool:
    """An image file by its first bytes (JPEG, PNG, TIFF, GIF, BMP, WebP)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except OSError:
        return False
    return head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def check_path(
    path: Path,
    evidence: list[Path] | None = None,
    options: CheckOptions | None = None,
    settings: Settings | None = None,
    display_name: str | None = None,
) -> CheckResult:
    """Dispatch by content: an image alone is an evidence check, anything else a document."""
    options = options or CheckOptions()
    if options.kind == DocKind.EVIDENCE or (not evidence and is_image(path)):
        return check_evidence_file(path, options, settings, display_name)
    return check_document(path, evidence, options, settings, display_name)


def check_document(
    path: Path,
    evidence: list[Path] | None = None,
    options: CheckOptions | None = None,
    settings: Settings | None = None,
    display_name: str | None = None,
) -> CheckResult:
    """Check one plan or report (with its evidence files) and decide pass or return."""
    started = time.perf_counter()
    settings = settings or get_settings()
    options = options or CheckOptions()
    ruleset = load_ruleset(options.ruleset, settings)
    name = safe_display_path(display_name or path.name, max_bytes=settings.max_file_name_bytes)
    evidence_results = [read_evidence(p, settings) for p in evidence or []]
    try:
        doc = run_bounded(ingest, (path, settings, name), settings).value
    except UnreadableFile as exc:
        ctx = _context(name, DocumentForm(), options, ruleset, evidence_results)
        ctx.unreadable = exc.message_en if options.lang == "en" else exc.message_vi
        findings = run_rules(ctx, kinds=[DocKind.UNKNOWN, DocKind.EVIDENCE])
        return _result(name, ctx, findings, ruleset, started)
    related = read_related_files(options, settings, ruleset)
    return check_ingested(doc, evidence_results, options, ruleset, started, related)


def read_related_files(options: CheckOptions, settings: Settings, ruleset: Ruleset) -> Related:
    """The plan and earlier reports named in the options, read like the document itself."""

    def reader(path: Path, name: str) -> IngestedDocument:
        return run_bounded(ingest, (path, settings, name), settings).value

    def read(path: Path) -> RelatedDoc:
        name = safe_file_name(path.name, max_bytes=settings.max_file_name_bytes)
        return read_related(path, name, reader, ruleset.vocabulary)

    return Related(
        plan=read(options.plan) if options.plan else None,
        earlier=[read(p) for p in options.earlier],
    )


def check_ingested(
    doc: IngestedDocument,
    evidence: list[EvidenceResult],
    options: CheckOptions,
    ruleset: Ruleset,
    started: float | None = None,
    related: Related | None = None,
) -> CheckResult:
    """The steps after ingest: outline, form, targets, cross-document comparison, rules,
    decision."""
    started = time.perf_counter() if started is None else started
    outline = build_outline(doc)
    vocab = ruleset.vocabulary
    form = read_form(doc.blocks, vocab.signer_prefixes, vocab.type_codes)
    ctx = _context(doc.file, form, options, ruleset, evidence)
    ctx.doc, ctx.outline = doc, outline
    if ctx.kind == DocKind.PLAN:
        ctx.targets = extract_targets(outline.root, vocab)
    ctx.crosscheck = cross_check(
        doc.file,
        ctx.kind,
        ctx.period,
        ctx.year,
        form,
        outline,
        evidence,
        related or Related(),
        vocab,
    )
    findings = run_rules(ctx, kinds=[ctx.kind, DocKind.EVIDENCE])
    return _result(doc.file, ctx, findings, ruleset, started)


def check_evidence_file(
    path: Path,
    options: CheckOptions | None = None,
    settings: Settings | None = None,
    display_name: str | None = None,
) -> CheckResult:
    """Check a single evidence scan or photo on its own (``cchc check scan.jpg``)."""
    started = time.perf_counter()
    settings = settings or get_settings()
    options = (options or CheckOptions()).model_copy(update={"kind": DocKind.EVIDENCE})
    ruleset = load_ruleset(options.ruleset, settings)
    name = safe_display_path(display_name or path.name, max_bytes=settings.max_file_name_bytes)
    item = read_evidence(path, settings, name)
    ctx = _context(name, DocumentForm(), options, ruleset, [item])
    result = _result(name, ctx, run_evidence_rules(ctx), ruleset, started)
    result.document = DocumentInfo(
        kind=DocKind.EVIDENCE,
        number=item.number,
        issued_on=item.issued_on,
        signer_title=item.signer_title,
        signer_name=item.signer_name,
        year=item.issued_on.year if item.issued_on else None,
    )
    return result


def read_evidence(
    path: Path, settings: Settings, display_name: str | None = None
) -> EvidenceResult:
    """OCR one evidence file within the parse limits; over one, an unreadable result."""
    name = safe_display_path(display_name or path.name, max_bytes=settings.max_file_name_bytes)
    try:
        return run_bounded(screened_evidence, (path, settings, name), settings).value
    except UnreadableFile as exc:
        return EvidenceResult(file=name, readable=False, problem=exc.message_vi)


def screened_evidence(path: Path, settings: Settings, name: str) -> EvidenceResult:
    """The ingest screen (size, polyglot, PDF scripts), then OCR (which never raises for
    bad input). Module-level: it runs in the parse child process."""
    from ocr.evidence import read_evidence as ocr_read_evidence

    screen_evidence(path, settings)
    return ocr_read_evidence(path, settings, display_name=name)


def _context(
    name: str,
    form: DocumentForm,
    options: CheckOptions,
    ruleset: Ruleset,
    evidence: list[EvidenceResult],
) -> CheckContext:
    # A document that says what it is wins over a contradicting declaration (which the
    # kind rule reports), so the school sees its content checked against the right rules.
    kind = form.kind if form.kind != DocKind.UNKNOWN else (options.kind or DocKind.UNKNOWN)
    year = options.year or form.year or (form.issued_on.year if form.issued_on else None)
    return CheckContext(
        file=name,
        kind=kind,
        period=options.period or form.period,
        year=year,
        form=form,
        options=options,
        ruleset=ruleset,
        evidence=evidence,
    )


def _result(
    name: str,
    ctx: CheckContext,
    findings: list[Finding],
    ruleset: Ruleset,
    started: float,
) -> CheckResult:
    form = ctx.form
    info = DocumentInfo(
        kind=ctx.kind,
        period=ctx.period if ctx.kind == DocKind.REPORT else None,
        year=ctx.year,
        number=form.number.raw if form.number else None,
        issued_on=form.issued_on,
        issuer=form.issuer,
        signer_title=form.signer_title,
        signer_name=form.signer_name,
    )
    return CheckResult(
        decision=decide(findings),
        file=name,
        document=info,
        findings=findings,
        evidence=ctx.evidence,
        ruleset=RulesetRef(id=ruleset.id, version=f"{ruleset.version}+{ruleset.digest}"),
        stats=stats(findings, time.perf_counter() - started),
        crosscheck=ctx.crosscheck,
    )
