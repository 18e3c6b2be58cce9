"""Rank candidate source documents for one translation.

Each candidate is aligned to the translation (:func:`toolkit.align.align`); what
matters is how much of the translation it explains. Raw cosines are not comparable
across language pairs (monolingual pairs score higher, and so do unrelated
monolingual pairs), so every aligned bead's cosine is calibrated against the
background of that document pair: ``(cosine - background) / (1 - background)``,
where ``background`` is the mean cosine of all (sampled) sentence pairs between the
two documents. A translation sentence is *covered* when its own calibrated
similarity to its bead's (summed) source side reaches ``covered_similarity``. Thresholds are measured in
``benchmarks/align_textberg.py --ranking``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Sequence

import numpy as np

from .align import AlignConfig, Bead, align

Relation = Literal["source", "partial", "unrelated"]


@dataclass
class RankingConfig:
    """Thresholds of :func:`rank_candidates`.

    Attributes:
        covered_similarity: calibrated similarity a bead needs to count as a translation of its sentences.
        source_coverage: translation coverage from which a candidate is "the source"
            (measured: Text+Berg dev source 0.595, its first third 0.215; seed corpus
            source 0.96, French first 16 of 40 sentences 0.284, distractors <= 0.01).
        partial_coverage: translation coverage from which a candidate is "partial" (below: "unrelated").
        background_sample: sentence pairs sampled to estimate the background cosine.
        align_config: passed to :func:`toolkit.align.align`. Skipping is cheaper than for
            a final alignment: with the default skip score a partial candidate's few
            sentences were spread over the whole translation in 1-5 beads.
    """

    covered_similarity: float = 0.45
    source_coverage: float = 0.5
    partial_coverage: float = 0.15
    background_sample: int = 20_000
    align_config: AlignConfig = field(default_factory=lambda: AlignConfig(skip_score=-0.05))


@dataclass
class CandidateScore:
    """How well one candidate explains the translation.

    Attributes:
        index: position of the candidate in the input list.
        score: ranking key: coverage times mean calibrated similarity of the covered beads.
        coverage: share of translation characters (sentences when lengths are absent) covered.
        source_coverage: share of the candidate's characters covered (low for a longer source).
        quality: mean calibrated similarity of the covered beads (0 when none).
        relation: "source", "partial" or "unrelated", from the coverage thresholds.
        beads: the alignment, for later stages.
    """

    index: int
    score: float
    coverage: float
    source_coverage: float
    quality: float
    relation: Relation
    beads: list[Bead] = field(repr=False, default_factory=list)


def background_similarity(first: np.ndarray, second: np.ndarray, sample: int, aligned: set[tuple[int, int]],
                          seed: int = 0) -> float:
    """Mean cosine between sentence pairs of two documents that are not aligned to each other.

    Aligned pairs are left out, or a short document's true pairs would make up most
    of its own background. With no unaligned pair at all (two one-sentence
    documents), there is no background to subtract: 0.
    """
    if len(first) * len(second) <= sample:
        rows, cols = np.divmod(np.arange(len(first) * len(second)), len(second))
    else:
        rng = np.random.default_rng(seed)
        rows, cols = rng.integers(0, len(first), sample), rng.integers(0, len(second), sample)
    keep = np.array([(int(r), int(c)) not in aligned for r, c in zip(rows, cols)], dtype=bool)
    if not keep.any():
        return 0.0
    rows, cols = rows[keep], cols[keep]
    return float(np.einsum("nd,nd->n", first[rows], second[cols]).mean())


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def _weights(lengths: Sequence[int] | None, count: int) -> np.ndarray:
    """Sentence weights for coverage: character lengths when known, else one per sentence."""
    return np.asarray(lengths if lengths is not None else np.ones(count), float)


def calibrate(cosine: float, background: float) -> float:
    """Map a cosine onto 0 = typical unrelated pair of these documents, 1 = identical."""
    return (cosine - background) / max(1.0 - background, 1e-6)


def score_candidate(
    index: int,
    translation_vectors: np.ndarray,
    candidate_vectors: np.ndarray,
    translation_lengths: Sequence[int] | None = None,
    candidate_lengths: Sequence[int] | None = None,
    config: RankingConfig | None = None,
) -> CandidateScore:
    """Align one candidate (as source) with the translation and measure coverage."""
    config = config or RankingConfig()
    translation_vectors = np.asarray(translation_vectors, dtype=np.float32)
    candidate_vectors = np.asarray(candidate_vectors, dtype=np.float32)
    # No lengths: the aligner's expected length ratio comes from whole-document totals,
    # which a partial candidate would distort.
    beads = align(candidate_vectors, translation_vectors, config=config.align_config)
    weights_t = _weights(translation_lengths, len(translation_vectors))
    weights_c = _weights(candidate_lengths, len(candidate_vectors))
    if len(translation_vectors) == 0 or len(candidate_vectors) == 0:
        return CandidateScore(index, 0.0, 0.0, 0.0, 0.0, "unrelated", beads)
    aligned = {(src, tgt) for bead in beads for src in bead.source for tgt in bead.translation}
    background = background_similarity(candidate_vectors, translation_vectors, config.background_sample, aligned)
    covered_t = covered_c = 0.0
    qualities, quality_weights = [], []
    for bead in beads:
        if not (bead.source and bead.translation):
            continue
        # Judged per member: a merged bead's summed vector stays close to its one true
        # match, so a short candidate would otherwise "cover" every sentence merged in.
        source_sum = _unit(candidate_vectors[list(bead.source)].sum(axis=0))
        translation_sum = _unit(translation_vectors[list(bead.translation)].sum(axis=0))
        for t in bead.translation:
            similarity = calibrate(float(translation_vectors[t] @ source_sum), background)
            if similarity >= config.covered_similarity:
                covered_t += weights_t[t]
                qualities.append(similarity)
                quality_weights.append(weights_t[t])
        for s in bead.source:
            if calibrate(float(candidate_vectors[s] @ translation_sum), background) >= config.covered_similarity:
                covered_c += weights_c[s]
    coverage = covered_t / max(weights_t.sum(), 1e-9)
    source_coverage = covered_c / max(weights_c.sum(), 1e-9)
    quality = float(np.average(qualities, weights=quality_weights)) if qualities else 0.0
    if coverage >= config.source_coverage:
        relation: Relation = "source"
    elif coverage >= config.partial_coverage:
        relation = "partial"
    else:
        relation = "unrelated"
    return CandidateScore(index, coverage * quality, coverage, source_coverage, quality, relation, beads)


def rank_candidates(
    translation_vectors: np.ndarray,
    candidates: list[np.ndarray],
    translation_lengths: Sequence[int] | None = None,
    candidate_lengths: list[Sequence[int]] | None = None,
    config: RankingConfig | None = None,
) -> list[CandidateScore]:
    """Score every candidate source against the translation, best first.

    Args:
        translation_vectors: ``(m, dim)`` unit rows of the translation's sentences.
        candidates: one ``(n_k, dim)`` array per candidate source.
        translation_lengths: character lengths of the translation's sentences.
        candidate_lengths: character lengths of each candidate's sentences.
        config: thresholds; ``RankingConfig()`` when omitted.
    """
    scores = [
        score_candidate(
            index, translation_vectors, vectors, translation_lengths,
            candidate_lengths[index] if candidate_lengths is not None else None, config,
        )
        for index, vectors in enumerate(candidates)
    ]
    return sorted(scores, key=lambda s: (-s.score, -s.coverage, s.index))
