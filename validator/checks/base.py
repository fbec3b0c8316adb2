"""The check registry and what every check type receives and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from validator.crossdoc.models import CrossCheck
from validator.models import (
    DocKind,
    DocumentForm,
    EvidenceResult,
    IngestedDocument,
    Location,
    Outline,
    Period,
    Severity,
    Target,
)
from validator.options import CheckOptions
from validator.ruleset import Ruleset


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass
class CheckContext:
    """Everything the pipeline knows about one document when the checks run."""

    file: str
    kind: DocKind
    period: Period | None
    year: int | None
    form: DocumentForm
    options: CheckOptions
    ruleset: Ruleset
    doc: IngestedDocument | None = None
    outline: Outline | None = None
    targets: list[Target] = field(default_factory=list)
    evidence: list[EvidenceResult] = field(default_factory=list)
    unreadable: str | None = None  # why the document could not be read, if it could not
    crosscheck: CrossCheck | None = None  # the plan, citations and earlier reports compared


@dataclass
class Hit:
    """One place where a rule is broken; the engine turns it into a ``Finding``."""

    location: Location
    values: dict[str, object] = field(default_factory=dict)  # for the message template
    severity: Severity | None = None  # overrides the rule's severity where a check must


P = TypeVar("P", bound=BaseModel)


@dataclass
class CheckType(Generic[P]):
    name: str
    params_model: type[P]
    run: Callable[[CheckContext, P], list[Hit]]
    doc: str


CHECKS: dict[str, CheckType[BaseModel]] = {}


def check(
    name: str, params: type[BaseModel] = NoParams
) -> Callable[[Callable[[CheckContext, P], list[Hit]]], Callable[[CheckContext, P], list[Hit]]]:
    """Register a check type under ``name`` with its parameter model."""

    def register(
        fn: Callable[[CheckContext, P], list[Hit]],
    ) -> Callable[[CheckContext, P], list[Hit]]:
        CHECKS[name] = CheckType(name, params, fn, (fn.__doc__ or "").strip())  # type: ignore[arg-type]
        return fn

    return register
