"""A page that cannot be shown (not found, not allowed) answers with a page, not JSON."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates


class PageError(Exception):
    """Raised by page handlers; answered with ``error.html`` and ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def handler(templates: Jinja2Templates) -> object:
    async def page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        context = {"message": exc.message, "status": exc.status}
        response: HTMLResponse = templates.TemplateResponse(
            request, "error.html", context, status_code=exc.status
        )
        return response

    return page_error
