"""Benchmark sets for the drift scorer: loading, embedding with token vectors, features.

Embedding is the slow step (about 12 minutes for the four sets, 26,700 pairs, on 2 cores),
so one forward pass per text yields both the sentence vector (mean pooling over
every token, as the bundled sentence-transformers model does) and the per-token
vectors the ``coverage`` check needs; both are cached on disk, keyed by the text's
SHA-1, under ``$DRIFTCHECK_BENCH_CACHE`` (default ``<tmp>/driftcheck-bench``).
Features are then recomputed from the cache in seconds, so every refit picks up
every registered check.
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _eval_data import eval_dir, read_lines  # noqa: E402

from toolkit.embed.sentence_transformer import DEFAULT_TOKEN_LAYER  # noqa: E402

PROMPT = "query: "
SAMPLE_SEED = 13
FOLDS = 5  # grouped cross-validation folds of every fitted model (contrast networks, scorer)


@dataclass
class PairSet:
    """A labelled benchmark set of sentence pairs.

    Attributes:
        name: short id used in cache files and reports.
        sources, translations: the two sides, line-aligned.
        source_lang, translation_lang: ISO 639-1 codes.
        labels: 1 = meaning differs (BAD / ERR / divergent), 0 = fine.
        groups: rows sharing a group (same source sentence) stay in one CV fold.
        weights: per-row weights (all 1 as loaded; a subset keeps its rows' weights).
    """

    name: str
    sources: list[str]
    translations: list[str]
    source_lang: str
    translation_lang: str
    labels: np.ndarray
    groups: np.ndarray
    weights: np.ndarray


def cache_dir() -> Path:
    path = Path(os.environ.get("DRIFTCHECK_BENCH_CACHE", Path(tempfile.gettempdir()) / "driftcheck-bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _groups(sources: list[str]) -> np.ndarray:
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(s, len(ids)) for s in sources])


def _make(name, sources, translations, src_lang, tgt_lang, labels) -> PairSet:
    return PairSet(name, sources, translations, src_lang, tgt_lang, np.array(labels), _groups(sources),
                   np.ones(len(labels)))


def load_wmt22() -> PairSet:
    """WMT22 CED en-de dev, every row: BAD = reference with an inserted critical error."""
    root = eval_dir("wmt22-ced-en-de")
    labels = [int(x == "BAD") for x in read_lines(root / "dev.label")]
    return _make("wmt22-dev", read_lines(root / "dev.src"), read_lines(root / "dev.mt"), "en", "de", labels)


def load_wmt21(split: str = "dev") -> PairSet:
    """WMT21 CED en-de (Wikipedia comments, tokenised MT): ERR = critical error."""
    root = eval_dir("wmt21-ced-en-de")
    with open(root / f"ende_majority_{split}.tsv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if len(r) >= 5]
    return _make(f"wmt21-{split}", [r[1].strip() for r in rows], [r[2].strip() for r in rows], "en", "de",
                 [int(r[4].strip() == "ERR") for r in rows])


def load_refresd() -> PairSet:
    """REFreSD half (en-fr): divergent vs equivalent."""
    root = eval_dir("refresd-en-fr")
    with open(root / "REFreSD_sentence_labels", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)][1:]
    rows = [r for r in rows if len(r) >= 4]
    return _make("refresd", [r[2].strip() for r in rows], [r[3].strip() for r in rows], "en", "fr",
                 [int(r[0].strip() == "divergent") for r in rows])


# ------------------------------------------------------------- embeddings
def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class Embedded:
    """Sentence vector and token embeddings of one text."""

    sentence: np.ndarray
    spans: list[tuple[int, int]]
    tokens: np.ndarray


class TokenCache:
    """Sentence + token embeddings per text, one ``.npz`` chunk per embedding run."""

    def __init__(self, name: str = f"tokens-e5small-q4-layer{DEFAULT_TOKEN_LAYER}"):
        self.directory = cache_dir() / name
        self.directory.mkdir(parents=True, exist_ok=True)
        self.items: dict[str, Embedded] = {}
        for chunk in sorted(self.directory.glob("chunk-*.npz")):
            self._load_chunk(chunk)

    def _load_chunk(self, path: Path) -> None:
        with np.load(path) as data:  # read each array once: NpzFile re-reads on every access
            keys, pointers = data["keys"], data["pointers"]
            sentences, spans, tokens = data["sentences"], data["spans"].tolist(), data["tokens"]
        for i, key in enumerate(keys):
            lo, hi = pointers[i], pointers[i + 1]
            self.items[str(key)] = Embedded(sentences[i], [tuple(s) for s in spans[lo:hi]], tokens[lo:hi])

    def get(self, text: str) -> Embedded:
        return self.items[_key(text)]

    def has(self, text: str) -> bool:
        return _key(text) in self.items

    def missing(self, texts: Iterable[str]) -> list[str]:
        """Texts not cached yet, first occurrence order kept."""
        return list(dict.fromkeys(t for t in texts if _key(t) not in self.items))

    def fill(self, texts: Iterable[str], batch_size: int = 32, chunk_size: int = 512) -> None:
        """Embed every text not cached yet, saving a chunk every ``chunk_size`` texts."""
        todo = self.missing(texts)
        if not todo:
            return
        model, tokenizer = _load_transformer()
        started = time.perf_counter()
        for start in range(0, len(todo), chunk_size):
            part = sorted(todo[start : start + chunk_size], key=len)  # similar lengths batch faster
            embedded = [e for b in range(0, len(part), batch_size)
                        for e in _forward(model, tokenizer, part[b : b + batch_size])]
            self._save_chunk(part, embedded)
            done = start + len(part)
            print(f"  embedded {done}/{len(todo)} texts, {time.perf_counter() - started:.0f} s", flush=True)

    def _save_chunk(self, texts: list[str], embedded: list[Embedded]) -> None:
        keys = [_key(t) for t in texts]
        pointers = np.cumsum([0] + [len(e.spans) for e in embedded])
        path = self.directory / f"chunk-{time.time_ns()}.npz"
        np.savez(path, keys=np.array(keys), pointers=pointers,
                 sentences=np.stack([e.sentence for e in embedded]).astype(np.float32),
                 spans=np.array([s for e in embedded for s in e.spans], dtype=np.int32).reshape(-1, 2),
                 tokens=np.concatenate([e.tokens for e in embedded]).astype(np.float16))
        for key, e in zip(keys, embedded):
            self.items[key] = e


def _load_transformer():
    import torch
    from transformers import AutoModel, AutoTokenizer

    from toolkit.embed.bundled import bundled_model_dir

    torch.set_num_threads(2)
    directory = str(bundled_model_dir())
    model = AutoModel.from_pretrained(directory).eval()
    return model, AutoTokenizer.from_pretrained(directory)


def _forward(model, tokenizer, texts: list[str]) -> list[Embedded]:
    """One pass: mean-pooled unit sentence vectors, and unit token vectors (from the layer the
    run-time encoder uses for tokens) with text offsets."""
    import torch

    batch = tokenizer([PROMPT + t for t in texts], padding=True, truncation=True, max_length=512,
                      return_offsets_mapping=True, return_special_tokens_mask=True, return_tensors="pt")
    offsets = batch.pop("offset_mapping").numpy()
    special = batch.pop("special_tokens_mask").numpy().astype(bool)
    with torch.inference_mode():
        output = model(**batch, output_hidden_states=True)
    hidden = output.last_hidden_state.numpy()
    token_states = output.hidden_states[DEFAULT_TOKEN_LAYER].numpy()
    mask = batch["attention_mask"].numpy().astype(bool)
    out = []
    for i in range(len(texts)):
        states = hidden[i][mask[i]]
        sentence = states.mean(axis=0)
        sentence /= np.linalg.norm(sentence) + 1e-12
        keep = mask[i] & ~special[i] & (offsets[i][:, 1] > len(PROMPT))
        spans = [(max(0, int(a) - len(PROMPT)), int(b) - len(PROMPT)) for a, b in offsets[i][keep]]
        tokens = token_states[i][keep]
        tokens = tokens / (np.linalg.norm(tokens, axis=1, keepdims=True) + 1e-12)
        out.append(Embedded(sentence.astype(np.float32), spans, tokens.astype(np.float16)))
    return out


def all_sets() -> list[PairSet]:
    """The sets fit_contrast, fit_scorer and drift_eval use, in embedding priority order."""
    return [load_refresd(), load_wmt22(), load_wmt21("dev"), load_wmt21("train")]


def embedded_subset(pair_set: PairSet, cache: TokenCache) -> PairSet:
    """The pairs whose two sides are both cached (a random subset while embedding runs)."""
    keep = [i for i, (s, t) in enumerate(zip(pair_set.sources, pair_set.translations))
            if cache.has(s) and cache.has(t)]
    return PairSet(pair_set.name, [pair_set.sources[i] for i in keep], [pair_set.translations[i] for i in keep],
                   pair_set.source_lang, pair_set.translation_lang, pair_set.labels[keep], pair_set.groups[keep],
                   pair_set.weights[keep])


def training_sets(cache: "TokenCache") -> list[PairSet]:
    """The embedded parts of the sets the contrast networks and the scorer are cross-validated on."""
    sets = [embedded_subset(s, cache) for s in (load_wmt22(), load_refresd())]
    return [s for s in sets if len(s.labels)]


def _pairs_in_random_order(pair_set: PairSet) -> list[str]:
    """Both sides of every pair, pairs shuffled: an interrupted run leaves a random subset."""
    order = random.Random(SAMPLE_SEED).sample(range(len(pair_set.labels)), len(pair_set.labels))
    return [text for i in order for text in (pair_set.sources[i], pair_set.translations[i])]


if __name__ == "__main__":
    cache = TokenCache()
    for pair_set in all_sets():
        texts = _pairs_in_random_order(pair_set)
        print(f"{pair_set.name}: {len(pair_set.labels)} pairs, {len(cache.missing(texts))} texts to embed", flush=True)
        cache.fill(texts)


# --------------------------------------------------------------- features
@dataclass
class FeatureTable:
    """Every registered check's features for one set (NaN where a check gave none)."""

    names: list[str]
    values: np.ndarray
    reason_kinds: list[set[str]]
    similarity: np.ndarray


def pair_contexts(pair_set: PairSet, cache: TokenCache) -> list:
    """A PairContext per pair, with the cached similarity and token embeddings."""
    from toolkit.checks.base import PairContext
    from toolkit.embed.base import TokenEmbeddings
    from toolkit.embed.bundled import bundled_model_name

    encoder_name = bundled_model_name()
    contexts = []
    for source, translation in zip(pair_set.sources, pair_set.translations):
        a, b = cache.get(source), cache.get(translation)
        contexts.append(PairContext(
            source, translation, pair_set.source_lang, pair_set.translation_lang,
            similarity=float(a.sentence @ b.sentence),
            source_tokens=TokenEmbeddings(a.spans, a.tokens.astype(np.float32)),
            translation_tokens=TokenEmbeddings(b.spans, b.tokens.astype(np.float32)),
            encoder_name=encoder_name,
        ))
    return contexts


def feature_table(pair_set: PairSet, cache: TokenCache) -> FeatureTable:
    """Run ``toolkit.scoring.extract_features`` (all registered checks) on every pair."""
    from toolkit.scoring import extract_features

    rows, kinds = [], []
    for context in pair_contexts(pair_set, cache):
        features, reasons = extract_features(context)
        rows.append(features)
        kinds.append({r.kind for r in reasons})
    names = sorted({name for row in rows for name in row})
    values = np.array([[row.get(name, np.nan) for name in names] for row in rows], dtype=float)
    similarity = values[:, names.index("semantic.similarity")]
    return FeatureTable(names, values, kinds, similarity)


# ---------------------------------------------------------------- metrics
def auc(scores: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Area under the ROC curve (weighted Mann-Whitney; ties count half)."""
    weights = np.ones(len(labels)) if weights is None else weights
    order = np.argsort(scores, kind="mergesort")
    scores, labels, weights = scores[order], labels[order], weights[order]
    neg_below = 0.0
    total = 0.0
    i = 0
    while i < len(scores):
        j = i
        while j < len(scores) and scores[j] == scores[i]:
            j += 1
        pos_w = weights[i:j][labels[i:j] == 1].sum()
        neg_w = weights[i:j][labels[i:j] == 0].sum()
        total += pos_w * (neg_below + 0.5 * neg_w)
        neg_below += neg_w
        i = j
    positives = weights[labels == 1].sum()
    negatives = weights[labels == 0].sum()
    return float(total / (positives * negatives))


def confusion(predicted: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None) -> tuple:
    weights = np.ones(len(labels)) if weights is None else weights
    tp = weights[(predicted == 1) & (labels == 1)].sum()
    fp = weights[(predicted == 1) & (labels == 0)].sum()
    fn = weights[(predicted == 0) & (labels == 1)].sum()
    tn = weights[(predicted == 0) & (labels == 0)].sum()
    return tp, fp, fn, tn


def mcc(predicted, labels, weights=None) -> float:
    """Matthews correlation; weights restore the natural class balance of a subsample."""
    tp, fp, fn, tn = confusion(predicted, labels, weights)
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return float((tp * tn - fp * fn) / denominator) if denominator else 0.0


def f1(predicted, labels, weights=None) -> float:
    tp, fp, fn, _ = confusion(predicted, labels, weights)
    return float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0


def stack_sets(sets: list[PairSet], emphasis: dict[str, float] | None = None,
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels, weights and groups of several sets stacked; each set weighs as many rows as it has,
    times its ``emphasis`` (1 when not named)."""
    emphasis = emphasis or {}
    y = np.concatenate([s.labels for s in sets]).astype(float)
    w = np.concatenate([s.weights / s.weights.sum() * len(s.labels) * emphasis.get(s.name, 1.0) for s in sets])
    groups = np.concatenate([s.groups + 1_000_000 * k for k, s in enumerate(sets)])
    return y, w, groups


def grouped_folds(groups: np.ndarray, k: int, seed: int = SAMPLE_SEED) -> np.ndarray:
    """Fold id per row; rows of one group share a fold."""
    unique = np.unique(groups)
    rng = np.random.default_rng(seed)
    fold_of_group = dict(zip(rng.permutation(unique), np.arange(len(unique)) % k))
    return np.array([fold_of_group[g] for g in groups])
