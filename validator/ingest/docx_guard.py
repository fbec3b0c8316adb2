"""Check a DOCX container before any XML parser sees it.

A .docx is a zip of XML parts; a hostile one can expand to gigabytes (zip bomb) or declare
entities that expand exponentially (billion laughs). The limits come from ``Settings`` and a
refused file becomes a finding, not a stuck worker.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

import defusedxml.sax
from defusedxml import DefusedXmlException

from validator.errors import UnreadableFile
from validator.settings import Settings

_MIN_RATIO_CHECK = 64 * 1024  # tiny parts compress well legitimately; bombs are large
_XML_PARTS = (".xml", ".rels")


def _refuse(reason_vi: str, reason_en: str) -> UnreadableFile:
    return UnreadableFile(
        f"Tệp Word (.docx) không an toàn hoặc bất thường: {reason_vi}. "
        "Hãy mở tài liệu bằng Word, lưu lại (hoặc xuất PDF) rồi nộp lại.",
        f"Unsafe or abnormal .docx: {reason_en}.",
    )


def check_docx(path: Path, settings: Settings) -> None:
    """Refuse too many entries, too much expansion, and XML parts that declare a DTD,
    entities or external references (each part is parsed once with defusedxml, streaming,
    before python-docx's lxml sees it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_sizes(entries, settings)
            for entry in entries:
                if entry.filename.endswith(_XML_PARTS):
                    _check_xml(archive, entry)
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


def _check_xml(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """No DTD, entity or external reference (Word never writes one); well-formed XML."""
    try:
        with archive.open(entry) as stream:
            defusedxml.sax.parse(stream, ContentHandler(), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise _refuse(
            f"phần {entry.filename} khai báo DTD/thực thể XML (dấu hiệu tấn công 'billion laughs' "
            "hoặc tham chiếu ra ngoài)",
            f"{entry.filename} declares a DTD, entities or external references ({exc})",
        ) from exc
    except SAXException as exc:
        raise UnreadableFile(
            f"Tệp Word (.docx) bị hỏng: phần {entry.filename} không phải XML hợp lệ. "
            "Hãy mở bằng Word, lưu lại rồi nộp lại.",
            f"{entry.filename} is not well-formed XML: {exc}",
        ) from exc
