"""Service commands: ``cchc serve``, ``cchc worker`` and ``cchc submit``.

``validator/cli.py`` calls ``register(app)``; ``python -m validator.cli_service`` runs the
same commands on their own.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from validator.settings import REPO_ROOT, get_settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
DONE_STATES = {"done", "failed"}


def serve(
    host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng")] = 8000,
) -> None:
    """Chạy API (và bộ kiểm tra trong tiến trình nếu không cấu hình broker)."""
    import uvicorn

    from validator.api.app import create_app

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    first_admin()
    uvicorn.run(create_app(get_settings()), host=host, port=port, log_config=None)


def first_admin() -> None:
    """On a database with no account, create ``admin`` and print its password once."""
    from validator.cli_accounts import database
    from validator.store.accounts import bootstrap_admin

    settings = get_settings()
    with database() as session:
        password = bootstrap_admin(session, settings.admin_password)
        session.commit()
    if password:
        typer.echo(
            "Đã tạo tài khoản quản trị đầu tiên: admin / "
            f"{password}\n(Chỉ in một lần. Đổi mật khẩu: cchc account password admin; "
            "hoặc đặt CCHC_ADMIN_PASSWORD trước lần chạy đầu.)"
        )


def worker(
    concurrency: Annotated[int, typer.Option(help="Số tiến trình kiểm tra")] = 2,
    loglevel: Annotated[str, typer.Option(help="Mức ghi log")] = "info",
) -> None:
    """Chạy Celery worker (cần CCHC_REDIS_URL hoặc CCHC_BROKER_URL)."""
    settings = get_settings()
    if not (settings.broker_url or settings.redis_url):
        typer.echo("Chưa cấu hình CCHC_REDIS_URL hoặc CCHC_BROKER_URL.", err=True)
        raise typer.Exit(2)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    sys.path.insert(0, str(REPO_ROOT))
    import worker as celery_worker

    celery_worker.app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--loglevel={loglevel}",
            "--pool=prefork",
            "--without-mingle",  # nothing to sync between workers: state is in the database
            "--without-gossip",
        ]
    )


def submit(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Kế hoạch/báo cáo")],
    server: Annotated[str, typer.Option(help="Địa chỉ dịch vụ")] = "http://127.0.0.1:8000",
    school: Annotated[str, typer.Option(help="Mã trường")] = "",
    kind: Annotated[str, typer.Option(help="plan hoặc report")] = "plan",
    year: Annotated[int, typer.Option(help="Năm")] = 0,
    period: Annotated[str | None, typer.Option(help="q1, h1, q3, year (báo cáo)")] = None,
    evidence: Annotated[
        list[Path] | None, typer.Option(exists=True, dir_okay=False, help="Tệp minh chứng")
    ] = None,
    resubmit: Annotated[int | None, typer.Option(help="Nộp lại cho hồ sơ số này")] = None,
    wait: Annotated[bool, typer.Option(help="Chờ kết quả kiểm tra")] = True,
    timeout: Annotated[float, typer.Option(help="Giây chờ tối đa")] = 600.0,
    token: Annotated[
        str, typer.Option(envvar="CCHC_TOKEN", help="Mã truy cập (cchc account token)")
    ] = "",
) -> None:
    """Nộp hồ sơ lên dịch vụ và in kết quả (JSON). Mã thoát: 0 đạt, 1 trả lại, 2 lỗi."""
    try:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with httpx.Client(base_url=server, timeout=60.0, headers=headers) as client:
            accepted = post_submission(
                client, file, evidence or [], school, kind, year, period, resubmit
            )
            if not wait:
                typer.echo(json.dumps(accepted, ensure_ascii=False, indent=2))
                return
            view = wait_for_result(client, accepted["status_url"], timeout)
    except httpx.HTTPError as exc:
        typer.echo(f"Không kết nối được dịch vụ {server}: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(view["result"] or view, ensure_ascii=False, indent=2))
    if view["state"] != "done":
        raise typer.Exit(2)
    raise typer.Exit(0 if view["decision"] == "pass" else 1)


def post_submission(
    client: httpx.Client,
    file: Path,
    evidence: list[Path],
    school: str,
    kind: str,
    year: int,
    period: str | None,
    resubmit: int | None,
) -> dict[str, Any]:
    handles = [file.open("rb"), *(e.open("rb") for e in evidence)]
    try:
        files = [("document", (file.name, handles[0]))] + [
            ("evidence", (e.name, h)) for e, h in zip(evidence, handles[1:], strict=True)
        ]
        if resubmit is not None:
            response = client.post(f"/submissions/{resubmit}/versions", files=files)
        else:
            form = {"kind": kind, "year": str(year)}
            if school:
                form["school"] = school
            if period:
                form["period"] = period
            response = client.post("/submissions", data=form, files=files)
    finally:
        for handle in handles:
            handle.close()
    if response.status_code != 202:
        typer.echo(f"Lỗi {response.status_code}: {response.text}", err=True)
        raise typer.Exit(2)
    accepted: dict[str, Any] = response.json()
    return accepted


def wait_for_result(client: httpx.Client, status_url: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        view: dict[str, Any] = client.get(status_url).raise_for_status().json()
        if view["state"] in DONE_STATES or time.monotonic() > deadline:
            return view
        time.sleep(0.5)


def register(app: typer.Typer) -> None:
    """Add the service commands to the main ``cchc`` command."""
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.command("submit")(submit)
    from validator.cli_accounts import app as accounts_app

    app.add_typer(accounts_app, name="account")


if __name__ == "__main__":
    standalone = typer.Typer(help="cchc service commands")
    register(standalone)
    standalone()
