"""Token vectors of character spans: how alike two words of a pair read in context.

The names and polarity checks pair a word of one side with a word of the other by
the model's contextual token vectors (``TokenEmbeddings``): a word replaced by
another reads like it, a word paraphrased away reads more like other words.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from ..embed.base import TokenEmbeddings

Span = tuple[int, int]


def span_vector(tokens: TokenEmbeddings, span: Span) -> Optional[np.ndarray]:
    """Mean vector of the tokens overlapping ``span``, or ``None`` when none does."""
    rows = tokens.rows_overlapping(span)
    return tokens.vectors[rows].mean(axis=0) if len(rows) else None


def span_similarity(
    tokens: Optional[TokenEmbeddings], span: Span, other_tokens: Optional[TokenEmbeddings], other_span: Span
) -> Optional[float]:
    """Cosine of two spans' mean token vectors, or ``None`` without token embeddings."""
    if tokens is None or other_tokens is None:
        return None
    vector, other_vector = span_vector(tokens, span), span_vector(other_tokens, other_span)
    if vector is None or other_vector is None:
        return None
    return float(vector @ other_vector / (np.linalg.norm(vector) * np.linalg.norm(other_vector) + 1e-12))


def closest_elsewhere(
    tokens: TokenEmbeddings, span: Span, other_tokens: TokenEmbeddings, excluded: list[Span]
) -> Optional[float]:
    """The best cosine between the span's mean token vector and a token of the other side outside ``excluded``."""
    vector = span_vector(tokens, span)
    kept = np.ones(len(other_tokens.spans), dtype=bool)
    for excluded_span in excluded:
        kept[other_tokens.rows_overlapping(excluded_span)] = False
    if vector is None or not kept.any():
        return None
    others = other_tokens.vectors[kept]
    cosines = others @ vector / (np.linalg.norm(others, axis=1) * np.linalg.norm(vector) + 1e-12)
    return float(cosines.max())


def rendered_elsewhere(
    tokens: Optional[TokenEmbeddings],
    span: Span,
    other_tokens: Optional[TokenEmbeddings],
    other_span: Span,
    margin: float,
    taken: tuple[list[Span], list[Span]] = ([], []),
) -> bool:
    """Whether either of two facing spans reads clearly (by ``margin``) more like another token of the opposite
    side than like the other span: then it renders that token, and the two do not stand for each other.

    Args:
        taken: spans of each side already explained elsewhere, which do not count.
    """
    similarity = span_similarity(tokens, span, other_tokens, other_span)
    if similarity is None:
        return False
    elsewhere = (closest_elsewhere(tokens, span, other_tokens, [other_span, *taken[1]]),
                 closest_elsewhere(other_tokens, other_span, tokens, [span, *taken[0]]))
    return any(cosine is not None and cosine > similarity + margin for cosine in elsewhere)
