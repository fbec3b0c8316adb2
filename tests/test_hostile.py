"""Hostile and odd uploads through `cchc check`: each ends as a finding that says what was
wrong or which limit was exceeded, in Vietnamese; the limits themselves (deadline, memory,
a crashing reader) end the same way; file names are made harmless in one place."""

from __future__ import annotations

import json
import os
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus import hostile
from corpus.render import render_pdf
from tests.docs import frame, plan_body
from validator.cli import app
from validator.errors import UnreadableFile
from validator.filenames import safe_display_path, safe_file_name
from validator.ingest import ingest
from validator.limits import run_bounded
from validator.models import DocKind
from validator.pipeline import check_path
from validator.settings import Settings

runner = CliRunner()
CASES = {case.name: case for case in hostile.HOSTILE_FILES}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_hostile_file_ends_with_a_finding_naming_the_problem(
    name: str, tmp_path: Path
) -> None:
    case = CASES[name]
    path = case.write(tmp_path / case.name)
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    unreadable = [f for f in findings if f["code"] == case.code]
    assert unreadable, findings
    assert case.reason in unreadable[0]["message"]
    assert unicodedata.is_normalized("NFC", unreadable[0]["message"])


def test_hostile_evidence_beside_a_good_plan_is_an_evidence_finding(tmp_path: Path) -> None:
    plan = render_pdf(frame(plan_body()).blocks, tmp_path / "ke-hoach.pdf")
    bomb = hostile.write_decompression_bomb_png(tmp_path / "minh-chung.png")
    result = check_path(plan, [bomb], settings=Settings())
    evidence = [f for f in result.findings if f.code == "EVIDENCE_UNREADABLE"]
    assert len(evidence) == 1
    assert "triệu điểm ảnh" in evidence[0].message and "60" in evidence[0].message
    assert not [f for f in result.findings if f.code == "FILE_UNREADABLE"]


def test_a_pdf_named_jpg_is_read_as_the_pdf_it_is(tmp_path: Path) -> None:
    path = render_pdf(frame(plan_body()).blocks, tmp_path / "ke-hoach.jpg")
    result = check_path(path, settings=Settings())
    assert result.document.kind == DocKind.PLAN
    assert not [f for f in result.findings if "UNREADABLE" in f.code]


def test_an_external_entity_in_a_docx_part_is_refused(tmp_path: Path) -> None:
    source = hostile.write_billion_laughs_docx(tmp_path / "goc.docx")
    xxe = tmp_path / "xxe.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(xxe, "w") as out:
        for entry in original.infolist():
            data = original.read(entry)
            if entry.filename == "word/styles.xml":
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    b"<s>&x;</s>"
                )
            elif entry.filename == "word/document.xml":
                data = original.read("word/document.xml").split(b"]>\n", 1)[-1]
                data = b'<?xml version="1.0"?>\n' + data.replace(b"&lol9;", b"x")
            out.writestr(entry, data)
    with pytest.raises(UnreadableFile, match=r"styles\.xml"):
        ingest(xxe, Settings())


def test_a_runaway_reader_is_stopped_at_the_deadline() -> None:
    settings = Settings(max_parse_seconds=1)
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="quá thời gian cho phép \\(1 giây\\)"):
        run_bounded(time.sleep, (60,), settings)
    assert time.monotonic() - started < 30  # killed, not waited for


def test_a_reader_over_the_memory_cap_is_a_finding() -> None:
    settings = Settings(max_parse_memory_bytes=1024 * 1024 * 1024)
    with pytest.raises(UnreadableFile, match="giới hạn 1024 MB"):
        run_bounded(bytearray, (4 * 1024 * 1024 * 1024,), settings)


def test_a_reader_that_crashes_is_a_finding() -> None:
    with pytest.raises(UnreadableFile, match="dừng bất thường"):
        run_bounded(os.abort, (), Settings())


def test_a_bounded_read_reports_its_time_and_peak_memory(tmp_path: Path) -> None:
    path = render_pdf(frame(plan_body()).blocks, tmp_path / "ke-hoach.pdf")
    read = run_bounded(ingest, (path, Settings(), "ke-hoach.pdf"), Settings())
    assert read.value.blocks and read.peak_bytes > 10 * 1024 * 1024 and read.seconds > 0


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\hieu truong\\Desktop\\ke-hoach.pdf", "ke-hoach.pdf"),
        ("..", "tep"),
        ("", "tep"),
        ("bao-cao\u202efdp.exe", "bao-caofdp.exe"),  # right-to-left override removed
        ("ke\x1b[2Jhoach\x00.pdf", "ke[2Jhoach.pdf"),  # escape and NUL removed
        ('ke "hoạch"?.docx', "ke _hoạch__.docx"),
        ("  .an.pdf  ", "an.pdf"),
        ("Kế hoạch\tCCHC\n2023.pdf", "Kế hoạch CCHC 2023.pdf"),
    ],
)
def test_file_names_are_made_harmless(raw: str, safe: str) -> None:
    assert safe_file_name(raw) == safe


def test_file_names_are_nfc_and_capped_keeping_the_extension() -> None:
    decomposed = unicodedata.normalize("NFD", "Kế hoạch cải cách hành chính") * 20 + ".docx"
    name = safe_file_name(decomposed, max_bytes=100)
    assert unicodedata.is_normalized("NFC", name)
    assert name.endswith(".docx") and len(name.encode()) <= 100
    assert name.startswith("Kế hoạch cải cách")


def test_the_checked_file_name_is_sanitised_in_the_result(tmp_path: Path) -> None:
    path = render_pdf(frame(plan_body()).blocks, tmp_path / "ke\x1b[31mhoach.pdf")
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    shown = json.loads(result.stdout)["file"]
    assert shown.endswith("/ke[31mhoach.pdf") and "\x1b" not in shown
    assert shown.startswith(str(tmp_path))  # the folders the clerk typed are kept


def test_a_display_path_keeps_folders_but_not_dots_or_drives() -> None:
    assert safe_display_path("thu-muc/ke-hoach.pdf") == "thu-muc/ke-hoach.pdf"
    assert safe_display_path("/tmp/a/../b\x1b[2J.pdf") == "/tmp/a/b[2J.pdf"
    assert safe_display_path("C:\\Users\\x\\a.pdf") == "Users/x/a.pdf"
    assert safe_display_path("..") == "tep"
