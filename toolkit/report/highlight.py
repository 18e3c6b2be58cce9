"""Cutting a pair's text into plain and highlighted pieces, shared by the terminal and HTML views.

Several reasons may point at overlapping spans of one text. Rather than nesting
highlights (which breaks markup and confuses readers), the text is cut at every
span boundary: each piece is covered by a fixed set of reasons, so highlights
never overlap and every piece can say which reasons explain it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

from ..checks.base import Reason
from ..result import PairResult, Verdict

Side = Literal["source", "translation"]

PROBLEMS = "problems"


@dataclass(frozen=True)
class Piece:
    """A run of text and the indices (into ``pair.reasons``) of the reasons covering it."""

    text: str
    reasons: tuple[int, ...] = ()


def reason_span(reason: Reason, side: Side) -> Optional[tuple[int, int]]:
    return reason.source_span if side == "source" else reason.translation_span


def pieces(pair: PairResult, side: Side) -> list[Piece]:
    """Split one side of ``pair`` into pieces; spans outside the text are clipped, empty ones ignored."""
    text = pair.source_text if side == "source" else pair.translation_text
    spans = []
    for index, reason in enumerate(pair.reasons):
        span = reason_span(reason, side)
        if span is None:
            continue
        start, end = max(0, span[0]), min(len(text), span[1])
        if start < end:
            spans.append((start, end, index))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    result = []
    for start, end in zip(cuts, cuts[1:]):
        covering = tuple(i for s, e, i in spans if s <= start and end <= e)
        if result and result[-1].reasons == covering:
            result[-1] = Piece(result[-1].text + text[start:end], covering)
        else:
            result.append(Piece(text[start:end], covering))
    return result


def reason_label(reason: Reason) -> str:
    """The short tag a reader sees before a reason's message (its kind, else its check)."""
    return reason.kind or reason.check


def selected_verdicts(only: set[str] | None) -> set[Verdict]:
    """The verdicts to show for an ``--only`` selection; empty or ``None`` means all.

    Raises:
        ValueError: a name is neither a verdict nor ``"problems"``.
    """
    if not only:
        return set(Verdict)
    chosen: set[Verdict] = set()
    for name in only:
        if name == PROBLEMS:
            chosen.update(v for v in Verdict if v.is_problem)
        else:
            try:
                chosen.add(Verdict(name))
            except ValueError:
                names = ", ".join([v.value for v in Verdict] + [PROBLEMS])
                raise ValueError(f"unknown verdict {name!r}; choose from {names}") from None
    return chosen
