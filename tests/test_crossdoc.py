"""Cross-document checks as a reviewer with two windows open would do them: a report
against the school's plan, evidence against what is cited, a year against its quarters."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.pairs import DEFECT_SETS, draft_pair, draft_series, write_pair
from corpus.render import render_pdf
from corpus.reports import compose_report
from tests.docs import REPORT_SECTIONS, report
from validator.cli import app
from validator.crossdoc.statements import without_target_clauses
from validator.models import EvidenceResult, Period
from validator.options import CheckOptions
from validator.pipeline import check_document, check_ingested
from validator.ruleset import Ruleset
from validator.settings import Settings

runner = CliRunner()
ALL_DEFECTS = DEFECT_SETS.index(("left_out", "reworded", "below"))
HONEST_BELOW = DEFECT_SETS.index(("declared_below", "reworded"))


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("pairs")
    return {i: write_pair(draft_pair(i, seed=11), folder) for i in (0, ALL_DEFECTS, HONEST_BELOW)}


def test_a_report_answering_every_target_passes_the_cross_check(
    pairs: dict[int, tuple[Path, Path]], settings: Settings
) -> None:
    plan, report_file = pairs[0]
    result = check_document(report_file, options=CheckOptions(plan=plan), settings=settings)
    assert result.crosscheck is not None and result.crosscheck.plan is not None
    assert result.crosscheck.plan.problem is None
    statuses = [p.status.value for p in result.crosscheck.targets]
    assert statuses == ["answered"] * len(draft_pair(0, seed=11).plan.targets)
    assert all(p.report is not None and p.reported is not None for p in result.crosscheck.targets)
    assert result.decision == "pass", [f.message for f in result.findings]


def test_left_out_reworded_and_below_target(
    pairs: dict[int, tuple[Path, Path]], settings: Settings
) -> None:
    truth = draft_pair(ALL_DEFECTS, seed=11).truth
    plan, report_file = pairs[ALL_DEFECTS]
    result = check_document(report_file, options=CheckOptions(plan=plan), settings=settings)
    assert result.crosscheck is not None
    assert [p.status.value for p in result.crosscheck.targets] == [t.status for t in truth.targets]
    missing = [f for f in result.findings if f.code == "TARGET_RESULT_MISSING"]
    below = [f for f in result.findings if f.code == "RESULT_BELOW_TARGET"]
    assert len(missing) == 1 and len(below) == 1
    assert result.decision == "return"
    # the school is told which plan target, where in the plan, and in Vietnamese
    left_out = truth.expected("missing")[0]
    assert missing[0].location.file == plan.name
    assert left_out.quote[:30] in (missing[0].location.quote or "")
    assert "chưa có kết quả" in missing[0].message
    # the warning points at the report line and names both figures
    assert below[0].location.file == report_file.name
    pair = next(p for p in result.crosscheck.targets if p.status.value == "below_target")
    assert f"{pair.reported:g}" in below[0].message and "không đạt" in below[0].message
    reworded = next(t for t in truth.targets if t.defect == "reworded")
    assert reworded.status == "answered"


def test_below_target_said_not_achieved_is_no_finding(
    pairs: dict[int, tuple[Path, Path]], settings: Settings
) -> None:
    plan, report_file = pairs[HONEST_BELOW]
    result = check_document(report_file, options=CheckOptions(plan=plan), settings=settings)
    assert result.crosscheck is not None
    assert "not_achieved" in [p.status.value for p in result.crosscheck.targets]
    codes = {f.code for f in result.findings}
    assert not codes & {"TARGET_RESULT_MISSING", "RESULT_BELOW_TARGET"}


def test_cli_plan_option_gives_the_pairing_in_json(pairs: dict[int, tuple[Path, Path]]) -> None:
    plan, report_file = pairs[ALL_DEFECTS]
    out = runner.invoke(app, ["check", str(report_file), "--plan", str(plan), "--format", "json"])
    assert out.exit_code == 1, out.output
    data = json.loads(out.stdout)
    assert {"decision", "document", "findings", "evidence", "ruleset"} <= set(data)
    targets = data["crosscheck"]["targets"]
    assert {t["status"] for t in targets} == {"answered", "missing", "below_target"}
    side = next(t for t in targets if t["status"] == "below_target")
    assert side["target"]["text"] and side["report"]["text"] and side["expected"] is not None
    gone = runner.invoke(app, ["check", str(report_file), "--plan", "khong-co.pdf"])
    assert gone.exit_code == 2 and "--plan" in gone.output


def test_a_plan_of_another_year_is_not_compared(tmp_path: Path, settings: Settings) -> None:
    pair = draft_pair(ALL_DEFECTS, seed=11)
    pair.plan.year = 2024
    pair.plan.frame = replace(pair.plan.frame, subtitle="Cải cách hành chính năm 2024")
    plan, report_file = write_pair(pair, tmp_path)
    result = check_document(report_file, options=CheckOptions(plan=plan), settings=settings)
    assert result.crosscheck is not None and result.crosscheck.plan is not None
    assert "2024" in (result.crosscheck.plan.problem or "")
    assert "TARGET_RESULT_MISSING" not in {f.code for f in result.findings}


# --------------------------------------------------------------------------- citations


def _citing(text: str) -> list[tuple[str, str]]:
    sections = list(REPORT_SECTIONS)
    sections[1] = (sections[1][0], text)
    return sections


def _evidence(number: str) -> EvidenceResult:
    return EvidenceResult(
        file="qd.jpg", number=number, signature=True, seal=True, signer_title="HIỆU TRƯỞNG"
    )


def test_evidence_must_bear_a_cited_number(ruleset: Ruleset) -> None:
    doc = report(sections=_citing("Ban hành Quyết định số 15/QĐ-THCSNVA ngày 05/01/2023."))
    wrong = check_ingested(doc, [_evidence("51/QĐ-THCSNVA")], CheckOptions(), ruleset)
    codes = [f.code for f in wrong.findings]
    assert codes.count("EVIDENCE_NUMBER_MISMATCH") == 1
    assert codes.count("EVIDENCE_FOR_CITATION_MISSING") == 1
    cited = next(f for f in wrong.findings if f.code == "EVIDENCE_FOR_CITATION_MISSING")
    assert "15/QĐ-THCSNVA" in cited.message and cited.location.section == "I.1"
    # the right scan, its issuer code a little damaged by OCR, settles both
    right = check_ingested(doc, [_evidence("15/QĐ-THCSNV4")], CheckOptions(), ruleset)
    assert not {f.code for f in right.findings} & {
        "EVIDENCE_NUMBER_MISMATCH",
        "EVIDENCE_FOR_CITATION_MISSING",
    }


def test_others_documents_need_no_evidence(ruleset: Ruleset) -> None:
    doc = report(sections=_citing("Thực hiện Quyết định số 4910/QĐ-UBND ngày 02/11/2018."))
    result = check_ingested(doc, [], CheckOptions(), ruleset)
    assert "EVIDENCE_FOR_CITATION_MISSING" not in {f.code for f in result.findings}
    assert result.crosscheck is not None
    assert [c.number for c in result.crosscheck.citations] == ["4910/QĐ-UBND"]


def test_target_clause_is_not_the_result() -> None:
    cues = ["chỉ tiêu", "so với kế hoạch"]
    assert without_target_clauses("Hài lòng: 92% (chỉ tiêu trên 80%) - Đạt.", cues) == (
        "Hài lòng: 92% - Đạt."
    )
    assert without_target_clauses("đạt 75%, so với kế hoạch 80%", cues) == "đạt 75%,"


# --------------------------------------------------------------------------- across periods


def _series(tmp_path: Path, shrink: str | None) -> tuple[Path, Path]:
    """A 6-month and a year report of one school; ``shrink`` goes down in the year's."""
    drafts = draft_series(random.Random(3), (Period.H1, Period.YEAR), shrink)
    paths = [
        render_pdf(
            compose_report(d).blocks, tmp_path / f"{d.period.value}.pdf", header=d.frame.header()
        )
        for d in drafts
    ]
    return paths[0], paths[1]


def test_a_year_report_with_fewer_files_than_its_half_year(
    tmp_path: Path, settings: Settings
) -> None:
    half, year = _series(tmp_path, shrink="received")
    result = check_document(year, options=CheckOptions(earlier=[half]), settings=settings)
    found = [f for f in result.findings if f.code == "FIGURES_DECREASE"]
    assert found and {f.severity.value for f in found} == {"warning"}
    assert result.crosscheck is not None
    drops = {p.counter: p for p in result.crosscheck.periods if p.decreased}
    # fewer files received; the files received online, a part of them, may follow
    assert "files-received" in drops and set(drops) <= {"files-received", "files-online"}
    drop = drops["files-received"]
    message = next(f.message for f in found if f.message.startswith("Hồ sơ tiếp nhận:"))
    assert f"{drop.current:g}" in message and f"{drop.earlier:g}" in message
    assert "6 tháng" in message


def test_growing_counts_and_unrelated_periods_are_fine(tmp_path: Path, settings: Settings) -> None:
    half, year = _series(tmp_path, shrink=None)
    result = check_document(year, options=CheckOptions(earlier=[half]), settings=settings)
    assert "FIGURES_DECREASE" not in {f.code for f in result.findings}
    assert result.crosscheck is not None and result.crosscheck.periods
    # the other way round: a 6-month report is not compared with the year's
    back = check_document(half, options=CheckOptions(earlier=[year]), settings=settings)
    assert back.crosscheck is not None and back.crosscheck.earlier[0].problem
    assert "FIGURES_DECREASE" not in {f.code for f in back.findings}
