"""An on-disk embedding cache shared by every run and process on the machine.

Embedding is the dominant cost; texts repeat across runs (CI re-checks the same
files on every push). Vectors are stored in SQLite keyed by the model's name and
the SHA-256 of the exact text, so a re-run after editing one sentence embeds only
that sentence. SQLite in WAL mode makes concurrent processes safe; a write is one
transaction, so an interrupted run leaves no partial entry. The cache is bounded:
past ``max_bytes`` the least recently used entries are evicted.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import CacheError
from .base import Encoder, TokenEmbeddings

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
LOCK_TIMEOUT_S = 60.0


def driftcheck_home() -> Path:
    """Root of driftcheck's caches: ``$DRIFTCHECK_HOME`` or ``~/.cache/driftcheck``."""
    return Path(os.environ.get("DRIFTCHECK_HOME") or Path.home() / ".cache" / "driftcheck")


def default_cache_path() -> Path:
    """``$DRIFTCHECK_CACHE``, else ``embeddings.sqlite3`` under :func:`driftcheck_home`.

    A separate knob so that a test (or a CI job) can isolate the cache while still
    reusing the model built under ``$DRIFTCHECK_HOME/models``.
    """
    explicit = os.environ.get("DRIFTCHECK_CACHE")
    return Path(explicit) if explicit else driftcheck_home() / "embeddings.sqlite3"


def _switch_to_wal(db: sqlite3.Connection) -> None:
    """Put the database in WAL mode, waiting out other processes that hold a lock.

    SQLite answers this pragma with "database is locked" at once, without its busy
    timeout, while another connection is writing (two runs opening one fresh cache
    at the same moment), so the wait is done here.
    """
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_errors_as_cache_errors(method):
    """A broken cache file is the user's to fix: one line naming it, not a traceback."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as err:
            reason = f"{err.strerror}: {err.filename}" if isinstance(err, OSError) and err.strerror else err
            raise CacheError(f"{self.path}: embedding cache unusable ({reason}); "
                             "delete the file, point DRIFTCHECK_CACHE elsewhere or run with --no-cache") from None

    return wrapper


@dataclass(frozen=True)
class CacheStats:
    path: str
    entries: int
    bytes: int
    models: dict[str, int]


class EmbeddingCache:
    """SQLite store of ``(model, sha256(text)) -> float32 vector``."""

    @_sqlite_errors_as_cache_errors
    def __init__(self, path: str | os.PathLike | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.path = Path(path) if path else default_cache_path()
        self.max_bytes = max_bytes
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S, isolation_level=None)
        _switch_to_wal(self._db)
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key BLOB, vector BLOB, used REAL,"
            " PRIMARY KEY (model, key))"
        )

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8")).digest()

    @_sqlite_errors_as_cache_errors
    def get_blobs(self, model: str, texts: Sequence[str]) -> dict[int, bytes]:
        """Stored payloads for ``texts`` by position; misses are absent. Hits count as uses."""
        found: dict[int, bytes] = {}
        positions: dict[bytes, list[int]] = {}
        for i, text in enumerate(texts):
            positions.setdefault(self.key(text), []).append(i)
        unique = list(positions)
        hit_keys = []
        for chunk_start in range(0, len(unique), 500):
            chunk = unique[chunk_start:chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, vector FROM vectors WHERE model=? AND key IN ({marks})", (model, *chunk)
            ).fetchall()
            for k, blob in rows:
                hit_keys.append(k)
                for i in positions[k]:
                    found[i] = blob
        if hit_keys:
            now = time.time()
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("UPDATE vectors SET used=? WHERE model=? AND key=?",
                                     [(now, model, k) for k in hit_keys])
        return found

    @_sqlite_errors_as_cache_errors
    def put_blobs(self, model: str, texts: Sequence[str], blobs: Sequence[bytes]) -> None:
        """Store one payload per text in a single transaction (all or nothing)."""
        now = time.time()
        rows = [(model, self.key(t), blob, now) for t, blob in zip(texts, blobs)]
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
        self._evict_if_needed()

    def get_many(self, model: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Vectors found for ``texts`` by position; misses are absent."""
        return {i: np.frombuffer(blob, dtype=np.float32) for i, blob in self.get_blobs(model, texts).items()}

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        self.put_blobs(model, texts, [np.asarray(v, dtype=np.float32).tobytes() for v in vectors])

    def _evict_if_needed(self) -> None:
        size = self._db.execute("SELECT COALESCE(SUM(LENGTH(vector)) + COUNT(*) * 64, 0) FROM vectors").fetchone()[0]
        if size <= self.max_bytes:
            return
        excess_rows = int((size - self.max_bytes * 0.9) / max(1, size / max(1, self.stats().entries)))
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "DELETE FROM vectors WHERE rowid IN (SELECT rowid FROM vectors ORDER BY used LIMIT ?)",
                (max(1, excess_rows),),
            )

    @_sqlite_errors_as_cache_errors
    def stats(self) -> CacheStats:
        rows = self._db.execute(
            "SELECT model, COUNT(*), COALESCE(SUM(LENGTH(vector)), 0) FROM vectors GROUP BY model").fetchall()
        models = {m: n for m, n, _ in rows}
        return CacheStats(str(self.path), sum(models.values()), sum(b for _, _, b in rows), models)

    @_sqlite_errors_as_cache_errors
    def clear(self) -> int:
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            removed = self._db.execute("DELETE FROM vectors").rowcount
        self._db.execute("VACUUM")
        return removed

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "EmbeddingCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class CachedEncoder:
    """An :class:`Encoder` that asks the cache first and embeds only the misses, in one batch."""

    def __init__(self, encoder: Encoder, cache: EmbeddingCache):
        self.encoder = encoder
        self.cache = cache
        self.name = encoder.name
        self.hits = 0
        self.misses = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        found = self.cache.get_many(self.name, texts)
        missing = sorted({t: None for i, t in enumerate(texts) if i not in found})
        self.hits += len(texts) - sum(1 for i in range(len(texts)) if i not in found)
        self.misses += len(missing)
        fresh: dict[str, np.ndarray] = {}
        if missing:
            vectors = self.encoder.encode(missing)
            self.cache.put_many(self.name, missing, vectors)
            fresh = dict(zip(missing, vectors))
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        # Stacked from the vectors themselves: a fully cached call never asks a lazy encoder for ``dim``.
        return np.stack([found[i] if i in found else fresh[text] for i, text in enumerate(texts)]).astype(np.float32)

    @property
    def dim(self) -> int:
        return self.encoder.dim

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenEmbeddings]:
        """Token embeddings, cached like sentence vectors so a warm run never loads the model."""
        texts = list(texts)
        store = f"{self.name}#tokens"
        found = {i: _unpack_tokens(blob) for i, blob in self.cache.get_blobs(store, texts).items()}
        missing = sorted({t for i, t in enumerate(texts) if i not in found})
        fresh: dict[str, TokenEmbeddings] = {}
        if missing:
            computed = self.encoder.encode_tokens(missing)
            blobs = [_pack_tokens(t) for t in computed]
            self.cache.put_blobs(store, missing, blobs)
            # Fresh results go through the same bytes as cached ones: cold and warm runs agree exactly.
            fresh = {text: _unpack_tokens(blob) for text, blob in zip(missing, blobs)}
        return [found[i] if i in found else fresh[text] for i, text in enumerate(texts)]


def _pack_tokens(tokens: TokenEmbeddings) -> bytes:
    spans = np.asarray(tokens.spans, dtype=np.int32).reshape(-1, 2)
    vectors = np.asarray(tokens.vectors, dtype=np.float32)
    header = np.asarray([len(spans), vectors.shape[1] if vectors.ndim == 2 else 0], dtype=np.int32)
    return header.tobytes() + spans.tobytes() + vectors.tobytes()


def _unpack_tokens(blob: bytes) -> TokenEmbeddings:
    count, dim = np.frombuffer(blob[:8], dtype=np.int32)
    spans = np.frombuffer(blob[8:8 + 8 * count], dtype=np.int32).reshape(-1, 2)
    vectors = np.frombuffer(blob[8 + 8 * count:], dtype=np.float32).reshape(int(count), int(dim))
    return TokenEmbeddings([(int(a), int(b)) for a, b in spans], vectors)
