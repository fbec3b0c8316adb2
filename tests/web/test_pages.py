"""The pages in a real browser (Debian's Chromium through Playwright) against the real app.

A school uploads a defective plan, reads the return and its reasons, uploads a corrected
version and sees the pass; it self-checks a draft without submitting it; a reviewer
overrides a decision and the school's return count changes, on the page and in the CSV
and XLSX downloads. Every page is photographed at 360 px and at desktop width into
``tests/_artifacts/screenshots/``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Locator, Page, expect

from corpus.build import Case, generate, write
from corpus.evidence import write_page
from corpus.examples import build_examples
from validator.models import DocKind

from .conftest import SCREENSHOTS, WIDTHS, App, signed_in

pytestmark = pytest.mark.slow

CHECK_TIMEOUT_MS = 180_000  # OCR of an evidence scan on a 2-core machine
PLAN_CASE = 0
SEED = 2023


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A plan with a missing deadline, the same plan corrected, and a signed, sealed scan."""
    out = tmp_path_factory.mktemp("files")
    defective = generate(Case(PLAN_CASE, DocKind.PLAN, "pdf", "prose", ("DEADLINE_MISSING",)), SEED)
    corrected = generate(Case(PLAN_CASE, DocKind.PLAN, "pdf", "prose", ()), SEED)
    assert defective.truth.decision == "return" and corrected.truth.decision == "pass"
    bad = write(defective, out).rename(out / "ke-hoach-thieu-thoi-han.pdf")
    (out / "fixed").mkdir()
    good = write(corrected, out / "fixed").rename(out / "ke-hoach-da-sua.pdf")
    scan = write_page(out, SEED, "clean", number_mode="printed")
    return {"defective": bad, "corrected": good, "scan": out / scan.file}


def shoot(page: Page, name: str) -> None:
    """The page as a phone (360 px) and a desktop show it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS["desktop"][0], "height": WIDTHS["desktop"][1]})


def upload(page: Page, document: Path, evidence: list[Path], mode: str, **form: str) -> None:
    page.goto("/nop")
    page.get_by_label(form.get("kind_label", "Kế hoạch CCHC")).check()
    page.get_by_label("Năm").fill(form.get("year", "2023"))
    if "period" in form:
        page.get_by_label("Kỳ báo cáo").select_option(form["period"])
    page.get_by_label("Kế hoạch hoặc báo cáo (một tệp)").set_input_files(document)
    page.get_by_label("Minh chứng (có thể chọn nhiều tệp)").set_input_files(evidence)
    page.get_by_role("button", name=mode).click()


def wait_result(page: Page) -> str:
    banner = page.locator(".banner")
    expect(banner).to_be_visible(timeout=CHECK_TIMEOUT_MS)
    return "pass" if "pass" in (banner.get_attribute("class") or "") else "return"


def shown_findings(page: Page) -> list[tuple[str, str]]:
    items = page.locator("li.finding")
    return [
        (item.get_attribute("data-code") or "", item.locator(".message").inner_text().strip())
        for item in items.all()
    ]


def loaded_width(image: Locator) -> int:
    """The image's width once the browser has decoded it (a broken image fails here)."""
    image.scroll_into_view_if_needed()
    width: int = image.evaluate("img => img.decode().then(() => img.naturalWidth)")
    return width


def school_returns(reviewer: Page, code: str) -> int:
    reviewer.goto("/thong-ke")
    return int(reviewer.locator(f'tr[data-school="{code}"] td.returns').inner_text())


def test_school_returned_then_passes_and_reviewer_override_counts(
    school: Page, reviewer: Page, files: dict[str, Path], app: App
) -> None:
    upload(school, files["defective"], [files["scan"]], "Nộp hồ sơ")
    expect(school).to_have_url(re.compile(r"/ho-so/\d+$"))
    submission_url = school.url
    shoot(school, "02-tien-do")
    assert wait_result(school) == "return"

    # the return: the reason, its quoted passage, its page and what to change
    missing = school.locator('li.finding[data-code="DEADLINE_MISSING"]').first
    expect(missing).to_be_visible()
    expect(missing.locator(".quote")).not_to_be_empty()
    expect(missing.locator(".where")).to_contain_text("Trang")
    expect(missing.locator(".hint")).to_contain_text("Cần sửa")
    assert school.locator(".group h3").count() >= 1
    # the evidence scan as a thumbnail with its regions drawn, and the plan's pages
    thumb = school.locator(".evidence-item img").first
    assert loaded_width(thumb) > 0
    expect(school.locator(".evidence-item dd").first).not_to_have_text("không tìm thấy")
    assert loaded_width(school.locator("#trang-1 img")) > 0
    shoot(school, "03-ket-qua-tra-lai")

    # the corrected version passes; the history keeps both versions and the return
    school.get_by_label("Văn bản đã sửa").set_input_files(files["corrected"])
    school.get_by_label("Minh chứng (chọn lại đủ các tệp)").set_input_files([files["scan"]])
    school.get_by_role("button", name="Nộp phiên bản mới").click()
    assert wait_result(school) == "pass"
    rows = school.locator("table.history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("tự động")  # version 1's automatic return
    expect(school.locator("#so-lan-tra-lai")).to_have_text("1")
    shoot(school, "04-ket-qua-dat")

    # the reviewer overrides the pass: the school's return count goes from 1 to 2
    assert school_returns(reviewer, "THCS-NVA") == 1
    shoot(reviewer, "05-theo-doi-truong")
    reviewer.goto(submission_url)
    reviewer.get_by_label("Trả lại").check()
    reviewer.get_by_label(re.compile("^Lý do")).fill("Chỉ tiêu 3 chưa có đơn vị chủ trì cụ thể.")
    shoot(reviewer, "06-duyet")
    reviewer.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(reviewer.locator("#so-lan-tra-lai")).to_have_text("2")
    assert school_returns(reviewer, "THCS-NVA") == 2
    school.goto("/ho-so")
    expect(school.locator("#tong-tra-lai")).to_have_text("2")
    shoot(school, "07-danh-sach-truong")

    # the downloads say the same
    csv_rows = downloaded_csv(reviewer)
    assert [r["Số lần trả lại"] for r in csv_rows if r["Mã trường"] == "THCS-NVA"] == ["2"]
    sheet = downloaded_xlsx(reviewer)
    assert ["THCS-NVA", 2] in [[row[0], row[3]] for row in sheet]

    # the reviewer's filters find it among the returned, not among the passed
    reviewer.goto("/ho-so?decision=return&school=THCS-NVA")
    expect(reviewer.locator("#tong-ho-so")).to_have_text("1")
    shoot(reviewer, "08-danh-sach-duyet")
    reviewer.goto("/ho-so?decision=pass&school=THCS-NVA")
    expect(reviewer.locator("#tong-ho-so")).to_have_text("0")


def downloaded_csv(page: Page) -> list[dict[str, str]]:
    page.goto("/thong-ke")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def downloaded_xlsx(page: Page) -> list[list[Any]]:
    page.goto("/thong-ke")
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    return [list(row) for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)]


def test_self_check_is_not_submitted(school: Page, files: dict[str, Path]) -> None:
    school.goto("/ho-so")
    before = school.locator("#tong-ho-so").inner_text()
    shoot(school, "01-nop")  # the upload page, photographed once
    upload(school, files["defective"], [], "Tự kiểm tra (không nộp)", year="2024")
    expect(school).to_have_url(re.compile(r"/tu-kiem-tra/[\w-]+$"))
    assert wait_result(school) == "return"
    expect(school.locator('li.finding[data-code="DEADLINE_MISSING"]').first).to_be_visible()
    shoot(school, "09-tu-kiem-tra")
    school.goto("/ho-so")
    expect(school.locator("#tong-ho-so")).to_have_text(before)


def test_page_shows_every_finding_of_the_json_result(
    browser: Browser, app: App, tmp_path: Path
) -> None:
    """A report returned for several reasons, with an unsigned scan: no reason is lost."""
    examples = {p.name: p for p in build_examples(tmp_path)}
    context = signed_in(browser, app, "truong-b")
    page = context.new_page()
    upload(
        page,
        examples["bao-cao-tra-lai.docx"],
        [examples["minh-chung-chua-ky.jpg"]],
        "Nộp hồ sơ",
        kind_label="Báo cáo CCHC",
        period="q1",
    )
    assert wait_result(page) == "return"
    submission_id = page.url.rsplit("/", 1)[1]
    view = context.request.get(f"/submissions/{submission_id}").json()
    expected = Counter((f["code"], f["message"]) for f in view["result"]["findings"])
    assert len(expected) >= 3
    assert Counter(shown_findings(page)) == expected
    codes = {code for code, _ in expected}
    assert {"PERIOD_MISMATCH", "EVIDENCE_SIGNATURE_MISSING"} <= codes
    shoot(page, "10-bao-cao-nhieu-ly-do")
    context.close()


def test_school_cannot_open_another_schools_submission(browser: Browser, app: App) -> None:
    context = signed_in(browser, app, "truong-b")
    page = context.new_page()
    page.goto("/ho-so")
    own = {a.get_attribute("href") for a in page.locator("table.list a").all()}
    context.close()
    other = signed_in(browser, app, "truong-a")
    page = other.new_page()
    for href in own:
        response = page.goto(str(href))
        assert response is not None and response.status == 404
        expect(page.locator(".alert")).to_contain_text("Không tìm thấy hồ sơ")
    response = page.goto("/thong-ke")
    assert response is not None and response.status == 403
    other.close()


def test_a_school_submits_and_reads_its_result_without_javascript(
    browser: Browser, app: App, tmp_path: Path
) -> None:
    """Phones with scripts off, old browsers: the plain form submits, the progress page
    reloads itself (meta refresh) and the result shows its reasons."""
    examples = {p.name: p for p in build_examples(tmp_path)}
    context = signed_in(browser, app, "truong-b", javascript=False)
    page = context.new_page()
    upload(page, examples["ke-hoach-tra-lai.docx"], [], "Nộp hồ sơ")
    expect(page).to_have_url(re.compile(r"/ho-so/\d+$"))
    assert wait_result(page) == "return"
    codes = {code for code, _ in shown_findings(page)}
    assert {"DEADLINE_MISSING", "TARGET_BELOW_MINIMUM"} <= codes
    shoot(page, "13-khong-javascript")
    context.close()
