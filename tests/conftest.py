"""Shared fixtures: the rule set, settings, and the real documents in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.ruleset import Ruleset, load_ruleset
from validator.settings import REPO_ROOT, Settings

SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def ruleset(settings: Settings) -> Ruleset:
    return load_ruleset("q7-2022", settings)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (seeds and real documents) is not beside the repository")
    return SHARED
