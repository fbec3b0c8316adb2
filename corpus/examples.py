"""The example submissions that `make run` checks: what a school would upload.

    python -m corpus.examples OUTDIR

A plan that passes, a plan and a report that are returned (each for reasons a school
meets every day), and two evidence scans (one signed and sealed, one unsigned). The files
are generated, so the repository carries the code, not binaries.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from corpus.build import Case, generate, write
from corpus.evidence import write_page
from validator.models import DocKind

SEED = 2023
DOCUMENTS = {
    "ke-hoach-dat.pdf": Case(0, DocKind.PLAN, "pdf", "prose", ()),
    "ke-hoach-tra-lai.docx": Case(
        1, DocKind.PLAN, "docx", "table", ("DEADLINE_MISSING", "TARGET_BELOW_MINIMUM")
    ),
    "bao-cao-tra-lai.docx": Case(
        2, DocKind.REPORT, "docx", "prose", ("PERIOD_MISMATCH", "DIRECTION_TOO_GENERIC")
    ),
    "bao-cao-dat.pdf": Case(3, DocKind.REPORT, "pdf", "table", ()),
}


def build_examples(outdir: Path) -> list[Path]:
    """Write the examples into ``outdir`` (again only if missing) and return their paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, case in DOCUMENTS.items():
        path = outdir / name
        if not path.exists():
            write(generate(case, SEED), outdir).rename(path)
        paths.append(path)
    for name, variant in {
        "minh-chung.jpg": {},
        "minh-chung-chua-ky.jpg": {"signature": False, "seal": False},
    }.items():
        path = outdir / name
        if not path.exists():
            truth = write_page(outdir, SEED, "clean", number_mode="printed", **variant)
            (outdir / truth.file).rename(path)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args()
    for path in build_examples(args.outdir):
        print(path)


if __name__ == "__main__":
    main()
