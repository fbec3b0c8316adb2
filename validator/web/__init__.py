"""Web pages for schools and reviewers, served by the same app as the API.

``install(app)`` adds the pages, their static files and the HTML error page. Who may see
what is the access module's rule (``validator/api/auth.py``): pages need a signed-in session
and redirect to the login page otherwise.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from validator.web import errors, lists, pages, selfcheck_pages
from validator.web.deps import TEMPLATES

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(errors.PageError, errors.handler(TEMPLATES))  # type: ignore[arg-type]
    app.include_router(lists.router)
    app.include_router(selfcheck_pages.router)
    app.include_router(pages.router)
