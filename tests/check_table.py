"""The shared assertion of the checks' table-driven tests, and token vectors made by hand."""

from __future__ import annotations

import numpy as np

from toolkit.embed.base import TokenEmbeddings


def fake_tokens(text: str, pieces: dict[str, list[float]]) -> TokenEmbeddings:
    """One token per listed word, with the given vector (unit-normalised)."""
    spans, vectors = [], []
    for word, vector in pieces.items():
        start = text.index(word)
        spans.append((start, start + len(word)))
        vectors.append(np.asarray(vector, dtype=np.float32) / np.linalg.norm(vector))
    return TokenEmbeddings(spans=spans, vectors=np.stack(vectors))


def reason_excerpts(result, source: str, translation: str) -> list[tuple]:
    """Each reason as (kind, source excerpt, translation excerpt), excerpts cut from the texts by its spans."""
    return [
        (reason.kind,
         reason.source_span and source[slice(*reason.source_span)],
         reason.translation_span and translation[slice(*reason.translation_span)])
        for reason in result.reasons
    ]


def assert_row(result, source: str, translation: str, flagged_by_features: bool, drifted: bool, kind: str | None,
               source_excerpt: str | None, translation_excerpt: str | None) -> None:
    """Features and reasons agree with the expectation, and a drift names the right words on both sides."""
    assert flagged_by_features == drifted, result.reasons
    assert bool(result.reasons) == drifted, result.reasons
    if drifted:
        assert (kind, source_excerpt, translation_excerpt) in reason_excerpts(result, source, translation)
