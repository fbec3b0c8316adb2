"""Benchmark of evidence OCR on generated pages and on the real files, in one run.

    python -m bench.ocr                 # 160 generated pages + the real files
    python -m bench.ocr --pages 40      # fewer pages
    python -m bench.ocr --quick         # 16 pages, no baseline timing on every page

Compares ``ocr.evidence.read_evidence`` with the naive baseline (``tesseract PAGE - -l vie``
on the whole page + the regex ``Số:\\s*(\\S+)``) on the same pages, per degradation kind.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from corpus.evidence import generate
from ocr.evidence import read_evidence
from validator.models import NUMBER_SURE_CONFIDENCE as CONFIDENT
from validator.models import EvidenceResult
from validator.settings import REPO_ROOT, Settings

REALWORLD = REPO_ROOT.parent / "shared" / "realworld"
BASELINE_RE = re.compile(r"Số:\s*(\S+)")
QUICK_PAGES = 16
PEAK_SAMPLE_EVERY = 10  # pages whose whole-process peak is measured in a fresh process
POLL_SECONDS = 0.005
PEAK_SCRIPT = """
import sys
from pathlib import Path
from ocr.evidence import read_evidence
from validator.settings import Settings
def high_water_kb():
    # VmHWM is this process's own peak; ru_maxrss would carry the parent's across exec
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")
base = high_water_kb()
read_evidence(Path(sys.argv[1]), Settings())
print(base, high_water_kb())
"""


@dataclass
class Row:
    truth: dict
    result: EvidenceResult
    seconds: float
    baseline: str | None
    baseline_seconds: float
    peak_mb: float
    baseline_peak_mb: float = float("nan")
    process_peak: tuple[float, float] | None = None  # (after imports, after the page) MB


@dataclass
class Tally:
    hits: int = 0
    total: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def add(self, ok: bool) -> None:
        self.total += 1
        self.hits += int(ok)

    def pct(self) -> str:
        return (
            f"{100 * self.hits / self.total:5.1f}% ({self.hits}/{self.total})"
            if self.total
            else "  n/a"
        )


def baseline(path: Path, settings: Settings) -> tuple[str | None, float, float]:
    """The naive reading: whole-page tesseract, first "Số:" match; seconds and the
    tesseract process's own peak memory (VmHWM, polled while it runs)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [settings.tesseract_cmd, str(path), "-", "-l", "vie"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    peak_kb = 0
    status = Path(f"/proc/{proc.pid}/status")
    while proc.poll() is None:
        peak_kb = max(peak_kb, _vm_hwm_kb(status))
        time.sleep(POLL_SECONDS)
    out = proc.stdout.read() if proc.stdout else ""
    seconds = time.perf_counter() - start
    match = BASELINE_RE.search(out)
    return (match.group(1) if match else None), seconds, peak_kb / 1024


def _vm_hwm_kb(status: Path) -> int:
    try:
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:  # the process has just ended
        pass
    return 0


def process_peak(path: Path) -> tuple[float, float]:
    """Peak memory (MB) of a fresh process after its imports and after reading ``path``."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(path)],
        capture_output=True, text=True, check=True, cwd=root,
    )  # fmt: skip
    base, peak = (int(v) / 1024 for v in done.stdout.split()[-2:])
    return base, peak


def run_pages(
    folder: Path, truths: list[dict], settings: Settings, with_baseline: bool
) -> list[Row]:
    rows = []
    for index, truth in enumerate(truths):
        path = folder / truth["file"]
        tracemalloc.start()
        start = time.perf_counter()
        result = read_evidence(path, settings)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        nan = float("nan")
        base, base_s, base_peak = baseline(path, settings) if with_baseline else (None, nan, nan)
        sampled = process_peak(path) if index % PEAK_SAMPLE_EVERY == 0 else None
        rows.append(Row(truth, result, seconds, base, base_s, peak, base_peak, sampled))
    return rows


def number_report(rows: list[Row], with_baseline: bool) -> None:
    print("\n== Document number (exact match) ==")
    kinds = sorted({r.truth["degradation"] for r in rows})
    printed: dict[str, Tally] = defaultdict(Tally)
    printed_base: dict[str, Tally] = defaultdict(Tally)
    hand_legible: dict[str, Tally] = defaultdict(Tally)
    for r in rows:
        t, kind = r.truth, r.truth["degradation"]
        if t["number_printed"]:
            for key in (kind, "ALL"):
                printed[key].add(r.result.number == t["number"])
                printed_base[key].add(r.baseline == t["number"])
        if t["number_handwritten"] and t["number_legible"]:
            for key in (kind, "ALL"):
                hand_legible[key].add(r.result.number == t["number"])
    print(f"{'kind':8} {'printed: ours':22} {'printed: baseline':22} {'handwritten legible':22}")
    for kind in [*kinds, "ALL"]:
        base = printed_base[kind].pct() if with_baseline else "  (not run)"
        print(f"{kind:8} {printed[kind].pct():22} {base:22} {hand_legible[kind].pct():22}")
    wrong = [r for r in rows if r.result.number and r.result.number != r.truth["number"]]
    confident = [r for r in wrong if r.result.number_confidence >= CONFIDENT]
    hand = [r for r in rows if r.truth["number_handwritten"]]
    hand_wrong = [r for r in hand if r.result.number and r.result.number != r.truth["number"]]
    hand_conf_wrong = [r for r in hand_wrong if r.result.number_confidence >= CONFIDENT]
    print(f"wrong number reported, all pages:        {len(wrong)}/{len(rows)}"
          f" ({len(confident)} with confidence >= {CONFIDENT})")  # fmt: skip
    print(f"handwritten: wrong number reported:      {len(hand_wrong)}/{len(hand)}"
          f" = {100 * len(hand_wrong) / max(1, len(hand)):.1f}%;"
          f" confident wrong {len(hand_conf_wrong)}/{len(hand)}"
          f" = {100 * len(hand_conf_wrong) / max(1, len(hand)):.1f}%")  # fmt: skip
    illegible = [r for r in hand if not r.truth["number_legible"]]
    flagged = sum(r.result.number_unreadable for r in illegible)
    print(f"handwritten illegible flagged unreadable: {flagged}/{len(illegible)}")
    legible = [r for r in rows if r.truth["number_legible"]]
    missing = [r for r in legible if r.result.number is None and not r.result.number_unreadable]
    print(f"'number missing' on a page with a legible number: {len(missing)}/{len(legible)}")
    none_truth = [r for r in rows if r.truth["number"] is None]
    invented = sum(r.result.number is not None for r in none_truth)
    print(f"number reported on a page without one:   {invented}/{len(none_truth)}")
    said_missing = sum(
        r.result.number is None and not r.result.number_unreadable for r in none_truth
    )  # EVIDENCE_NUMBER_MISSING, a return; "unreadable" is only a warning
    print(f"page without one said 'number missing':  {said_missing}/{len(none_truth)}")
    for r in wrong:
        print(f"   wrong: {r.truth['file']}: {r.result.number} (conf {r.result.number_confidence})"
              f" truth {r.truth['number']}")  # fmt: skip


def _pr(rows: list[Row], truth_key: str, got: str) -> str:
    tp = sum(1 for r in rows if r.truth[truth_key] and getattr(r.result, got))
    fp = sum(1 for r in rows if not r.truth[truth_key] and getattr(r.result, got))
    fn = sum(1 for r in rows if r.truth[truth_key] and not getattr(r.result, got))
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    counts = f"(tp {tp}, fp {fp}, fn {fn})"
    return f"precision {100 * precision:5.1f}%  recall {100 * recall:5.1f}%  {counts}"


def block_report(rows: list[Row]) -> None:
    print("\n== Signature block ==")
    print(f"signature presence:         {_pr(rows, 'signature', 'signature')}")
    colour = [r for r in rows if r.truth["colour"]]
    grey = [r for r in rows if not r.truth["colour"]]
    print(f"seal, colour pages ({len(colour):3}):   {_pr(colour, 'seal', 'seal')}")
    print(f"seal, grey pages ({len(grey):3}):     {_pr(grey, 'seal', 'seal')}")
    esign = [r for r in rows if "esign_stamp" in r.truth["distractors"] and not r.truth["seal"]]
    print(f"e-signature stamp taken as seal (pages with stamp, no seal): "
          f"{sum(r.result.seal for r in esign)}/{len(esign)}")  # fmt: skip
    titles, names, dates = Tally(), Tally(), Tally()
    for r in rows:
        titles.add(r.result.signer_title == r.truth["signer_title"])
        names.add(r.result.signer_name == r.truth["signer_name"])
        dates.add(str(r.result.issued_on) == r.truth["issued_on"])
    print(f"signer title exact:         {titles.pct()}")
    print(f"signer name exact:          {names.pct()}")
    print(f"issue date exact:           {dates.pct()}")


def speed_report(rows: list[Row], with_baseline: bool) -> None:
    print("\n== Speed and memory (per page, this machine, OMP_THREAD_LIMIT=1) ==")
    ours = statistics.median(r.seconds for r in rows)
    print(f"median read_evidence:        {ours:.2f} s")
    if with_baseline:
        base = statistics.median(r.baseline_seconds for r in rows)
        print(f"median bare tesseract page:  {base:.2f} s   ratio ours/baseline {ours / base:.2f}x")
    peaks = [r.peak_mb for r in rows]
    print(f"peak Python heap per page (tracemalloc): median {statistics.median(peaks):.0f} MB,"
          f" max {max(peaks):.0f} MB")  # fmt: skip
    sampled = [r.process_peak for r in rows if r.process_peak]
    if sampled:
        grow = [peak - base for base, peak in sampled]
        print(f"peak process memory (VmHWM, fresh process, {len(sampled)} pages):"
              f" {max(p for _, p in sampled):.0f} MB, of which the page adds"
              f" median {statistics.median(grow):.0f} MB, max {max(grow):.0f} MB")  # fmt: skip
    if with_baseline:
        tess = [r.baseline_peak_mb for r in rows]
        print(f"peak bare tesseract process (VmHWM): median {statistics.median(tess):.0f} MB,"
              f" max {max(tess):.0f} MB (our region calls read less)")  # fmt: skip


def realworld_report(settings: Settings) -> None:
    print("\n== Real files (../shared/realworld, read in place) ==")
    labels_path = REALWORLD / "labels.json"
    if not labels_path.exists():
        print("(skipped: ../shared/realworld is not present)")
        return
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    for name, label in labels.items():
        if name.startswith("_"):
            continue
        start = time.perf_counter()
        r = read_evidence(REALWORLD / name, settings)
        seconds = time.perf_counter() - start
        checks = {
            "number": (r.number, label["number"]),
            "issued_on": (str(r.issued_on) if r.issued_on else None, label["issued_on"]),
            "signature": (r.signature, label["signature"]),
            "seal": (r.seal, label["seal"]),
            "signer_title": (r.signer_title, label["signer_title"]),
            "signer_name": (r.signer_name, label["signer_name"]),
            "pdf_signatures": (len(r.pdf_signatures), label["pdf_signatures"]),
        }
        agree = sum(got == want for got, want in checks.values())
        print(f"{name}: {agree}/{len(checks)} fields agree ({seconds:.1f} s)")
        for key, (got, want) in checks.items():
            mark = "ok " if got == want else "XX "
            print(f"   {mark}{key:15} got {got!r:40} want {want!r}")
        if r.number is None:
            print(f"      number_unreadable={r.number_unreadable} code={r.number_code!r}"
                  f" confidence={r.number_confidence}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=160)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_PAGES} pages, no baseline")
    parser.add_argument("--no-realworld", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    pages = QUICK_PAGES if args.quick else args.pages
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        folder = Path(tmp)
        truths = [vars(t) for t in generate(folder, pages, args.seed)]
        rows = run_pages(folder, truths, settings, with_baseline=not args.quick)
    print(f"bench.ocr: {pages} generated pages (seed {args.seed}), 1 run")
    number_report(rows, with_baseline=not args.quick)
    block_report(rows)
    speed_report(rows, with_baseline=not args.quick)
    if not args.no_realworld:
        realworld_report(settings)


if __name__ == "__main__":
    main()
