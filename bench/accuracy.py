"""Accuracy of the checker on the synthetic plan/report corpus.

    python -m bench.accuracy [--count N] [--out DIR] [--seed S]

Builds the corpus (``corpus.build``) in a temporary directory, or in ``--out`` (reused when
its ``truth.json`` has the same seed and count), runs ``validator.pipeline.check_document``
on every file with the options the school would declare, and compares with the truth.

A finding matches an injected defect when the code is the same and the place agrees: form
codes have no place; a report heading or a target is matched when the truth's section equals
the finding's ``location.section`` or is a prefix of it ending at a boundary ("II.3" in
"II.3.1" or "II.3 Cải cách …", not in "II.30"), case- and diacritic-insensitively; a plan
area is matched when its id, its Vietnamese name or one of its heading variants appears in
the finding's section, rule or message.

Exit status: 0 when every decision is right, 1 otherwise, 2 when the pipeline is not there.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpus.build import Truth, build, default_count
from corpus.compose import ExpectedFinding
from corpus.pairs import PairTruth, build_pairs
from corpus.vocab import AREA_BY_ID
from validator.models import CheckResult, Finding
from validator.options import CheckOptions
from validator.pipeline import check_document
from validator.text import fold


def section_matches(truth: ExpectedFinding, finding: Finding) -> bool:
    """Whether a finding reports the injected defect at the right place (see module doc)."""
    if truth.section is None:
        return True
    place = fold(finding.location.section or "").rstrip(". ")
    if truth.section in AREA_BY_ID:
        area = AREA_BY_ID[truth.section]
        said = fold(" ".join([place, finding.rule, finding.message]))
        names = [area.id, area.name, *area.headings]
        return any(fold(name) in said for name in names)
    wanted = fold(truth.section)
    # "II.3.1 Kết quả …" and "II.3.1.a" report "II.3.1"; "II.3.10" does not report "II.3"
    return place.startswith(wanted) and not place[len(wanted) : len(wanted) + 1].isalnum()


def matches(truth: ExpectedFinding, finding: Finding) -> bool:
    return truth.code == finding.code and section_matches(truth, finding)


@dataclass
class Outcome:
    """One document: its truth, what the checker said, and how they line up."""

    truth: Truth
    result: CheckResult | None
    error: str | None = None
    missed: list[ExpectedFinding] = field(default_factory=list)
    false: list[Finding] = field(default_factory=list)

    @property
    def decision(self) -> str:
        return self.result.decision if self.result else "error"

    @property
    def right(self) -> bool:
        return self.decision == self.truth.decision


def compare(truth: Truth, result: CheckResult) -> Outcome:
    outcome = Outcome(truth, result)
    outcome.missed = [t for t in truth.findings if not any(matches(t, f) for f in result.findings)]
    outcome.false = [f for f in result.findings if not any(matches(t, f) for t in truth.findings)]
    return outcome


def run_one(truth: Truth, folder: Path) -> Outcome:
    options = CheckOptions.model_validate(truth.options)
    try:
        result = check_document(folder / truth.file, options=options, display_name=truth.file)
    except NotImplementedError:
        raise
    except Exception as exc:  # a crash is a wrong decision, reported, not fatal to the bench
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        error = f"{type(exc).__name__}: {first_line}"
        return Outcome(truth, None, error=error, missed=list(truth.findings))
    return compare(truth, result)


# --------------------------------------------------------------------------- corpus


def load_or_build(out: Path | None, count: int, seed: int) -> tuple[Path, list[Truth]]:
    folder = out or Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    truth_file = folder / "truth.json"
    if truth_file.exists():
        payload = json.loads(truth_file.read_text("utf-8"))
        if payload.get("seed") == seed and payload.get("count") == count:
            return folder, [Truth.model_validate(d) for d in payload["documents"]]
    return folder, build(folder, count, seed)


# --------------------------------------------------------------------------- report


def per_code_table(outcomes: list[Outcome]) -> list[str]:
    expected: Counter[str] = Counter()
    found: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    false: Counter[str] = Counter()
    for o in outcomes:
        expected.update(t.code for t in o.truth.findings)
        found.update(f.code for f in (o.result.findings if o.result else []))
        missed.update(t.code for t in o.missed)
        false.update(f.code for f in o.false)
    codes = sorted(set(expected) | set(found))
    lines = [f"{'code':<28}{'expected':>9}{'found':>7}{'missed':>8}{'false':>7}"]
    for code in codes:
        lines.append(
            f"{code:<28}{expected[code]:>9}{found[code]:>7}{missed[code]:>8}{false[code]:>7}"
        )
    return lines


def breakdown(outcomes: list[Outcome]) -> list[str]:
    """Decisions right per kind, format and layout: where the checker is weakest."""
    groups: dict[tuple[str, str, str], list[bool]] = {}
    for o in outcomes:
        key = (o.truth.kind, o.truth.format, o.truth.layout)
        groups.setdefault(key, []).append(o.right)
    return [
        f"  {kind:<7}{fmt:<5}{layout:<6}{sum(rights):>4} / {len(rights)}"
        for (kind, fmt, layout), rights in sorted(groups.items())
    ]


def describe(f: Finding) -> str:
    loc = f.location
    return f"{f.code} [{f.severity.value}] section={loc.section!r} quote={loc.quote!r}"


def report(outcomes: list[Outcome]) -> list[str]:
    lines = per_code_table(outcomes)
    right = sum(o.right for o in outcomes)
    lines += ["", f"decisions right: {right} / {len(outcomes)}", *breakdown(outcomes)]
    valid = [o for o in outcomes if o.truth.decision == "pass"]
    wrongly = [o for o in valid if not o.right]
    lines.append(f"documents that must pass but were returned: {len(wrongly)} / {len(valid)}")
    for o in wrongly:
        lines.append(f"  {o.truth.file}: {o.error or ''}")
        lines += [f"    {describe(f)}" for f in o.false if f.severity.value == "return"]
    let_through = [o for o in outcomes if o.truth.decision == "return" and o.decision == "pass"]
    lines.append(f"documents to return that passed: {len(let_through)}")
    lines += [f"  {o.truth.file}: {', '.join(o.truth.defects)}" for o in let_through]
    errors = [o for o in outcomes if o.error]
    if errors:
        lines.append(f"checker errors: {len(errors)}")
        lines += [f"  {o.truth.file}: {o.error}" for o in errors]
    lines += ["", "injected defects not reported:"]
    for o in outcomes:
        for t in o.missed:
            lines.append(f"  {o.truth.file}: {t.code} section={t.section!r} quote={t.quote!r}")
    lines += ["", "findings matching no injected defect:"]
    for o in outcomes:
        tag = "must pass" if o.truth.decision == "pass" else "to return"
        for f in o.false:
            lines.append(f"  {o.truth.file} ({tag}): {describe(f)}")
    return lines


# --------------------------------------------------------------------------- plan/report pairs


@dataclass
class PairOutcome:
    """One report checked against its plan: each target's status, expected and found."""

    truth: PairTruth
    found: list[str]  # status per plan target, as the checker paired them
    codes: Counter[str]
    error: str | None = None


def run_pair(truth: PairTruth, folder: Path) -> PairOutcome:
    options = CheckOptions(plan=folder / truth.plan)
    try:
        result = check_document(folder / truth.report, options=options, display_name=truth.report)
    except Exception as exc:  # a crash counts against the checker, not the bench
        return PairOutcome(truth, [], Counter(), error=f"{type(exc).__name__}: {exc}")
    pairs = result.crosscheck.targets if result.crosscheck else []
    found = []
    for target in truth.targets:
        pair = next((p for p in pairs if fold(target.quote)[:40] in fold(p.target.text)), None)
        found.append(pair.status.value if pair else "unpaired")
    return PairOutcome(truth, found, Counter(f.code for f in result.findings))


def pairs_report(outcomes: list[PairOutcome]) -> tuple[list[str], bool]:
    """Per expected status: how many targets the checker gave that status; the findings."""
    table: dict[str, Counter[str]] = {}
    for o in outcomes:
        said = o.found or ["error"] * len(o.truth.targets)
        for target, got in zip(o.truth.targets, said, strict=True):
            table.setdefault(target.status, Counter())[got] += 1
    lines = [f"{'plan target':<16}{'count':>6}{'right':>7}  checker said"]
    for status, said in sorted(table.items()):
        total = sum(said.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(said.items()))
        lines.append(f"{status:<16}{total:>6}{said[status]:>7}  {detail}")
    missing = sum(len(o.truth.expected("missing")) for o in outcomes)
    below = sum(len(o.truth.expected("below_target")) for o in outcomes)
    found_missing = sum(o.codes["TARGET_RESULT_MISSING"] for o in outcomes)
    found_below = sum(o.codes["RESULT_BELOW_TARGET"] for o in outcomes)
    answered = sum(len(o.truth.expected("answered")) for o in outcomes)
    false_on_answered = sum(
        got != "answered"
        for o in outcomes
        for t, got in zip(o.truth.targets, o.found, strict=False)
        if t.status == "answered"
    )
    reworded = [
        got
        for o in outcomes
        for t, got in zip(o.truth.targets, o.found, strict=False)
        if t.defect == "reworded"
    ]
    lines += [
        f"missing results: {found_missing} TARGET_RESULT_MISSING for {missing} left out",
        f'figures below target without "không đạt": {found_below} RESULT_BELOW_TARGET for {below}',
        f"answered targets: {answered}, given a finding or left unpaired: {false_on_answered}",
        f"answered in other words: {reworded.count('answered')} / {len(reworded)} paired",
    ]
    errors = [o for o in outcomes if o.error]
    lines += [f"  {o.truth.report}: {o.error}" for o in errors]
    right = all(
        o.found == [t.status for t in o.truth.targets] and not o.error for o in outcomes
    ) and (found_missing, found_below) == (missing, below)
    return lines, right


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Checker accuracy on the synthetic corpus.")
    parser.add_argument("--count", type=int, default=default_count())
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--pairs", type=int, default=24, help="plan/report pairs (0: none)")
    args = parser.parse_args(argv)
    folder, truths = load_or_build(args.out, args.count, args.seed)
    print(f"corpus: {len(truths)} documents in {folder}")
    try:
        outcomes = [run_one(t, folder) for t in truths]
    except NotImplementedError as exc:
        print(
            f"validator.pipeline.check_document is not implemented yet ({exc}); nothing to measure."
        )
        return 2
    print("\n".join(report(outcomes)))
    pairs_right = True
    if args.pairs:
        pair_folder = folder / "pairs"
        truths_pairs = build_pairs(pair_folder, args.pairs, args.seed)
        print(f"\nreports against their plans: {len(truths_pairs)} pairs in {pair_folder}")
        lines, pairs_right = pairs_report([run_pair(t, pair_folder) for t in truths_pairs])
        print("\n".join(lines))
    return 0 if all(o.right for o in outcomes) and pairs_right else 1


if __name__ == "__main__":
    sys.exit(main())
