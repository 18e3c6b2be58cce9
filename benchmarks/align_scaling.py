"""Alignment time and peak memory versus document length, on synthetic embeddings.

The source is random unit vectors; the translation is a noisy copy in which some
sentences are dropped, some are inserted (fresh random vectors), and some pairs are
merged (re-normalised sum), so the gold alignment is known. Embeddings are
precomputed: this measures the aligner alone. A first tiny alignment loads the
compiled kernels (reported apart). Each size is aligned twice: once timed, once
under tracemalloc for the peak of Python/numpy allocations during :func:`align`
(kernel inputs and outputs are numpy arrays), since tracing every allocation slowed
the 50k alignment about twofold when both were measured in one run. The last column
is the process's peak resident set size so far.

Run: ``python benchmarks/align_scaling.py [--sizes 1000 10000 50000]``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align_textberg import score  # noqa: E402

from toolkit.align import align  # noqa: E402


def synthetic_pair(size: int, dim: int = 384, noise: float = 0.6, seed: int = 0):
    """Return source vectors, translation vectors and the gold beads."""
    rng = np.random.default_rng(seed)

    def unit(rows: np.ndarray) -> np.ndarray:
        return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)

    source = unit(rng.standard_normal((size, dim)))
    translation, gold = [], []
    i = 0
    while i < size:
        event = rng.random()
        if event < 0.02:
            gold.append(((i,), ()))
            i += 1
            continue
        if event < 0.04:
            gold.append(((), (len(translation),)))
            translation.append(unit(rng.standard_normal(dim)))
            continue
        block = (i, i + 1) if event < 0.10 and i + 1 < size else (i,)
        target = source[list(block)].sum(axis=0)
        translation.append(unit(unit(target) + noise * unit(rng.standard_normal(dim))))
        gold.append((block, (len(translation) - 1,)))
        i += len(block)
    return source, np.stack(translation), gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    args = parser.parse_args()
    started = time.perf_counter()
    align(*synthetic_pair(40)[:2])
    print(f"kernel load (numba cache or compile): {time.perf_counter() - started:.2f} s")
    print(f"{'sentences':>10} {'translation':>12} {'seconds':>8} {'peak MiB':>9} {'s/1k':>6} {'F1 strict':>10} "
          f"{'max RSS MiB':>12}")
    for size in args.sizes:
        source, translation, gold = synthetic_pair(size)
        started = time.perf_counter()
        beads = align(source, translation)
        elapsed = time.perf_counter() - started
        tracemalloc.start()
        align(source, translation)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result = score([gold], [[(b.source, b.translation) for b in beads]])
        print(f"{size:>10} {len(translation):>12} {elapsed:8.2f} {peak / 2**20:9.1f} "
              f"{elapsed / size * 1000:6.3f} {result['f1_strict']:10.3f} "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:12.0f}", flush=True)


if __name__ == "__main__":
    main()
