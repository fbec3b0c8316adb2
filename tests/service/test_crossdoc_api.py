"""Issue 7 through the HTTP API, with accounts, on SQLite and PostgreSQL: a school uploads its
plan, the Office's reviewer passes it, the school uploads its year report that leaves one
plan target out; the report's result names that target as TARGET_RESULT_MISSING and pairs
every other target with the report line that answers it. The school's result page shows
the same comparison, target beside line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient

from corpus.pairs import DEFECT_SETS, Pair, draft_pair, write_pair
from validator.api.app import create_app
from validator.settings import Settings

from .access import account_token, bearer
from .infra import multipart, wait_finished, wait_until
from .test_access import csrf_of, log_in

pytestmark = pytest.mark.service

LEFT_OUT = DEFECT_SETS.index(("left_out",))
SCHOOL = "TRUONG-DOI-CHIEU"


def submit(client: TestClient, token: str, document: Path, **form: str) -> dict[str, Any]:
    """Upload with the school's token and wait for the check; the submission's view."""
    response = client.post(
        "/submissions",
        data={"year": "2023", **form},
        files=multipart(document, []),
        headers=bearer(token),
    )
    assert response.status_code == 202, response.text
    submission_id = response.json()["submission_id"]
    view = wait_finished(
        lambda: client.get(f"/submissions/{submission_id}", headers=bearer(token)).json()
    )
    assert view["state"] == "done", view
    return view


def approve(client: TestClient, token: str, submission_id: int) -> None:
    reasons = ["Kế hoạch đủ chỉ tiêu, đã duyệt."]
    response = client.post(
        f"/submissions/{submission_id}/reviews",
        json={"decision": "pass", "reasons": reasons},
        headers=bearer(token),
    )
    assert response.status_code == 201, response.text


@pytest.fixture
def pair() -> Pair:
    pair = draft_pair(LEFT_OUT, seed=11)
    assert [t.status for t in pair.truth.targets].count("missing") == 1
    return pair


def test_report_against_the_plan_the_office_approved(
    pair: Pair, settings: Settings, database_url: str, tmp_path: Path
) -> None:
    school = account_token(database_url, "truong-doi-chieu", "school", SCHOOL)
    reviewer = account_token(database_url, "cv-doi-chieu", "reviewer")
    plan_file, report_file = write_pair(pair, tmp_path)
    with TestClient(create_app(settings)) as client:
        plan = submit(client, school, plan_file, kind="plan")
        approve(client, reviewer, plan["id"])
        plan = client.get(f"/submissions/{plan['id']}", headers=bearer(school)).json()
        assert plan["approved_at"] is not None

        self_check(client, report_file, pair, plan_file.name)
        report = submit(client, school, report_file, kind="report", period="year")
        result = report["result"]
        check_missing_target(pair, result, plan_file.name)
        check_answered_targets(pair, result, report_file.name)
        check_page(client, report["id"], pair)


def check_missing_target(pair: Pair, result: dict[str, Any], plan_name: str) -> None:
    """The left-out target, and only it, is a return quoting the plan."""
    missing = [f for f in result["findings"] if f["code"] == "TARGET_RESULT_MISSING"]
    assert len(missing) == 1, result["findings"]
    assert missing[0]["severity"] == "return" and result["decision"] == "return"
    left_out = next(t for t in pair.truth.targets if t.status == "missing")
    assert missing[0]["location"]["file"] == plan_name
    assert missing[0]["location"]["quote"].rstrip(" …")[:60] in left_out.quote
    cross = result["crosscheck"]
    assert cross["plan"]["file"] == plan_name and cross["plan"]["problem"] is None
    unanswered = [t for t in cross["targets"] if t["status"] == "missing"]
    # the closest line may be shown beside it, but it gives no figure for the target
    assert len(unanswered) == 1 and unanswered[0]["reported"] is None
    assert unanswered[0]["target"]["text"][:60] in left_out.quote


def check_answered_targets(pair: Pair, result: dict[str, Any], report_name: str) -> None:
    """Every other target is paired with a line of the report's section I.1 and its figure."""
    cross = result["crosscheck"]
    assert [t["status"] for t in cross["targets"]] == [t.status for t in pair.truth.targets]
    answered = [t for t in cross["targets"] if t["status"] == "answered"]
    assert len(answered) == len(pair.truth.targets) - 1
    for target in answered:
        line = target["report"]
        assert line["file"] == report_name and line["section"] == "I.1", target
        assert target["reported"] is not None and target["reported"] >= target["expected"]
        assert f"{target['reported']:g}%" in line["text"]
    codes = {f["code"] for f in result["findings"]}
    assert "RESULT_BELOW_TARGET" not in codes


def check_page(client: TestClient, submission_id: int, pair: Pair) -> None:
    """The school's page shows one row per plan target, the left-out one as missing."""
    assert log_in(client, "truong-doi-chieu").status_code == 303
    page = client.get(f"/ho-so/{submission_id}")
    assert page.status_code == 200
    tree = lxml.html.fromstring(page.text)
    rows = tree.xpath("//table[contains(@class, 'targets')]//tr[@data-status]")
    assert [r.get("data-status") for r in rows] == [t.status for t in pair.truth.targets]
    missing = next(r for r in rows if r.get("data-status") == "missing")
    assert "thiếu kết quả" in missing.text_content()
    answered = next(r for r in rows if r.get("data-status") == "answered")
    assert "đã báo cáo" in answered.text_content() and "Kết quả:" in answered.text_content()


def self_check(client: TestClient, report: Path, pair: Pair, plan_name: str) -> None:
    """Before submitting, the school's self-check of the report already compares it with
    the approved plan: the clerk sees the missing result a day earlier, not after a return."""
    assert log_in(client, "truong-doi-chieu").status_code == 303
    form = {"kind": "report", "year": "2023", "period": "year", "mode": "selfcheck"}
    form["csrf_token"] = csrf_of(client.get("/nop").text)
    started = client.post("/nop", data=form, files=multipart(report, []), follow_redirects=False)
    assert started.status_code == 303, started.text
    page_url = started.headers["location"]

    def finished() -> str | None:
        page = client.get(page_url).text
        return page if "thiếu kết quả" in page or "Lỗi" in page else None

    page = wait_until(finished, 120, "the self-check to finish")
    tree = lxml.html.fromstring(page)
    rows = tree.xpath("//table[contains(@class, 'targets')]//tr[@data-status]")
    assert [r.get("data-status") for r in rows] == [t.status for t in pair.truth.targets]
    assert "TARGET_RESULT_MISSING" in page and plan_name in page
    client.post("/dang-xuat", data={"csrf_token": csrf_of(client.get("/nop").text)})
