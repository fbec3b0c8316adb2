"""Hostile uploads through the service (API in-process, embedded worker, SQLite and
PostgreSQL): every one is accepted, checked once and stored as a ``done`` version whose
result carries the finding; never a 5xx, a stuck or a failed version. Over-limit uploads are
refused before anything is stored, and file names are stored harmless."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corpus.hostile import HOSTILE_FILES, HostileFile
from validator.api.app import create_app
from validator.settings import Settings

from .access import account_token, bearer
from .infra import multipart, wait_finished
from .samples import write_plan

pytestmark = pytest.mark.service


@pytest.fixture
def client(settings: Settings, database_url: str) -> Iterator[TestClient]:
    """The Office's reviewer, who may upload for any school."""
    token = account_token(database_url, "cv-phong", "reviewer")
    with TestClient(create_app(settings), headers=bearer(token)) as test_client:
        yield test_client


def submit(client: TestClient, case: HostileFile, folder: Path, school: str) -> int:
    """Upload ``case`` as the plan, or as the evidence of a sound plan."""
    folder.mkdir()
    hostile = case.write(folder / case.name)
    document, evidence = (
        (hostile, []) if case.role == "document" else (write_plan(folder), [hostile])
    )
    data = {"school": school, "kind": "plan", "year": "2023"}
    response = client.post("/submissions", data=data, files=multipart(document, evidence))
    assert response.status_code == 202, (case.name, response.text)
    submission_id: int = response.json()["submission_id"]
    return submission_id


def test_every_hostile_upload_ends_done_with_its_stored_finding(
    client: TestClient, tmp_path: Path
) -> None:
    sent = {
        case.name: submit(client, case, tmp_path / f"case-{i}", f"HOSTILE{i:02d}")
        for i, case in enumerate(HOSTILE_FILES)
    }
    for case in HOSTILE_FILES:
        view = wait_finished(lambda sid=sent[case.name]: client.get(f"/submissions/{sid}").json())
        assert view["state"] == "done", (case.name, view)
        assert [v["state"] for v in view["history"]] == ["done"]
        findings = view["result"]["findings"]
        found = [f for f in findings if f["code"] == case.code]
        assert found, (case.name, [f["code"] for f in findings])
        assert case.reason in found[0]["message"], (case.name, found[0]["message"])
        assert view["decision"] == "return"


def test_uploads_over_the_submission_limits_are_refused_and_nothing_is_stored(
    settings: Settings, database_url: str, tmp_path: Path
) -> None:
    token = account_token(database_url, "cv-phong", "reviewer")
    small = settings.model_copy(update={"max_evidence_files": 2, "max_submission_bytes": 3000})
    plan = write_plan(tmp_path)
    scans = []
    for i in range(3):
        scans.append(tmp_path / f"qd-{i}.pdf")
        scans[-1].write_bytes(b"%PDF-1.4 " + bytes(1000))
    data = {"school": "S", "kind": "plan", "year": "2023"}
    with TestClient(create_app(small), headers=bearer(token)) as client:
        too_many = client.post("/submissions", data=data, files=multipart(plan, scans))
        assert too_many.status_code == 413
        assert "vượt giới hạn 2 tệp" in too_many.json()["detail"]
        too_big = client.post("/submissions", data=data, files=multipart(plan, scans[:2]))
        assert too_big.status_code == 413
        assert "Tổng dung lượng hồ sơ" in too_big.json()["detail"]
        assert client.get("/submissions").json() == []


def test_file_names_are_stored_without_folders_or_control_characters(
    client: TestClient, tmp_path: Path
) -> None:
    plan = write_plan(tmp_path).read_bytes()
    files: list[tuple[str, tuple[str, bytes]]] = [
        ("document", ("..\\..\\windows\\ke-hoach\x1b[2J.txt", plan)),
        ("evidence", ("../../etc/passwd", b"%PDF-1.4 truncated")),
        ("evidence", ("..", b"%PDF-1.4 truncated")),
    ]
    data = {"school": "S", "kind": "plan", "year": "2023"}
    response = client.post("/submissions", data=data, files=files)
    assert response.status_code == 202, response.text
    view: dict[str, Any] = wait_finished(
        lambda: client.get(f"/submissions/{response.json()['submission_id']}").json()
    )
    assert view["state"] == "done"
    assert view["history"][0]["files"] == ["ke-hoach[2J.txt", "passwd", "evidence-2"]


def test_a_read_over_the_deadline_ends_done_with_a_finding_not_a_failed_version(
    settings: Settings, database_url: str, tmp_path: Path
) -> None:
    """The deadline counts from the start of the read: a child that answers before the
    busy parent gets round to waiting is still over it (this test once passed a 1 ms read
    on a loaded machine)."""
    token = account_token(database_url, "cv-phong", "reviewer")
    hurried = settings.model_copy(update={"max_parse_seconds": 0.001})
    data = {"school": "S", "kind": "plan", "year": "2023"}
    with TestClient(create_app(hurried), headers=bearer(token)) as client:
        files = multipart(write_plan(tmp_path), [])
        response = client.post("/submissions", data=data, files=files)
        assert response.status_code == 202, response.text
        sid = response.json()["submission_id"]
        view = wait_finished(lambda: client.get(f"/submissions/{sid}").json())
    assert view["state"] == "done"
    finding = view["result"]["findings"][0]
    assert finding["code"] == "FILE_UNREADABLE" and "quá thời gian" in finding["message"]
