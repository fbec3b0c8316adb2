"""One rule for the name of an uploaded or checked file, used by the API, the CLI and the store.

A file name comes from a browser, a phone or a school's disk and is shown to reviewers,
written into reports and used to name a private copy on disk. So it must not carry a folder
(``../../etc/passwd``, ``C:\\Users\\…``), control or bidirectional-override characters (a
``.pdf`` that displays as ``fdp.exe``, terminal escape sequences), characters Windows refuses,
or an unbounded length; and it is NFC like every Vietnamese text in the product.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PureWindowsPath

from validator.text import nfc

DEFAULT_MAX_BYTES = 200  # Settings.max_file_name_bytes; filesystems allow 255
FALLBACK = "tep"
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_WINDOWS_RESERVED = re.compile(r'[<>:"|?*]')
_SPACES = re.compile(r"\s+")
_MAX_EXTENSION_CHARS = 10


def safe_file_name(
    name: str | None, fallback: str = FALLBACK, max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """``name`` reduced to a harmless base name (NFC, no folder, no control characters,
    at most ``max_bytes`` UTF-8 bytes with its extension kept); ``fallback`` when nothing
    usable is left."""
    text = _SPACES.sub(" ", nfc(name or ""))  # tabs and line breaks become spaces
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _UNSAFE_CATEGORIES)
    text = PureWindowsPath(text.replace("/", "\\")).name  # both separators, drive letters
    text = _WINDOWS_RESERVED.sub("_", text)
    text = _SPACES.sub(" ", text).strip(" .")
    if not text:
        return fallback
    return _cap(text, max(max_bytes, 16))


def safe_display_path(
    path: str | None, fallback: str = FALLBACK, max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """A name to show (``cchc check thu-muc/``): the same cleaning applied to each part of a
    path, which keeps its folders ("thu-muc/ke-hoach.pdf") but drops "..", "." and drives."""
    parts = [safe_file_name(part, "", max_bytes) for part in re.split(r"[\\/]", path or "")]
    kept = "/".join(part for part in parts if part)
    if not kept:
        return fallback
    return f"/{kept}" if (path or "").startswith("/") else kept


def _cap(name: str, max_bytes: int) -> str:
    """Cut the stem (never inside a character) so that stem + extension fit ``max_bytes``."""
    if len(name.encode()) <= max_bytes:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > _MAX_EXTENSION_CHARS:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    budget = max_bytes - len(suffix.encode())
    cut = stem.encode()[:budget].decode(errors="ignore").rstrip(" .")
    return (cut or FALLBACK) + suffix
