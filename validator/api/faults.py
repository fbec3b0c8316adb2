"""HTTP answers for server faults: the database locked or away, the disk full.

Both are the server's state, not the request's fault, and both pass: a 503 (database) or
507 (storage) with ``Retry-After`` and a Vietnamese message tells a school's script and a
person to send the same upload again later. Nothing of the failed upload was committed
(the transaction rolled back; a blob being written was removed), so a retry stores it once.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError

from validator.settings import Settings
from validator.store.blobs import StorageFull
from validator.store.db import is_disk_full, is_transient

log = logging.getLogger(__name__)

DATABASE_AWAY = (
    "Máy chủ tạm thời không ghi được vào cơ sở dữ liệu (đang bận hoặc mất kết nối); "
    "hồ sơ chưa được lưu. Vui lòng gửi lại sau {seconds} giây."
)
STORAGE_FULL = (
    "Máy chủ đã hết dung lượng lưu trữ nên chưa lưu được hồ sơ. Vui lòng gửi lại sau "
    "{seconds} giây và báo quản trị hệ thống giải phóng dung lượng."
)


def install(app: FastAPI, settings: Settings) -> None:
    """Register the 503 and 507 answers on ``app``."""
    seconds = settings.retry_after_seconds

    def answer(status: int, template: str) -> JSONResponse:
        return JSONResponse(
            {"detail": template.format(seconds=seconds)},
            status_code=status,
            headers={"Retry-After": str(seconds)},
        )

    async def storage_full(request: Request, exc: Exception) -> JSONResponse:
        log.error("event=storage_full path=%s error=%s", request.url.path, exc)
        return answer(507, STORAGE_FULL)

    async def database_error(request: Request, exc: Exception) -> JSONResponse:
        if is_disk_full(exc):
            return await storage_full(request, exc)
        if not is_transient(exc):
            raise exc  # a bug: the server's 500, with its trace logged
        log.warning("event=database_unavailable path=%s error=%r", request.url.path, exc)
        return answer(503, DATABASE_AWAY)

    app.add_exception_handler(StorageFull, storage_full)
    app.add_exception_handler(DBAPIError, database_error)
