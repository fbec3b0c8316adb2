"""`cchc check` as a school clerk runs it: exit codes, the JSON contract, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus import hostile
from corpus.render import render_docx, render_pdf
from tests.docs import frame, plan_body, report
from validator.cli import app

runner = CliRunner()
CONTRACT_KEYS = {"decision", "document", "findings", "evidence", "ruleset"}
DOCUMENT_KEYS = {
    "kind",
    "period",
    "year",
    "number",
    "issued_on",
    "issuer",
    "signer_title",
    "signer_name",
}


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "ke-hoach.pdf"
    return render_pdf(frame(plan_body()).blocks, path)


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "bao-cao.docx"
    return render_docx(report(window=None).blocks, path)


def test_pass_exits_0_with_json_contract(plan_pdf: Path) -> None:
    result = runner.invoke(app, ["check", str(plan_pdf), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data.keys() >= CONTRACT_KEYS and data["document"].keys() >= DOCUMENT_KEYS
    assert data["decision"] == "pass"
    assert data["document"]["number"] == "05/KH-THCSNVA"
    assert data["document"]["issued_on"] == "2023-01-05"
    assert data["ruleset"]["id"] == "q7-2022"


def test_return_exits_1_and_text_names_code_and_fix(report_docx: Path) -> None:
    result = runner.invoke(app, ["check", str(report_docx)])
    assert result.exit_code == 1
    assert "TRẢ LẠI" in result.stdout and "PERIOD_MISMATCH" in result.stdout
    assert "Thời điểm chốt số liệu" in result.stdout  # the hint, in Vietnamese


def test_english_messages(report_docx: Path) -> None:
    result = runner.invoke(app, ["check", str(report_docx), "--lang", "en", "-f", "json"])
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["code"] == "PERIOD_MISMATCH" and finding["message"].startswith("Data window")


def test_several_files_give_one_result_each_and_a_summary(
    plan_pdf: Path, report_docx: Path
) -> None:
    result = runner.invoke(app, ["check", str(plan_pdf), str(report_docx), "-f", "json"])
    assert result.exit_code == 1
    assert [r["decision"] for r in json.loads(result.stdout)] == ["pass", "return"]
    text = runner.invoke(app, ["check", str(plan_pdf.parent), str(report_docx.parent)])
    assert "Tóm tắt: 2 tệp, 1 đạt, 1 trả lại" in text.stdout


def test_html_report_shows_every_finding(report_docx: Path) -> None:
    result = runner.invoke(app, ["check", str(report_docx), "-f", "html"])
    assert result.stdout.startswith("<!doctype html>")
    assert "PERIOD_MISMATCH" in result.stdout and "TRẢ LẠI" in result.stdout


BAD_FILES = {
    "rong.pdf": hostile.write_empty,
    "hong.pdf": hostile.write_truncated_pdf,
    "mat-khau.pdf": hostile.write_encrypted_pdf,
    "that-ra-la-pdf.docx": hostile.write_pdf_named_docx,
    "bom.docx": hostile.write_zip_bomb_docx,
    "billion-laughs.docx": hostile.write_billion_laughs_docx,
    "rac.bin": hostile.write_garbage,
    "cu.doc": hostile.write_legacy_doc,
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_is_a_finding_not_a_crash(name: str, tmp_path: Path) -> None:
    path = BAD_FILES[name](tmp_path / name)
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    data = json.loads(result.stdout)
    if name == "that-ra-la-pdf.docx":  # a PDF is read as a PDF whatever its name
        assert all(f["code"] != "FILE_UNREADABLE" for f in data["findings"])
        return
    assert result.exit_code == 1
    assert [f["code"] for f in data["findings"]] == ["FILE_UNREADABLE"]
    message = data["findings"][0]["message"]
    assert message.startswith("Không đọc được tệp") and len(message) > 25


def test_500_page_pdf_refused_by_the_page_limit(tmp_path: Path) -> None:
    path = hostile.write_many_pages_pdf(tmp_path / "dai.pdf", pages=500)
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    assert result.exit_code == 1
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["code"] == "FILE_UNREADABLE" and "500" in finding["message"]


def test_usage_errors_exit_2(tmp_path: Path, plan_pdf: Path) -> None:
    assert runner.invoke(app, ["check", str(tmp_path / "khong-co.pdf")]).exit_code == 2
    assert runner.invoke(app, ["check", str(plan_pdf), "--ruleset", "khong-co"]).exit_code == 2
    bad = runner.invoke(app, ["check", str(plan_pdf), "--submitted-at", "hôm qua"])
    assert bad.exit_code == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nrules: [", encoding="utf-8")
    assert runner.invoke(app, ["check", str(plan_pdf), "--ruleset", str(broken)]).exit_code == 2


def test_rules_and_explain() -> None:
    listing = runner.invoke(app, ["rules"])
    assert listing.exit_code == 0 and "DIRECTION_TOO_GENERIC" in listing.stdout
    explained = runner.invoke(app, ["explain", "direction_too_generic"])
    assert explained.exit_code == 0
    assert "Kiểm tra gì" in explained.stdout and "Nên viết" in explained.stdout
    assert runner.invoke(app, ["explain", "NO_SUCH_CODE"]).exit_code == 2
