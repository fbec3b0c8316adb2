"""How long and how much memory each hostile file takes before it is refused.

Run: ``.venv/bin/python -m bench.hostile``. Writes every file of ``corpus.hostile`` and reads
it the way the pipeline does (``validator.limits.run_bounded``: a child process with the
deadline ``max_parse_seconds`` and the memory cap ``max_parse_memory_bytes``), then prints,
per file: the wall time, the child's peak resident memory (VmHWM), the same two as a ratio
of the limits (the issue's bound: every ratio must stay below 1), as a ratio of reading a
sound plan of the same role (the baseline measured in this run), and the reason given.
Exit status 1 when a file is not refused or a ratio to the limits reaches 1.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus.hostile import HOSTILE_FILES, HostileFile, sample_blocks, scan_like_jpeg
from corpus.render import render_pdf
from validator.errors import UnreadableFile
from validator.ingest import ingest
from validator.limits import Bounded, run_bounded
from validator.models import EvidenceResult
from validator.pipeline import screened_evidence
from validator.settings import Settings

MB = 1024 * 1024


def read(path: Path, role: str, settings: Settings) -> tuple[Bounded[object] | None, str]:
    """The bounded read and its outcome: the refusal's reason, or "read" when accepted."""
    reader = ingest if role == "document" else screened_evidence
    try:
        bounded: Bounded[object] = run_bounded(reader, (path, settings, path.name), settings)
    except UnreadableFile as exc:
        return None, exc.message_vi
    value = bounded.value
    if isinstance(value, EvidenceResult) and not value.readable:
        return bounded, value.problem or "unreadable"
    return bounded, "read"


def timed(path: Path, role: str, settings: Settings) -> tuple[float, int, str]:
    """Seconds, peak bytes and outcome. A refusal carries no memory figure, so its peak is
    measured by a second read in a child that catches the refusal itself."""
    started = time.monotonic()
    bounded, outcome = read(path, role, settings)
    seconds = time.monotonic() - started
    return (
        seconds,
        bounded.peak_bytes if bounded else peak_of_refusal(path, role, settings),
        outcome,
    )


def peak_of_refusal(path: Path, role: str, settings: Settings) -> int:
    """Peak memory of a read that was refused: measured by a child that catches the refusal."""
    return run_bounded(_peak_after, (path, role, settings), settings).peak_bytes


def _peak_after(path: Path, role: str, settings: Settings) -> None:
    reader = ingest if role == "document" else screened_evidence
    try:
        reader(path, settings, path.name)
    except UnreadableFile:
        return


def baseline(folder: Path, settings: Settings) -> dict[str, tuple[float, int]]:
    """Reading a sound plan (document) and a sound scan (evidence)."""
    plan = render_pdf(sample_blocks() * 30, folder / "ke-hoach.pdf")
    scan = folder / "minh-chung.jpg"
    scan.write_bytes(scan_like_jpeg())
    out = {}
    for role, path in (("document", plan), ("evidence", scan)):
        seconds, peak, _ = timed(path, role, settings)
        out[role] = (seconds, peak)
    return out


def main() -> int:
    settings = Settings()
    run_bounded(len, ("",), settings)  # the fork server's start is not part of any file
    failures = 0
    with tempfile.TemporaryDirectory(prefix="cchc-bench-hostile-") as tmp:
        folder = Path(tmp)
        base = baseline(folder, settings)
        for role, (seconds, peak) in base.items():
            print(f"baseline {role:8s} {seconds:6.2f} s {peak / MB:7.0f} MB")
        memory_limit = settings.max_parse_memory_bytes / MB
        print(f"limits: {settings.max_parse_seconds:g} s, {memory_limit:.0f} MB")
        columns = ("s", "MB", "s/lim", "MB/lim", "s/base", "MB/base")
        print(f"{'file':22s} " + " ".join(f"{c:>7s}" for c in columns) + "  outcome")
        for case in HOSTILE_FILES:
            failures += report(case, folder, settings, base)
    print("all hostile files refused within the limits" if not failures else f"{failures} FAILED")
    return 1 if failures else 0


def report(
    case: HostileFile, folder: Path, settings: Settings, base: dict[str, tuple[float, int]]
) -> int:
    path = case.write(folder / case.name)
    seconds, peak, outcome = timed(path, case.role, settings)
    time_ratio = seconds / settings.max_parse_seconds
    memory_ratio = peak / settings.max_parse_memory_bytes
    base_seconds, base_peak = base[case.role]
    refused = outcome != "read" and case.reason in outcome
    ok = refused and time_ratio < 1 and memory_ratio < 1
    print(
        f"{case.name:22s} {seconds:7.2f} {peak / MB:7.0f} {time_ratio:7.3f} {memory_ratio:7.3f} "
        f"{seconds / base_seconds:7.1f} {peak / base_peak:7.2f}  "
        f"{'ok' if ok else 'FAIL'}: {outcome[:90]}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
