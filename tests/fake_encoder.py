"""A deterministic stand-in for a sentence encoder, for unit tests without a model.

Each word (lower-cased, letters and digits only) gets a fixed pseudo-random unit vector
derived from a hash of the word; a text's vector is the normalised sum of its word
vectors. So two texts are similar exactly when they share "concept words", whatever
the rest of the sentence says, and tests can write a "translation" by reusing the
source sentence's concept words. With the default dimension, unrelated words are
nearly orthogonal.
"""

from __future__ import annotations

import hashlib
import re
from typing import Sequence

import numpy as np

from toolkit.embed.base import TokenEmbeddings

_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEncoder:
    """Implements the :class:`toolkit.embed.base.Encoder` protocol deterministically.

    Args:
        dim: embedding dimension (higher = unrelated words closer to orthogonal).
        ignored_words: words that carry no concept (e.g. function words); they do
            not contribute to the sentence vector.
    """

    def __init__(self, dim: int = 256, ignored_words: Sequence[str] = ()):
        self.name = f"fake-concept-encoder-{dim}"
        self.dim = dim
        self._ignored = {w.lower() for w in ignored_words}

    def word_vector(self, word: str) -> np.ndarray:
        """The fixed unit vector of one word (case-insensitive)."""
        seed = int.from_bytes(hashlib.sha256(word.lower().encode("utf-8")).digest()[:8], "little")
        vector = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return vector / np.linalg.norm(vector)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised sum of concept-word vectors; a text without concept words gets a hash vector of itself."""
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w for w in _WORD.findall(text.lower()) if w not in self._ignored]
            total = sum((self.word_vector(w) for w in words), np.zeros(self.dim, np.float32))
            norm = np.linalg.norm(total)
            rows[row] = total / norm if norm > 1e-6 else self.word_vector("\x00" + text)
        return rows

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenEmbeddings]:
        """One token per word, its vector being the word's concept vector."""
        result = []
        for text in texts:
            matches = list(_WORD.finditer(text))
            vectors = (np.stack([self.word_vector(m.group()) for m in matches]) if matches
                       else np.zeros((0, self.dim), np.float32))
            result.append(TokenEmbeddings([m.span() for m in matches], vectors.astype(np.float32)))
        return result
