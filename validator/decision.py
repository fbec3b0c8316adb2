"""The decision: ``return`` exactly when a finding has severity ``return`` (contract.md)."""

from __future__ import annotations

from typing import Literal

from validator.models import Finding, Severity, Stats


def decide(findings: list[Finding]) -> Literal["pass", "return"]:
    return "return" if any(f.severity == Severity.RETURN for f in findings) else "pass"


def stats(findings: list[Finding], seconds: float) -> Stats:
    return Stats(
        returns=sum(f.severity == Severity.RETURN for f in findings),
        warnings=sum(f.severity == Severity.WARNING for f in findings),
        infos=sum(f.severity == Severity.INFO for f in findings),
        seconds=round(seconds, 3),
    )
