"""Errors as types, each with a code and a Vietnamese message the user can act on."""

from __future__ import annotations


class CchcError(Exception):
    """Base class: carries a finding code, a Vietnamese message and an English one."""

    code = "FILE_UNREADABLE"

    def __init__(self, message_vi: str, message_en: str = "", hint_vi: str = "") -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.message_en = message_en or message_vi
        self.hint_vi = hint_vi


class UnreadableFile(CchcError):
    """The file cannot be read: corrupt, encrypted, empty, too large, unknown type, a scan
    with no OCR available, or over a limit (size, pages, time, archive expansion)."""

    code = "FILE_UNREADABLE"


class RulesetError(CchcError):
    """A rule set file is missing or invalid; a usage error (exit 2), not a finding."""

    code = "RULESET_INVALID"
