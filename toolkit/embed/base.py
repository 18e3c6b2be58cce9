"""The encoder protocol: everything downstream sees only this, never a backend."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Protocol, Sequence, runtime_checkable

import numpy as np


@dataclass(frozen=True)
class TokenEmbeddings:
    """Contextual embeddings of one text's subword tokens, for word-level alignment.

    Attributes:
        spans: ``(start, end)`` character offsets of each token in the text it came
            from (special tokens and the prompt prefix are excluded).
        vectors: float32 array ``(len(spans), dim)``, L2-normalised rows.
    """

    spans: list[tuple[int, int]]
    vectors: np.ndarray

    @cached_property
    def _bounds(self) -> tuple[np.ndarray, np.ndarray, bool]:
        starts = np.fromiter((start for start, _ in self.spans), dtype=np.int64, count=len(self.spans))
        ends = np.fromiter((end for _, end in self.spans), dtype=np.int64, count=len(self.spans))
        ordered = bool(np.all(np.diff(starts) >= 0) and np.all(np.diff(ends) >= 0))
        return starts, ends, ordered

    def rows_overlapping(self, span: tuple[int, int]) -> np.ndarray:
        """Indices of the tokens overlapping the character ``span``, found by bisection (tokens come in text
        order), so that the checks can look up many spans of a long text."""
        starts, ends, ordered = self._bounds
        if not ordered:
            return np.flatnonzero((starts < span[1]) & (ends > span[0]))
        return np.arange(np.searchsorted(ends, span[0], side="right"), np.searchsorted(starts, span[1], side="left"))


@runtime_checkable
class Encoder(Protocol):
    """Turns sentences into L2-normalised vectors in one cross-lingual space.

    Attributes:
        name: a stable identifier of the model (goes into the reproducibility
            signature and the embedding cache key).
        dim: the embedding dimension.
    """

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns float32 ``(len(texts), dim)`` with unit-norm rows."""
        ...

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenEmbeddings]:
        """Embed each text's tokens (for word alignment inside a sentence pair)."""
        ...
