"""Compiled inner loops of :mod:`toolkit.align` (numba).

Imported lazily by :mod:`toolkit.align`, which sets ``NUMBA_CACHE_DIR`` first, so the
CLI starts without loading numba and compiled code is cached across runs.

The DP runs over a *band*: boundary row ``i`` (``i`` source sentences consumed)
covers the columns ``lo[i] <= j < hi[i]``, stored row after row in flat arrays
(``cell_offsets[i]`` is where row ``i`` starts). Similarities between sentences are
stored the same way: source sentence ``s`` against translation sentences
``sim_lo[s] <= t < sim_lo[s] + (sim_offsets[s + 1] - sim_offsets[s])``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Indices into the ``params`` vector of :func:`banded_dp`.
LENGTH_WEIGHT, MEMBER_WEIGHT, SIZE_POWER, LOG_RATIO, REFINED_MEMBER_WEIGHT = range(5)
PARAM_COUNT = 5


@njit(cache=True)
def _prefix_sums(values):
    """``out[k]`` = sum of the first ``k`` values, so a run's sum is one subtraction."""
    out = np.zeros(len(values) + 1)
    out[1:] = np.cumsum(values)
    return out


@njit(cache=True)
def similarity_band(lo, hi, max_a, max_b, m):
    """Translation range each source sentence is compared with, for the band ``lo``/``hi``.

    Sentence ``s`` ends beads at rows ``s + 1 .. s + max_a``; a bead ending at column
    ``j`` reaches back to ``j - max_b``.
    """
    n = len(lo) - 1
    sim_lo = np.zeros(n, np.int64)
    sim_offsets = np.zeros(n + 1, np.int64)
    for s in range(n):
        first, last = m, 0
        for i in range(s + 1, min(s + max_a, n) + 1):
            first = min(first, lo[i] - max_b)
            last = max(last, hi[i] - 1)
        first = max(first, 0)
        last = min(last, m)
        sim_lo[s] = first
        sim_offsets[s + 1] = sim_offsets[s] + max(last - first, 0)
    return sim_lo, sim_offsets


@njit(cache=True, fastmath=True)
def band_similarities(source, translation, sim_lo, sim_offsets, out):
    """Fill ``out`` with the dot products the band needs, never the full matrix."""
    dim = source.shape[1]
    for s in range(source.shape[0]):
        start = sim_offsets[s]
        for k in range(sim_offsets[s + 1] - start):
            t = sim_lo[s] + k
            total = np.float32(0.0)
            for d in range(dim):
                total += source[s, d] * translation[t, d]
            out[start + k] = total


@njit(cache=True, fastmath=True)
def window_neighbours(queries, others, centres, window, neighbours, margin_out, best_out):
    """Per query: mean of its ``neighbours`` best cosines and its best cosine, within
    ``window`` sentences of its expected position ``centres`` on the other side."""
    dim = queries.shape[1]
    values = np.empty(2 * window + 1, np.float64)
    for q in range(queries.shape[0]):
        count = 0
        for o in range(max(centres[q] - window, 0), min(centres[q] + window + 1, others.shape[0])):
            total = np.float32(0.0)
            for d in range(dim):
                total += queries[q, d] * others[o, d]
            values[count] = total
            count += 1
        if count == 0:
            margin_out[q] = 0.0
            best_out[q] = 0.0
            continue
        ranked = np.sort(values[:count])
        best_out[q] = ranked[count - 1]
        top = min(neighbours, count)
        margin_out[q] = ranked[count - top:].mean() if top > 0 else 0.0


@njit(cache=True)
def _similarity(sims, sim_lo, sim_offsets, s, t):
    return sims[sim_offsets[s] + t - sim_lo[s]]


@njit(cache=True)
def _pair_gain(i, j, a, b, sims, sim_lo, sim_offsets, source_norms, translation_norms,
               source_margin, translation_margin, source_margin_sum, translation_margin_sum,
               source_length_sum, translation_length_sum, source_join_sum, translation_join_sum,
               use_lengths, params, row_sums, column_sums, cosine):
    """Gain of the bead joining source ``i-a .. i-1`` with translation ``j-b .. j-1``.

    ``cosine`` is the two sides' similarity when known from real embeddings of the
    concatenated texts; NaN means use the cosine of the summed sentence vectors. Each
    pair of neighbouring sentences inside the bead costs its join cost (``*_join_sum``
    are prefix sums of the cost of joining each sentence to the next).
    """
    total = 0.0
    for y in range(b):
        column_sums[y] = 0.0
    for x in range(a):
        row_sums[x] = 0.0
        for y in range(b):
            value = _similarity(sims, sim_lo, sim_offsets, i - 1 - x, j - 1 - y)
            row_sums[x] += value
            column_sums[y] += value
            total += value
    norm_a = source_norms[a, i]
    norm_b = translation_norms[b, j]
    margin_a = (source_margin_sum[i] - source_margin_sum[i - a]) / a
    margin_b = (translation_margin_sum[j] - translation_margin_sum[j - b]) / b
    weight = params[MEMBER_WEIGHT]
    if np.isnan(cosine):
        cosine = total / (norm_a * norm_b)
    else:
        weight = params[REFINED_MEMBER_WEIGHT]
    quality = cosine - (margin_a + margin_b) / 2
    if (a > 1 or b > 1) and weight > 0:
        weakest = np.inf
        for x in range(a):
            weakest = min(weakest, row_sums[x] / norm_b - source_margin[i - 1 - x])
        for y in range(b):
            weakest = min(weakest, column_sums[y] / norm_a - translation_margin[j - 1 - y])
        quality = (1 - weight) * quality + weight * weakest
    if use_lengths:
        length_a = source_length_sum[i] - source_length_sum[i - a]
        length_b = translation_length_sum[j] - translation_length_sum[j - b]
        quality -= params[LENGTH_WEIGHT] * abs(np.log((length_a + 1) / (length_b + 1)) - params[LOG_RATIO])
    joins = source_join_sum[i - 1] - source_join_sum[i - a] + translation_join_sum[j - 1] - translation_join_sum[j - b]
    return ((a + b) / 2) ** params[SIZE_POWER] * quality - joins


@njit(cache=True)
def banded_dp(lo, hi, cell_offsets, sims, sim_lo, sim_offsets, move_a, move_b,
              source_norms, translation_norms, source_margin, translation_margin,
              source_length_sum, translation_length_sum, source_join_sum, translation_join_sum,
              source_skip, translation_skip,
              use_lengths, params, cosines, score, choice):
    """Maximise the total bead gain over the band, filling ``score`` and ``choice`` (move index).

    Moves with both sides non-empty are beads; ``(1, 0)`` is a deletion, ``(0, 1)`` an
    insertion (from the same row, hence after the others). Ties keep the earlier move.
    ``cosines[cell, move]`` (NaN when unknown; zero rows disable it) replaces a bead's
    summed-vector cosine.
    """
    n = len(lo) - 1
    source_margin_sum = _prefix_sums(source_margin)
    translation_margin_sum = _prefix_sums(translation_margin)
    row_sums = np.zeros(max(move_a.max(), 1))
    column_sums = np.zeros(max(move_b.max(), 1))
    for i in range(n + 1):
        row_start = cell_offsets[i]
        for j in range(lo[i], hi[i]):
            best = -np.inf
            best_move = -1
            if i == 0 and j == 0:
                best = 0.0
            for move in range(len(move_a)):
                a, b = move_a[move], move_b[move]
                if i < a or j < b:
                    continue
                if a == 0:
                    if j - 1 < lo[i]:
                        continue
                    before = score[row_start + j - 1 - lo[i]]
                    candidate = before + translation_skip[j - 1]
                else:
                    if j - b < lo[i - a] or j - b >= hi[i - a]:
                        continue
                    before = score[cell_offsets[i - a] + j - b - lo[i - a]]
                    if before == -np.inf:
                        continue
                    if b == 0:
                        candidate = before + source_skip[i - 1]
                    else:
                        cosine = cosines[row_start + j - lo[i], move] if len(cosines) else np.nan
                        candidate = before + _pair_gain(
                            i, j, a, b, sims, sim_lo, sim_offsets, source_norms, translation_norms,
                            source_margin, translation_margin, source_margin_sum, translation_margin_sum,
                            source_length_sum, translation_length_sum, source_join_sum, translation_join_sum,
                            use_lengths, params, row_sums, column_sums, cosine)
                if candidate > best:
                    best = candidate
                    best_move = move
            score[row_start + j - lo[i]] = best
            choice[row_start + j - lo[i]] = best_move


@njit(cache=True)
def near_optimal_merges(lo, hi, cell_offsets, forward, backward, threshold, sims, sim_lo, sim_offsets, move_a, move_b,
                        source_norms, translation_norms, source_margin, translation_margin,
                        source_length_sum, translation_length_sum, source_join_sum, translation_join_sum,
                        use_lengths, params, out):
    """Mark in ``out[cell, move]`` the many-sentence beads on some path scoring at least ``threshold``.

    A bead's best path value is the best score reaching its start (``forward``) plus
    its gain plus the best score from its end to the finish (``backward``, laid out
    like ``forward``).
    """
    n = len(lo) - 1
    source_margin_sum = _prefix_sums(source_margin)
    translation_margin_sum = _prefix_sums(translation_margin)
    row_sums = np.zeros(max(move_a.max(), 1))
    column_sums = np.zeros(max(move_b.max(), 1))
    for i in range(1, n + 1):
        for j in range(lo[i], hi[i]):
            cell = cell_offsets[i] + j - lo[i]
            after = backward[cell]
            if after == -np.inf:
                continue
            for move in range(len(move_a)):
                a, b = move_a[move], move_b[move]
                if a == 0 or b == 0 or a + b < 3 or i < a or j < b:
                    continue
                if j - b < lo[i - a] or j - b >= hi[i - a]:
                    continue
                before = forward[cell_offsets[i - a] + j - b - lo[i - a]]
                if before == -np.inf:
                    continue
                gain = _pair_gain(
                    i, j, a, b, sims, sim_lo, sim_offsets, source_norms, translation_norms,
                    source_margin, translation_margin, source_margin_sum, translation_margin_sum,
                    source_length_sum, translation_length_sum, source_join_sum, translation_join_sum,
                    use_lengths, params, row_sums, column_sums, np.nan)
                out[cell, move] = before + gain + after >= threshold


@njit(cache=True)
def backtrack(lo, hi, cell_offsets, choice, move_a, move_b, m):
    """Boundary points ``(i, j)`` of the best path from ``(0, 0)`` to ``(n, m)``; empty when none."""
    n = len(lo) - 1
    points = np.empty((n + m + 1, 2), np.int64)
    i, j, count = n, m, 0
    points[0, 0], points[0, 1] = i, j
    count = 1
    while i > 0 or j > 0:
        if j < lo[i] or j >= hi[i]:
            return points[:0]
        move = choice[cell_offsets[i] + j - lo[i]]
        if move < 0:
            return points[:0]
        i -= move_a[move]
        j -= move_b[move]
        points[count, 0], points[count, 1] = i, j
        count += 1
    return points[:count][::-1].copy()
