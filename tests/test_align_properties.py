"""Property-based tests of the aligner: whatever the vectors, the beads partition both documents in source order."""

from __future__ import annotations

import hashlib
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.align import AlignConfig, align

BANDED = AlignConfig(full_dp_cells=40, coarse_factor=3, band_radius=2)
"""Forces the coarse-to-fine banded search on small inputs, where the full grid would be used."""


def unit_rows(rng: np.random.Generator, count: int, dim: int) -> np.ndarray:
    rows = rng.standard_normal((count, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@st.composite
def documents(draw):
    """Two sides of random sizes (0 included) whose vectors are unrelated, identical, or a noisy edit of each other."""
    n, m = draw(st.integers(0, 45)), draw(st.integers(0, 45))
    dim = draw(st.sampled_from([2, 8, 32]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = draw(st.sampled_from(["random", "constant", "edited"]))
    if shape == "constant":  # every sentence alike: all ties
        row = unit_rows(rng, 1, dim)
        source, translation = np.repeat(row, n, axis=0), np.repeat(row, m, axis=0)
    else:
        source = unit_rows(rng, n, dim)
        translation = unit_rows(rng, m, dim)
        if shape == "edited" and n:
            picks = np.sort(rng.integers(0, n, size=m))
            noisy = source[picks] + 0.3 * rng.standard_normal((m, dim)).astype(np.float32)
            translation = noisy / np.maximum(np.linalg.norm(noisy, axis=1, keepdims=True), 1e-6)
    with_lengths = draw(st.booleans())
    source_lengths = rng.integers(1, 400, size=n).tolist() if with_lengths else None
    translation_lengths = rng.integers(1, 400, size=m).tolist() if with_lengths else None
    return source, translation, source_lengths, translation_lengths


def assert_partition(beads, n: int, m: int, config: AlignConfig) -> None:
    """Source sentences run in order; each bead's translation sentences are consecutive, and in order from
    bead to bead unless moved sentences may be paired out of order."""
    next_source = next_translation = 0
    for bead in beads:
        assert (len(bead.source), len(bead.translation)) in config.bead_types or n == 0 or m == 0
        assert list(bead.source) == list(range(next_source, next_source + len(bead.source)))
        first = bead.translation[0] if bead.translation else next_translation
        assert list(bead.translation) == list(range(first, first + len(bead.translation)))
        assert first == next_translation or config.pair_moved
        next_source += len(bead.source)
        next_translation = first + len(bead.translation)
        assert bead.source or bead.translation
        assert math.isfinite(float(bead.score))
    assert next_source == n
    assert sorted(j for bead in beads for j in bead.translation) == list(range(m))


@settings(max_examples=120, deadline=None)
@given(documents(), st.sampled_from([AlignConfig(), BANDED, AlignConfig(pair_moved=False)]))
def test_every_sentence_is_in_exactly_one_bead_in_source_order(document, config):
    source, translation, source_lengths, translation_lengths = document
    beads = align(source, translation, source_lengths, translation_lengths, config)
    assert_partition(beads, len(source), len(translation), config)


LINES = ["Der Gipfel ist erreicht.", "Lhotse (8501 m)", "Photo Schweiz", "- _-", "", "in den Wänden von",
         "Und nun zum Hüttenwart:", "1956", "« Zitat »", "V", "Stiftung für alpine Forschungen, Zürich"]
"""Line shapes the texts-driven passes react to: sentences, captions, debris, cut lines, empty lines."""


@settings(max_examples=60, deadline=None)
@given(documents(), st.data())
def test_with_texts_every_sentence_is_in_exactly_one_bead(document, data):
    """Debris, layout lines, untranslated lines, re-embedded concatenations and attached fragments keep the
    partition."""
    source, translation, source_lengths, translation_lengths = document
    source_texts = data.draw(st.lists(st.sampled_from(LINES), min_size=len(source), max_size=len(source)))
    translation_texts = data.draw(st.lists(st.sampled_from(LINES), min_size=len(translation),
                                           max_size=len(translation)))

    def embed_concat(texts):
        seed = int.from_bytes(hashlib.sha256("\n".join(texts).encode()).digest()[:4], "little")
        return unit_rows(np.random.default_rng(seed), len(texts), source.shape[1])

    untranslated = (data.draw(st.lists(st.booleans(), min_size=len(source), max_size=len(source))),
                    data.draw(st.lists(st.booleans(), min_size=len(translation), max_size=len(translation))))
    beads = align(source, translation, source_lengths, translation_lengths, AlignConfig(),
                  embed_concat=embed_concat, source_texts=source_texts, translation_texts=translation_texts,
                  untranslated=untranslated)
    assert_partition(beads, len(source), len(translation), AlignConfig())


@settings(max_examples=40, deadline=None)
@given(documents())
def test_alignment_is_deterministic(document):
    first = align(*document)
    second = align(*(np.copy(x) if isinstance(x, np.ndarray) else x for x in document))
    assert first == second


def test_identical_documents_align_one_to_one():
    vectors = unit_rows(np.random.default_rng(7), 30, 16)
    beads = align(vectors, vectors.copy())
    assert [(b.source, b.translation) for b in beads] == [((i,), (i,)) for i in range(30)]
