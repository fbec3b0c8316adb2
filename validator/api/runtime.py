"""What the API's handlers share: settings, database sessions, the dispatcher, the sweeper."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from validator.queueing import (
    Dispatcher,
    EmbeddedDispatcher,
    Sweeper,
    make_dispatcher,
    sweep_once,
)
from validator.settings import Settings
from validator.store.db import database_url, make_engine, make_sessionmaker, upgrade


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    dispatcher: Dispatcher
    sweeper: Sweeper

    @classmethod
    def start(cls, settings: Settings) -> Runtime:
        """Migrate the database, then start the dispatcher and the sweeper; an embedded
        dispatcher first takes back the versions its previous process left unfinished."""
        url = database_url(settings)
        upgrade(url)
        engine = make_engine(url, settings)
        sessions = make_sessionmaker(engine)
        dispatcher = make_dispatcher(settings, sessions)
        if isinstance(dispatcher, EmbeddedDispatcher):
            # the in-process queue died with the last process: whatever it held is orphaned
            sweep_once(dispatcher, sessions, settings.model_copy(update={"stale_after_seconds": 0}))
        sweeper = Sweeper(dispatcher, sessions, settings)
        sweeper.start()
        return cls(settings, engine, sessions, dispatcher, sweeper)

    def stop(self) -> None:
        self.sweeper.stop()
        self.dispatcher.close()
        self.engine.dispose()


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def db_session(request: Request) -> Iterator[Session]:
    with runtime(request).sessions() as session:
        yield session
