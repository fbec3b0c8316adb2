"""Stored rows → what a page shows. Reads only; decisions and counts come from the
repository, exactly as the JSON API computes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from validator.models import CheckResult, EvidenceResult
from validator.settings import Settings
from validator.store import repository
from validator.store.models import ReturnEvent, Review, Submission, Version, VersionFile
from validator.web import images
from validator.web.present import CrossView, FindingGroup, cross_view, group_findings, parse_result


@dataclass
class EvidenceView:
    item: EvidenceResult
    images: list[str]  # URLs of its pages with the regions drawn


@dataclass
class ResultView:
    """A result with everything its partial template needs."""

    result: CheckResult
    groups: list[FindingGroup]
    pages: list[str]  # URLs of the document's page images, page 1 first
    evidence: list[EvidenceView]
    cross: CrossView | None = None  # the plan targets beside the report lines, and so on


def result_view(
    settings: Settings,
    body: dict[str, Any],
    document_sha: str,
    evidence_shas: list[str],
    base_url: str,
) -> ResultView:
    """``base_url`` is the page's own address; images hang under it."""
    result = parse_result(body)
    assert result is not None
    pages = [
        f"{base_url}/trang/{n}.png" for n in range(1, images.page_count(settings, document_sha) + 1)
    ]
    evidence = [
        EvidenceView(
            item,
            [f"{base_url}/minh-chung/{i}/{p}.png" for p in images.evidence_pages(item.regions)]
            if i < len(evidence_shas) and item.readable
            else [],
        )
        for i, item in enumerate(result.evidence)
    ]
    return ResultView(result, group_findings(result), pages, evidence, cross_view(result))


@dataclass
class VersionRow:
    version: Version
    automatic: str | None
    reviews: list[Review] = field(default_factory=list)
    returns: list[ReturnEvent] = field(default_factory=list)


def history(session: Session, submission: Submission) -> list[VersionRow]:
    """Every version, newest first, with its reviews and the returns it caused."""
    ids = [v.id for v in submission.versions]
    reviews = list(
        session.scalars(select(Review).where(Review.version_id.in_(ids)).order_by(Review.id))
    )
    events = list(
        session.scalars(
            select(ReturnEvent)
            .where(ReturnEvent.submission_id == submission.id)
            .order_by(ReturnEvent.id)
        )
    )
    rows = []
    for version in reversed(submission.versions):
        rows.append(
            VersionRow(
                version,
                repository.automatic_decision(version),
                [r for r in reviews if r.version_id == version.id],
                [e for e in events if e.version_id == version.id],
            )
        )
    return rows


def files_of(version: Version) -> tuple[VersionFile, list[VersionFile]]:
    document = next(f for f in version.files if f.role == "document")
    return document, [f for f in version.files if f.role == "evidence"]
