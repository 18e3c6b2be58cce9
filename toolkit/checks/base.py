"""What a drift check sees and what it returns.

A check looks at one aligned pair of segments (source side, translation side) and
returns numeric features for the scorer plus human-readable reasons that point at
character spans on both sides. Checks never load models themselves: anything
expensive (sentence similarity, token embeddings) is computed once by the pipeline
and handed in through :class:`PairContext`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from ..embed.base import TokenEmbeddings

Span = tuple[int, int]


@dataclass
class PairContext:
    """One aligned pair, with everything a check may need.

    Attributes:
        source_text: the source segment(s), joined with a space when a bead has several.
        translation_text: the translation segment(s), joined likewise.
        source_lang: ISO 639-1 code of the source (``"de"``).
        translation_lang: ISO 639-1 code of the translation (``"en"``).
        similarity: cosine similarity of the two sides' sentence embeddings.
        source_tokens: token embeddings of ``source_text`` (``None`` when not computed).
        translation_tokens: token embeddings of ``translation_text``.
        encoder_name: the encoder the token embeddings came from (learned checks
            apply only to the encoder they were fitted on).
    """

    source_text: str
    translation_text: str
    source_lang: str
    translation_lang: str
    similarity: float = 0.0
    source_tokens: Optional[TokenEmbeddings] = None
    translation_tokens: Optional[TokenEmbeddings] = None
    encoder_name: str = ""


@dataclass(frozen=True)
class Reason:
    """Why a pair looks drifted, in plain words, with where to look.

    Attributes:
        check: the stable id of the check that found it (``"numbers"``).
        message: one sentence a translator understands.
        source_span: ``(start, end)`` in ``PairContext.source_text``, or ``None``.
        translation_span: ``(start, end)`` in ``PairContext.translation_text``, or ``None``.
        kind: the sub-kind of drift (``"number"``, ``"negation"``, ``"omission"``...),
            used for recall per kind and for rule ids in CI output.
    """

    check: str
    message: str
    source_span: Optional[Span] = None
    translation_span: Optional[Span] = None
    kind: str = ""


@dataclass
class CheckResult:
    """A check's output: features for the scorer, reasons for the reader."""

    features: dict[str, float] = field(default_factory=dict)
    reasons: list[Reason] = field(default_factory=list)


CheckFunction = Callable[[PairContext], CheckResult]


def whole(text: str) -> Optional[Span]:
    """The span of all of ``text`` for a reason about a whole side (``None`` for an empty side)."""
    return (0, len(text)) if text else None
