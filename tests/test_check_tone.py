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
    # Words with a plain sense besides the insult never make a side offensive on their own ...
    ("The strike hampered trade.", "en", "Der Streik behinderte den Handel.", "de", *OK),
    ("Hansen condemns coal plants.", "en", "Hansen verdammt Kohlekraftwerke.", "de", *OK),
    ("The reform has winners and losers.", "en", "Die Reform hat Gewinner und Verlierer.", "de", *OK),
    ("He is ignorant of the facts.", "en", "Er kennt die Fakten nicht.", "de", *OK),
    # ... but answer an offensive word on the other side.
    ("You are a retard.", "en", "Du bist behindert.", "de", *OK),
    ("What a loser.", "en", "Was für ein Idiot.", "de", *OK),
    ("Firms foolish enough to ignore it will fail.", "en", "Firmen, die dumm genug sind, das zu ignorieren, scheitern.",
     "de", *OK),
    # An insult softened is a change of tone, in the news too.
    ("Because bastards are out there, we need rules.", "en", "Weil es da draußen Halunken gibt, brauchen wir Regeln.",
     "de", True, "bastards", None),
    # An insult left untranslated is still an insult; a name that looks like one is none.
    ("Go suck a dick.", "en", "Geh und suck a dick.", "de", True, "suck", None),
    ("Racers Dick Landfield and Jim Venable unveiled plans.", "en",
     "Les pilotes Dick Landfield et Jim Venable ont dévoilé des plans.", "fr", *OK),
    # German compounds end in the insult.
    ("The global village will have its village idiots.", "en", "Das globale Dorf wird seine Dorftrottel haben.", "de",
     *OK),
    # Stems stop where the insult stops.
    ("She studied in Connecticut.", "en", "Elle a étudié dans le Connecticut.", "fr", *OK),
    ("A prickly question.", "en", "Eine heikle Frage.", "de", *OK),
    ("Kiss my ass.", "en", "Leck mich am Arsch.", "de", *OK),
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
