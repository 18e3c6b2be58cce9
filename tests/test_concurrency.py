"""Concurrency and interruption: a shared cache stays intact, an interrupted run leaves nothing half-written."""

from __future__ import annotations

from toolkit.embed.cache import EmbeddingCache, default_cache_path


def test_cache_path_can_be_set_apart_from_the_model_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DRIFTCHECK_HOME", str(tmp_path / "home"))
    assert default_cache_path() == tmp_path / "home" / "embeddings.sqlite3"
    monkeypatch.setenv("DRIFTCHECK_CACHE", str(tmp_path / "elsewhere" / "c.sqlite3"))
    assert default_cache_path() == tmp_path / "elsewhere" / "c.sqlite3"
    EmbeddingCache().close()
    assert (tmp_path / "elsewhere" / "c.sqlite3").is_file()
    assert not (tmp_path / "home").exists()
