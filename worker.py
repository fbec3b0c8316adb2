"""The Celery app: ``celery -A worker worker`` (or ``cchc worker``) runs the checks.

Redis is broker and result backend; the result that matters is stored in the database by
``process_version``. Late acknowledgement and rejection on worker loss make a killed task
run again; transient failures (database or broker away) are retried with backoff; running
the task twice stores one result. On start the worker sweeps once, so versions uploaded
while Redis was down, or left by a dead worker, are sent again.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from multiprocessing.process import AuthenticationString  # type: ignore[attr-defined]
from typing import Any

from celery.signals import worker_process_init, worker_ready

from validator.limits import warm_up
from validator.queueing import TASK_NAME, CeleryDispatcher, make_celery, sweep_once
from validator.service import TRANSIENT_ERRORS, process_version
from validator.settings import get_settings
from validator.store.db import database_url, make_engine, make_sessionmaker

log = logging.getLogger("cchc.worker")

settings = get_settings()
app = make_celery(settings)
engine = make_engine(database_url(settings), settings)
sessions = make_sessionmaker(engine)


@app.task(
    name=TASK_NAME,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=settings.task_max_retries,
)
def process_version_task(version_id: int) -> str:
    """Check one version and store its result in the database."""
    return process_version(version_id, settings, sessions).value


@worker_process_init.connect
def prepare_pool_process(**_: Any) -> None:
    """A forked pool process must not share the parent's database connections, and must
    be allowed to start the child processes that read each file within its limits
    (``validator.limits``). Celery's pool (billiard) installs its own daemonic process
    object as the standard library's current process, and multiprocessing refuses
    children to it (daemonic, with an authkey of billiard's type it cannot pickle); so
    the pool process is made non-daemonic with a standard authkey. The reader still kills
    each child at its deadline."""
    engine.dispose(close=False)
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    config["daemon"] = False
    config["authkey"] = AuthenticationString(bytes(config["authkey"]))
    # the readers' fork server takes seconds to start: begin now, off the init path (Celery
    # kills a pool process whose init takes longer than a few seconds)
    threading.Thread(target=warm_up, name="cchc-warm-up", daemon=True).start()


@worker_ready.connect
def sweep_on_start(**_: Any) -> None:
    """Send again what was left over while no worker (or no broker) was there."""

    def sweep() -> None:
        try:
            sweep_once(CeleryDispatcher(settings), sessions, settings)
        except Exception:
            log.exception("event=sweep_failed")

    threading.Thread(target=sweep, name="cchc-sweep-on-start", daemon=True).start()
