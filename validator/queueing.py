"""Getting versions to a worker: Celery on Redis, or threads inside ``cchc serve``.

A version is committed before it is sent; if sending fails (Redis down) it stays
``queued`` with no ``enqueued_at`` and the sweeper sends it again later, as it does for
versions left queued or started too long by a lost worker, and for versions failed by a
server fault once their ``retry_at`` comes. A restarted Redis (a new ``run_id``) may have
lost the tasks waiting in it: the sweeper then sends every queued version again at once.
Sending twice is harmless: ``process_version`` stores one result per version.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from typing import Protocol

import redis
from celery import Celery
from sqlalchemy.orm import Session, sessionmaker

from validator.service import TRANSIENT_ERRORS, process_version
from validator.settings import Settings
from validator.store import repository
from validator.store.models import Version, VersionState, utcnow

log = logging.getLogger(__name__)

TASK_NAME = "cchc.process_version"
SEND_TIMEOUT_SECONDS = 2.0  # an upload must not wait on an unreachable broker
UNSENT_GRACE = dt.timedelta(seconds=5)  # the upload itself is still sending it
MAX_ATTEMPTS = 3  # a version that killed this many workers is failed, not re-queued
LOST_TOO_OFTEN = (
    f"Việc kiểm tra bị gián đoạn {MAX_ATTEMPTS} lần (mất tiến trình xử lý); "
    "vui lòng liên hệ quản trị hệ thống."
)


def broker_url(settings: Settings) -> str:
    """The broker, or "" for the embedded in-process worker."""
    return settings.broker_url or settings.redis_url


def make_celery(settings: Settings, *, result_backend: bool = True) -> Celery:
    """The Celery app of the worker and of the API's sender, configured once.

    The sender has no result backend: results are read from the database, and a backend
    would make every send wait for Redis to answer.
    """
    broker = broker_url(settings)
    backend = (settings.redis_url or broker) if result_backend else None
    app = Celery("cchc", broker=broker, backend=backend)
    app.conf.update(
        task_acks_late=True,  # a task killed mid-way is delivered again
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a long check does not hold back queued ones
        task_time_limit=settings.task_time_limit_seconds,
        task_soft_time_limit=int(settings.task_time_limit_seconds * 0.9),
        broker_transport_options={"visibility_timeout": settings.broker_visibility_timeout_seconds},
        broker_connection_timeout=SEND_TIMEOUT_SECONDS,
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=24 * 3600,
        worker_hijack_root_logger=False,
    )
    return app


class Dispatcher(Protocol):
    def send(self, version_id: int) -> None:
        """Hand the version to a worker; raise if that is not possible now."""

    def check_ready(self) -> str:
        """Describe the queue; raise if it cannot take work."""

    def epoch(self) -> str | None:
        """What changes when the queue restarts and may have lost its tasks (None: never)."""

    def close(self) -> None: ...


class CeleryDispatcher:
    """Sends the task by name to the broker; the worker process runs it."""

    def __init__(self, settings: Settings) -> None:
        self.url = broker_url(settings)
        self.app = make_celery(settings, result_backend=False)
        # fail fast instead of kombu's default reconnect loop: the sweeper sends it later
        self.app.conf.broker_transport_options = {
            **self.app.conf.broker_transport_options,
            "max_retries": 1,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.2,
        }

    def send(self, version_id: int) -> None:
        self.app.send_task(TASK_NAME, args=[version_id], retry=False)

    def check_ready(self) -> str:
        with self.app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=SEND_TIMEOUT_SECONDS)
        return "celery"

    def epoch(self) -> str | None:
        """Redis's ``run_id``, new at each start of the server."""
        if not self.url.startswith(("redis://", "rediss://")):
            return None
        client = redis.Redis.from_url(
            self.url,
            socket_timeout=SEND_TIMEOUT_SECONDS,
            socket_connect_timeout=SEND_TIMEOUT_SECONDS,
        )
        try:
            return str(client.info("server")["run_id"])
        finally:
            client.close()

    def close(self) -> None:
        self.app.close()


class EmbeddedDispatcher:
    """Threads in this process run ``process_version``: the default without a broker."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session]) -> None:
        self.settings = settings
        self.sessions = sessions
        self.queue: queue.Queue[int | None] = queue.Queue()
        self.tries: dict[int, int] = {}  # version -> transient failures so far
        self.threads = [
            threading.Thread(target=self._run, name=f"cchc-check-{i}", daemon=True)
            for i in range(max(1, settings.embedded_workers))
        ]
        for thread in self.threads:
            thread.start()

    def send(self, version_id: int) -> None:
        self.queue.put(version_id)

    def check_ready(self) -> str:
        return "embedded"

    def epoch(self) -> str | None:
        return None

    def close(self) -> None:
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join(timeout=self.settings.task_time_limit_seconds)

    def _run(self) -> None:
        while (version_id := self.queue.get()) is not None:
            try:
                process_version(version_id, self.settings, self.sessions)
                self.tries.pop(version_id, None)
            except TRANSIENT_ERRORS as exc:  # the database was locked or away: try again soon
                self._retry_later(version_id, exc)
            except Exception:  # keep the thread alive; the sweeper sends the version again
                log.exception("event=task_error version=%s", version_id)

    def _retry_later(self, version_id: int, exc: Exception) -> None:
        """Send the version again after a pause, as Celery's ``autoretry_for`` does (2, 4,
        8 … s, at most 60), up to ``task_max_retries``; past that the sweeper takes it."""
        tries = self.tries.get(version_id, 0) + 1
        if tries > self.settings.task_max_retries:
            self.tries.pop(version_id, None)
            log.warning("event=task_gave_up version=%s error=%r", version_id, exc)
            return
        self.tries[version_id] = tries
        delay = min(60.0, 2.0**tries)
        log.warning("event=task_retry version=%s in=%ss error=%r", version_id, delay, exc)
        timer = threading.Timer(delay, self.send, args=(version_id,))
        timer.daemon = True
        timer.start()


def make_dispatcher(settings: Settings, sessions: sessionmaker[Session]) -> Dispatcher:
    if broker_url(settings):
        return CeleryDispatcher(settings)
    return EmbeddedDispatcher(settings, sessions)


def send_version(dispatcher: Dispatcher, sessions: sessionmaker[Session], version_id: int) -> bool:
    """Send a committed version; on failure leave it for the sweeper. True if sent."""
    try:
        dispatcher.send(version_id)
    except Exception as exc:  # any broker failure: the version is safe in the database
        log.warning("event=send_failed version=%s error=%r", version_id, exc)
        return False
    try:
        with sessions() as session:
            repository.mark_enqueued(session, version_id)
            session.commit()
    except Exception as exc:  # sent, but not noted: the sweeper sends it again (harmless)
        log.warning("event=mark_enqueued_failed version=%s error=%r", version_id, exc)
    return True


def sweep_once(
    dispatcher: Dispatcher,
    sessions: sessionmaker[Session],
    settings: Settings,
    resend_queued: bool = False,
) -> int:
    """Send again versions never sent, left queued/started too long, or due a retry after a
    server fault (and, with ``resend_queued``, every queued one); return how many were sent."""
    now = utcnow()
    with sessions() as session:
        stale = repository.stale_versions(
            session, now, dt.timedelta(seconds=settings.stale_after_seconds), UNSENT_GRACE
        )
        if resend_queued:
            stale = list({v.id: v for v in [*stale, *repository.sent_and_queued(session)]}.values())
        ids = [v.id for v in stale if still_worth_sending(session, v)]
        session.commit()
    sent = sum(send_version(dispatcher, sessions, version_id) for version_id in ids)
    if ids:
        log.info("event=swept stale=%d sent=%d", len(ids), sent)
    return sent


def still_worth_sending(session: Session, version: Version) -> bool:
    """Requeue a version whose server fault is due a retry; fail one that lost too many
    workers (it may be what kills them); send the others as they are."""
    if version.state == VersionState.FAILED:
        repository.requeue(version)
        return True
    if version.attempts >= MAX_ATTEMPTS:
        repository.mark_failed(session, version.id, LOST_TOO_OFTEN)
        return False
    return True


class Sweeper(threading.Thread):
    """Runs ``sweep_once`` at start and every ``sweep_interval_seconds``."""

    def __init__(
        self, dispatcher: Dispatcher, sessions: sessionmaker[Session], settings: Settings
    ) -> None:
        super().__init__(name="cchc-sweeper", daemon=True)
        self.dispatcher = dispatcher
        self.sessions = sessions
        self.settings = settings
        self.stopped = threading.Event()
        self.epoch: str | None = None

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                restarted = self.broker_restarted()
                if restarted:
                    log.warning("event=broker_restarted resend=queued")
                sweep_once(self.dispatcher, self.sessions, self.settings, resend_queued=restarted)
            except Exception:  # the database may be away for a moment; try next round
                log.exception("event=sweep_failed")
            self.stopped.wait(self.settings.sweep_interval_seconds)

    def broker_restarted(self) -> bool:
        """True once after the broker came back as a new server (its queue may be empty)."""
        try:
            epoch = self.dispatcher.epoch()
        except Exception:  # down: nothing can be sent now; compare when it is back
            return False
        restarted = None not in (self.epoch, epoch) and epoch != self.epoch
        self.epoch = epoch or self.epoch
        return restarted

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)
