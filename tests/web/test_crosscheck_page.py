"""The plan target beside the report's line on the result page (issue 7).

In a real browser against the real app: a school submits its plan, the Office's reviewer
passes it, the school submits its year report (one target left out, one reworded, one below
target while saying "Đạt"); the report's page shows one row per plan target with its
status, side by side on a desktop and one card per row on a 360 px phone, photographed
into ``tests/_artifacts/screenshots/``. Without the browser: the partial lists every pair of
a checked report and shows nothing when ``crosscheck`` is null.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import Page, expect

from corpus.pairs import DEFECT_SETS, Pair, draft_pair, draft_series, write_pair
from corpus.render import render_pdf
from corpus.reports import compose_report
from tests.docs import REPORT_SECTIONS, report
from validator.models import CheckResult, EvidenceResult, Period
from validator.options import CheckOptions
from validator.pipeline import check_document, check_ingested
from validator.ruleset import Ruleset
from validator.settings import Settings
from validator.web.deps import TEMPLATES
from validator.web.present import PAIR_STATUS, cross_view, group_findings
from validator.web.views import ResultView

from .conftest import SCREENSHOTS, WIDTHS
from .test_pages import upload, wait_result

ALL_DEFECTS = DEFECT_SETS.index(("left_out", "reworded", "below"))
LABELS = {status.value: label for status, label in PAIR_STATUS.items()}


@pytest.fixture(scope="module")
def pair() -> Pair:
    return draft_pair(ALL_DEFECTS, seed=11)


@pytest.fixture(scope="module")
def pair_files(pair: Pair, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_pair(pair, tmp_path_factory.mktemp("pair"))


def rendered(result: CheckResult) -> lxml.html.HtmlElement:
    view = ResultView(result, group_findings(result), [], [], cross_view(result))
    html = TEMPLATES.env.get_template("_result.html").render(view=view)
    return lxml.html.fromstring(f"<div>{html}</div>")


def test_partial_lists_every_target_beside_its_line(
    pair: Pair, pair_files: tuple[Path, Path], settings: Settings
) -> None:
    plan, report = pair_files
    result = check_document(report, options=CheckOptions(plan=plan), settings=settings)
    tree = rendered(result)
    rows = tree.xpath("//table[contains(@class, 'targets')]//tr[@data-status]")
    assert [r.get("data-status") for r in rows] == [t.status for t in pair.truth.targets]
    assert result.crosscheck is not None
    for row, target in zip(rows, result.crosscheck.targets, strict=True):
        text = row.text_content()
        assert target.target.text in text and LABELS[target.status.value] in text
        if target.report is not None:
            assert target.report.text in text
    below = next(r for r in rows if r.get("data-status") == "below_target")
    assert "thấp hơn chỉ tiêu" in below.text_content()
    # the finding that quotes the plan is grouped under the plan, not as an evidence file
    titles = [h.text_content() for h in tree.xpath("//section[@class='group']/h3")]
    assert f"Đối chiếu với kế hoạch: {plan.name}" in titles
    assert not any(t.startswith("Minh chứng:") for t in titles)


def test_partial_shows_nothing_without_a_crosscheck(
    pair_files: tuple[Path, Path], settings: Settings
) -> None:
    result = check_document(pair_files[0], settings=settings)  # the plan alone
    result = result.model_copy(update={"crosscheck": None})
    tree = rendered(result)
    assert not tree.xpath("//section[contains(@class, 'crosscheck')]")
    assert "Đối chiếu" not in tree.text_content()


def test_partial_shows_cited_numbers_against_evidence_numbers(ruleset: Ruleset) -> None:
    """A report citing its own decision 15/QĐ with a scan numbered 51/QĐ: both sides shown."""
    sections = list(REPORT_SECTIONS)
    sections[1] = (sections[1][0], "Ban hành Quyết định số 15/QĐ-THCSNVA ngày 05/01/2023.")
    scan = EvidenceResult(file="qd.jpg", number="51/QĐ-THCSNVA", signature=True, seal=True)
    result = check_ingested(report(sections=sections), [scan], CheckOptions(), ruleset)
    tree = rendered(result)
    cited = tree.xpath("//table[contains(@class, 'citations')]//tr[@data-state]")
    decision = next(r for r in cited if "15/QĐ-THCSNVA" in r.text_content())
    assert decision.get("data-state") == "missing"
    assert "thiếu minh chứng" in decision.text_content()
    scans = tree.xpath("//table[contains(@class, 'evidence-numbers')]//tr[@data-cited]")
    assert [(r.get("data-cited"), "51/QĐ-THCSNVA" in r.text_content()) for r in scans] == [
        ("no", True)
    ]
    # no plan was compared: the page says so rather than showing an empty table
    assert not tree.xpath("//table[contains(@class, 'targets')]")
    assert "chưa được đối chiếu với kế hoạch" in tree.text_content()


def test_partial_shows_a_count_lower_than_the_half_year_report(
    tmp_path: Path, settings: Settings
) -> None:
    drafts = draft_series(random.Random(3), (Period.H1, Period.YEAR), shrink="received")
    half, year = (
        render_pdf(
            compose_report(d).blocks, tmp_path / f"{d.period.value}.pdf", header=d.frame.header()
        )
        for d in drafts
    )
    result = check_document(year, options=CheckOptions(earlier=[half]), settings=settings)
    assert result.crosscheck is not None
    rows = rendered(result).xpath("//table[contains(@class, 'periods')]//tr[@data-decreased]")
    assert len(rows) == len(result.crosscheck.periods) > 0
    dropped = [r for r in rows if r.get("data-decreased") == "yes"]
    assert dropped and all("giảm so với kỳ trước" in r.text_content() for r in dropped)
    assert all("6 tháng · h1.pdf" in r.text_content() for r in rows)
    figure = next(p for p in result.crosscheck.periods if p.decreased)
    assert f"{figure.earlier:g}" in dropped[0].text_content()


# --------------------------------------------------------------------------- in the browser

CHECK_TIMEOUT_MS = 180_000


def cell_boxes(page: Page, row: int) -> list[dict[str, float]]:
    """The bounding boxes of one table row's cells, as the browser lays them out."""
    cells = page.locator("table.targets tr[data-status]").nth(row).locator("td")
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    assert all(boxes)
    return [b for b in boxes if b]


def shoot_crosscheck(page: Page, width_label: str) -> None:
    width, height = WIDTHS[width_label]
    page.set_viewport_size({"width": width, "height": height})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"11-doi-chieu-{width_label}.png"), full_page=True)
    section = page.locator("section.crosscheck")
    section.screenshot(path=str(SCREENSHOTS / f"12-bang-doi-chieu-{width_label}.png"))


@pytest.mark.slow
def test_report_page_shows_plan_targets_beside_report_lines(
    school: Page, reviewer: Page, pair: Pair, pair_files: tuple[Path, Path]
) -> None:
    plan, report = pair_files
    upload(school, plan, [], "Nộp hồ sơ")
    expect(school).to_have_url(re.compile(r"/ho-so/\d+$"))
    wait_result(school)
    expect(school.locator("section.crosscheck table.targets")).to_have_count(0)

    reviewer.goto(school.url)
    reviewer.get_by_label("Đạt", exact=True).check()
    reviewer.get_by_label(re.compile("^Lý do")).fill("Kế hoạch đủ chỉ tiêu, Phòng duyệt.")
    reviewer.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(reviewer.locator("table.history")).to_contain_text("Kế hoạch đủ chỉ tiêu")

    upload(school, report, [], "Nộp hồ sơ", kind_label="Báo cáo CCHC", period="year")
    assert wait_result(school) == "return"
    rows = school.locator("table.targets tr[data-status]")
    expect(rows).to_have_count(len(pair.truth.targets))
    statuses = [r.get_attribute("data-status") for r in rows.all()]
    assert statuses == [t.status for t in pair.truth.targets]
    missing = rows.nth(statuses.index("missing"))
    expect(missing.locator(".pair")).to_have_text("thiếu kết quả")
    expect(rows.nth(statuses.index("below_target")).locator(".pair")).to_have_text(
        "thấp hơn chỉ tiêu"
    )
    expect(school.locator("section.crosscheck")).to_contain_text(plan.name)

    # desktop: target | line | status side by side in one row
    shoot_crosscheck(school, "desktop")
    target, line, status = cell_boxes(school, 0)
    assert target["x"] < line["x"] < status["x"]
    assert abs(target["y"] - line["y"]) < 2

    # 360 px: one card per row, each cell under the other with its label, nothing cut off
    shoot_crosscheck(school, "360")
    target, line, status = cell_boxes(school, 0)
    assert target["y"] < line["y"] < status["y"]
    assert abs(target["x"] - line["x"]) < 2
    label = rows.nth(0).locator("td").nth(1)
    before = label.evaluate("td => getComputedStyle(td, '::before').content")
    assert "Kết quả trong báo cáo" in before
    overflow = school.evaluate("document.documentElement.scrollWidth")
    assert overflow <= WIDTHS["360"][0]
