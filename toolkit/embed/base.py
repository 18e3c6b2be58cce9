"""The encoder protocol: everything downstream sees only this, never a backend."""

from __future__ import annotations

from dataclasses import dataclass
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
