"""The tone check: an insult or a profanity on one side only."""

from __future__ import annotations

import pytest

from check_table import assert_row
from toolkit.checks.base import PairContext
from toolkit.checks.tone import FEATURE_KEYS, check_tone

OK = (False, None, None)

ROWS = [
    ("You are an idiot.", "en", "Du bist ein Idiot.", "de", *OK),
    ("You are a retard.", "en", "Du bist eine Verzögerung.", "de", True, "retard", None),
    ("Thanks for the fix.", "en", "Danke für den Fix, du Arschloch.", "de", True, None, "Arschloch"),
    ("What a bullshit edit.", "en", "Quelle modification de merde.", "fr", *OK),
    ("What a bullshit edit.", "en", "Quelle modification étrange.", "fr", True, "bullshit", None),
    ("Creeping inflation hit the trolley industry.", "en", "Die schleichende Inflation traf die Branche.", "de", *OK),
    ("The minister was not amused.", "en", "Der Minister war nicht erfreut.", "de", *OK),
]


@pytest.mark.parametrize("source, source_lang, translation, translation_lang, drifted, source_excerpt, "
                         "translation_excerpt", ROWS)
def test_tone_table(source, source_lang, translation, translation_lang, drifted, source_excerpt,
                    translation_excerpt):
    result = check_tone(PairContext(source, translation, source_lang, translation_lang))
    assert_row(result, source, translation, result.features["tone.one_sided"] == 1.0, drifted, "tone",
               source_excerpt, translation_excerpt)


def test_a_language_without_a_list_gives_zero_features_and_no_reason():
    result = check_tone(PairContext("You idiot.", "Tu idiota.", "en", "ca"))
    assert result.features == dict.fromkeys(FEATURE_KEYS, 0.0) and result.reasons == []
