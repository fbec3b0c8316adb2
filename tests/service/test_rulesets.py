"""An admin changes a district threshold through the API (a YAML change, no release): the
next check uses it; a broken rule set is refused and the one in force stays; only an admin
may do it, and the change is in the audit log."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from validator.api.app import create_app
from validator.settings import REPO_ROOT, Settings
from validator.store.models import AuditEvent

from .access import account_token, bearer
from .infra import multipart, wait_finished
from .samples import write_plan

pytestmark = pytest.mark.service

BUNDLED = (REPO_ROOT / "rules" / "q7-2022.yaml").read_text(encoding="utf-8")
SATISFACTION = re.compile(r"(    - id: satisfaction\n(?:      .*\n)*?      minimum: )80\n")


def with_satisfaction_minimum(value: int) -> str:
    changed, count = SATISFACTION.subn(rf"\g<1>{value}\n", BUNDLED)
    assert count == 1, "the bundled rule set names the satisfaction minimum once"
    return changed


def check_plan(client: TestClient, token: str, plan: Path, year: int) -> dict[str, Any]:
    """Upload the school's plan for ``year`` and wait for its result."""
    response = client.post(
        "/submissions",
        data={"kind": "plan", "year": str(year)},
        files=multipart(plan, []),
        headers=bearer(token),
    )
    assert response.status_code == 202, response.text
    sid = response.json()["submission_id"]
    view = wait_finished(lambda: client.get(f"/submissions/{sid}", headers=bearer(token)).json())
    assert view["state"] == "done", view
    result: dict[str, Any] = view["result"]
    return result


def test_an_admin_raises_a_district_minimum_and_the_next_check_uses_it(
    settings: Settings, database_url: str, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    admin = account_token(database_url, "quan-tri", "admin")
    school = account_token(database_url, "truong-quy-tac", "school", "THCS-QT")
    with TestClient(create_app(settings)) as client:
        before = check_plan(client, school, write_plan(tmp_path, 2023), 2023)
        assert "TARGET_BELOW_MINIMUM" not in {f["code"] for f in before["findings"]}

        refused = client.put(
            "/rulesets/q7-2022", content=with_satisfaction_minimum(90), headers=bearer(school)
        )
        assert refused.status_code == 403

        broken = BUNDLED.replace("check: data_window", "check: no_such_check")
        invalid = client.put("/rulesets/q7-2022", content=broken, headers=bearer(admin))
        assert invalid.status_code == 422 and "no_such_check" in invalid.json()["detail"]
        other_id = client.put("/rulesets/q7-2024", content=BUNDLED, headers=bearer(admin))
        assert other_id.status_code == 422 and "q7-2022" in other_id.json()["detail"]
        still = check_plan(client, school, write_plan(tmp_path, 2024, "kh-2024.txt"), 2024)
        assert still["ruleset"]["version"] == before["ruleset"]["version"]

        saved = client.put(
            "/rulesets/q7-2022", content=with_satisfaction_minimum(90), headers=bearer(admin)
        )
        assert saved.status_code == 200, saved.text
        after = check_plan(client, school, write_plan(tmp_path, 2025, "kh-2025.txt"), 2025)
    # a result names the rule set's version with the digest of the file that judged it
    assert after["ruleset"]["version"].endswith("+" + saved.json()["digest"])
    assert after["ruleset"]["version"] != before["ruleset"]["version"]
    below = [f for f in after["findings"] if f["code"] == "TARGET_BELOW_MINIMUM"]
    assert len(below) == 1 and "90" in below[0]["message"], after["findings"]
    with sessions() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert actions.count("ruleset_saved") == 1
