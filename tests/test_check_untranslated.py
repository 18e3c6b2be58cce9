"""The untranslated check: a translation segment still written in the source's language."""

from __future__ import annotations

import pytest

from check_table import assert_row
from toolkit.checks.base import PairContext
from toolkit.checks.untranslated import check_untranslated
from toolkit.findings import rule_for_kind
from toolkit.result import Severity, Verdict
from toolkit.scoring import assess

GERMAN = "Der Kremlchef wurde am Abend in Pjöngjang erwartet, seine Ankunftszeit war nicht bekannt."
ENGLISH = "The Kremlin chief was expected in Pyongyang in the evening, his arrival time was not known."
FLAGGED = (True, "untranslated", GERMAN, GERMAN)
OK = (False, None, None, None)

ROWS = [
    (GERMAN, "de", GERMAN, "en", *FLAGGED),
    (GERMAN, "de", ENGLISH, "en", *OK),
    (ENGLISH, "en", ENGLISH, "de", True, "untranslated", ENGLISH, ENGLISH),
    # Variants of one language, and a same-language comparison, are not translations.
    (GERMAN, "de", GERMAN, "de-CH", *OK),
    (ENGLISH, "en", "The Kremlin chief was expected in Pyongyang tonight.", "en", *OK),
    # Names, places and titles kept in the original read as the source language, but are no sentence left over
    # (Text+Berg's French translations of German articles).
    ("Nanga Parbat, Cho Oyu, Gasherbrum.", "de", "Nanga Parbat, Cho Oyu, Gasherbrum.", "fr", *OK),
    ("- AlbertEggler: Gipfel über den Wolken.", "de", "c) Albert Eggler, Gipfel über den Wolken.", "fr", *OK),
    ("Michel Ziegenhagen, Lausanne", "de", "Michel Ziegenhagen, Lausanne", "fr", *OK),
    # A source language without function words to back the trigrams: silent.
    ("De trein vertrok om acht uur en de reizigers waren moe.", "nl",
     "De trein vertrok om acht uur en de reizigers waren moe.", "en", *OK),
]


@pytest.mark.parametrize("source, source_lang, translation, translation_lang, drifted, kind, source_excerpt, "
                         "translation_excerpt", ROWS)
def test_untranslated_table(source, source_lang, translation, translation_lang, drifted, kind, source_excerpt,
                            translation_excerpt):
    result = check_untranslated(PairContext(source, translation, source_lang, translation_lang))
    assert_row(result, source, translation, drifted, drifted, kind, source_excerpt, translation_excerpt)


def test_a_copied_sentence_drifts_with_high_severity_and_its_own_rule():
    """A copy of the source reads as a perfect match (similarity 1.0); the reason alone makes it drift."""
    assessment = assess(PairContext(GERMAN, GERMAN, "de", "en", similarity=1.0))
    assert assessment.verdict is Verdict.DRIFT and assessment.severity is Severity.HIGH
    assert [reason.kind for reason in assessment.reasons] == ["untranslated"]
    assert rule_for_kind("untranslated").id == "DC108"
