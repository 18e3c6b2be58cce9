"""The cache command and the lazy model: a fully cached run never loads the model."""

from __future__ import annotations

import threading

import numpy as np
from batch_fakes import HashEncoder
from click.testing import CliRunner

from toolkit.embed.factory import LazyEncoder
from toolkit.cli import main
from toolkit.embed.cache import CachedEncoder, EmbeddingCache


def test_lazy_encoder_loads_only_on_a_cache_miss(tmp_path):
    loads = []

    def loader():
        loads.append(1)
        return HashEncoder()

    cache = EmbeddingCache(tmp_path / "c.sqlite3")
    warm = CachedEncoder(HashEncoder(), cache)
    expected = warm.encode(["eins", "zwei"])
    lazy = CachedEncoder(LazyEncoder(HashEncoder.name, loader), cache)
    assert np.allclose(lazy.encode(["zwei", "eins", "zwei"]), expected[[1, 0, 1]])
    assert loads == []
    lazy.encode(["drei"])
    assert loads == [1]
    assert lazy.dim == HashEncoder.dim


def test_lazy_encoder_loads_once_across_threads():
    loads = []
    lazy = LazyEncoder("x", lambda: loads.append(1) or HashEncoder())
    threads = [threading.Thread(target=lazy.encode, args=(["a"],)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads == [1]


def test_cache_info_and_clear(tmp_path, monkeypatch):
    monkeypatch.setenv("DRIFTCHECK_HOME", str(tmp_path))
    cache = EmbeddingCache()
    CachedEncoder(HashEncoder(), cache).encode(["a", "b", "c"])
    cache.close()
    runner = CliRunner()
    info = runner.invoke(main, ["cache", "info"])
    assert info.exit_code == 0 and "entries: 3" in info.output and str(tmp_path) in info.output
    cleared = runner.invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0 and "removed 3" in cleared.output
    assert "entries: 0" in runner.invoke(main, ["cache", "info"]).output


def test_a_corrupt_or_unreachable_cache_file_is_one_line_and_exit_2(tmp_path, monkeypatch):
    (tmp_path / "a-file").touch()
    monkeypatch.setenv("DRIFTCHECK_CACHE", str(tmp_path / "a-file" / "c.sqlite3"))
    result = CliRunner().invoke(main, ["cache", "info"])
    assert result.exit_code == 2 and "embedding cache unusable (File exists" in result.output
    assert len(result.output.strip().splitlines()) == 1
    broken = tmp_path / "c.sqlite3"
    broken.write_bytes(b"not a database, " * 512)
    monkeypatch.setenv("DRIFTCHECK_CACHE", str(broken))
    for command in (["cache", "info"], ["cache", "clear"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines() == [
            f"driftcheck: error: {broken}: embedding cache unusable (file is not a database); "
            "delete the file, point DRIFTCHECK_CACHE elsewhere or run with --no-cache"]


class CountingEncoder:
    """Wraps the fake encoder and counts what reaches the model."""

    def __init__(self):
        from fake_encoder import FakeEncoder

        self.inner = FakeEncoder()
        self.name = "counting-fake"
        self.dim = self.inner.dim
        self.sentences = 0
        self.token_texts = 0

    def encode(self, texts):
        self.sentences += len(texts)
        return self.inner.encode(texts)

    def encode_tokens(self, texts):
        self.token_texts += len(texts)
        return self.inner.encode_tokens(texts)


def test_cached_vectors_and_tokens_equal_fresh_ones_and_skip_the_model(tmp_path):
    import numpy as np

    from toolkit.embed.cache import CachedEncoder, EmbeddingCache

    texts = ["Putin praises North Korea.", "Kim met Putin.", "Putin praises North Korea."]
    model = CountingEncoder()
    cold = CachedEncoder(model, EmbeddingCache(tmp_path / "c.sqlite3"))
    vectors, tokens = cold.encode(texts), cold.encode_tokens(texts)
    assert (model.sentences, model.token_texts) == (2, 2)  # duplicates embedded once

    warm = CachedEncoder(model, EmbeddingCache(tmp_path / "c.sqlite3"))
    assert np.array_equal(warm.encode(texts), vectors)
    warm_tokens = warm.encode_tokens(texts)
    assert (model.sentences, model.token_texts) == (2, 2)  # nothing new reached the model
    for a, b in zip(tokens, warm_tokens):
        assert a.spans == b.spans and np.array_equal(a.vectors, b.vectors)
    assert tokens[0].spans == model.inner.encode_tokens(texts[:1])[0].spans
