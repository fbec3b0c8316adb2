"""Grouping a real result's findings for the page: each in exactly one group, none lost."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from corpus.examples import build_examples
from validator.pipeline import check_document
from validator.web.present import GENERAL, group_findings, place


def test_groups_hold_every_finding_once_form_first_evidence_last(tmp_path: Path) -> None:
    examples = {p.name: p for p in build_examples(tmp_path)}
    result = check_document(examples["bao-cao-tra-lai.docx"], [examples["minh-chung-chua-ky.jpg"]])
    groups = group_findings(result)
    grouped = [f for g in groups for f in g.findings]
    assert Counter(f.model_dump_json() for f in grouped) == Counter(
        f.model_dump_json() for f in result.findings
    )
    titles = [g.title for g in groups]
    assert titles[-1] == "Minh chứng: minh-chung-chua-ky.jpg"
    assert any(t.startswith("Mục ") for t in titles)
    if GENERAL in titles:
        assert titles[0] == GENERAL
    evidence = groups[-1].findings[0]
    assert place(evidence, result.file).endswith("minh-chung-chua-ky.jpg")
