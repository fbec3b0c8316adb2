"""The rule set's vocabulary for cross-document checks (``vocabulary.crosscheck`` in YAML).

Every word list and threshold the matching uses is data, so a district tunes it without code.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from validator.models import Period


class Counter(BaseModel):
    """A cumulative count a report gives (files received, documents signed…): it may grow
    from one report to the next of the same year, never shrink."""

    id: str
    name: str
    match: list[list[str]]  # keyword alternatives around the figure (folded)
    exclude: list[str] = Field(default_factory=list)


class ResultColumns(BaseModel):
    """Header words of a report's results table: which column holds what."""

    target: list[list[str]]  # the plan's figure restated ("Mức đề ra", "Chỉ tiêu KH")
    result: list[list[str]]  # the reported figure ("Kết quả", "Thực hiện")
    verdict: list[list[str]]  # achieved or not ("Đánh giá")


class CrossVocabulary(BaseModel):
    # Extra ways a report names a district metric (metric id → keyword alternatives).
    metric_synonyms: dict[str, list[list[str]]] = Field(default_factory=dict)
    stop_words: list[str]  # words that say nothing about the subject ("của", "tỷ lệ")
    # Share of a target's subject words a report line must repeat to answer it, for targets
    # that measure no district metric.
    min_overlap: float = Field(ge=0.0, le=1.0)
    target_cues: list[str]  # words that restate the plan's figure in a report line
    verdict_negative: list[str]  # "không đạt", "chưa hoàn thành"
    verdict_positive: list[str]  # "đạt", "hoàn thành", "vượt"
    verdict_neutral: list[str]  # "không phát sinh": an answer with nothing to count
    result_columns: ResultColumns
    skip_sections: list[list[str]]  # report headings whose lines are plans, not results
    # Types of the school's own documents that, once cited, need evidence (Decree 30 codes).
    evidence_required_types: list[str] = Field(default_factory=list)
    issuer_similarity: float = Field(ge=0.0, le=1.0)  # OCR-damaged issuer codes still match
    counters: list[Counter] = Field(default_factory=list)
    # A period's data window contains these earlier periods' windows (letter 260 §3).
    within: dict[Period, list[Period]] = Field(default_factory=dict)
