"""The FastAPI app: ``uvicorn --factory validator.api.app:create_app`` or ``cchc serve``.

Starting the app migrates the database and starts the sweeper, plus the in-process
checking threads when no broker is configured (the embedded default).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from validator.api import accounts, auth, faults, meta, schools, submissions
from validator.api.runtime import Runtime
from validator.settings import Settings, get_settings
from validator.web import install as install_pages


def create_app(settings: Settings | None = None) -> FastAPI:
    chosen = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = Runtime.start(chosen)
        try:
            yield
        finally:
            app.state.runtime.stop()

    app = FastAPI(
        title="CCHC pre-screening service",
        description="Nhận kế hoạch, báo cáo CCHC và minh chứng của các trường; kiểm tra tự động.",
        version="0.1.0",
        lifespan=lifespan,
    )
    auth.install(app, chosen)
    faults.install(app, chosen)
    app.include_router(submissions.router)
    app.include_router(schools.router)
    app.include_router(meta.router)
    app.include_router(accounts.router)
    install_pages(app)
    return app
