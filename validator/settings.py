"""All settings in one place, read from the environment (prefix ``CCHC_``).

Limits are explicit so that a hostile or broken file ends in a finding, not a hung worker.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_rules_dir() -> Path:
    bundled = Path(__file__).resolve().parent / "_bundled_rules"
    return bundled if bundled.is_dir() else REPO_ROOT / "rules"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CCHC_", env_file=".env", extra="ignore", populate_by_name=True
    )

    # rule sets
    rules_dir: Path = _default_rules_dir()
    default_ruleset: str = "q7-2022"

    # input limits
    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 300
    max_parse_seconds: float = 120.0
    max_docx_entries: int = 2000
    max_docx_uncompressed_bytes: int = 200 * 1024 * 1024
    max_docx_ratio: float = 200.0  # uncompressed / compressed, per entry and in total
    max_image_pixels: int = 60_000_000
    max_text_chars: int = 5_000_000
    max_submission_bytes: int = 200 * 1024 * 1024  # a document and all its evidence together
    max_evidence_files: int = 50  # evidence files of one submission
    max_file_name_bytes: int = 200  # UTF-8 bytes of a kept file name (the extension is kept)
    max_pdf_nesting: int = 256  # arrays/dictionaries inside one PDF object
    # Each file is read in a child process killed after ``max_parse_seconds``; its address
    # space is capped at ``max_parse_memory_bytes`` (0: no cap).
    isolate_parsing: bool = True
    max_parse_memory_bytes: int = 4 * 1024 * 1024 * 1024

    # OCR
    ocr_dpi: int = 300
    ocr_timeout_seconds: float = 60.0
    tesseract_cmd: str = "tesseract"
    ocr_languages: str = "vie"
    trust_roots: Path | None = None  # CA certificates (file or folder) for PDF signatures

    # service (later issues)
    # Empty: SQLite at ``data_dir/cchc.sqlite3``. ``DATABASE_URL`` is accepted as well.
    database_url: str = Field(
        default="", validation_alias=AliasChoices("CCHC_DATABASE_URL", "DATABASE_URL")
    )
    redis_url: str = ""
    broker_url: str = ""  # empty with an empty redis_url: `cchc serve` checks in-process
    data_dir: Path = Path("data")

    # submission service: deadlines, the task's limits, the sweeper
    office_plan_dates: dict[int, dt.date] = {}  # year -> the Office's CCHC plan date
    task_time_limit_seconds: int = 600  # hard limit; the soft limit is 90 % of it
    task_max_retries: int = 3  # transient failures only (database or broker unreachable)
    task_delay_seconds: float = 0.0  # test/diagnostic only: sleep before checking a version
    embedded_workers: int = 2  # threads checking versions in `cchc serve` without a broker
    sweep_interval_seconds: float = 30.0
    stale_after_seconds: float = 900.0  # queued or started this long: queued again
    broker_visibility_timeout_seconds: int = 3600  # unacked task redelivered after this

    # faults: a locked or unreachable database, a full disk, a broken OCR engine
    db_retry_seconds: float = 10.0  # a write waits this long for the database, then 503
    db_retry_backoff_seconds: float = 0.1  # first pause between tries; doubles up to 2 s
    retry_after_seconds: int = 30  # the Retry-After of a 503 or 507 answer
    fault_retry_seconds: float = 300.0  # a version failed by a server fault is checked again

    # access: sessions, tokens, upload rate, the first admin
    session_secret: str = ""  # empty: generated once and kept in data_dir/session-secret
    session_max_age_seconds: int = 8 * 3600  # a page session lasts a working day
    session_cookie_secure: bool = False  # True behind HTTPS: the cookie is never sent in clear
    upload_rate_per_minute: int = 30  # uploads and resubmissions per account; 0: no limit
    # Failed logins within the window, for one username or from one address (many
    # usernames tried), after which logins there are refused until the oldest of them is
    # out of the window, the right password too; 0: no limit.
    login_max_failures: int = 5
    login_max_failures_per_address: int = 20
    login_window_minutes: int = 15
    admin_password: str = ""  # `cchc serve` with no account: the first admin's password

    # web pages: page images (rendered once, cached in data_dir/cache) and self-checks
    web_page_dpi: int = 110  # a document page shown beside the findings
    web_max_page_images: int = 60  # pages of a document shown as images (the rest by number)
    web_thumbnail_width: int = 900  # pixels: an evidence file with its regions drawn
    selfcheck_workers: int = 1  # self-checks running at once in the API process
    selfcheck_keep_days: int = 7  # a self-check's record (not its files) is kept this long


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests build their own ``Settings`` instead."""
    return Settings()
