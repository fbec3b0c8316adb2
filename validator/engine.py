"""Run a rule set's rules on a document and turn their hits into findings."""

from __future__ import annotations

import logging
import string

from validator.checks import CHECKS, CheckContext, Hit
from validator.models import DocKind, Finding
from validator.ruleset import Lang, Rule

log = logging.getLogger(__name__)


class _Values(dict[str, object]):
    """Template values; a placeholder the check did not fill stays visible, never crashes."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: dict[str, object]) -> str:
    return string.Formatter().vformat(template, (), _Values(values))


def run_rules(ctx: CheckContext, kinds: list[DocKind] | None = None) -> list[Finding]:
    """Every finding of every rule that applies to the document's kind, in rule-set order."""
    applicable = kinds or [ctx.kind]
    findings: list[Finding] = []
    for rule in ctx.ruleset.rules:
        if not any(kind in rule.applies_to for kind in applicable):
            continue
        if ctx.unreadable is not None and not _speaks_without_text(rule):
            continue
        findings.extend(_run(rule, ctx))
    return findings


def _speaks_without_text(rule: Rule) -> bool:
    """When nothing was read, only the file rule and the evidence rules can say anything."""
    return rule.check == "file_readable" or DocKind.EVIDENCE in rule.applies_to


def run_evidence_rules(ctx: CheckContext) -> list[Finding]:
    """Only the evidence rules (those that apply to the ``evidence`` kind)."""
    return [
        f
        for rule in ctx.ruleset.rules
        if DocKind.EVIDENCE in rule.applies_to
        for f in _run(rule, ctx)
    ]


def _run(rule: Rule, ctx: CheckContext) -> list[Finding]:
    check = CHECKS[rule.check]
    params = check.params_model.model_validate(rule.params)
    hits = check.run(ctx, params)
    return [_finding(rule, hit, ctx.options.lang) for hit in hits]


def _sentence(text: str) -> str:
    """Messages read as sentences even when a placeholder opens them ("{what} chưa …")."""
    return text[:1].upper() + text[1:]


def _finding(rule: Rule, hit: Hit, lang_key: Lang) -> Finding:
    return Finding(
        code=rule.code,
        severity=hit.severity or rule.severity,
        rule=rule.id,
        message=_sentence(render(rule.message.get(lang_key), hit.values)),
        hint=render(rule.hint.get(lang_key), hit.values),
        location=hit.location,
    )
