"""The documents a check compares against: the school's plan and its earlier reports.

They are read the way the checked document is (the pipeline hands in its reader, so limits
and isolation are the same); an unreadable one is recorded with why, never raised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from validator.crossdoc.models import RelatedRef
from validator.errors import UnreadableFile
from validator.form import read_form
from validator.models import DocKind, DocumentForm, IngestedDocument, Outline, Target
from validator.outline import build_outline
from validator.ruleset import Vocabulary
from validator.targets import extract_targets

Reader = Callable[[Path, str], IngestedDocument]


@dataclass
class RelatedDoc:
    ref: RelatedRef
    form: DocumentForm = field(default_factory=DocumentForm)
    outline: Outline | None = None
    targets: list[Target] = field(default_factory=list)


@dataclass
class Related:
    plan: RelatedDoc | None = None
    earlier: list[RelatedDoc] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.plan is None and not self.earlier


def read_related(path: Path, name: str, reader: Reader, vocab: Vocabulary) -> RelatedDoc:
    """Ingest, outline and (for a plan) the targets of one related document."""
    try:
        doc = reader(path, name)
    except UnreadableFile as exc:
        return RelatedDoc(RelatedRef(file=name, kind=DocKind.UNKNOWN, problem=exc.message_vi))
    outline = build_outline(doc)
    form = read_form(doc.blocks, vocab.signer_prefixes, vocab.type_codes)
    year = form.year or (form.issued_on.year if form.issued_on else None)
    ref = RelatedRef(
        file=name,
        kind=form.kind,
        period=form.period.value if form.period else None,
        year=year,
        number=form.number.raw if form.number else None,
    )
    targets = extract_targets(outline.root, vocab) if form.kind == DocKind.PLAN else []
    return RelatedDoc(ref, form, outline, targets)
