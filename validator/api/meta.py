"""Rule sets and health: ``/rulesets`` (any account), ``/healthz`` (alive) and ``/readyz``
(can work); the two health probes are public, for load balancers and orchestrators."""

from __future__ import annotations

import shutil
import subprocess
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from validator.api.auth import api_principal
from validator.api.runtime import Runtime, runtime
from validator.api.schemas import RulesetView, RuleView
from validator.ruleset import Ruleset, available_rulesets, load_ruleset
from validator.settings import Settings
from validator.store.db import ping

router = APIRouter(tags=["meta"])
RuntimeDep = Annotated[Runtime, Depends(runtime)]


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
