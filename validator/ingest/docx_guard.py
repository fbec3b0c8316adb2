"""Check a DOCX container before any XML parser sees it.

A .docx is a zip of XML parts; a hostile one can expand to gigabytes (zip bomb) or declare
entities that expand exponentially (billion laughs). The limits come from ``Settings`` and a
refused file becomes a finding, not a stuck worker.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from validator.errors import UnreadableFile
from validator.settings import Settings

PROLOG_BYTES = 64 * 1024  # the DTD, if any, sits before the root element
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_MIN_RATIO_CHECK = 64 * 1024  # tiny parts compress well legitimately; bombs are large
_XML_PARTS = (".xml", ".rels")


def _refuse(reason_vi: str, reason_en: str) -> UnreadableFile:
    return UnreadableFile(
        f"Tệp Word (.docx) không an toàn hoặc bất thường: {reason_vi}. "
        "Hãy mở tài liệu bằng Word, lưu lại (hoặc xuất PDF) rồi nộp lại.",
        f"Unsafe or abnormal .docx: {reason_en}.",
    )


def check_docx(path: Path, settings: Settings) -> None:
    """Refuse too many entries, too much expansion, and XML parts with a DTD."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_sizes(entries, settings)
            for entry in entries:
                if entry.filename.endswith(_XML_PARTS):
                    _check_prolog(archive, entry)
    except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as exc:
        raise UnreadableFile(
            "Tệp Word (.docx) bị hỏng, không mở được. Hãy lưu lại tài liệu rồi nộp lại.",
            f"The .docx container is corrupt: {exc}",
        ) from exc


def _check_sizes(entries: list[zipfile.ZipInfo], settings: Settings) -> None:
    if len(entries) > settings.max_docx_entries:
        raise _refuse(
            f"có {len(entries)} thành phần (giới hạn {settings.max_docx_entries})",
            f"{len(entries)} zip entries",
        )
    total = sum(entry.file_size for entry in entries)
    if total > settings.max_docx_uncompressed_bytes:
        raise _refuse(
            f"giải nén ra {total // (1024 * 1024)} MB (giới hạn "
            f"{settings.max_docx_uncompressed_bytes // (1024 * 1024)} MB)",
            f"{total} bytes uncompressed",
        )
    packed = sum(entry.compress_size for entry in entries)
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _MIN_RATIO_CHECK and ratio > settings.max_docx_ratio:
            raise _refuse(
                f"thành phần {entry.filename} nén với tỉ lệ {ratio:.0f}:1 (dấu hiệu zip bomb)",
                f"entry {entry.filename} has compression ratio {ratio:.0f}",
            )
    if total > _MIN_RATIO_CHECK and total / max(packed, 1) > settings.max_docx_ratio:
        raise _refuse("tỉ lệ nén bất thường (dấu hiệu zip bomb)", "abnormal compression ratio")


def _check_prolog(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """No DOCTYPE or ENTITY before the root element (Word never writes one)."""
    with archive.open(entry) as stream:
        head = stream.read(PROLOG_BYTES)
    root = _ROOT_START.search(head)
    prolog = head[: root.start()] if root else head
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise _refuse(
            f"phần {entry.filename} khai báo DTD/thực thể XML (dấu hiệu tấn công 'billion laughs')",
            f"{entry.filename} declares a DTD or entities",
        )
    if root is None and len(head) == PROLOG_BYTES:
        raise _refuse(f"phần {entry.filename} có phần mở đầu XML quá dài", "oversized XML prolog")
