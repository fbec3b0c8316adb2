"""Rule sets and health: ``/rulesets`` (any account reads, an admin adds or replaces one),
``/healthz`` (alive) and ``/readyz`` (can work); the two health probes are public, for load
balancers and orchestrators."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from validator.api.auth import Principal, Role, api_principal, audit, require_roles
from validator.api.runtime import Runtime, db_session, runtime
from validator.api.schemas import RulesetView, RuleView
from validator.errors import RulesetError
from validator.ruleset import Ruleset, added_rules_dir, available_rulesets, load_ruleset
from validator.settings import Settings
from validator.store.db import ping

router = APIRouter(tags=["meta"])
RuntimeDep = Annotated[Runtime, Depends(runtime)]
RULESET_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
MAX_RULESET_BYTES = 1_000_000


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(rt: RuntimeDep) -> JSONResponse:
    """200 when the database, the queue and tesseract (with Vietnamese) all answer."""
    checks = {
        "database": probe(lambda: ping(rt.engine)),
        "broker": probe(rt.dispatcher.check_ready),
        "tesseract": probe(lambda: tesseract_languages(rt.settings)),
    }
    ready = all(c["ok"] for c in checks.values())
    return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)


def probe(check: Any) -> dict[str, Any]:
    try:
        return {"ok": True, "detail": str(check())}
    except Exception as exc:  # readiness reports any failure instead of raising it
        return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}


def tesseract_languages(settings: Settings) -> str:
    """Raise unless tesseract runs and has every configured language."""
    if shutil.which(settings.tesseract_cmd) is None:
        raise RuntimeError(f"{settings.tesseract_cmd} not found")
    listed = subprocess.run(
        [settings.tesseract_cmd, "--list-langs"], capture_output=True, text=True, timeout=10
    ).stdout.split()
    missing = [lang for lang in settings.ocr_languages.split("+") if lang not in listed]
    if missing:
        raise RuntimeError(f"missing languages: {','.join(missing)}")
    return settings.ocr_languages


@router.get("/rulesets", response_model=list[RulesetView], dependencies=[Depends(api_principal)])
def rulesets(rt: RuntimeDep) -> list[RulesetView]:
    """The bundled rule sets (as ``cchc rules`` loads them) with their rules."""
    return [
        ruleset_view(load_ruleset(str(path), rt.settings))
        for path in available_rulesets(rt.settings)
    ]


def ruleset_view(ruleset: Ruleset) -> RulesetView:
    return RulesetView(
        id=ruleset.id,
        version=ruleset.version,
        title=ruleset.title,
        source=ruleset.source,
        digest=ruleset.digest,
        rules=[
            RuleView(
                id=r.id,
                code=r.code,
                severity=r.severity,
                clause=r.clause,
                applies_to=[k.value for k in r.applies_to],
                message=r.message.vi,
                hint=r.hint.vi,
            )
            for r in ruleset.rules
        ],
    )


async def yaml_text(request: Request) -> str:
    """The request's body: a rule set's YAML as text (``text/plain``), at most 1 MB."""
    raw = await request.body()
    if len(raw) > MAX_RULESET_BYTES:
        raise HTTPException(413, f"Bộ quy tắc quá lớn (tối đa {MAX_RULESET_BYTES} byte).")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(422, "Bộ quy tắc phải là văn bản YAML mã hóa UTF-8.") from exc


YAML_BODY = {
    "requestBody": {
        "required": True,
        "content": {"text/plain": {"schema": {"type": "string", "description": "YAML"}}},
    }
}


@router.put("/rulesets/{ruleset_id}", response_model=RulesetView, openapi_extra=YAML_BODY)
def save_ruleset(
    ruleset_id: str,
    request: Request,
    rt: RuntimeDep,
    session: Annotated[Session, Depends(db_session)],
    admin: Annotated[Principal, Depends(require_roles(Role.ADMIN))],
    body: Annotated[str, Depends(yaml_text)],
) -> RulesetView:
    """An admin adds a rule set, or replaces one (a district's own thresholds), as YAML.

    It is validated exactly as ``cchc rules`` loads it before it takes the old one's place;
    checks started afterwards use it, and each result's ``ruleset.version`` ends with the
    digest of the file that judged it."""
    if not RULESET_ID.match(ruleset_id):
        raise HTTPException(422, "Mã bộ quy tắc chỉ gồm chữ thường không dấu, số và dấu '-'.")
    folder = added_rules_dir(rt.settings)
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, suffix=".tmp")
    draft = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(body)
        ruleset = _validated(draft, ruleset_id, rt.settings)
        os.replace(draft, folder / f"{ruleset_id}.yaml")
    finally:
        draft.unlink(missing_ok=True)
    audit(session, request, admin, "ruleset_saved", f"ruleset:{ruleset_id}", digest=ruleset.digest)
    session.commit()
    return ruleset_view(ruleset)


def _validated(draft: Path, ruleset_id: str, settings: Settings) -> Ruleset:
    try:
        ruleset = load_ruleset(str(draft), settings)
    except (RulesetError, yaml.YAMLError) as exc:
        message = exc.message_vi if isinstance(exc, RulesetError) else str(exc)
        raise HTTPException(422, message.replace(str(draft), f"{ruleset_id}.yaml")) from exc
    if ruleset.id != ruleset_id:
        raise HTTPException(
            422, f"Bộ quy tắc ghi id '{ruleset.id}', khác mã trong đường dẫn '{ruleset_id}'."
        )
    return ruleset
