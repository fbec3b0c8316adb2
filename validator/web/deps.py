"""What every page handler shares: who is asking, the templates, the page response.

The principal comes from ONE dependency (``PagePrincipal``), the access module's
``page_principal``: a page session, else a redirect to the login page. Every form that posts
carries the session's CSRF token (``csrf_token`` in the template context) and every POST
handler depends on ``check_csrf``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from validator.api.auth import LOGOUT_PATH, Principal, Role, check_csrf, csrf_token, page_principal
from validator.api.runtime import Runtime, db_session, runtime
from validator.store.timeliness import OFFICE_TZ
from validator.web import present

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
TEMPLATES.env.filters["local_time"] = present.local_time
TEMPLATES.env.filters["word"] = present.word
TEMPLATES.env.globals["document_title"] = present.document_title
TEMPLATES.env.globals["place"] = present.place

PagePrincipal = Annotated[Principal, Depends(page_principal)]
RuntimeDep = Annotated[Runtime, Depends(runtime)]
SessionDep = Annotated[Session, Depends(db_session)]
CsrfChecked = Depends(check_csrf)


def is_reviewer(principal: Principal) -> bool:
    return principal.role in (Role.REVIEWER, Role.ADMIN)


def page(
    request: Request,
    principal: Principal,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
) -> HTMLResponse:
    """A page of ``template`` with what the layout needs: the account, its role, the CSRF
    token for the forms, the logout address."""
    full = {
        "principal": principal,
        "reviewer": is_reviewer(principal),
        "csrf_token": csrf_token(request),
        "logout_path": LOGOUT_PATH,
        "now": dt.datetime.now(OFFICE_TZ),
        **context,
    }
    return TEMPLATES.TemplateResponse(request, template, full, status_code=status_code)
