"""Content-addressed file storage: each distinct content is written once, never altered.

Files live at ``data_dir/files/ab/cdef…`` (the SHA-256 in hex). A write goes to a temporary
file in the same folder tree and is renamed into place, so a reader never sees half a file
and a crash leaves at most a stray temporary file. A full disk (or a file-size limit) while
writing removes the temporary file and raises ``StorageFull``: the API answers 507 and no
row refers to the content.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from validator.settings import Settings
from validator.store.db import data_path

CHUNK = 1024 * 1024
NO_SPACE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class FileTooLarge(Exception):
    """The upload exceeds ``max_file_bytes``; nothing was stored."""


class StorageFull(Exception):
    """The data folder has no room for the file (disk, quota or file-size limit full);
    nothing of it was kept."""


def blob_path(settings: Settings, sha256: str) -> Path:
    return settings.data_dir / "files" / sha256[:2] / sha256[2:]


def store_stream(settings: Settings, stream: BinaryIO) -> tuple[str, int]:
    """Store ``stream``'s bytes; return their SHA-256 and size."""
    try:
        return _store(settings, stream)
    except OSError as exc:
        if exc.errno in NO_SPACE:
            raise StorageFull(f"{settings.data_dir}: {exc.strerror}") from exc
        raise


def _store(settings: Settings, stream: BinaryIO) -> tuple[str, int]:
    tmp_dir = data_path(settings, "files", "tmp")
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > settings.max_file_bytes:
                    raise FileTooLarge(f"{size} > {settings.max_file_bytes} bytes")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha256 = digest.hexdigest()
        target = blob_path(settings, sha256)
        if target.exists():
            return sha256, size
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp_name, 0o444)
        os.replace(tmp_name, target)
        return sha256, size
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
