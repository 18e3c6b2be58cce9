"""What every registered check promises, whatever the text: no crash, spans inside, a fixed feature vector."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.checks import all_checks
from toolkit.checks.base import PairContext

CHECKS = all_checks()
# Characters that exercise the checks' parsers: digits and separators, cue words, names, scripts.
PIECES = list("0123456789.,\u202f -:%’'ßÖöПутин\n") + [
    "Millionen", "nicht", "kein", "ne pas", "no", "vor", "nach", "before", "after", "to", "an", "gegen",
    "Russland", "Russia", "Kim Jong Un", "Mittwoch", "Wednesday", "März", "mehr als", "Dutzende",
]
texts = st.one_of(st.text(max_size=160), st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join))
languages = st.sampled_from(["de", "en", "fr", "es", "ru", "zh", "xx", ""])


def test_every_check_is_registered_under_its_id():
    assert set(CHECKS) == {"contrast", "coverage", "dates", "length", "names", "negation", "numbers", "roles",
                           "semantic", "tone", "untranslated"}


@pytest.mark.parametrize("check_id", sorted(CHECKS))
@settings(max_examples=60, deadline=None)
@given(source=texts, translation=texts, source_lang=languages, translation_lang=languages)
def test_never_crashes_spans_stay_inside_and_features_are_fixed(check_id, source, translation, source_lang,
                                                                translation_lang):
    check = CHECKS[check_id]
    baseline_keys = set(check(PairContext("Hallo.", "Hello.", "de", "en", 0.9)).features)
    result = check(PairContext(source, translation, source_lang, translation_lang, 0.5))
    assert set(result.features) == baseline_keys
    assert all(math.isfinite(value) for value in result.features.values())
    for reason in result.reasons:
        assert reason.check == check_id and reason.message
        if reason.source_span:
            assert 0 <= reason.source_span[0] < reason.source_span[1] <= len(source)
        if reason.translation_span:
            assert 0 <= reason.translation_span[0] < reason.translation_span[1] <= len(translation)
