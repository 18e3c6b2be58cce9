"""Behaviour of the sentence aligner and candidate ranking on hand-made documents.

Documents are built from "concept words" embedded by :class:`FakeEncoder`: a
translation sentence is similar to its source exactly when it reuses its words.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fake_encoder import FakeEncoder
from toolkit.align import AlignConfig, Bead, align
from toolkit.ranking import rank_candidates

ENCODER = FakeEncoder()


def _sentence(topic: int) -> str:
    """A source sentence made of three concept words private to ``topic``."""
    return " ".join(f"w{topic}x{k}" for k in range(3))


def _document(topics: list[int]) -> list[str]:
    return [_sentence(t) for t in topics]


def _align_texts(source: list[str], translation: list[str]) -> list[Bead]:
    return align(
        ENCODER.encode(source), ENCODER.encode(translation),
        [len(s) for s in source], [len(t) for t in translation],
    )


def _pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.translation) for b in beads]


def _split(topic: int, parts: int) -> tuple[str, list[str]]:
    """A sentence of ``max(parts, 3)`` concept words private to ``topic``, and its words spread over ``parts``
    sentences."""
    words = [f"w{topic}x{k}" for k in range(max(parts, 3))]
    pieces = words if parts == len(words) else [" ".join(words[:2]), *words[2:]]
    return " ".join(words), pieces


CONTEXT_BEFORE = [100, 101, 102]
CONTEXT_AFTER = [103, 104, 105]


@pytest.mark.parametrize("parts", [2, 3, 4, 5])
def test_one_source_sentence_split_into_several(parts):
    whole, pieces = _split(7, parts)
    source = _document(CONTEXT_BEFORE) + [whole] + _document(CONTEXT_AFTER)
    translation = _document(CONTEXT_BEFORE) + pieces + _document(CONTEXT_AFTER)
    beads = _align_texts(source, translation)
    assert ((3,), tuple(range(3, 3 + parts))) in _pairs(beads)


@pytest.mark.parametrize("parts", [2, 3, 4, 5])
def test_several_source_sentences_merged_in_translation(parts):
    whole, pieces = _split(7, parts)
    source = _document(CONTEXT_BEFORE) + pieces + _document(CONTEXT_AFTER)
    translation = _document(CONTEXT_BEFORE) + [whole] + _document(CONTEXT_AFTER)
    beads = _align_texts(source, translation)
    assert (tuple(range(3, 3 + parts)), (3,)) in _pairs(beads)


def test_two_to_two_bead_when_sentence_boundaries_shift():
    words = ["a1", "a2", "a3", "a4", "a5", "a6"]
    source = _document(CONTEXT_BEFORE) + [" ".join(words[:4]), " ".join(words[4:])] + _document(CONTEXT_AFTER)
    translation = _document(CONTEXT_BEFORE) + [" ".join(words[:2]), " ".join(words[2:])] + _document(CONTEXT_AFTER)
    beads = _align_texts(source, translation)
    assert ((3, 4), (3, 4)) in _pairs(beads)


def test_one_to_one_document_aligns_on_the_diagonal():
    topics = list(range(12))
    beads = _align_texts(_document(topics), _document(topics))
    assert _pairs(beads) == [((i,), (i,)) for i in topics]
    assert all(b.score > 0.99 for b in beads)


def test_untranslated_source_sentence_is_a_deletion():
    source = _document(CONTEXT_BEFORE + [7] + CONTEXT_AFTER)
    translation = _document(CONTEXT_BEFORE + CONTEXT_AFTER)
    beads = _align_texts(source, translation)
    deletion = next(b for b in beads if b.source == (3,))
    assert deletion.translation == ()
    assert deletion.score < 0.5


def test_added_translation_sentence_is_an_insertion():
    source = _document(CONTEXT_BEFORE + CONTEXT_AFTER)
    translation = _document(CONTEXT_BEFORE + [7] + CONTEXT_AFTER)
    beads = _align_texts(source, translation)
    assert ((), (3,)) in _pairs(beads)


MOVED_CONTEXT = list(range(200, 220))


@pytest.mark.parametrize("pair_moved", [True, False])
def test_sentence_moved_out_of_place_is_paired_with_its_counterpart(pair_moved):
    # The translator moved source sentence 5 four places down: no monotone path can pair it.
    source_topics = MOVED_CONTEXT
    translation_topics = source_topics[:5] + source_topics[6:10] + [source_topics[5]] + source_topics[10:]
    beads = align(ENCODER.encode(_document(source_topics)), ENCODER.encode(_document(translation_topics)),
                  config=AlignConfig(pair_moved=pair_moved))
    assert (((5,), (9,)) in _pairs(beads)) is pair_moved
    assert [i for b in beads for i in b.source] == list(range(20))
    assert sorted(j for b in beads for j in b.translation) == list(range(20))


@pytest.mark.parametrize("pair_moved", [True, False])
def test_two_sentences_swapped_become_crossing_beads(pair_moved):
    source_topics = MOVED_CONTEXT
    translation_topics = source_topics[:8] + [source_topics[9], source_topics[8]] + source_topics[10:]
    beads = align(ENCODER.encode(_document(source_topics)), ENCODER.encode(_document(translation_topics)),
                  config=AlignConfig(pair_moved=pair_moved))
    crossing = [((8,), (9,)), ((9,), (8,))]
    assert all(pair in _pairs(beads) for pair in crossing) is pair_moved
    assert [i for b in beads for i in b.source] == list(range(20))


def test_untranslated_marks_must_cover_both_sides():
    vectors = ENCODER.encode(_document([1, 2]))
    with pytest.raises(ValueError, match="untranslated"):
        align(vectors, vectors, source_texts=["a", "b"], translation_texts=["a", "b"], untranslated=([False], [False]))


def test_empty_sides():
    vectors = ENCODER.encode(_document([1, 2]))
    empty = np.zeros((0, ENCODER.dim), np.float32)
    assert _pairs(align(vectors, empty)) == [((0,), ()), ((1,), ())]
    assert _pairs(align(empty, vectors)) == [((), (0,)), ((), (1,))]
    assert align(empty, empty) == []


def test_single_sentence_documents():
    vectors = ENCODER.encode(_document([1]))
    assert _pairs(align(vectors, vectors)) == [((0,), (0,))]


def test_banded_path_matches_on_long_documents():
    # Forces the coarse-to-fine path (grid larger than full_dp_cells).
    topics = list(range(300))
    translation_topics = [t for t in topics if t % 37 != 5]
    config = AlignConfig(full_dp_cells=10_000)
    beads = align(ENCODER.encode(_document(topics)), ENCODER.encode(_document(translation_topics)), config=config)
    aligned = {(b.source[0], b.translation[0]) for b in beads if b.source and b.translation}
    expected = {(t, k) for k, t in enumerate(translation_topics)}
    assert aligned == expected


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=2**32 - 1),
)
def test_every_sentence_in_exactly_one_bead_in_source_order(n, m, seed):
    rng = np.random.default_rng(seed)
    source = rng.standard_normal((n, 16)).astype(np.float32)
    translation = rng.standard_normal((m, 16)).astype(np.float32)
    source /= np.linalg.norm(source, axis=1, keepdims=True) + 1e-9
    translation /= np.linalg.norm(translation, axis=1, keepdims=True) + 1e-9
    beads = align(source, translation, config=AlignConfig(full_dp_cells=50))
    assert [i for b in beads for i in b.source] == list(range(n))
    assert sorted(j for b in beads for j in b.translation) == list(range(m))
    assert all(b.source or b.translation for b in beads)
    assert all(-1.0 - 1e-5 <= b.score <= 1.0 + 1e-5 for b in beads)
    monotone = align(source, translation, config=AlignConfig(full_dp_cells=50, pair_moved=False))
    assert [j for b in monotone for j in b.translation] == list(range(m))


def test_ranking_source_before_partial_before_distractor():
    source = _document(list(range(30)))
    translation = _document(list(range(30)))
    partial = _document(list(range(10)))
    distractor = _document(list(range(500, 530)))
    ranked = rank_candidates(ENCODER.encode(translation), [ENCODER.encode(d) for d in (distractor, partial, source)])
    assert [s.index for s in ranked] == [2, 1, 0]
    assert [s.relation for s in ranked] == ["source", "partial", "unrelated"]
    assert ranked[1].coverage == pytest.approx(1 / 3, abs=0.05)
    assert ranked[2].coverage < 0.05


def _reference_gain(sides, a, b, i, j, config, log_ratio, use_lengths):
    """The bead gain computed directly from summed vectors, as a check on the compiled kernel."""
    source, translation = sides
    if b == 0 or a == 0:
        return config.skip_score * (a + b)
    left = source.vectors[i - a:i].astype(np.float64).sum(axis=0)
    right = translation.vectors[j - b:j].astype(np.float64).sum(axis=0)
    norm_left, norm_right = np.linalg.norm(left), np.linalg.norm(right)
    margin = (source.margin[i - a:i].mean() + translation.margin[j - b:j].mean()) / 2
    quality = left @ right / (norm_left * norm_right) - margin
    if a > 1 or b > 1:
        members = [source.vectors[s] @ right / norm_right - source.margin[s] for s in range(i - a, i)]
        members += [translation.vectors[t] @ left / norm_left - translation.margin[t] for t in range(j - b, j)]
        quality = (1 - config.member_weight) * quality + config.member_weight * min(members)
    if use_lengths:
        ratio = np.log((source.lengths[i - a:i].sum() + 1) / (translation.lengths[j - b:j].sum() + 1))
        quality -= config.length_weight * abs(ratio - log_ratio)
    joins = source.join[i - a:i - 1].sum() + translation.join[j - b:j - 1].sum()
    return ((a + b) / 2) ** config.size_power * quality - joins


@settings(max_examples=25, deadline=None)
@given(
    st.integers(min_value=1, max_value=9),
    st.integers(min_value=1, max_value=9),
    st.integers(min_value=0, max_value=2**32 - 1),
    st.booleans(),
)
def test_compiled_dp_finds_the_brute_force_optimum(n, m, seed, use_lengths):
    from toolkit.align import _Band, _dp, _sides

    rng = np.random.default_rng(seed)
    source = rng.standard_normal((n, 8)).astype(np.float32)
    translation = rng.standard_normal((m, 8)).astype(np.float32)
    source /= np.linalg.norm(source, axis=1, keepdims=True)
    translation /= np.linalg.norm(translation, axis=1, keepdims=True)
    source_len, translation_len = rng.integers(5, 200, n).astype(float), rng.integers(5, 200, m).astype(float)
    config = AlignConfig()
    layout = (rng.random(n) < 0.3, rng.random(m) < 0.3)  # joins across layout lines cost more
    sides = _sides(source, translation, source_len, translation_len, [(0, 0), (n, m)], config, layout_joins=layout)
    log_ratio = np.log((source_len.sum() + 1) / (translation_len.sum() + 1))

    def gain(a, b, i, j):
        return _reference_gain(sides, a, b, i, j, config, log_ratio, use_lengths)

    best = np.full((n + 1, m + 1), -np.inf)
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for a, b in config.bead_types:
                if (i, j) != (0, 0) and i >= a and j >= b:
                    best[i, j] = max(best[i, j], best[i - a, j - b] + gain(a, b, i, j))
    band = _Band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64))
    path = _dp(sides, band, use_lengths, config)
    assert path[0] == (0, 0) and path[-1] == (n, m)
    path_gain = sum(gain(i1 - i0, j1 - j0, i1, j1) for (i0, j0), (i1, j1) in zip(path, path[1:]))
    assert path_gain == pytest.approx(best[n, m], abs=1e-4)


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=60, max_value=400), st.integers(min_value=0, max_value=2**32 - 1))
def test_banded_alignment_covers_every_sentence_once_in_source_order(n, seed):
    rng = np.random.default_rng(seed)
    source = rng.standard_normal((n, 16)).astype(np.float32)
    source /= np.linalg.norm(source, axis=1, keepdims=True)
    keep = rng.random(n) > 0.1
    translation = source[keep] + 0.5 * rng.standard_normal((int(keep.sum()), 16)).astype(np.float32)
    translation /= np.linalg.norm(translation, axis=1, keepdims=True)
    beads = align(source, translation, config=AlignConfig(full_dp_cells=100))
    assert [i for b in beads for i in b.source] == list(range(n))
    assert sorted(j for b in beads for j in b.translation) == list(range(len(translation)))
    assert all(b.source or b.translation for b in beads)


def test_refinement_embeds_only_nearby_concatenations_once_and_keeps_the_split():
    whole, pieces = _split(7, 3)
    source = _document(CONTEXT_BEFORE) + [whole] + _document([8] + CONTEXT_AFTER + [9, 10, 11, 12, 13, 14])
    translation = _document(CONTEXT_BEFORE) + pieces + _document([8] + CONTEXT_AFTER + [9, 10, 11, 12, 13, 14])
    calls = []

    def embed_concat(texts):
        calls.append(list(texts))
        return ENCODER.encode(texts)

    beads = align(
        ENCODER.encode(source), ENCODER.encode(translation), [len(s) for s in source], [len(t) for t in translation],
        embed_concat=embed_concat, source_texts=source, translation_texts=translation,
    )
    assert ((3,), (3, 4, 5)) in _pairs(beads)
    assert sorted(i for b in beads for i in b.source) == list(range(len(source)))
    assert sorted(j for b in beads for j in b.translation) == list(range(len(translation)))
    assert len(calls) == 1
    joined_runs = {" ".join(side[k:k + size]) for side in (source, translation)
                   for size in range(2, 6) for k in range(len(side))}
    assert set(calls[0]) <= joined_runs
    assert len(calls[0]) < len(source) + len(translation)
    assert "w7x0 w7x1 w7x2" in calls[0]


@pytest.mark.parametrize("junk_letters, expected", [(3, [((3,), (3,)), ((), (4,))]), (0, [((3,), (3, 4))])])
def test_letterless_debris_is_left_unaligned_when_texts_are_given(junk_letters, expected):
    """An OCR-debris line ("- 7") resembling its neighbour is an insertion, not part of a merge."""
    sentence = "w3x0 w3x1 w3x2 7"
    source = _document(CONTEXT_BEFORE) + [sentence] + _document(CONTEXT_AFTER)
    translation = _document(CONTEXT_BEFORE) + [sentence, "- 7"] + _document(CONTEXT_AFTER)
    beads = align(
        ENCODER.encode(source), ENCODER.encode(translation), [len(s) for s in source],
        [len(t) for t in translation], AlignConfig(junk_letters=junk_letters),
        source_texts=source, translation_texts=translation,
    )
    pairs = _pairs(beads)
    assert pairs[3:3 + len(expected)] == expected


@pytest.mark.parametrize("lines, expected", [
    (["Lhotse (8501 m)", "Der Lhotse misst 8501 m."], [True, False]),  # caption ending on a bracket
    (["Stiftung für alpine Forschungen, Zürich", "Expédition Suisse"], [True, False]),  # ends on a capital
    (["Expédition Suisse au Mont Everest, 1956", "Ernst Schmid"], [True, False]),  # ends on a number
    (["« Photo Schweiz »", "Der Gipfel."], [True, False]),  # closing quotes are looked through
    (["Der Gipfel ist erreicht.", "Lhotse (8501 m)", "Der Abstieg."], [True, True, False]),  # a finished sentence
    (["journée a", "Üschenen", "Hanspeter Sigrist"], [False, True, False]),  # a title goes on after "a"
    (["In den Wänden von", "Uschenen", "(Weg der Jugend)"], [False, False, False]),  # ... and into a bracket
    (["Lhotse (8501 m)", "misst noch immer 8501 m."], [False, False]),  # the next line goes on in lowercase
    (["Der Gipfel ist erreicht.", "Dann der Abstieg."], [False, False]),  # sentences end in punctuation
    (["Nun zum Hüttenwart:", "Er war derselbe."], [False, False]),
    (["Lhotse (8501 m)", "- _-", "Photo Schweiz."], [True, False, False]),  # debris between is skipped
    (["V", "Photo Schweiz."], [False, False]),  # debris itself is no layout line
    (["Lhotse (8501 m)", ""], [False, False]),  # nothing follows
])
def test_layout_boundaries(lines, expected):
    from toolkit.align import _junk_mask, _layout_boundaries

    assert _layout_boundaries(lines, _junk_mask(lines, 3)).tolist() == expected


TITLED = "W7x0 w7x1 w7x2 w7x3."  # a sentence whose concept words a caption or heading can name
CAPITALISED_AFTER = [text.capitalize() for text in _document(CONTEXT_AFTER)]  # what follows a heading


@pytest.mark.parametrize("rendering, penalty, expected", [
    # a caption naming the sentence's words, before it, stays apart
    (["W7x0 W7x1 (W7x2)", TITLED, *_document(CONTEXT_AFTER)], 0.2, [((), (3,)), ((3,), (4,))]),
    (["W7x0 W7x1 (W7x2)", TITLED, *_document(CONTEXT_AFTER)], 0.0, [((3,), (3, 4))]),
    (["W7x0 w7x1 w7x2 1956", TITLED, *_document(CONTEXT_AFTER)], 0.2, [((), (3,)), ((3,), (4,))]),
    # a sentence cut after a lowercase word is still joined
    (["w7x0 w7x1 von", TITLED, *_document(CONTEXT_AFTER)], 0.2, [((3,), (3, 4))]),
    # a heading after a finished sentence is not joined to it
    ([TITLED, "W7x0 W7x1 W7x2", *CAPITALISED_AFTER], 0.2, [((3,), (3,)), ((), (4,))]),
    ([TITLED, "W7x0 W7x1 W7x2", *CAPITALISED_AFTER], 0.0, [((3,), (3, 4))]),
])
def test_layout_line_is_not_joined_to_a_sentence(rendering, penalty, expected):
    source = _document(CONTEXT_BEFORE) + [TITLED] + _document(CONTEXT_AFTER)
    translation = _document(CONTEXT_BEFORE) + rendering
    beads = align(
        ENCODER.encode(source), ENCODER.encode(translation), [len(s) for s in source],
        [len(t) for t in translation], AlignConfig(layout_join_penalty=penalty),
        source_texts=source, translation_texts=translation,
    )
    assert _pairs(beads)[3:3 + len(expected)] == expected


@pytest.mark.parametrize("fragment, attach, untranslated, joined_embedded, expected", [
    ("c1 c2 c3 c4", True, False, True, [((3,), (3, 4))]),
    ("c1 c2 c3 c4", False, False, False, [((3,), (3,)), ((), (4,))]),
    ("v 1 2 3", True, False, False, [((3,), (3,)), ((), (4,))]),  # debris: too few letters to be judged by a rise
    ("c1 c2 c3 c4", True, True, False, [((3,), (3,)), ((), (4,))]),  # in the source's language: renders nothing
])
def test_unaligned_fragment_joins_its_neighbour_when_the_real_embedding_gets_closer(fragment, attach, untranslated,
                                                                                   joined_embedded, expected):
    """A caption-like fragment the DP leaves out is attached when embedding the joined texts says it belongs."""
    sentence, start = _sentence(7), "w7x0 w7x1"
    source = _document(CONTEXT_BEFORE) + [sentence] + _document(CONTEXT_AFTER)
    translation = _document(CONTEXT_BEFORE) + [start, fragment] + _document(CONTEXT_AFTER)
    calls = []

    def embed_concat(texts):
        """The fake encoder, except that the sentence's start read with the fragment means the whole sentence."""
        calls.append(list(texts))
        return ENCODER.encode([sentence if text == f"{start} {fragment}" else text for text in texts])

    beads = align(
        ENCODER.encode(source), ENCODER.encode(translation), [len(s) for s in source],
        [len(t) for t in translation], AlignConfig(attach_unaligned=attach),
        embed_concat=embed_concat, source_texts=source, translation_texts=translation,
        untranslated=([False] * len(source), [untranslated and text == fragment for text in translation]),
    )
    assert _pairs(beads)[3:3 + len(expected)] == expected
    assert any(f"{start} {fragment}" in texts for texts in calls) == joined_embedded
