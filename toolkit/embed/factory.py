"""Building the encoder a command asked for: lazily, behind the embedding cache.

The bundled model's name is known without loading it, so a fully cached run
never pays for loading torch and the model.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Callable, Sequence

import numpy as np

from .base import Encoder, TokenEmbeddings


class LazyEncoder:
    """An encoder that loads its model on the first call that needs it.

    Behind the embedding cache this means a run whose sentences are all cached
    never loads the model. ``name`` must be known without loading (it keys the
    cache); ``dim`` loads the model when asked.
    """

    def __init__(self, name: str, loader: Callable[[], Encoder]):
        self.name = name
        self._loader = loader
        self._encoder: Encoder | None = None
        self._lock = threading.Lock()
        self.load_seconds = 0.0

    @property
    def loaded(self) -> bool:
        return self._encoder is not None

    def _get(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                started = time.perf_counter()
                self._encoder = self._loader()
                self.load_seconds = time.perf_counter() - started
            return self._encoder

    @property
    def dim(self) -> int:
        return self._get().dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._get().encode(texts)

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenEmbeddings]:
        return self._get().encode_tokens(texts)


def limit_torch_threads(jobs: int) -> None:
    """Keep the model's intra-op threads times the workers within the machine's cores."""
    if jobs <= 1:
        return
    import torch

    torch.set_num_threads(max(1, (os.cpu_count() or 1) // jobs))


def lazy_model_name(model: str | None) -> str | None:
    """The cache name of the bundled model when ``model`` means it, known without loading it (else ``None``)."""
    if model not in (None, "bundled") or (model is None and os.environ.get("DRIFTCHECK_MODEL")):
        return None
    try:
        from .bundled import bundled_model_name

        return bundled_model_name()
    except Exception:  # noqa: BLE001 - any failure just means: load eagerly and let it report
        return None


def encoder_factory(model: str | None, use_cache: bool = True, jobs: int = 1) -> Callable[[], Encoder]:
    """A per-worker encoder maker: one shared model (lazy when its name is known), one cache connection each."""

    def load() -> Encoder:
        from . import load_encoder

        limit_torch_threads(jobs)
        return load_encoder(model)

    name = lazy_model_name(model)
    shared: Encoder = LazyEncoder(name, load) if name else load()
    if not use_cache:
        return lambda: shared

    def make() -> Encoder:
        from .cache import CachedEncoder, EmbeddingCache

        return CachedEncoder(shared, EmbeddingCache())

    return make
