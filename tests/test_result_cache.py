"""Whole-pair results are cached like a linter's: unchanged pairs are not compared again."""

import shutil
from pathlib import Path

import toolkit.pipeline
from fake_encoder import FakeEncoder
from toolkit.batch import run_batch
from toolkit.config import single_pair_config
from toolkit.embed.cache import CachedEncoder, EmbeddingCache

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "dpa-putin-north-korea"


def test_unchanged_pair_is_answered_from_the_cache_and_an_edit_recomputes(tmp_path, monkeypatch):
    for name in ("en.txt", "de-drifted.txt"):
        shutil.copy(CORPUS / name, tmp_path / name)
    calls = []
    real_compare = toolkit.pipeline.compare

    def counting_compare(*args, **kwargs):
        calls.append(args[0])
        return real_compare(*args, **kwargs)

    monkeypatch.setattr(toolkit.pipeline, "compare", counting_compare)
    config = single_pair_config(str(tmp_path / "en.txt"), [str(tmp_path / "de-drifted.txt")], tmp_path)
    options = dict(source_lang="de", target_lang="en")
    config.pairs = [type(config.pairs[0])(**{**config.pairs[0].__dict__, **options})]

    def run():
        encoder = CachedEncoder(FakeEncoder(), EmbeddingCache(tmp_path / "cache.sqlite3"))
        report = run_batch(config, lambda: encoder)
        return [f.to_dict() for f in report.findings], report.signature

    first = run()
    second = run()
    assert len(calls) == 1
    assert second == first

    translation = tmp_path / "en.txt"
    translation.write_text(translation.read_text(encoding="utf-8").replace("24 years", "25 years"), encoding="utf-8")
    third = run()
    assert len(calls) == 2
    assert third != first
