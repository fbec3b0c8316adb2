"""The real app for the page tests: ``cchc serve`` on a free port with embedded defaults
(SQLite and the in-process worker in a temporary data folder), accounts made the way
``cchc account add`` makes them, and Debian's Chromium driven by Playwright (never a
downloaded browser)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from validator.settings import REPO_ROOT
from validator.store import accounts
from validator.store.db import make_engine, make_sessionmaker, upgrade

PASSWORD = "mat-khau-thu-nghiem"
SCREENSHOTS = REPO_ROOT / "tests" / "_artifacts" / "screenshots"
WIDTHS = {"360": (360, 780), "desktop": (1280, 900)}
ACCOUNTS = [  # username, role, school code
    ("truong-a", "school", "THCS-NVA"),
    ("truong-b", "school", "TH-LTT"),
    ("phong", "reviewer", None),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class App:
    url: str
    data_dir: Path
    log: Path


def make_accounts(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            for username, role, school in ACCOUNTS:
                accounts.create_account(session, username, role, school, PASSWORD)
            session.commit()
    finally:
        engine.dispose()


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"cchc serve exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"cchc serve did not answer:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """``cchc serve`` with its own SQLite database and data folder, for one test module."""
    root = tmp_path_factory.mktemp("web")
    data_dir = root / "data"
    database_url = f"sqlite:///{root / 'cchc.sqlite3'}"
    upgrade(database_url)
    make_accounts(database_url)
    port = free_port()
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "CCHC_DATABASE_URL": database_url,
        "CCHC_DATA_DIR": str(data_dir),
        "CCHC_REDIS_URL": "",
        "CCHC_BROKER_URL": "",
        "CCHC_UPLOAD_RATE_PER_MINUTE": "0",
        "CCHC_SESSION_SECRET": "web-tests-only",
    }
    log = root / "serve.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "validator.cli_service", "serve", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
        yield App(url, data_dir, log)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium from Debian (``scripts/ensure-system.sh`` installs it)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run scripts/ensure-system.sh (make test does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


# --------------------------------------------------------------------------- signed in


def signed_in(browser: Browser, app: App, username: str, javascript: bool = True) -> BrowserContext:
    context = browser.new_context(base_url=app.url, locale="vi-VN", java_script_enabled=javascript)
    page = context.new_page()
    page.goto("/ho-so")
    expect(page).to_have_url(re.compile(r"/dang-nhap\?next=/ho-so"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/ho-so$"))
    page.close()
    return context


@pytest.fixture
def school(browser: Browser, app: App) -> Iterator[Page]:
    context = signed_in(browser, app, "truong-a")
    yield context.new_page()
    context.close()


@pytest.fixture
def reviewer(browser: Browser, app: App) -> Iterator[Page]:
    context = signed_in(browser, app, "phong")
    yield context.new_page()
    context.close()
