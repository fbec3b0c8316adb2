"""Rule sets as data: the YAML schema, loading by id or path, and validation.

A rule picks a check type (implemented once in ``validator.checks``), configures it with
``params``, and carries the contract code, the severity, the Vietnamese (and English)
message and hint templates, and the clause of letter 260 it enforces. The vocabulary
(plan areas and their heading variants, lead units, vague phrases, district metrics and
their minimums) lives here too, so a district changes a threshold or a heading list by
editing YAML, never code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from validator.crossdoc.vocabulary import CrossVocabulary
from validator.errors import RulesetError
from validator.models import DocKind, Severity
from validator.settings import Settings

# libyaml's safe loader reads the same data as PyYAML's pure-Python one, about eight times
# faster (the bundled rule set: 25 ms instead of 190 ms, paid on every check)
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Lang = Literal["vi", "en"]


class Text(BaseModel):
    """A Vietnamese text with an optional English translation."""

    vi: str
    en: str | None = None

    def get(self, lang: Lang) -> str:
        return (self.en or self.vi) if lang == "en" else self.vi


class Explain(BaseModel):
    """What ``cchc explain CODE`` prints: ruff's "what / why / example / fix"."""

    what: Text
    why: Text
    example: Text | None = None
    fix: Text | None = None


class Rule(BaseModel):
    id: str
    check: str
    code: str
    severity: Severity
    applies_to: list[DocKind] = Field(default_factory=lambda: [DocKind.PLAN, DocKind.REPORT])
    clause: str
    message: Text
    hint: Text
    explain: Explain | None = None
    params: dict[str, object] = Field(default_factory=dict)


class Phrases(BaseModel):
    """Alternatives of folded keyword groups: a text matches when, for some alternative,
    every keyword of it occurs (case- and diacritic-insensitively)."""

    any_of: list[list[str]]


class Area(BaseModel):
    id: str
    name: str
    match: list[list[str]]  # heading variants: alternatives of keyword groups
    exclude: list[str] = Field(default_factory=list)


class Metric(BaseModel):
    """A district metric: how to recognise a target that measures it, and its minimum."""

    id: str
    name: str
    match: list[list[str]]
    minimum: float
    strict: bool = False  # "trên 80%": the target must be above, not equal
    unit: Literal["percent", "count"] = "percent"
    source: str = ""


class Vocabulary(BaseModel):
    areas: list[Area]
    lead_units: list[str]
    vague_units: list[str]
    vague_milestones: list[str]
    ordinal_words: list[str]  # a number after these is not a count ("năm 2023", "Khối 5")
    lead_labels: list[str]  # "đơn vị chủ trì", "chủ trì", "phụ trách"
    milestone_labels: list[str]  # "thời gian hoàn thành", "tiến độ"
    targets_sections: list[list[str]]  # headings whose items are targets
    excluded_sections: list[list[str]]  # headings whose items are neither (implementation…)
    metrics: list[Metric]
    signer_titles: list[str]  # accepted signature-block titles (upper case)
    signer_prefixes: list[str]  # KT., TM., Q., TL., TUQ.
    type_codes: list[str]  # Decree 30 type abbreviations
    crosscheck: CrossVocabulary | None = None  # None: no cross-document checks


class Ruleset(BaseModel):
    id: str
    version: str
    title: str
    source: str
    vocabulary: Vocabulary
    rules: list[Rule]
    digest: str = ""  # sha256 of the file, so a result names exactly which rules ran

    def rules_for(self, kind: DocKind) -> list[Rule]:
        return [r for r in self.rules if kind in r.applies_to]

    def by_code(self, code: str) -> list[Rule]:
        return [r for r in self.rules if r.code == code]


def added_rules_dir(settings: Settings) -> Path:
    """Where an admin's rule sets live (``PUT /rulesets/{id}``): in the data folder, beside
    the submissions, so a district changes a threshold without a new release. A rule set
    here takes the place of the bundled one with the same id."""
    return settings.data_dir / "rules"


def available_rulesets(settings: Settings) -> list[Path]:
    """The rule set files, one per guidance and year: the bundled ones and the admin's."""
    found = {p.stem: p for p in settings.rules_dir.glob("*.yaml")}
    found.update({p.stem: p for p in added_rules_dir(settings).glob("*.yaml")})
    return [found[stem] for stem in sorted(found)]


def load_ruleset(ref: str | None, settings: Settings) -> Ruleset:
    """Load a rule set by id (``q7-2022``) or by path to a YAML file, and validate it."""
    path = _resolve(ref or settings.default_ruleset, settings)
    try:
        raw = path.read_bytes()
        data = yaml.load(raw.decode("utf-8"), Loader=YamlLoader)  # a safe loader, see above
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RulesetError(
            f"Không đọc được bộ quy tắc {path}: {exc}", f"Cannot read rule set {path}: {exc}"
        ) from exc
    try:
        ruleset = Ruleset.model_validate(data)
    except ValidationError as exc:
        raise RulesetError(
            f"Bộ quy tắc {path} không hợp lệ:\n{exc}", f"Invalid rule set {path}:\n{exc}"
        ) from exc
    ruleset.digest = hashlib.sha256(raw).hexdigest()[:12]
    _validate_checks(ruleset, path)
    return ruleset


def _resolve(ref: str, settings: Settings) -> Path:
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise RulesetError(f"Không tìm thấy tệp bộ quy tắc: {ref}", f"No rule set file: {ref}")
        return candidate
    path = added_rules_dir(settings) / f"{ref}.yaml"
    if not path.is_file():
        path = settings.rules_dir / f"{ref}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in available_rulesets(settings)) or "(không có)"
        raise RulesetError(
            f"Không có bộ quy tắc '{ref}'. Các bộ có sẵn: {known}",
            f"No rule set '{ref}'. Available: {known}",
        )
    return path


def _validate_checks(ruleset: Ruleset, path: Path) -> None:
    """Every rule must name a known check type with valid parameters."""
    from validator.checks import CHECKS  # the registry imports this module's types

    problems = []
    for rule in ruleset.rules:
        check = CHECKS.get(rule.check)
        if check is None:
            problems.append(f"{rule.id}: kiểu kiểm tra không tồn tại '{rule.check}'")
            continue
        try:
            check.params_model.model_validate(rule.params)
        except ValidationError as exc:
            problems.append(f"{rule.id}: tham số không hợp lệ: {exc}")
    if problems:
        joined = "\n".join(problems)
        raise RulesetError(f"Bộ quy tắc {path} không hợp lệ:\n{joined}", joined)
