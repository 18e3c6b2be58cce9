"""The coverage check on synthetic token embeddings: words as fixed random concept vectors."""

from __future__ import annotations

import re

import numpy as np
import pytest

from toolkit.checks.base import PairContext
from toolkit.checks.coverage import align_words, check_coverage, word_alignment
from toolkit.embed.base import TokenEmbeddings

_RNG = np.random.default_rng(7)
_CONCEPTS: dict[str, np.ndarray] = {}
# Translation-equivalent words share one concept vector.
_SAME_CONCEPT = {"haus": "house", "rot": "red", "sehr": "very", "alt": "old"}


def _tokens(text: str) -> TokenEmbeddings:
    """One token per word, each the unit vector of the word's concept."""
    spans, vectors = [], []
    for match in re.finditer(r"\w+", text):
        concept = _SAME_CONCEPT.get(match.group().lower(), match.group().lower())
        if concept not in _CONCEPTS:
            vector = _RNG.normal(size=256)
            _CONCEPTS[concept] = vector / np.linalg.norm(vector)
        spans.append(match.span())
        vectors.append(_CONCEPTS[concept])
    return TokenEmbeddings(spans, np.array(vectors, dtype=np.float32))


def _context(source: str, translation: str) -> PairContext:
    return PairContext(source, translation, "en", "de", 0.9, _tokens(source), _tokens(translation))


def test_faithful_pair_has_no_reasons_and_zero_ratios():
    result = check_coverage(_context("the house is very red", "Haus sehr rot"))
    assert result.reasons == []
    assert result.features["coverage.source_unaligned_ratio"] == 0.0
    assert result.features["coverage.translation_unaligned_ratio"] == 0.0


def test_dropped_run_of_content_words_is_an_omission_with_its_span():
    source = "the house, painted with yellow stripes yesterday, is very red"
    result = check_coverage(_context(source, "Haus sehr rot"))
    omissions = [r for r in result.reasons if r.kind == "omission"]
    assert len(omissions) == 1
    start, end = omissions[0].source_span
    assert source[start:end] == "painted with yellow stripes yesterday"
    assert result.features["coverage.max_source_gap"] == 4.0
    assert result.features["coverage.source_unaligned_ratio"] > 0.5


def test_extra_words_in_translation_are_an_addition():
    translation = "Haus sehr rot mit grünen Fensterläden überall"
    result = check_coverage(_context("the house is very red", translation))
    additions = [r for r in result.reasons if r.kind == "addition"]
    assert len(additions) == 1
    start, end = additions[0].translation_span
    assert translation[start:end] == "grünen Fensterläden überall"


def test_short_gap_gives_features_but_no_reason():
    result = check_coverage(_context("the old house is very red", "Haus sehr rot"))
    assert result.reasons == []
    assert result.features["coverage.max_source_gap"] == 1.0


def test_without_token_embeddings_the_check_is_silent():
    context = PairContext("a b c", "x y z", "en", "de", 0.9)
    result = check_coverage(context)
    assert result.features == {} and result.reasons == []


def test_align_words_pairs_mutual_best_matches_and_leaves_chance_pairs():
    similarity = np.array([[0.9, 0.1], [0.1, 0.2]])
    rows, cols = align_words(similarity)
    assert rows.tolist() == [True, False]
    assert cols.tolist() == [True, False]


def test_part_of_a_compound_counts_as_aligned():
    # "North" and "Korea" both match the single word "Nordkorea" best.
    similarity = np.array([[0.70, 0.1], [0.80, 0.1], [0.1, 0.9]])
    rows, _ = align_words(similarity)
    assert rows.all()


def test_dropped_clause_of_stopwords_lowers_the_worst_window_but_not_the_gap():
    faithful = check_coverage(_context("the house is very red", "Haus sehr rot")).features
    dropped = check_coverage(_context("the house is red but this is it", "Haus rot")).features
    assert dropped["coverage.max_source_gap"] == 0.0  # "but this is it": no content word, no run
    assert dropped["coverage.source_worst_window"] < 0.5 < faithful["coverage.source_worst_window"]
    assert dropped["coverage.source_mean_best"] == pytest.approx(faithful["coverage.source_mean_best"]) == 1.0


@pytest.mark.parametrize("span_text, unaligned", [("nicht", 1), ("nicht sehr groß", 0), ("Das", 0)])
def test_unaligned_words_near_a_span_leave_out_the_span_itself(span_text, unaligned):
    """'Das Haus ist nicht sehr groß' / 'The house is very old': of the content words only 'groß' has no
    counterpart; it counts within four words of the span, unless it is part of the span."""
    source, translation = "Das Haus ist nicht sehr groß.", "The house is very old."
    alignment = word_alignment(PairContext(source, translation, "de", "en", 0.9, _tokens(source), _tokens(translation)))
    start = source.index(span_text)
    assert alignment.unaligned_near(True, (start, start + len(span_text)), 4) == unaligned
