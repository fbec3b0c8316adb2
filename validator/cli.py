"""``cchc``: check plans, reports and evidence from the command line.

Exit codes: 0 every document passes, 1 at least one is returned, 2 a usage or internal
error (a bad option, a broken rule set). A bad *document* is never an error: it is a
``FILE_UNREADABLE`` finding and exit 1.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from validator.errors import RulesetError
from validator.filenames import safe_display_path
from validator.models import CheckResult, DocKind, Period
from validator.options import CheckOptions
from validator.pipeline import check_path
from validator.report import print_text, to_html, to_json
from validator.ruleset import load_ruleset
from validator.settings import get_settings

app = typer.Typer(
    help="Kiểm tra trước Kế hoạch, Báo cáo CCHC và minh chứng của trường học (cchc).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# piped output keeps each finding on one line (for grep and logs); a terminal wraps it
console = Console(soft_wrap=not sys.stdout.isatty())
errors = Console(stderr=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


def _fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]Lỗi:[/bold red] {escape(message)}")
    return typer.Exit(2)


def _parse_datetime(value: str | None, option: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise _fail(
            f"{option}: '{value}' không phải thời điểm ISO 8601 (ví dụ 2023-03-02T16:30+07:00)"
        ) from None


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise _fail(f"{option}: '{value}' không phải ngày (ví dụ 2023-01-10 hoặc 10/01/2023)")


def _existing_file(path: Path | None, option: str) -> Path | None:
    if path is not None and not path.is_file():
        raise _fail(f"{option}: không tìm thấy tệp {path}")
    return path


def _expand(paths: list[Path]) -> Iterator[Path]:
    """Files as given; a folder gives its files (not hidden ones), sorted by name."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.parts)
            )
        elif path.exists():
            yield path
        else:
            raise _fail(f"không tìm thấy tệp hoặc thư mục: {path}")


@app.command()
def check(
    files: Annotated[
        list[Path], typer.Argument(help="Tệp kế hoạch, báo cáo, minh chứng hoặc thư mục.")
    ],
    evidence: Annotated[
        list[Path] | None,
        typer.Option("--evidence", "-e", help="Tệp minh chứng đính kèm (lặp lại được)."),
    ] = None,
    kind: Annotated[
        DocKind | None, typer.Option(help="Loại văn bản khai báo: plan | report | evidence.")
    ] = None,
    period: Annotated[Period | None, typer.Option(help="Kỳ báo cáo: q1 | h1 | q3 | year.")] = None,
    year: Annotated[int | None, typer.Option(help="Năm của kế hoạch/báo cáo.")] = None,
    submitted_at: Annotated[
        str | None, typer.Option(help="Thời điểm nộp lần đầu (ISO 8601).")
    ] = None,
    approved_at: Annotated[
        str | None, typer.Option(help="Thời điểm Phòng duyệt kế hoạch (ISO 8601).")
    ] = None,
    office_plan_date: Annotated[
        str | None, typer.Option(help="Ngày ban hành Kế hoạch CCHC của Phòng.")
    ] = None,
    ruleset: Annotated[
        str | None, typer.Option(help="Mã bộ quy tắc (q7-2022) hoặc đường dẫn tệp YAML.")
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text | json | html")
    ] = OutputFormat.text,
    lang: Annotated[Lang, typer.Option(help="Ngôn ngữ thông báo: vi | en.")] = Lang.vi,
    school_name: Annotated[
        str | None,
        typer.Option(
            help="Tên trường, để đối chiếu chữ ký số của minh chứng "
            "(mặc định: đơn vị ban hành văn bản)."
        ),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(help="Báo cáo: Kế hoạch CCHC năm của trường để đối chiếu từng chỉ tiêu."),
    ] = None,
    earlier: Annotated[
        list[Path] | None,
        typer.Option(help="Báo cáo: các báo cáo kỳ trước cùng năm để đối chiếu số liệu (lặp lại)."),
    ] = None,
) -> None:
    """Kiểm tra văn bản và minh chứng; in kết quả ĐẠT hoặc TRẢ LẠI kèm lý do."""
    options = CheckOptions(
        kind=kind,
        period=period,
        year=year,
        submitted_at=_parse_datetime(submitted_at, "--submitted-at"),
        approved_at=_parse_datetime(approved_at, "--approved-at"),
        office_plan_date=_parse_date(office_plan_date, "--office-plan-date"),
        ruleset=ruleset,
        lang=lang.value,
        school=school_name,
        plan=_existing_file(plan, "--plan"),
        earlier=list(_expand(earlier or [])),
    )
    evidence_files = list(_expand(evidence or []))
    targets = list(_expand(files))
    if not targets:
        raise _fail("không có tệp nào để kiểm tra")
    try:
        load_ruleset(ruleset, get_settings())
        results = _check_all(targets, evidence_files, options)
    except RulesetError as exc:
        raise _fail(exc.message_vi if lang == Lang.vi else exc.message_en) from None
    _emit(results, output, lang.value)
    raise typer.Exit(1 if any(r.decision == "return" for r in results) else 0)


def _check_all(
    targets: list[Path], evidence: list[Path], options: CheckOptions
) -> list[CheckResult]:
    settings = get_settings()
    show_progress = len(targets) > 1 and sys.stderr.isatty()
    results: list[CheckResult] = []
    with Progress(console=errors, transient=True, disable=not show_progress) as progress:
        task = progress.add_task("Đang kiểm tra…", total=len(targets))
        for path in targets:
            progress.update(task, description=f"Đang kiểm tra {safe_display_path(path.name)}")
            results.append(check_path(path, evidence, options, settings, str(path)))
            progress.advance(task)
    return results


def _emit(results: list[CheckResult], output: OutputFormat, lang: str) -> None:
    if output == OutputFormat.json:
        sys.stdout.write(to_json(results) + "\n")
    elif output == OutputFormat.html:
        sys.stdout.write(to_html(results, lang))
    else:
        print_text(results, console, lang)


@app.command()
def rules(
    ruleset: Annotated[str | None, typer.Option(help="Mã bộ quy tắc hoặc đường dẫn YAML.")] = None,
) -> None:
    """Liệt kê các quy tắc của bộ quy tắc."""
    try:
        loaded = load_ruleset(ruleset, get_settings())
    except RulesetError as exc:
        raise _fail(exc.message_vi) from None
    table = Table(title=f"{loaded.id} {loaded.version}: {loaded.title}")
    table.add_column("Quy tắc", no_wrap=True)
    table.add_column("Mã", no_wrap=True)
    table.add_column("Mức", no_wrap=True)
    table.add_column("Áp dụng", no_wrap=True)
    table.add_column("Căn cứ")
    for rule in loaded.rules:
        table.add_row(
            rule.id,
            rule.code,
            rule.severity.value,
            ",".join(k.value for k in rule.applies_to),
            rule.clause,
        )
    console.print(table)
    console.print("Xem giải thích một mã: cchc explain MÃ")


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="Mã lỗi, ví dụ DEADLINE_MISSING.")],
    ruleset: Annotated[str | None, typer.Option(help="Mã bộ quy tắc hoặc đường dẫn YAML.")] = None,
) -> None:
    """Giải thích một mã lỗi: kiểm tra gì, vì sao, ví dụ, cách sửa."""
    try:
        loaded = load_ruleset(ruleset, get_settings())
    except RulesetError as exc:
        raise _fail(exc.message_vi) from None
    found = loaded.by_code(code.upper())
    if not found:
        known = ", ".join(sorted({r.code for r in loaded.rules}))
        raise _fail(f"không có mã '{code}' trong bộ {loaded.id}. Các mã: {known}")
    for rule in found:
        console.print(f"[bold]{rule.code}[/bold] ({rule.severity.value}) — quy tắc {rule.id}")
        console.print(f"Căn cứ: {escape(rule.clause)}")
        if rule.explain:
            console.print(f"[bold]Kiểm tra gì:[/bold] {escape(rule.explain.what.vi)}")
            console.print(f"[bold]Vì sao:[/bold] {escape(rule.explain.why.vi)}")
            if rule.explain.example:
                console.print(f"[bold]Ví dụ sai:[/bold] {escape(rule.explain.example.vi)}")
            if rule.explain.fix:
                console.print(f"[bold]Nên viết:[/bold] {escape(rule.explain.fix.vi)}")
        console.print(f"[bold]Cách sửa:[/bold] {escape(rule.hint.vi)}")
        console.print()


def _register_service_commands() -> None:
    """The service commands (serve, worker, submit) live with the service code."""
    from validator.cli_service import register

    register(app)


_register_service_commands()


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    app()
