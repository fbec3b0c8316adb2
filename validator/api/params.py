"""Bounds on the numbers a request carries in its path or query.

A database integer is finite (PostgreSQL ``integer`` holds up to 2³¹−1, SQLite 2⁶³−1): an id
or an offset beyond that made the driver raise and the API answer 500 (schemathesis found
``GET /submissions/9223372036854775808``). Declared here once, the bound is checked by
FastAPI (``422`` in Vietnamese terms of the field) and published in the OpenAPI spec.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

DB_INT_MAX = 2**31 - 1

RowId = Annotated[int, Path(ge=1, le=DB_INT_MAX, description="Mã số (số nguyên dương)")]
Offset = Annotated[int, Query(ge=0, le=DB_INT_MAX)]
Year = Annotated[int | None, Query(ge=2000, le=2100)]
