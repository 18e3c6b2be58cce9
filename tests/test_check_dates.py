"""The dates check: weekdays, months, day of month and relative days across languages."""

from __future__ import annotations

import pytest

from check_table import assert_row
from toolkit.checks.base import PairContext
from toolkit.checks.dates import FEATURE_NAMES, check_dates

OK = (False, None, None, None)


def drift(source_excerpt, translation_excerpt, kind="date"):
    return (True, kind, source_excerpt, translation_excerpt)


ROWS = [
    # de-en, the seed article
    ("von Dienstag bis Mittwoch", "de", "from Tuesday to Wednesday", "en", *OK),
    ("am Donnerstag", "de", "on Wednesday", "en", *drift("Donnerstag", "Wednesday")),
    ("im September", "de", "in September", "en", *OK),
    ("im November", "de", "in September", "en", *drift("November", "September")),
    ("am 3. Juni", "de", "on 3 June", "en", *OK),
    ("am 3. Juni", "de", "on June 3", "en", *OK),
    ("am 3. Juni", "de", "on June 4", "en", *drift("3. Juni", "June 4")),
    # A span of days: its last day alone may stand next to the month; two spans must be equal.
    ("vom 1. bis 2. Dezember", "de", "on December 1-2", "en", *OK),
    ("am 28./29. November", "de", "on November 28-29", "en", *OK),
    ("am 28. und 29. Juni", "de", "on 28-29 June", "en", *OK),
    ("am 29.-30. Juni", "de", "on June 28-29", "en", *drift("29.-30. Juni", "June 28-29")),
    ("vom 3. bis 4. Dezember", "de", "on December 1-2", "en", *drift("3. bis 4. Dezember", "December 1-2")),
    ("am 1. und 2. Mai", "de", "on May 1 and 2", "en", *OK),
    ("vom 1. bis 3. März", "de", "from 1 to 3 March", "en", *OK),
    ("am 1. und 2. Mai", "de", "on May 2 and 3", "en", *drift("1. und 2. Mai", "May 2 and 3")),
    ("am Mittwochabend", "de", "on Wednesday evening", "en", *OK),
    ("Das Treffen am Mittwoch war kurz.", "de", "The meeting was short.", "en",
     *drift("Mittwoch", None, "date-missing")),
    ("Wir sehen uns morgen.", "de", "See you tomorrow.", "en", *OK),
    ("Wir sehen uns morgen.", "de", "See you today.", "en", *drift("morgen", "today")),
    ("Am Morgen regnete es.", "de", "It rained in the morning.", "en", *OK),
    # fr-en
    ("le mardi 1er juillet", "fr", "on Tuesday, July 1", "en", *OK),
    ("le mardi 1er juillet", "fr", "on Thursday, July 1", "en", *drift("mardi", "Thursday")),
    ("la mission vers Mars", "fr", "the mission to Mars", "en", *OK),
    # en-de
    ("It may rain on Friday.", "en", "Am Freitag könnte es regnen.", "de", *OK),
    ("It may rain on Friday.", "en", "Am Samstag könnte es regnen.", "de", *drift("Friday", "Samstag")),
    ("in May", "en", "im Juni", "de", *drift("May", "Juni")),
    # es-en
    ("el lunes 5 de mayo", "es", "on Monday, May 5", "en", *OK),
    ("el lunes 5 de mayo", "es", "on Monday, May 6", "en", *drift("5 de mayo", "May 6")),
    ("por la mañana", "es", "in the morning", "en", *OK),
    # ru-en: case forms of weekdays and months
    ("в среду 3 июня", "ru", "on Wednesday, June 3", "en", *OK),
    ("в пятницу", "ru", "on Friday", "en", *OK),
    ("в пятницу", "ru", "on Monday", "en", *drift("пятницу", "Monday")),
    ("охрана окружающей среды", "ru", "environmental protection", "en", *OK),
    ("в январе", "ru", "in February", "en", *drift("январе", "February")),
    # pl-en, pt-en, it-en, nl-en
    ("w środę 12 marca", "pl", "on Wednesday, 12 March", "en", *OK),
    ("na segunda-feira", "pt", "on Monday", "en", *OK),
    ("giovedì 4 aprile", "it", "Thursday, April 4", "en", *OK),
    ("op zaterdag", "nl", "on Sunday", "en", *drift("zaterdag", "Sunday")),
    # en-en
    ("on Monday and Tuesday", "en", "on Monday and Tuesday", "en", *OK),
    ("on Monday", "en", "on Monday and Tuesday", "en", *drift(None, "Tuesday", "date-missing")),
]


@pytest.mark.parametrize(
    "source, source_lang, translation, translation_lang, drifted, kind, source_excerpt, translation_excerpt",
    ROWS,
)
def test_dates_table(source, source_lang, translation, translation_lang, drifted, kind, source_excerpt,
                     translation_excerpt):
    result = check_dates(PairContext(source, translation, source_lang, translation_lang))
    assert_row(result, source, translation, result.features["dates.any_mismatch"] == 1.0, drifted, kind,
               source_excerpt, translation_excerpt)


def test_substitution_and_omission_have_separate_features():
    changed = check_dates(PairContext("am Donnerstag", "on Wednesday", "de", "en")).features
    dropped = check_dates(PairContext("am Donnerstag", "then", "de", "en")).features
    assert (changed["dates.weekday_mismatch"], changed["dates.weekday_missing"]) == (1.0, 0.0)
    assert (dropped["dates.weekday_mismatch"], dropped["dates.weekday_missing"]) == (0.0, 1.0)


def test_features_are_always_the_same_bounded_keys():
    empty = check_dates(PairContext("Nichts.", "Nothing.", "de", "en"))
    busy = check_dates(PairContext("Montag " * 40, "Tuesday " * 40, "de", "en"))
    assert tuple(empty.features) == FEATURE_NAMES == tuple(busy.features)
    assert all(value == 0.0 for value in empty.features.values())
    assert all(0.0 <= value <= 10.0 for value in busy.features.values())


def test_unknown_language_tries_every_table():
    result = check_dates(PairContext("jeudi", "Thursday", "", "xx"))
    assert result.features["dates.matched"] == 1.0 and not result.reasons


def test_spans_point_into_the_original_text_despite_normalisation():
    source = "Cafe\u0301 am Donnerstag"  # decomposed é shifts offsets after NFC
    result = check_dates(PairContext(source, "café on Wednesday", "de", "en"))
    assert [source[slice(*r.source_span)] for r in result.reasons] == ["Donnerstag"]
