"""The result of comparing a translation with its candidate sources.

One set of dataclasses feeds every report format, so the terminal view, JSON, HTML
and CI findings can never disagree about what was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .checks.base import Reason
from .documents import Document, Segment


class Verdict(str, Enum):
    """What happened to the meaning of one aligned pair."""

    OK = "ok"
    VARIANT = "variant"  # worded differently, meaning kept
    DRIFT = "drift"  # meaning changed
    OMISSION = "omission"  # source content with no counterpart in the translation
    ADDITION = "addition"  # translation content with no counterpart in the source

    @property
    def is_problem(self) -> bool:
        return self in (Verdict.DRIFT, Verdict.OMISSION, Verdict.ADDITION)


class Severity(str, Enum):
    """How much a finding matters, ordered: ``Severity.rank`` compares them."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return ["none", "low", "medium", "high"].index(self.value)


@dataclass
class PairResult:
    """One aligned bead with its verdict.

    Attributes:
        source: indices of the source segments (empty for an addition).
        translation: indices of the translation segments (empty for an omission).
        source_text: the source segments joined by a space.
        translation_text: the translation segments joined by a space.
        similarity: cosine similarity of the two sides' embeddings (0 for one-sided beads).
        drift: probability that the meaning changed, from the scorer.
        verdict: the decision.
        severity: how much it matters.
        reasons: why, with spans relative to ``source_text`` / ``translation_text``.
    """

    source: list[int]
    translation: list[int]
    source_text: str
    translation_text: str
    similarity: float
    drift: float
    verdict: Verdict
    severity: Severity
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class CandidateResult:
    """How well one candidate source explains the translation."""

    path: str
    lang: str
    score: float
    coverage: float
    relation: str  # "source", "partial" or "unrelated"


@dataclass
class Comparison:
    """Everything ``compare`` found: the documents, the ranking and the verdict of every pair."""

    signature: dict[str, Any]
    translation: Document
    source: Document
    candidates: list[CandidateResult]
    pairs: list[PairResult]

    @property
    def summary(self) -> dict[str, Any]:
        counts = {v.value: 0 for v in Verdict}
        for pair in self.pairs:
            counts[pair.verdict.value] += 1
        return {
            "pairs": len(self.pairs),
            "verdicts": counts,
            "problems": sum(1 for p in self.pairs if p.verdict.is_problem),
            "source": self.source.path,
        }


def join_segments(segments: list[Segment], indices: list[int]) -> str:
    """The text of a bead side: its segments joined by one space."""
    return " ".join(segments[i].text for i in indices)


def span_in_document(segments: list[Segment], indices: list[int], span: tuple[int, int]) -> tuple[int, int]:
    """Map a span in ``join_segments(segments, indices)`` back to document offsets."""
    start, end = span
    offset = 0
    doc_start = doc_end = None
    for i in indices:
        seg = segments[i]
        length = len(seg.text)
        if doc_start is None and start <= offset + length:
            doc_start = seg.start + max(0, start - offset)
        if end <= offset + length:
            doc_end = seg.start + max(0, end - offset)
            break
        offset += length + 1
    last = segments[indices[-1]]
    return (doc_start if doc_start is not None else last.end, doc_end if doc_end is not None else last.end)
