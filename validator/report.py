"""Rendering a result for people (text like a good linter, HTML) and programs (JSON).

The JSON is the contract of ``../shared/contract.md``; the text and HTML show the same
findings, grouped, with the hint and the quoted passage under each.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from validator.models import CheckResult, Finding, Severity

_LABELS = {
    "vi": {
        "decision_pass": "ĐẠT",
        "decision_return": "TRẢ LẠI",
        Severity.RETURN: "trả lại",
        Severity.WARNING: "cảnh báo",
        Severity.INFO: "ghi nhận",
        "page": "trang",
        "section": "mục",
        "summary": "Tóm tắt",
        "files": "tệp",
        "passed": "đạt",
        "returned": "trả lại",
        "reasons": "lý do trả lại",
        "warnings": "cảnh báo",
        "file": "Tệp",
        "decision": "Kết quả",
        "kind": "Loại",
        "fix": "Cách sửa",
        "evidence": "Minh chứng",
        "number": "số",
        "signature": "chữ ký",
        "seal": "dấu",
        "digital_signature": "chữ ký số",
        "yes": "có",
        "no": "không",
        "unreadable_number": "không đọc được",
        "unsure_number": "độ tin cậy {pct}%, cần đối chiếu bản gốc",
        "no_findings": "Không có lỗi nào.",
    },
    "en": {
        "decision_pass": "PASS",
        "decision_return": "RETURN",
        Severity.RETURN: "return",
        Severity.WARNING: "warning",
        Severity.INFO: "info",
        "page": "page",
        "section": "section",
        "summary": "Summary",
        "files": "files",
        "passed": "passed",
        "returned": "returned",
        "reasons": "return reasons",
        "warnings": "warnings",
        "file": "File",
        "decision": "Decision",
        "kind": "Kind",
        "fix": "Fix",
        "evidence": "Evidence",
        "number": "number",
        "signature": "signature",
        "seal": "seal",
        "digital_signature": "digital signature",
        "yes": "yes",
        "no": "no",
        "unreadable_number": "unreadable",
        "unsure_number": "confidence {pct}%, check against the original",
        "no_findings": "No findings.",
    },
}
_STYLE = {Severity.RETURN: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def labels(lang: str) -> dict[object, str]:
    return _LABELS.get(lang, _LABELS["vi"])  # type: ignore[return-value]


def to_json(results: Sequence[CheckResult]) -> str:
    """One result as an object, several as a list: the contract's shape, UTF-8 text."""
    data = [json.loads(r.model_dump_json()) for r in results]
    return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)


def print_text(results: Sequence[CheckResult], console: Console, lang: str = "vi") -> None:
    for result in results:
        _print_one(result, console, lang)
    if len(results) > 1:
        console.print(summary_table(results, lang))


def _print_one(result: CheckResult, console: Console, lang: str) -> None:
    words = labels(lang)
    style = "bold green" if result.decision == "pass" else "bold red"
    counts = (
        f"{result.stats.returns} {words['reasons']}, {result.stats.warnings} {words['warnings']}"
    )
    decision = words["decision_" + result.decision]
    console.print(
        f"[bold]{escape(result.file or '')}[/bold]: [{style}]{decision}[/{style}] ({counts})"
    )
    for finding in result.findings:
        _print_finding(finding, console, lang)
    for item in result.evidence:
        number = item.number or (words["unreadable_number"] if item.number_unreadable else "-")
        if item.number_unsure:
            number += f" ({words['unsure_number'].format(pct=round(100 * item.number_confidence))})"
        console.print(
            f"  {words['evidence']} {escape(item.file)}: {words['number']} {escape(number)}, "
            f"{words['signature']} {words['yes'] if item.signature else words['no']}, "
            f"{words['seal']} {words['yes'] if item.seal else words['no']}"
        )
        for sig in item.pdf_signatures:
            holder = ", ".join(part for part in (sig.signer_name, sig.organisation) if part)
            console.print(
                f"    {words['digital_signature']}: {escape(holder or '-')}"
                f" ({escape(sig.note or '')})"
            )
    console.print()


def _print_finding(finding: Finding, console: Console, lang: str) -> None:
    words = labels(lang)
    loc = finding.location
    where = escape(loc.file or "")
    if loc.page:
        where += f":{words['page']} {loc.page}"
    if loc.section:
        where += f" [{words['section']} {escape(loc.section)}]"
    style = _STYLE[finding.severity]
    console.print(
        f"  {where} [{style}]{words[finding.severity]}[/{style}] "
        f"[bold]{finding.code}[/bold] {escape(finding.message)}"
    )
    console.print(f"      → {escape(finding.hint)}", style="dim")
    if loc.quote:
        console.print(f"      « {escape(loc.quote)} »", style="italic")


def summary_table(results: Sequence[CheckResult], lang: str) -> Table:
    words = labels(lang)
    passed = sum(r.decision == "pass" for r in results)
    table = Table(
        title=f"{words['summary']}: {len(results)} {words['files']}, {passed} {words['passed']},"
        f" {len(results) - passed} {words['returned']}"
    )
    for column in (
        words["file"],
        words["kind"],
        words["decision"],
        words["reasons"],
        words["warnings"],
    ):
        table.add_column(column)
    for r in results:
        style = "green" if r.decision == "pass" else "red"
        table.add_row(
            escape(r.file or ""),
            r.document.kind.value,
            f"[{style}]{words['decision_' + r.decision]}[/{style}]",
            str(r.stats.returns),
            str(r.stats.warnings),
        )
    return table


def to_html(results: Sequence[CheckResult], lang: str = "vi") -> str:
    """A self-contained page (no scripts, no external files) to save or e-mail."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html"]),
    )
    template = env.get_template("result.html")
    return template.render(results=results, words=labels(lang), lang=lang)
