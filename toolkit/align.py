"""Sentence alignment from one embedding per sentence.

Why this design (measured in ``benchmarks/align_textberg.py``): embedding is the
expensive step, so the aligner never embeds sentence combinations. A bead joining
several sentences is scored with the re-normalised *sum* of its sentence vectors,
whose dot products all come from single-sentence similarities (the dot of two sums is
the sum of the pairwise dots; a sum's norm needs only neighbouring same-side dots).

Scoring a bead: cosine of the two sums, minus a margin (mean similarity of each
sentence to its ``margin_neighbours`` most similar sentences near its expected
position, CSLS-style, which removes hubness: generic sentences are similar to
everything), minus a character-length-ratio penalty. A bead's gain is that score
times half the number of sentences it covers, minus a penalty per extra sentence for
many-to-many beads; a dropped sentence gains ``skip_score``. A dynamic programme
maximises the total gain over monotone paths.

Linear time and memory: documents whose full similarity grid is small are aligned
exactly. Larger ones are first aligned on block means (``coarse_factor`` sentences per
block, recursively), and the fine DP only visits a band of ``band_radius`` cells
around the projected coarse path. The DP, the band's similarities and the windowed
neighbour search are compiled loops (:mod:`toolkit._align_kernels`, numba), which only
ever compute the dot products the band needs: 50k x 50k sentences align in seconds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view



def _kernels():
    """The compiled kernels, imported on first use with a writable JIT cache directory."""
    if "NUMBA_CACHE_DIR" not in os.environ:
        from .embed.cache import driftcheck_home

        os.environ["NUMBA_CACHE_DIR"] = str(driftcheck_home() / "numba")
    from . import _align_kernels

    return _align_kernels


@dataclass(frozen=True)
class Bead:
    """One alignment unit.

    Attributes:
        source: 0-based source sentence indices (empty for an insertion).
        translation: 0-based translation sentence indices (empty for a deletion).
        score: cosine of the two sides' summed vectors for an aligned bead; for a
            1-0 / 0-1 bead, the best cosine the lone sentence has to any sentence
            near its position on the other side (0.0 when the other side is empty),
            which explains why it was left unaligned.
    """

    source: tuple[int, ...]
    translation: tuple[int, ...]
    score: float


@dataclass
class AlignConfig:
    """Knobs of :func:`align`; the defaults are the best measured on the Text+Berg dev document.

    Attributes:
        bead_types: allowed ``(source count, translation count)`` beads; ``(1, 0)`` and
            ``(0, 1)`` are deletion and insertion. 1-4 and 1-5 beads raised dev strict F1
            from 0.825 to 0.846 and tests pooled from 0.895 to 0.904; 2-3 beads helped dev
            but hurt the tests.
        skip_score: gain of leaving one sentence unaligned.
        merge_penalty: gain removed per sentence beyond two in a bead.
        member_weight: share of a many-sentence bead's score taken from its weakest
            member (each member's cosine with the other side's sum, minus its margin).
        size_power: a bead's score is weighted by ``(sentences / 2) ** size_power``.
        margin_neighbours: how many nearest neighbours define a sentence's margin
            (0 disables the margin).
        margin_window: neighbours are searched within this many sentences either
            side of the expected position.
        length_weight: weight of ``|log(source chars / translation chars) - log(global ratio)|``.
        band_radius: half-width of the band around the coarse path.
        coarse_factor: sentences per block at each coarser level.
        full_dp_cells: documents with at most this many grid cells are aligned without a band.
    """

    bead_types: tuple[tuple[int, int], ...] = (
        (1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1), (1, 5), (5, 1), (1, 0), (0, 1),
    )
    skip_score: float = -0.1
    merge_penalty: float = 0.06
    margin_neighbours: int = 4
    margin_window: int = 20
    length_weight: float = 0.1
    size_power: float = 1.0
    member_weight: float = 0.5
    band_radius: int = 12
    coarse_factor: int = 8
    full_dp_cells: int = 300_000


def align(
    source_vectors: np.ndarray,
    translation_vectors: np.ndarray,
    source_lengths: Sequence[int] | None = None,
    translation_lengths: Sequence[int] | None = None,
    config: AlignConfig | None = None,
) -> list[Bead]:
    """Align two documents given one unit vector per sentence.

    Args:
        source_vectors: ``(n, dim)`` unit rows, one per source sentence.
        translation_vectors: ``(m, dim)`` unit rows, one per translation sentence.
        source_lengths: character length of each source sentence (enables the
            length-ratio penalty together with ``translation_lengths``).
        translation_lengths: character length of each translation sentence.
        config: knobs; ``AlignConfig()`` when omitted.

    Returns:
        Beads in monotone order; every index of both sides is in exactly one bead.
    """
    config = config or AlignConfig()
    if not any(a and b for a, b in config.bead_types):
        raise ValueError("bead_types needs at least one bead with both sides non-empty")
    source = _as_matrix(source_vectors)
    translation = _as_matrix(translation_vectors)
    n, m = len(source), len(translation)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    if source.shape[1] != translation.shape[1]:
        raise ValueError(f"dimension mismatch: {source.shape[1]} vs {translation.shape[1]}")
    source_len, translation_len = _lengths(source_lengths, n), _lengths(translation_lengths, m)
    use_lengths = source_lengths is not None and translation_lengths is not None
    path, sides = _align_path(source, translation, source_len, translation_len, use_lengths, config)
    return _beads_from_path(path, source, translation, sides)


def _as_matrix(vectors: np.ndarray) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    return matrix.reshape(0, 1) if matrix.size == 0 else matrix


def _lengths(lengths: Sequence[int] | None, count: int) -> np.ndarray:
    if lengths is None:
        return np.ones(count)
    values = np.asarray(lengths, dtype=np.float64)
    if len(values) != count:
        raise ValueError(f"{len(values)} lengths for {count} sentences")
    return values


@dataclass
class _Side:
    """Per-sentence quantities of one side, shared by every DP level."""

    vectors: np.ndarray
    lengths: np.ndarray
    margin: np.ndarray  # mean cosine to nearest neighbours on the other side
    best: np.ndarray  # best cosine to any sentence near the expected position


@dataclass
class _Band:
    """The DP cells visited: row ``i`` covers columns ``lo[i] <= j < hi[i]``."""

    lo: np.ndarray
    hi: np.ndarray

    @property
    def offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.hi - self.lo)])


def _align_path(source, translation, source_len, translation_len, use_lengths, config):
    """Return the DP path as boundary points ``[(0, 0), ..., (n, m)]`` plus the side data."""
    n, m = len(source), len(translation)
    if n * m <= config.full_dp_cells or min(n, m) < 2 * config.coarse_factor:
        guide = [(0, 0), (n, m)]
        band = _Band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64))
    else:
        factor = config.coarse_factor
        coarse_path, _ = _align_path(
            _block_means(source, factor), _block_means(translation, factor),
            _block_sums(source_len, factor), _block_sums(translation_len, factor), use_lengths, config,
        )
        guide = [(min(i * factor, n), min(j * factor, m)) for i, j in coarse_path]
        band = _band_around(guide, n, m, config.band_radius)
    sides = _sides(source, translation, source_len, translation_len, guide, config)
    return _dp(sides, band, use_lengths, config), sides


def _block_means(vectors: np.ndarray, factor: int) -> np.ndarray:
    sums = np.add.reduceat(vectors, np.arange(0, len(vectors), factor), axis=0)
    return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)


def _block_sums(values: np.ndarray, factor: int) -> np.ndarray:
    return np.add.reduceat(values, np.arange(0, len(values), factor))


def _path_span(points: list[tuple[int, int]], rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest column the piecewise-linear path touches in each row."""
    low = np.full(rows + 1, np.iinfo(np.int64).max, dtype=np.int64)
    high = np.full(rows + 1, -1, dtype=np.int64)
    for (i0, j0), (i1, j1) in zip(points, points[1:]):
        row = np.arange(i0, i1 + 1)
        col = j0 + (j1 - j0) * (row - i0) / max(i1 - i0, 1)
        col_low = np.floor(col).astype(np.int64)
        col_high = np.ceil(col).astype(np.int64)
        if i1 == i0:
            col_low, col_high = np.array([j0]), np.array([j1])
        np.minimum.at(low, row, col_low)
        np.maximum.at(high, row, col_high)
    return low, high


def _band_around(points: list[tuple[int, int]], n: int, m: int, radius: int) -> _Band:
    low, high = _path_span(points, n)
    padded_low = np.pad(low, radius, mode="edge")
    padded_high = np.pad(high, radius, mode="edge")
    lo = sliding_window_view(padded_low, 2 * radius + 1).min(axis=1) - radius
    hi = sliding_window_view(padded_high, 2 * radius + 1).max(axis=1) + radius + 1
    return _Band(np.clip(lo, 0, m), np.clip(hi, 1, m + 1))


def _expected_positions(points: list[tuple[int, int]], n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Where each source (translation) sentence is expected on the other side."""
    low, high = _path_span(points, n)
    source_centre = (low[1:] + high[1:]) / 2 - 1
    low_t, high_t = _path_span([(j, i) for i, j in points], m)
    translation_centre = (low_t[1:] + high_t[1:]) / 2 - 1
    return source_centre, translation_centre


def _neighbour_stats(queries: np.ndarray, others: np.ndarray, centres: np.ndarray, config: AlignConfig):
    """Mean of the top-k and the best cosine of each query within a window on the other side."""
    margin = np.empty(len(queries))
    best = np.empty(len(queries))
    _kernels().window_neighbours(
        queries, others, np.rint(centres).astype(np.int64), config.margin_window,
        max(config.margin_neighbours, 1), margin, best,
    )
    if config.margin_neighbours == 0:
        margin[:] = 0.0
    return margin, best


def _sides(source, translation, source_len, translation_len, guide, config):
    source_centre, translation_centre = _expected_positions(guide, len(source), len(translation))
    source_margin, source_best = _neighbour_stats(source, translation, source_centre, config)
    translation_margin, translation_best = _neighbour_stats(translation, source, translation_centre, config)
    return (
        _Side(source, source_len, source_margin, source_best),
        _Side(translation, translation_len, translation_margin, translation_best),
    )


def _block_norms(vectors: np.ndarray, max_size: int) -> np.ndarray:
    """``norms[size, end]``: norm of the sum of the ``size`` vectors ending before ``end``.

    Same-side dots at distance ``gap``, prefix-summed, give every block's squared norm
    in linear time.
    """
    count = len(vectors)
    ends = np.arange(count + 1)
    norms = np.ones((max_size + 1, count + 1))
    for size in range(2, max_size + 1):
        start = np.maximum(ends - size, 0)
        norm2 = np.full(count + 1, float(size))
        for gap in range(1, size):
            dots = np.einsum("nd,nd->n", vectors[:-gap], vectors[gap:]) if count > gap else np.zeros(0)
            prefix = np.concatenate([[0.0], np.cumsum(dots)])
            last = np.clip(ends - gap, 0, len(prefix) - 1)
            norm2 += 2 * (prefix[last] - prefix[np.minimum(start, last)])
        norms[size] = np.sqrt(np.maximum(norm2, 1e-12))
    return norms


def _dp(sides: tuple[_Side, _Side], band: _Band, use_lengths: bool, config: AlignConfig) -> list[tuple[int, int]]:
    """Maximise the total bead gain over the band; return the path's boundary points."""
    kernels = _kernels()
    source, translation = sides
    n, m = len(source.vectors), len(translation.vectors)
    moves = [(a, b) for a, b in config.bead_types if a and b]
    moves += [move for move in ((1, 0), (0, 1)) if move in config.bead_types]
    move_a = np.array([a for a, _ in moves], np.int64)
    move_b = np.array([b for _, b in moves], np.int64)
    max_a, max_b = int(move_a.max()), int(move_b.max())
    lo, hi = band.lo.astype(np.int64), band.hi.astype(np.int64)
    sim_lo, sim_offsets = kernels.similarity_band(lo, hi, max_a, max_b, m)
    sims = np.empty(sim_offsets[-1], np.float32)
    kernels.band_similarities(source.vectors, translation.vectors, sim_lo, sim_offsets, sims)
    params = np.zeros(kernels.PARAM_COUNT)
    params[kernels.LENGTH_WEIGHT] = config.length_weight
    params[kernels.MEMBER_WEIGHT] = config.member_weight
    params[kernels.SIZE_POWER] = config.size_power
    params[kernels.MERGE_PENALTY] = config.merge_penalty
    params[kernels.LOG_RATIO] = np.log((source.lengths.sum() + 1) / (translation.lengths.sum() + 1))
    cell_offsets = band.offsets
    score = np.empty(cell_offsets[-1])
    choice = np.empty(cell_offsets[-1], np.int8)
    kernels.banded_dp(
        lo, hi, cell_offsets, sims, sim_lo, sim_offsets, move_a, move_b,
        _block_norms(source.vectors, max_a), _block_norms(translation.vectors, max_b),
        source.margin, translation.margin,
        np.concatenate([[0.0], np.cumsum(source.lengths)]), np.concatenate([[0.0], np.cumsum(translation.lengths)]),
        np.full(n, config.skip_score), np.full(m, config.skip_score), use_lengths, params, score, choice,
    )
    points = kernels.backtrack(lo, hi, cell_offsets, choice, move_a, move_b, m)
    if len(points) == 0:
        raise RuntimeError("no alignment path reaches the end")
    return [(int(i), int(j)) for i, j in points]


def _beads_from_path(path, source, translation, sides) -> list[Bead]:
    beads = []
    for (i0, j0), (i1, j1) in zip(path, path[1:]):
        source_ids, translation_ids = tuple(range(i0, i1)), tuple(range(j0, j1))
        if source_ids and translation_ids:
            left = source[i0:i1].sum(axis=0)
            right = translation[j0:j1].sum(axis=0)
            cosine = float(left @ right / max(np.linalg.norm(left) * np.linalg.norm(right), 1e-12))
        elif source_ids:
            cosine = float(sides[0].best[i0])
        else:
            cosine = float(sides[1].best[j0])
        beads.append(Bead(source_ids, translation_ids, cosine))
    return beads
