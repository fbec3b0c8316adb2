"""Hard limits on reading one file: a child process with a deadline and a memory cap.

The readers check what they can cheaply (size, pages, archive expansion, pixels, DTDs), but a
hostile file can still make a C library loop or allocate without end (a deeply nested PDF,
a crafted image, a pathological table). So each file is read in a child process forked
from a ``forkserver`` (a small single-threaded process with the readers already imported:
cheap to fork, and safe next to the API's threads). The child's address space is capped with
``RLIMIT_AS``; the parent waits at most ``max_parse_seconds`` and then kills it. Whatever
happens (deadline, memory, a crash in C code, a bug) ends as ``UnreadableFile``: a finding
with a Vietnamese reason, never a hung worker or a lost version.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from PIL import Image

from validator.errors import UnreadableFile
from validator.settings import Settings

log = logging.getLogger(__name__)
# A child of a program run as ``python -m name`` imports ``name`` again (as ``__mp_main__``)
# although the fork server preloaded it; runpy warns about exactly that, once per file read.
warnings.filterwarnings(
    "ignore", message=r".*found in sys\.modules after import of package", category=RuntimeWarning
)

T = TypeVar("T")
PRELOAD = ["__main__", "validator.pipeline", "ocr.evidence"]  # imported once by the fork server
KILL_GRACE_SECONDS = 5.0
_context: Any = None


@dataclass(frozen=True)
class Bounded(Generic[T]):
    """What a bounded read gave, how long it took and the child's peak resident memory."""

    value: T
    seconds: float
    peak_bytes: int  # 0 when read in-process (``isolate_parsing`` off)


def apply_pixel_limit(settings: Settings) -> None:
    """Pillow's own decompression-bomb guard at our limit (it warns above it and refuses
    at twice it; the OCR reader turns the warning into a refusal)."""
    Image.MAX_IMAGE_PIXELS = settings.max_image_pixels


def run_bounded(fn: Callable[..., T], args: tuple[Any, ...], settings: Settings) -> Bounded[T]:
    """``fn(*args)`` within the time and memory limits; ``UnreadableFile`` when over one.

    ``fn`` must be a module-level function and ``args`` picklable (they cross a pipe)."""
    started = time.monotonic()
    apply_pixel_limit(settings)
    if not settings.isolate_parsing:
        return Bounded(fn(*args), time.monotonic() - started, 0)
    receiver, sender = _mp().Pipe(duplex=False)
    child = _mp().Process(
        target=_child_main, args=(sender, fn, args, settings), daemon=True, name="cchc-parse"
    )
    child.start()
    sender.close()
    try:
        message = _receive(receiver, child, settings, started)
    finally:
        receiver.close()
        _stop(child)
    return _unpack(message, time.monotonic() - started)


def _mp() -> Any:
    """The fork-server context, created once with the readers preloaded."""
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD + _main_module_name())
        _context = context
    return _context


def warm_up() -> None:
    """Start the fork server now (it imports the readers: a few seconds) rather than on the
    first file; a Celery pool process calls this when it starts."""
    _mp()
    multiprocessing.forkserver.ensure_running()


def _forget_inherited_fork_server() -> None:
    """After ``fork`` (a Celery pool process), the parent's fork server is not our child:
    ``multiprocessing`` would fail on it (``waitpid``), so this process starts its own."""
    server: Any = getattr(multiprocessing.forkserver, "_forkserver")  # noqa: B009
    server._forkserver_pid = None
    server._forkserver_address = None
    server._forkserver_alive_fd = None


os.register_at_fork(after_in_child=_forget_inherited_fork_server)


def _main_module_name() -> list[str]:
    """A program started with ``python -m name`` (the service, the worker) has each child
    import ``name`` again; preloading it keeps that import cheap."""
    spec = getattr(sys.modules["__main__"], "__spec__", None)
    name = getattr(spec, "name", None)
    return [name] if name and not name.endswith("__main__") else []


def _receive(
    receiver: Connection, child: Any, settings: Settings, started: float
) -> tuple[Any, ...]:
    """The child's message, if it came within ``max_parse_seconds`` of the read's start.
    The deadline counts from the start, not from when this process got round to waiting:
    a busy machine must not let a slow read through (nor make the limit depend on it)."""
    deadline = started + settings.max_parse_seconds
    if not receiver.poll(max(0.0, deadline - time.monotonic())) or time.monotonic() > deadline:
        child.kill()
        raise _over_time(settings)
    try:
        message: tuple[Any, ...] = receiver.recv()
    except (EOFError, OSError):
        child.join(KILL_GRACE_SECONDS)
        raise _crashed(child.exitcode, settings) from None
    return message


def _stop(child: Any) -> None:
    child.join(KILL_GRACE_SECONDS)
    if child.is_alive():
        child.kill()
        child.join()
    child.close()


def _unpack(message: tuple[Any, ...], seconds: float) -> Bounded[Any]:
    status, payload, peak = message
    if status == "ok":
        return Bounded(payload, seconds, peak)
    vi, en, hint = payload
    raise UnreadableFile(vi, en, hint)


def _child_main(
    sender: Connection, fn: Callable[..., Any], args: tuple[Any, ...], settings: Settings
) -> None:
    """In the child: cap memory, run, send ("ok", value, peak) or ("unreadable", texts, peak)."""
    if settings.max_parse_memory_bytes > 0:
        cap = settings.max_parse_memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    apply_pixel_limit(settings)
    try:
        reply: tuple[Any, ...] = ("ok", fn(*args))
    except UnreadableFile as exc:
        reply = ("unreadable", (exc.message_vi, exc.message_en, exc.hint_vi))
    except MemoryError:
        reply = ("unreadable", _texts(_over_memory(settings)))
    except RecursionError:
        reply = ("unreadable", _texts(_too_nested()))
    except Exception as exc:  # a reader's bug on odd input: a finding, with the trace logged
        log.exception("reading failed in the child process")
        reply = ("unreadable", _texts(_failed(exc)))
    sender.send((*reply, peak_resident_bytes()))
    sender.close()


def _texts(error: UnreadableFile) -> tuple[str, str, str]:
    return error.message_vi, error.message_en, error.hint_vi


def peak_resident_bytes() -> int:
    """This process's peak resident memory (VmHWM: not inherited from a parent)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _over_time(settings: Settings) -> UnreadableFile:
    seconds = settings.max_parse_seconds
    return UnreadableFile(
        f"Đọc tệp quá thời gian cho phép ({seconds:g} giây) nên đã dừng. Tệp quá nặng hoặc "
        "có cấu trúc bất thường; hãy xuất lại PDF/lưu lại tài liệu gọn hơn rồi nộp lại.",
        f"Reading the file exceeded the time limit of {seconds:g} s (max_parse_seconds).",
    )


def _over_memory(settings: Settings) -> UnreadableFile:
    megabytes = settings.max_parse_memory_bytes // (1024 * 1024)
    return UnreadableFile(
        f"Đọc tệp cần quá nhiều bộ nhớ (giới hạn {megabytes} MB) nên đã dừng. Tệp có thể "
        "chứa ảnh hoặc dữ liệu nén bất thường; hãy lưu lại tài liệu gọn hơn rồi nộp lại.",
        f"Reading the file exceeded the memory limit of {megabytes} MB (max_parse_memory_bytes).",
    )


def _crashed(exitcode: int | None, settings: Settings) -> UnreadableFile:
    if exitcode is not None and exitcode < 0:
        how = f"killed by signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    megabytes = settings.max_parse_memory_bytes // (1024 * 1024)
    return UnreadableFile(
        "Trình đọc tệp dừng bất thường khi đọc tệp này (tệp hỏng, bất thường hoặc vượt giới "
        f"hạn bộ nhớ {megabytes} MB). Hãy xuất lại PDF hoặc lưu lại tài liệu rồi nộp lại.",
        f"The reader process stopped abnormally ({how}).",
    )


def _too_nested() -> UnreadableFile:
    return UnreadableFile(
        "Tệp có cấu trúc lồng nhau quá sâu (dấu hiệu tệp độc hại hoặc hỏng), không đọc được. "
        "Hãy xuất lại PDF từ tài liệu gốc rồi nộp lại.",
        "The file's objects are nested too deeply (recursion limit).",
    )


def _failed(exc: Exception) -> UnreadableFile:
    return UnreadableFile(
        "Không đọc được nội dung tệp (tệp hỏng hoặc có cấu trúc bất thường). "
        "Hãy xuất lại PDF hoặc lưu lại tài liệu rồi nộp lại.",
        f"The file could not be read: {type(exc).__name__}: {exc}",
    )
