"""The numbers check: locale-aware values, number words, qualifiers, spans into the original text."""

from __future__ import annotations

import pytest

from check_table import assert_row
from toolkit.checks.base import PairContext
from toolkit.checks.numbers import FEATURE_NAMES, check_numbers, read_digits

OK = (False, None, None, None)


def drift(source_excerpt, translation_excerpt, kind="number"):
    return (True, kind, source_excerpt, translation_excerpt)


ROWS = [
    # de-en, the seed article
    ("mehr als 11.000 Container", "de", "more than 11,000 containers", "en", *OK),
    ("mehr als 1.100 Container", "de", "more than 11,000 containers", "en", *drift("1.100", "11,000")),
    ("Dutzende ballistische Raketen", "de", "dozens of ballistic missiles", "en", *OK),
    ("Dutzende ballistische Raketen", "de", "hundreds of ballistic missiles", "en", *drift("Dutzende", "hundreds")),
    # tens and hundreds of a scale word are one vague quantity
    ("mehrere zehn Millionen Menschen", "de", "tens of millions of people", "en", *OK),
    ("zig Milliarden Euro", "de", "tens of billions of euros", "en", *OK),
    ("Hunderte von Millionen Menschen", "de", "hundreds of millions of people", "en", *OK),
    ("mehrere hundert Millionen Menschen", "de", "hundreds of millions of people", "en", *OK),
    ("Hunderte Millionen Menschen", "de", "tens of millions of people", "en",
     *drift("Hunderte Millionen", "tens of millions")),
    ("des dizaines de millions de personnes", "fr", "decenas de millones de personas", "es", *OK),
    ("decenas de miles de millones de dólares", "es", "tens of billions of dollars", "en", *OK),
    # multiplicatives: German glues "mal" to the number; "twice" and "-fach" only pair, being idioms too
    ("dreimal so viele Feuerwehrleute", "de", "three times the number of firefighters", "en", *OK),
    ("zweimal so viele Feuerwehrleute", "de", "three times the number of firefighters", "en",
     *drift("zweimal", "three")),
    ("Er kam zehnmal.", "de", "He came ten times.", "en", *OK),
    ("Die Inflation ist dreimal so hoch wie die Prognosen.", "de", "Inflation is triple the forecasts.", "en", *OK),
    ("Denken Sie nach, bevor Sie urteilen.", "de", "Think twice before you judge.", "en", *OK),
    ("Das Land wird seit zehn Jahren geschwächt.", "de", "The country has been weakened for a decade.", "en", *OK),
    ("In einem Jahrzehnt stieg die Zahl auf 300.", "de", "In ten years the number rose to 300.", "en", *OK),
    ("seit 24 Jahren", "de", "in 24 years", "en", *OK),
    ("seit 14 Jahren", "de", "in 24 years", "en", *drift("14", "24")),
    ("vor mehr als zwei Jahren", "de", "more than two years ago", "en", *OK),
    ("vor mehr als drei Jahren", "de", "more than two years ago", "en", *drift("drei", "two")),
    ("1,5 Prozent", "de", "1.5 percent", "en", *OK),
    ("2,5 Milliarden Euro", "de", "2.5 billion euros", "en", *OK),
    ("2,5 Millionen Euro", "de", "2.5 billion euros", "en", *drift("2,5 Millionen", "2.5 billion")),
    ("zwei Billionen Dollar", "de", "two trillion dollars", "en", *OK),
    ("zwei Billionen Dollar", "de", "$2 trillion", "en", *OK),
    ("1 Billiarde Dollar", "de", "$1 trillion", "en", *drift("1 Billiarde", "1 trillion")),
    ("1,65 Millionen Euro", "de", "€1.65m", "en", *OK),
    ("ein Budget von 2,4 Bio. Dollar", "de", "a $2.4tn budget", "en", *OK),
    ("1,65 Milliarden Euro", "de", "€1.65m", "en", *drift("1,65 Milliarden", "1.65m")),
    ("eine 5 Meter hohe Mauer", "de", "a 5m wall", "en", *OK),
    ("6,64 RMB je Dollar", "de", "RMB6.64 per dollar", "en", *OK),
    ("um 100 Millionen SEK", "de", "by SEK100 million", "en", *OK),
    ("in den 90er Jahren", "de", "in the 1990s", "en", *OK),
    # one scale word for both ends of a range
    ("von 60 auf 80 Milliarden Euro", "de", "from €60 billion to €80 billion", "en", *OK),
    ("von 60 auf 80 Milliarden Euro", "de", "from €70 billion to €80 billion", "en", *drift("60", "70 billion")),
    ("zwischen zwei und drei Millionen", "de", "between 2 million and 3 million", "en", *OK),
    ("zwischen einer und anderthalb Millionen Sunniten", "de", "between one million and 1.5 million Sunnis", "en",
     *OK),
    ("ein und anderthalb Millionen", "de", "1 to 1.5 million", "en", *OK),
    ("zwei bis drei Millionen", "de", "two or three million", "en", *OK),
    ("zwischen 1 und 2 Milliarden", "de", "between 1 and 2 billion", "en", *OK),
    ("zwischen 1 und 3 Millionen", "de", "between 1 and 2 million", "en", *drift("3 Millionen", "2 million")),
    ("zwei Millionen Euro und drei Häuser", "de", "two million euros and three houses", "en", *OK),
    ("drei Häuser und zwei Millionen Euro", "de", "three houses and two million euros", "en", *OK),
    ("Er bekam 5 und sie 2 Millionen Euro", "de", "He got 5 and she got 2 million euros", "en", *OK),
    ("anderthalb Millionen Euro", "de", "1.5 million euros", "en", *OK),
    ("anderthalb Millionen Euro", "de", "2.5 million euros", "en", *drift("anderthalb Millionen", "2.5 million")),
    ("vor zweieinhalb Jahren", "de", "two and a half years ago", "en", *OK),
    ("vor zweieinhalb Jahren", "de", "three and a half years ago", "en", *drift("zweieinhalb", "three and a half")),
    ("vor anderthalb Jahren", "de", "a year and a half ago", "en", *OK),  # English says "one" without a number
    ("als Hunderttausende Ägypter", "de", "when hundred of thousands of Egyptians", "en", *OK),  # a common slip
    ("hundert der führenden Gelehrten", "de", "a hundred of the leading scholars", "en", *OK),
    ("770 Millionen Barrel", "de", "770 millions barrels", "en", *OK),
    ("zwischen 70 und 5,300 Dollar", "de", "between $70 and $5,300", "en", *OK),
    ("in den 1930er- und 40er-Jahren", "de", "in the 1930's and '40s", "en", *OK),
    ("in den 80er Jahren", "de", "in the 1990s", "en", *drift("80er Jahren", "1990s")),
    ("Er ist in seinen 50ern.", "de", "He is in his 50s.", "en", *OK),
    ("die Krisen 1994-95 und 2001-2002", "de", "the crises of 1994-5 and 2001-2", "en", *OK),
    ("die Krisen 1994-96", "de", "the crises of 1994-5", "en", *drift("96", "5")),
    ("die Saison 1999/2000", "de", "the 1999-00 season", "en", *OK),
    # "zero" in a compound is no quantity: CO2 is left without a counterpart, not replaced.
    ("CO2-neutrale Energie", "de", "zero-carbon energy", "en", *drift("CO2", None, "number-missing")),
    ("in den letzten dreißig Jahren", "de", "over the last three decades", "en", *OK),
    ("in den letzten drei Jahrzehnten", "de", "over the last three decades", "en", *OK),
    ("in den letzten vierzig Jahren", "de", "over the last three decades", "en", *drift("vierzig", "three decades")),
    ("eine Spende von 100 Millionen Dollar", "de", "a $100-million grant", "en", *OK),
    ("vom Schuljahr 2002/03 bis 2012/13", "de", "from the 2002-03 school year to 2012-13", "en", *OK),
    ("die 2,9 % des jährlichen Wachstums zwischen 1980 und 1992", "de",
     "the 2.9% per year growth between1980-92", "en", *OK),  # a word glued to its number hides no number
    ("Wachstum zwischen 1980 und 1993", "de", "growth between1980-92", "en", *drift("1993", "92")),
    ("Wachstum seit 2010", "de", "growth since2010", "en", *OK),
    ("zwischen 1980 und 1992", "de", "between 1980–92", "en", *OK),
    ("zwischen 1980 und 1993", "de", "between 1980–92", "en", *drift("1993", "92")),
    ("von 1990 bis 2000", "de", "from 1990-2000", "en", *OK),
    ("im Schuljahr 2014/2015", "de", "in the 2014/15 school year", "en", *OK),
    ("eine Fläche von 7,01 km2", "de", "an area of 7.01 km2", "en", *OK),
    ("Die Inflation fiel auf fünf Prozent.", "de", "Inflation fell to zero.", "en", *drift("fünf", "zero")),
    ("im Jahr 2024", "de", "in 2023", "en", *drift("2024", "2023")),
    ("am 3. Juni um 14 Uhr", "de", "on 3 June at 2 pm", "en", *OK),
    ("Die G7 und die COVID-19-Pandemie", "de", "The G7 and the COVID-19 pandemic", "en", *OK),
    ("Kampfjets vom Typ F-35", "de", "F-16 fighter jets", "en", *drift("F-35", "F-16")),
    # a footnote's superscript is a digit to str.isdigit but not part of the identifier
    ("auf der A7¹ nach Norden", "de", "north on the A7", "en", *OK),
    ("auf der A7¹ nach Norden", "de", "north on the A8", "en", *drift("A7", "A8")),
    ("Eine Frau und ein Mann", "de", "A woman and a man", "en", *OK),
    ("elf Tage", "de", "eleven days", "en", *OK),
    ("10 bis 15 Prozent", "de", "10 to 15 percent", "en", *OK),
    ("Es kamen 300 Menschen und 12 Kinder.", "de", "300 people came.", "en", *drift("12", None, "number-missing")),
    # German glues its number words, so a separate "und" parts two numbers
    ("zwei Millionen und drei Häuser", "de", "2 million and 3 houses", "en", *OK),
    ("zwei Millionen und drei Häuser", "de", "2 million and 4 houses", "en", *drift("drei", "4")),
    ("etwa 300 Menschen", "de", "more than 300 people", "en", *drift("etwa 300", "more than 300", "qualifier")),
    # "eine" is a number before a scale word, so its qualifier is read; English counts scale words with "a"
    ("etwa eine Million Menschen", "de", "about one million people", "en", *OK),
    ("über eine Milliarde Menschen", "de", "more than a billion people", "en", *OK),
    ("über eine Milliarde Menschen", "de", "a billion people", "en",
     *drift("über eine Milliarde", "billion", "qualifier")),
    ("über einen Zeitraum von 100 Tagen", "de", "over a 100-day period", "en", *OK),
    # fr-en
    ("11 000 personnes", "fr", "11,000 people", "en", *OK),
    ("11\u202f000 personnes", "fr", "11,000 people", "en", *OK),
    ("une hausse de 1,5 %", "fr", "a rise of 1.5%", "en", *OK),
    ("plus de 3 milliards d'euros", "fr", "more than 3 billion euros", "en", *OK),
    ("vingt-et-un jours", "fr", "twenty-two days", "en", *drift("vingt-et-un", "twenty-two")),
    ("entre un et deux millions d'euros", "fr", "between 1 million and 2 million euros", "en", *OK),
    ("il y a deux ans et demi", "fr", "two and a half years ago", "en", *OK),
    ("il y a deux ans et demi", "fr", "two years ago", "en", *drift("deux ans et demi", "two")),
    # after a scale word a half halves the scale: "un million et demi" is 1.5 million
    ("un million et demi de réfugiés", "fr", "1.5 million refugees", "en", *OK),
    ("un million et demi de réfugiés", "fr", "one million refugees", "en", *drift("un million et demi", "one million")),
    ("deux milliards et demi d'euros", "fr", "2,5 Milliarden Euro", "de", *OK),
    ("dos millones y medio de personas", "es", "2.5 million people", "en", *OK),
    ("un milione e mezzo di persone", "it", "1,5 Millionen Menschen", "de", *OK),
    ("a million and a half people", "en", "anderthalb Millionen Menschen", "de", *OK),
    # centuries in Roman numerals are the ordinals other languages write in digits
    ("Au XXe siècle, la ville a grandi.", "fr", "In the 20th century, the city grew.", "en", *OK),
    ("Aux XIe et XIIe siècles, le temple a été reconstruit.", "fr",
     "In the 11th and 12th centuries, the temple was rebuilt.", "en", *OK),
    ("Au XIXe siècle, la ville a grandi.", "fr", "In the 18th century, the city grew.", "en", *drift("XIXe", "18")),
    ("Louis XIV est mort en 1715.", "fr", "Louis XIV died in 1715.", "en", *OK),
    ("Ce siècle sera long.", "fr", "This century will be long.", "en", *OK),
    ("El siglo XIX fue largo.", "es", "The 18th century was long.", "en", *drift("XIX", "18")),
    ("nel XIX secolo", "it", "im 19. Jahrhundert", "de", *OK),
    # en-de
    ("more than 11,000 containers", "en", "mehr als 11.000 Container", "de", *OK),
    ("1.5 percent", "en", "1,5 Prozent", "de", *OK),
    ("1.5 percent", "en", "15 Prozent", "de", *drift("1.5", "15")),
    ("a dozen people", "en", "ein Dutzend Menschen", "de", *OK),
    ("the first two days", "en", "die ersten drei Tage", "de", *drift("two", "drei")),
    # es-en: Spanish is written both ways, so an ambiguous 1.100 keeps both readings
    ("más de 1.100 contenedores", "es", "more than 1,100 containers", "en", *OK),
    ("más de 1.100 contenedores", "es", "more than 1.1 containers", "en", *OK),
    ("3 mil millones de dólares", "es", "3 billion dollars", "en", *OK),
    ("25 personas", "es", "35 people", "en", *drift("25", "35")),
    ("entre una y dos millones", "es", "zwischen einer und zwei Millionen", "de", *OK),
    ("a las tres y media", "es", "at half past three", "en", *OK),  # a clock time, no half
    # nl-en
    ("tussen een en anderhalf miljoen", "nl", "between one million and 1.5 million", "en", *OK),
    ("tot 10 mensen", "nl", "up to 10 people", "en", *OK),
    ("tot 10 mensen", "nl", "10 people", "en", *drift("tot 10", "10", "qualifier")),
    # "up to" after a number is a range's upper end ("from 5 to 10"), which bounds nothing
    ("van 5 tot 10 mensen", "nl", "from 5 to 10 people", "en", *OK),
    ("de 5 hasta 10 personas", "es", "from 5 to 10 people", "en", *OK),
    ("od 5 do 10 procent", "pl", "from 5 to 10 percent", "en", *OK),
    # ru-en (no number words for Russian, digits and scale words still work)
    ("более 11 000 контейнеров", "ru", "more than 11,000 containers", "en", *OK),
    ("2,5 млрд рублей", "ru", "2.5 billion roubles", "en", *OK),
    ("в 2022 году", "ru", "in 2021", "en", *drift("2022", "2021")),
    ("с 2010 до 2015 года", "ru", "from 2010 to 2015", "en", *OK),
    ("от 5 млн до 10 млн рублей", "ru", "from 5 million to 10 million roubles", "en", *OK),
    ("до 10 процентов", "ru", "up to 10 percent", "en", *OK),
    ("до 10 процентов", "ru", "10 percent", "en", *drift("до 10", "10", "qualifier")),
    # en-en
    ("about 40 people", "en", "about 40 people", "en", *OK),
    ("about 40 people", "en", "about 14 people", "en", *drift("40", "14")),
    ("at 10:30 am", "en", "at 10:30 a.m.", "en", *OK),
    ("one of them", "en", "they all", "en", *OK),
]


@pytest.mark.parametrize(
    "source, source_lang, translation, translation_lang, drifted, kind, source_excerpt, translation_excerpt",
    ROWS,
)
def test_numbers_table(source, source_lang, translation, translation_lang, drifted, kind, source_excerpt,
                       translation_excerpt):
    result = check_numbers(PairContext(source, translation, source_lang, translation_lang))
    flagged = result.features["numbers.any_mismatch"] == 1.0 or result.features["numbers.qualifier_mismatch"] > 0
    assert_row(result, source, translation, flagged, drifted, kind, source_excerpt, translation_excerpt)


@pytest.mark.parametrize(
    "surface, lang, readings",
    [
        ("11.000", "de", (11000.0,)),
        ("11,000", "en", (11000.0,)),
        ("1,5", "de", (1.5,)),
        ("1.5", "en", (1.5,)),
        ("1,5", "en", (1.5,)),
        ("1.100", "de", (1100.0,)),
        ("1.100", "en", (1.1,)),
        ("1.100", "es", (1100.0, 1.1)),
        ("5,300", "de", (5.3, 5300.0)),  # a comma-decimal text may carry the English grouping over
        ("1.234.567,89", "de", (1234567.89,)),
        ("1,234,567.89", "en", (1234567.89,)),
        ("11 000", "fr", (11000.0,)),
        ("1'000'000", "de", (1000000.0,)),
    ],
)
def test_read_digits_follows_the_language(surface, lang, readings):
    assert read_digits(surface, lang) == readings


def test_features_are_always_the_same_bounded_keys():
    empty = check_numbers(PairContext("Kein Wert.", "No value.", "de", "en"))
    busy = check_numbers(PairContext(" ".join(str(n) for n in range(50)), "1 2 3", "de", "en"))
    assert tuple(empty.features) == FEATURE_NAMES == tuple(busy.features)
    assert all(value == 0.0 for value in empty.features.values())
    assert all(0.0 <= value <= 10.0 for value in busy.features.values())
    assert 0.0 <= busy.features["numbers.mismatch_ratio"] <= 1.0


def test_spans_point_into_the_original_text_despite_normalisation():
    source = "Cafe\u0301 mit \u0661\u0662\u0663 Gästen und 5 Stühlen"  # decomposed é, Arabic-Indic 123
    result = check_numbers(PairContext(source, "café with 123 guests and 6 chairs", "de", "en"))
    assert [source[slice(*r.source_span)] for r in result.reasons] == ["5"]
    matched = check_numbers(PairContext(source, "café with 123 guests and 5 chairs", "de", "en"))
    assert matched.features["numbers.matched"] == 2.0 and not matched.reasons


def test_long_input_is_handled():
    text = "Es waren 1.100 Container und 2,5 Millionen Euro. " * 2000
    result = check_numbers(PairContext(text, text.replace("1.100", "1.200"), "de", "de"))
    assert result.features["numbers.mismatched"] == 10.0


def test_same_digits_read_differently_name_both_readings():
    from toolkit.checks.base import PairContext
    from toolkit.checks.numbers import check_numbers

    result = check_numbers(PairContext("2024 - 11.000", "2024 - 11.000", "en", "de"))
    assert [r.message for r in result.reasons] == [
        "number 11.000 (read as 11) in the source became 11.000 (read as 11,000) in the translation"
    ]
