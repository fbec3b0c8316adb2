"""The two real documents of ../shared/seeds, checked as a reviewer would expect."""

from __future__ import annotations

from pathlib import Path

from validator.models import DocKind
from validator.options import CheckOptions
from validator.pipeline import check_document
from validator.settings import Settings


def test_2019_office_plan_is_returned_for_what_it_lacks(shared: Path, settings: Settings) -> None:
    result = check_document(
        shared / "seeds" / "000_46d96e7777ab5f3c.txt",
        options=CheckOptions(kind=DocKind.PLAN),
        settings=settings,
    )
    assert result.decision == "return"
    by_code: dict[str, list] = {}  # type: ignore[type-arg]
    for finding in result.findings:
        by_code.setdefault(finding.code, []).append(finding)
    # It has no 2.3: institutional reform is missing; the other areas are there.
    assert [f.location.section for f in by_code["SECTION_MISSING"]] == ["Cải cách thể chế"]
    # Its tasks carry neither milestones nor lead units.
    assert len(by_code["DEADLINE_MISSING"]) >= 20
    assert len(by_code["RESPONSIBLE_UNIT_MISSING"]) >= 20
    sections = {f.location.section for f in by_code["DEADLINE_MISSING"]}
    assert {"II.2.1", "II.2.2", "II.2.4", "II.2.5", "II.2.6", "II.2.7", "II.2.8"} <= sections
    # Its targets meet the district minimums it itself sets: no false "below minimum".
    assert "TARGET_BELOW_MINIMUM" not in by_code
    # The numbering slips are warnings with their place.
    assert {f.message for f in by_code["NUMBERING_IRREGULAR"]} == {
        'Số thứ tự đề mục "2.4." bỏ qua số 2.3.',
        'Số thứ tự đề mục "3." bị lặp.',
    }
    assert result.document.issued_on is not None
    assert result.document.issued_on.isoformat() == "2019-03-14"


def test_2022_guidance_letter_is_not_a_plan_or_report(shared: Path, settings: Settings) -> None:
    result = check_document(shared / "seeds" / "002_05d933f203c5c8de.txt", settings=settings)
    assert result.decision == "return"
    assert [f.code for f in result.findings] == ["KIND_UNKNOWN"]
    assert result.document.number == "260/GDĐT"
    assert result.document.issued_on is not None
    assert result.document.issued_on.isoformat() == "2022-03-16"
