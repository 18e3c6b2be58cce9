"""Batch throughput of ``driftcheck check``: cold cache vs warm cache vs one edited sentence.

Builds 2 x N article pairs from the repository's corpus in a temporary directory
(N copies of (en, de) and N of (en, de-drifted), each copy with its own marker
sentence so that no two files are identical), then runs the batch three times
on one fresh embedding cache file:

* cold: empty cache, the model is loaded and every sentence embedded;
* warm: everything cached: every pair's result comes from the result cache (files, settings and code
  unchanged), so nothing is segmented, aligned or scored, and the model is not loaded at all;
* edited: one sentence of one translation changed: that pair is compared again (one embedding miss,
  so the model loads once); the other 199 come from the result cache.

Prints wall time, aligned sentence pairs per second, the time spent in the
embedding layer (cache look-ups + model), the model's own encode time and the
model load time, and the cold/warm speed-up.

Usage: python benchmarks/batch_throughput.py [--copies 100] [--jobs 1]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from toolkit.batch import run_batch  # noqa: E402
from toolkit.embed.factory import LazyEncoder, lazy_model_name  # noqa: E402
from toolkit.config import load_config  # noqa: E402
from toolkit.embed.cache import CachedEncoder, EmbeddingCache  # noqa: E402

CORPUS = REPO_ROOT / "corpora" / "dpa-putin-north-korea"


class TimedEncoder:
    """Wraps an encoder and adds up the seconds spent in ``encode``."""

    def __init__(self, encoder):
        self.encoder, self.name, self.seconds, self.texts = encoder, encoder.name, 0.0, 0
        self.cache = getattr(encoder, "cache", None)  # keeps the batch's whole-pair result cache in play

    @property
    def dim(self):
        return self.encoder.dim

    def encode(self, texts):
        started = time.perf_counter()
        try:
            return self.encoder.encode(texts)
        finally:
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)

    def encode_tokens(self, texts):
        return self.encoder.encode_tokens(texts)


def build_tree(root: Path, copies: int) -> None:
    english = (CORPUS / "en.txt").read_text(encoding="utf-8")
    sources = {"ok": (CORPUS / "de.txt").read_text(encoding="utf-8"),
               "drift": (CORPUS / "de-drifted.txt").read_text(encoding="utf-8")}
    for kind, german in sources.items():
        for number in range(copies):
            folder = root / "pairs" / f"{kind}-{number:04d}"
            folder.mkdir(parents=True)
            (folder / "en.txt").write_text(f"{english}\n\nThis is reference copy {number} of the {kind} set.\n",
                                           encoding="utf-8")
            (folder / "de.txt").write_text(f"{german}\n\nDies ist die Referenzkopie {number} des Satzes {kind}.\n",
                                           encoding="utf-8")
    (root / "driftcheck.toml").write_text(
        'name = "bench"\n[[pair]]\ntranslation = "pairs/*/en.txt"\nsources = ["pairs/*/de.txt"]\n'
        'source_lang = "de"\ntarget_lang = "en"\n', encoding="utf-8")


def one_run(label: str, root: Path, cache_path: Path, jobs: int) -> dict:
    from toolkit.embed import load_encoder

    name = lazy_model_name(None)
    if name is None:
        sys.exit("the bundled model's name is unavailable; this benchmark measures the bundled model")
    model_timer: list[TimedEncoder] = []

    def load():
        timed = TimedEncoder(load_encoder(None))
        model_timer.append(timed)
        return timed

    lazy = LazyEncoder(name, load)
    layers: list[TimedEncoder] = []

    def factory():
        layer = TimedEncoder(CachedEncoder(lazy, EmbeddingCache(cache_path)))
        layers.append(layer)
        return layer

    config = load_config(root / "driftcheck.toml")
    started = time.perf_counter()
    report = run_batch(config, factory, jobs=jobs)
    wall = time.perf_counter() - started
    summary = report.summary()
    embed_seconds = sum(layer.seconds for layer in layers)
    row = {
        "run": label, "wall_s": wall, "pairs": summary["pairs"], "sentence_pairs": summary["sentence_pairs"],
        "sentence_pairs_per_s": summary["sentence_pairs"] / wall, "embedding_s": embed_seconds,
        "embedding_share": embed_seconds / wall, "model_loaded": lazy.loaded, "model_load_s": lazy.load_seconds,
        "model_encode_s": sum(t.seconds for t in model_timer), "texts_embedded": sum(t.texts for t in model_timer),
        "findings": summary["findings"], "exit_code": summary["exit_code"],
    }
    print(f"{label:7s} wall {wall:8.2f}s  {row['sentence_pairs_per_s']:8.1f} sentence pairs/s  "
          f"embedding layer {embed_seconds:7.2f}s ({row['embedding_share']:.0%})  model loaded={lazy.loaded} "
          f"load {lazy.load_seconds:.2f}s  model encode {row['model_encode_s']:.2f}s "
          f"({row['texts_embedded']} texts)  findings {summary['findings']}", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100, help="copies of each of the two pairs (default 100)")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dc-batch-bench-"))
    try:
        build_tree(workdir, args.copies)
        cache_path = workdir / "cache" / "embeddings.sqlite3"
        print(f"{2 * args.copies} document pairs, jobs={args.jobs}, fresh cache {cache_path}")
        cold = one_run("cold", workdir, cache_path, args.jobs)
        warm = one_run("warm", workdir, cache_path, args.jobs)
        edited_file = workdir / "pairs" / "drift-0000" / "en.txt"
        edited_file.write_text(edited_file.read_text(encoding="utf-8").replace(
            "The content is still unknown.", "The content has not been published yet."), encoding="utf-8")
        edited = one_run("edited", workdir, cache_path, args.jobs)
        print(f"warm speed-up over cold: {cold['wall_s'] / warm['wall_s']:.1f}x; "
              f"edited: {cold['wall_s'] / edited['wall_s']:.1f}x "
              f"(of which model load {edited['model_load_s']:.2f}s)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
