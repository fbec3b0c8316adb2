"""The API in-process (embedded worker) on SQLite and PostgreSQL: uploads answer 202 at
once, bad input answers in Vietnamese, reviews change the counts a school summary shows."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from corpus.signed import new_authority, sign_letter
from validator.api.app import create_app
from validator.models import CheckResult, RulesetRef
from validator.settings import Settings
from validator.store import repository
from validator.store.models import Version

from .access import account_token, bearer
from .infra import multipart, wait_finished
from .samples import write_plan

pytestmark = pytest.mark.service


@pytest.fixture
def reviewer_token(database_url: str) -> str:
    return account_token(database_url, "cv-phong", "reviewer")


@pytest.fixture
def client(settings: Settings, reviewer_token: str) -> Iterator[TestClient]:
    """The Office's reviewer, who may upload for any school and review."""
    dated = settings.model_copy(update={"office_plan_dates": {2023: dt.date(2023, 1, 5)}})
    with TestClient(create_app(dated), headers=bearer(reviewer_token)) as test_client:
        yield test_client


def upload(
    client: TestClient, document: Path, evidence: Sequence[Path] = (), **form: object
) -> httpx.Response:
    data = {k: str(v) for k, v in form.items()}
    return client.post("/submissions", data=data, files=multipart(document, evidence))


def settle(client: TestClient, submission_id: int) -> dict[str, Any]:
    """Wait until the embedded worker has finished with the latest version."""
    return wait_finished(lambda: client.get(f"/submissions/{submission_id}").json())


def test_upload_answers_202_at_once_and_keeps_the_files(client: TestClient, tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    scans = [tmp_path / "qd-1.pdf", tmp_path / "qd-2.pdf"]  # unreadable: a quick check
    for scan in scans:
        scan.write_bytes(b"%PDF-1.4 truncated")
    started = time.monotonic()
    response = upload(client, plan, scans, school="THCSNVA", kind="plan", year=2023)
    assert time.monotonic() - started < 2
    assert response.status_code == 202, response.text
    body = response.json()
    view = client.get(body["status_url"]).json()
    assert view["school"] == "THCSNVA"
    assert view["history"][0]["files"] == ["ke-hoach.txt", "qd-1.pdf", "qd-2.pdf"]
    assert view["timeliness"]["judged_by"] == "approval"
    assert view["timeliness"]["deadline"].startswith("2023-02-04T23:59:59")


def test_bad_uploads_are_refused_in_vietnamese(client: TestClient, tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    no_period = upload(client, plan, school="S", kind="report", year=2023)
    assert no_period.status_code == 422
    assert "kỳ báo cáo" in no_period.json()["detail"]
    assert upload(client, plan, school="S", kind="evidence", year=2023).status_code == 422
    assert upload(client, plan, school="S", kind="plan", year=2023).status_code == 202
    duplicate = upload(client, plan, school="S", kind="plan", year=2023)
    assert duplicate.status_code == 409
    assert "nộp lại" in duplicate.json()["detail"]
    missing = client.get("/submissions/999")
    assert missing.status_code == 404
    assert "Không tìm thấy" in missing.json()["detail"]


def test_a_file_over_the_size_limit_is_refused(
    settings: Settings, reviewer_token: str, tmp_path: Path
) -> None:
    small = settings.model_copy(update={"max_file_bytes": 100})
    with TestClient(create_app(small), headers=bearer(reviewer_token)) as client:
        response = upload(client, write_plan(tmp_path), school="S", kind="plan", year=2023)
    assert response.status_code == 413
    assert "vượt quá" in response.json()["detail"]


def test_list_filters_and_resubmission(client: TestClient, tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    report = upload(client, plan, school="A", kind="report", year=2023, period="q1").json()
    upload(client, plan, school="B", kind="plan", year=2023)
    again = client.post(
        f"/submissions/{report['submission_id']}/versions",
        files=[("document", ("bao-cao-v2.txt", plan.read_bytes()))],
    )
    assert again.status_code == 202
    assert again.json()["version"] == 2
    assert [s["school"] for s in client.get("/submissions", params={"kind": "report"}).json()] == [
        "A"
    ]
    assert [s["kind"] for s in client.get("/submissions", params={"school": "B"}).json()] == [
        "plan"
    ]
    settle(client, report["submission_id"])
    view = client.get(f"/submissions/{report['submission_id']}").json()
    assert view["versions"] == 2
    assert view["timeliness"] == {
        "deadline": "2023-03-03T23:59:59+07:00",
        "status": "late",  # first submitted now, years after the cutoff
        "judged_by": "first_submission",
    }


def test_reviews_and_the_school_summary(
    client: TestClient, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    response = upload(client, write_plan(tmp_path), school="C", kind="plan", year=2023)
    submission_id = response.json()["submission_id"]
    settle(client, submission_id)
    with sessions() as session:  # the stored result, as a worker stores it, when it has none
        version = session.get_one(Version, response.json()["version_id"])
        if version.result is None:
            result = CheckResult(decision="return", ruleset=RulesetRef(id="q7-2022", version="1"))
            repository.store_result(session, version.id, result)
    decision = client.get(f"/submissions/{submission_id}").json()["decision"]
    other = "pass" if decision == "return" else "return"
    no_reason = {"reviewer": "cv", "decision": other, "reasons": []}
    refused = client.post(f"/submissions/{submission_id}/reviews", json=no_reason)
    assert refused.status_code == 422
    assert "lý do" in refused.json()["detail"]
    review = client.post(
        f"/submissions/{submission_id}/reviews",
        json={"reviewer": "cv", "decision": "return", "reasons": ["Thiếu kinh phí"]},
    ).json()
    assert review["returns"] == 1
    review = client.post(
        f"/submissions/{submission_id}/reviews",
        json={"reviewer": "cv", "decision": "pass", "reasons": ["Đã bổ sung"]},
    ).json()
    assert (review["action"], review["returns"]) == ("override", 0)
    summary = client.get("/schools/C/summary").json()
    assert summary["returns"] == 0
    assert summary["late"] == 1  # approved today, long after 04/02/2023
    assert summary["documents"][0]["decision"] == "pass"
    assert summary["documents"][0]["timeliness"]["status"] == "late"


def test_health_readiness_rulesets_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["checks"]["database"]["ok"]
    assert ready["checks"]["broker"] == {"ok": True, "detail": "embedded"}
    bundled = {r["id"]: r for r in client.get("/rulesets").json()}
    assert bundled, "the bundled rule sets are listed"
    rules = next(iter(bundled.values()))["rules"]
    assert all(r["code"] and r["message"] for r in rules)
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/submissions", "/submissions/{submission_id}/reviews", "/readyz"} <= set(paths)


def test_a_digital_signature_must_name_the_submitting_school(
    client: TestClient, tmp_path: Path
) -> None:
    """The Office's record of the school decides whose digital signature confirms an
    evidence PDF: the same signed letter confirms for Nguyễn Văn A, not for Lê Lợi."""
    plan = write_plan(tmp_path)
    authority = new_authority()
    letter = sign_letter(
        tmp_path / "bien-ban.pdf",
        authority,
        "TRƯỜNG THCS NGUYỄN VĂN A",
        None,
        principal="Lê Văn Tâm",
    )
    reasons = {}
    for code, name in (("NVA", "Trường THCS Nguyễn Văn A"), ("LL", "Trường THCS Lê Lợi")):
        sent = upload(client, plan, [letter], school=code, school_name=name, kind="plan", year=2023)
        assert sent.status_code == 202, sent.text
        result = settle(client, sent.json()["submission_id"])["result"]
        reasons[code] = [
            f["message"] for f in result["findings"] if f["code"] == "EVIDENCE_SIGNATURE_MISSING"
        ]
    assert reasons["NVA"] == []
    [reason] = reasons["LL"]
    assert 'không phải của "Trường THCS Lê Lợi"' in reason
