"""The sweeper sends again what a lost worker left, and gives up on a version that has
lost its worker too often (a file that kills the checker must not loop forever)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from validator.api.app import create_app
from validator.queueing import MAX_ATTEMPTS, EmbeddedDispatcher, sweep_once
from validator.settings import Settings
from validator.store import repository
from validator.store.models import Version, VersionState

from .access import account_token, bearer
from .infra import wait_finished
from .test_store import new_version

pytestmark = pytest.mark.service


def test_stuck_versions_are_sent_again_until_they_lost_too_many_workers(
    settings: Settings, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        stuck = new_version(session, settings, school="A")
        doomed = new_version(session, settings, school="B")
        repository.claim_version(session, stuck.id, "dead:1")
        for attempt in range(MAX_ATTEMPTS):
            repository.claim_version(session, doomed.id, f"dead:{attempt}")
        session.commit()
    eager = settings.model_copy(update={"stale_after_seconds": 0.0})
    dispatcher = EmbeddedDispatcher(eager, sessions)
    try:
        assert sweep_once(dispatcher, sessions, eager) == 1
    finally:
        dispatcher.close()
    with sessions() as session:
        checked = session.get_one(Version, stuck.id)
        assert checked.state == VersionState.DONE
        assert checked.result is not None
        failed = session.get_one(Version, doomed.id)
        assert failed.state == VersionState.FAILED
        assert failed.error is not None and "gián đoạn" in failed.error
        assert failed.result is None


def test_serve_takes_back_what_its_previous_process_left_unfinished(
    settings: Settings, sessions: sessionmaker[Session], database_url: str
) -> None:
    """Embedded mode keeps its queue in memory: a restart must not lose queued versions."""
    with sessions() as session:
        lost_in_queue = new_version(session, settings, school="A")
        repository.mark_enqueued(session, lost_in_queue.id)
        interrupted = new_version(session, settings, school="B")
        repository.claim_version(session, interrupted.id, "previous:1")
        session.commit()
    token = account_token(database_url, "cv", "reviewer")
    with TestClient(create_app(settings), headers=bearer(token)) as client:
        for version in (lost_in_queue, interrupted):
            view = wait_finished(
                lambda v=version: client.get(f"/submissions/{v.submission_id}").json()
            )
            assert view["state"] == "done"
