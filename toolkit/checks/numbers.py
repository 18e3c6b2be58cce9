"""Numbers that changed between source and translation.

Sentence embeddings barely notice "1.100" becoming "11,000", so this check reads
every quantity on both sides, locale-aware, and pairs equal values:

* digits with the text's own conventions (de ``11.000`` = en ``11,000``, de ``1,5`` =
  en ``1.5``, fr ``11 000``); when a language writes both ways (es, pt, unknown),
  an ambiguous ``1.100`` keeps both readings and matches on either;
* scale words (de ``2,5 Milliarden`` = en ``2.5 billion``, de ``Billion`` = en trillion), also after
  number words (``zwei Billionen``) and glued to money (``€1.65m``, ``RMB6.64``, ``SEK100 million``);
* decades (``the 1990s`` = ``die 90er Jahre``) and shortened year spans (``1994-5`` = ``1994-95``), also
  glued to the word before (``between1980-92``);
* centuries in Roman numerals (``XIXe siècle``, ``siglo XIX`` = ``19th century``);
* number words through text2num (``zwei`` = ``two``), halves (``zweieinhalb`` = ``two and a half``), vague quantities
  (``Dutzende`` = ``dozens``), multiplicatives (``dreimal`` = ``three times``), clock times
  (``14 Uhr`` = ``2 pm``);
* identifiers (``G7``, ``COVID-19``) match the same identifier, or their number;
* the qualifier in front of a number (``mehr als``/``more than``/``about``...).

A number replaced by another is reported with kind ``number`` (a factual error
whatever else the pair says); a number on one side only with kind
``number-missing`` (often a paraphrase: "two countries" / "beide Länder"), and a
changed qualifier with kind ``qualifier``: weaker hints the scorer weighs.

Articles that look like "one" (``ein``, ``a``, ``un``) and its half (``anderthalb``), ordinal words and "zero"
in a compound ("zero-carbon") are weak: they pair when they can but are never reported alone.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from text_to_num import find_numbers

from . import register
from ._quantities import Mention, Side, base_language, capped, pair_mentions, unpaired_reasons
from .base import CheckResult, PairContext, Reason

CHECK_ID = "numbers"
SUBSTITUTION_KIND = "number"
MISSING_KIND = "number-missing"
QUALIFIER_KIND = "qualifier"

FEATURE_NAMES = (
    "numbers.source_count",
    "numbers.translation_count",
    "numbers.matched",
    "numbers.source_only",
    "numbers.translation_only",
    "numbers.mismatched",
    "numbers.substituted",
    "numbers.any_mismatch",
    "numbers.mismatch_ratio",
    "numbers.qualifier_mismatch",
)

# --- locale conventions -------------------------------------------------------------

POINT_DECIMAL = frozenset({"en", "ja", "zh", "ko", "he", "th", "hi", "ga", "mt", "ms"})
COMMA_DECIMAL = frozenset(
    {"de", "fr", "it", "nl", "da", "ru", "pl", "sv", "nb", "no", "nn", "fi", "cs", "sk", "sl", "hr",
     "sr", "bs", "uk", "be", "bg", "ro", "hu", "tr", "el", "lt", "lv", "et", "id", "ca", "eu", "gl", "is"}
)
"""Languages that write decimals with a comma; anything in neither set is read both ways."""

SPACE_GROUPING = frozenset(
    {"fr", "ru", "pl", "sv", "nb", "no", "nn", "fi", "cs", "sk", "uk", "be", "bg", "et", "lt", "lv", "hu"}
)
"""Languages where a plain space groups thousands (``11 000``); no-break spaces count everywhere."""

_NB_SPACES = "\u00a0\u202f\u2009\u2007"
_GROUP_SEPARATORS = ".,'\u2019" + _NB_SPACES


MIN_GLUED_WORD = 3  # shorter letters before digits are units and codes ("km2", "mp3"), not a word missing a space
_NUMBER_START = rf"(?:(?<![\w.,])|(?<=[^\W\d_]{{{MIN_GLUED_WORD}}}))"
"""Where a number may start: not inside a word or another number, except after the letters _identifiers leaves to
the number finders, a currency code ("RMB6.64", "SEK100") or a word glued to its number ("between1980-92")."""


def _digit_pattern(space_groups: bool) -> re.Pattern[str]:
    separators = re.escape(_GROUP_SEPARATORS + (" " if space_groups else ""))
    return re.compile(
        rf"{_NUMBER_START}(?:\d{{1,3}}(?P<sep>[{separators}])\d{{3}}(?:(?P=sep)\d{{3}})*(?:[.,]\d+)?"
        rf"|\d+(?:[.,]\d+)?)(?![\d])"
    )


_DIGITS = {space: _digit_pattern(space) for space in (False, True)}

_LEADING_LETTERS = re.compile(r"[^\W\d_]+")
_IDENTIFIER = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)*-?\d[\w]*(?:-\w+)*")
_NUMERIC_DATE = re.compile(r"(?<![\w.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})?(?![\w/]|\.\d)")
_TIME = re.compile(
    r"(?<![\w.,:])(?P<hour>\d{1,2})(?:(?P<clock>[:h])|\.)(?P<minute>[0-5]\d)(?!\d)"
    r"(?:\s*(?P<suffix>uhr|h\b|[ap]\.\s?m\.|[ap]m\b))?"
    r"|(?<![\w.,:])(?P<hour2>\d{1,2})\s*(?P<suffix2>uhr\b|h\b|[ap]\.\s?m\.|[ap]m\b)",
    re.IGNORECASE,
)

# --- scale words, vague quantities, qualifiers --------------------------------------

_EN_SCALE = {r"thousand": (1e3,), r"millions?|mn|mln": (1e6,), r"billions?|bn": (1e9,), r"trillion|tn": (1e12,),
             r"quadrillion": (1e15,), r"decades?": (1, 10), r"centur(?:y|ies)": (1, 100)}
SCALE_WORDS: dict[str, dict[str, tuple[float, ...]]] = {
    "en": _EN_SCALE,
    "de": {r"tausend|tsd\.": (1e3,), r"millionen|million|mio\.?": (1e6,), r"milliarden?|mrd\.?": (1e9,),
           r"billionen|billion|bio\.?": (1e12,), r"billiarden?": (1e15,),
           r"jahrzehnte?n?": (1, 10), r"jahrhunderte?n?": (1, 100)},
    "fr": {r"mille": (1e3,), r"millions?": (1e6,), r"milliards?|mds?|md": (1e9,), r"billions?": (1e12,),
           r"décennies": (1, 10), r"siècles": (1, 100)},
    "es": {r"mil": (1e3,), r"millón|millones": (1e6,), r"billón|billones": (1e12,)},
    "it": {r"mila": (1e3,), r"milioni|milione|mln": (1e6,), r"miliardi|miliardo|mld": (1e9,),
           r"bilioni|bilione": (1e12,)},
    "pt": {r"mil": (1e3,), r"milhão|milhões|milhao|milhoes": (1e6,),
           r"bilhão|bilhões|bilião|biliões": (1e9, 1e12)},
    "nl": {r"duizend": (1e3,), r"miljoen": (1e6,), r"miljard": (1e9,), r"biljoen": (1e12,)},
    "da": {r"tusind": (1e3,), r"millioner|million|mio\.?": (1e6,), r"milliarder|milliard|mia\.?": (1e9,)},
    "ru": {r"тысяч\w*|тыс\.?": (1e3,), r"миллион\w*|млн\.?": (1e6,), r"миллиард\w*|млрд\.?": (1e9,),
           r"триллион\w*|трлн\.?": (1e12,)},
    "pl": {r"tysięcy|tysiące|tysiąc|tys\.?": (1e3,), r"milion\w*|mln": (1e6,), r"miliard\w*|mld": (1e9,),
           r"bilion\w*": (1e12,)},
}
"""Words after a number that multiply it, per language; several values = two readings ("three decades" is
three of them, or thirty years)."""

ATTACHED_SCALES = {"k": 1e3, "m": 1e6, "bn": 1e9, "tn": 1e12}
"""Scale letters glued to an amount of money ("$5m", "€1.65m", "£300k"): without a currency they may be units."""

DECADES: dict[str, str] = {
    "en": r"(?:(?P<century>1[5-9]|20)|['’])?(?P<decade>\d)0['’]?s",
    "de": r"(?P<century>1[5-9]|20)?(?P<decade>\d)0er[n]?(?:\s*-?\s*jahre[n]?)?",
    "fr": r"années\s+(?P<century>1[5-9]|20)?(?P<decade>\d)0",
    "nl": r"jaren\s+(?P<century>1[5-9]|20)?(?P<decade>\d)0",
}
"""A decade ("the 1990s", "the '90s", "die 90er Jahre", "les années 90"): matched on its tens digit, the century
being often left out on one side."""

_YEAR_RANGE = re.compile(
    rf"{_NUMBER_START}(?P<first>1[5-9]\d\d|20\d\d)\s?[-–/]\s?(?P<last>\d{{1,2}})(?![\d.,]?\d)")
"""A span of years with the second shortened ("1994-5", "1980-92", "2002/03"): the second means 1995, 1992, 2003."""

CENTURY_WORDS: dict[str, dict[str, str]] = {
    "en": {"after": r"centur(?:y|ies)"},
    "de": {"after": r"jahrhunderts?|jahrhunderten?"},
    "fr": {"after": r"siècles?"},
    "it": {"after": r"secol[oi]", "before": r"secol[oi]"},
    "es": {"before": r"siglos?"},
    "pt": {"before": r"séculos?"},
}
"""Where a century written in Roman numerals has its word ("XIXe siècle", "XI e XII secolo", "siglo XIX"): the
numerals are read as the ordinals English and German write in digits ("19th century", "19. Jahrhundert")."""

MAX_CENTURY = 30  # a larger numeral beside a century word is no century of our era
MAX_CENTURY_RUN = 5  # "aux XIe, XIIe, XIIIe, XIVe et XVe siècles"
_ROMAN_SUFFIX = r"(?:e|er|re|ème|è|o|º)?"  # "XIXe", "Ier", "XIXº"
_ROMAN_ORDINAL = rf"[IVX]{{1,6}}{_ROMAN_SUFFIX}"  # up to XXX: I, V and X are all it takes
_ROMAN_JOINER = r"\s*(?:[,/–-]|(?:et|and|und|y|e|à|au|to|bis|al)(?!\w))\s*"
_ROMAN_NUMERAL = re.compile(rf"(?<!\w)([IVX]{{1,6}}){_ROMAN_SUFFIX}")


def _roman(value: int) -> str:
    tens, units = divmod(value, 10)
    return "X" * tens + ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")[units]


_CENTURY_NUMERALS = {_roman(value): value for value in range(1, MAX_CENTURY + 1)}  # written the standard way


# German glues "mal" to a number word: "dreimal so viele" is "three times as many". Its "-fach" forms and the
# English "twice", "triple" are weak: they pair with a number but are too often idioms to be reported alone.
# So are "decade" and "Jahrzehnt": "seit zehn Jahren" renders "for a decade".
_GERMAN_TIMES = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
                 "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20, "hundert": 100, "tausend": 1000}
# Plain "millions" may render "tens of millions" or "hundreds of millions", which may not render each other: its
# readings hold both (readings are split at "|").
MILLIONS, BILLIONS = "millions|1e7s|1e8s", "billions|1e10s|1e11s"
# "tens of millions": "mehrere zehn Millionen", "zig Millionen", "Dutzende Millionen"; "Hunderte (von) Millionen"
_GERMAN_TENS = r"(?:mehrere|einige|etliche)\s+zehn|zig|dutzende[n]?(?:\s+von)?"
_GERMAN_HUNDREDS = r"(?:mehrere|einige|etliche)\s+hundert|hunderte[n]?(?:\s+von)?"

VAGUE_QUANTITIES: dict[str, dict[str, tuple[str, bool]]] = {
    "en": {r"(?:tens|dozens)\s+of\s+millions": ("1e7s", False), r"hundreds\s+of\s+millions": ("1e8s", False),
           r"(?:tens|dozens)\s+of\s+billions": ("1e10s", False), r"hundreds\s+of\s+billions": ("1e11s", False),
           r"tens\s+of\s+thousands": ("1e4s", False), r"hundreds?\s+of\s+thousands": ("1e5s", False),  # a slip
           r"dozens": ("dozens", False), r"hundreds": ("hundreds", False),
           r"thousands": ("thousands", False), r"millions": (MILLIONS, False), r"billions": (BILLIONS, False),
           r"(?:a|one)\s+dozen|dozen": ("12", False), r"several|a\s+few|a\s+number\s+of": ("several", True),
           r"twice|twofold": ("2", True), r"thrice|triple|treble|threefold": ("3", True),  # weak: "think twice"
           r"(?:a\s+)?decade": ("10", True)},  # weak: "a decade or two" is "zehn oder zwanzig Jahre"
    "de": {rf"(?:{_GERMAN_TENS})\s+millionen": ("1e7s", False), rf"(?:{_GERMAN_HUNDREDS})\s+millionen": ("1e8s", False),
           rf"(?:{_GERMAN_TENS})\s+milliarden": ("1e10s", False),
           rf"(?:{_GERMAN_HUNDREDS})\s+milliarden": ("1e11s", False),
           r"zehntausende[n]?": ("1e4s", False), r"hunderttausende[n]?": ("1e5s", False),
           r"dutzende[n]?": ("dozens", False), r"hunderte[n]?": ("hundreds", False),
           r"tausende[n]?": ("thousands", False), r"millionen": (MILLIONS, False),
           r"milliarden": (BILLIONS, False), r"(?:ein|einem|einen)\s+dutzend|dutzend": ("12", False),
           r"mehrere[n]?|einige[n]?|ein\s+paar|etliche[n]?": ("several", True),
           **{rf"{word}mal": (str(value), False) for word, value in _GERMAN_TIMES.items()},
           **{rf"{word}fache?[nmrs]?": (str(value), True) for word, value in _GERMAN_TIMES.items()},  # "Zweifache"
           r"doppelt(?:e[nmrs]?)?": ("2", True),  # weak: "twice as many", but also "dual" ("doppelte Staatsbürger")
           r"(?:ein(?:em|es)?\s+)?jahrzehnts?": ("10", True)},
    "fr": {r"dizaines\s+de\s+millions": ("1e7s", False), r"centaines\s+de\s+millions": ("1e8s", False),
           r"dizaines\s+de\s+milliards": ("1e10s", False), r"centaines\s+de\s+milliards": ("1e11s", False),
           r"dizaines\s+de\s+milliers": ("1e4s", False), r"centaines\s+de\s+milliers": ("1e5s", False),
           r"dizaines": ("dozens", False), r"centaines": ("hundreds", False), r"milliers": ("thousands", False),
           r"millions": (MILLIONS, False), r"milliards": (BILLIONS, False),
           r"(?:une\s+)?douzaine": ("12", False), r"plusieurs|quelques": ("several", True)},
    "es": {r"decenas\s+de\s+miles\s+de\s+millones": ("1e10s", False),
           r"(?:cientos|centenares)\s+de\s+miles\s+de\s+millones": ("1e11s", False),
           r"decenas\s+de\s+millones": ("1e7s", False), r"(?:cientos|centenares)\s+de\s+millones": ("1e8s", False),
           r"decenas\s+de\s+miles": ("1e4s", False), r"(?:cientos|centenares)\s+de\s+miles": ("1e5s", False),
           r"decenas": ("dozens", False), r"cientos|centenares": ("hundreds", False),
           r"miles": ("thousands", False), r"millones": (MILLIONS, False),
           r"(?:una\s+)?docena": ("12", False), r"varios|varias|algunos|algunas": ("several", True)},
    "it": {r"decine\s+di\s+milioni": ("1e7s", False), r"centinaia\s+di\s+milioni": ("1e8s", False),
           r"decine\s+di\s+miliardi": ("1e10s", False), r"centinaia\s+di\s+miliardi": ("1e11s", False),
           r"decine\s+di\s+migliaia": ("1e4s", False), r"centinaia\s+di\s+migliaia": ("1e5s", False),
           r"decine": ("dozens", False), r"centinaia": ("hundreds", False), r"migliaia": ("thousands", False),
           r"milioni": (MILLIONS, False), r"miliardi": (BILLIONS, False),
           r"(?:una\s+)?dozzina": ("12", False), r"diversi|diverse|vari|varie|alcuni|alcune": ("several", True)},
    "pt": {r"dezenas\s+de\s+milhões": ("1e7s", False), r"centenas\s+de\s+milhões": ("1e8s", False),
           r"dezenas\s+de\s+milhares": ("1e4s", False), r"centenas\s+de\s+milhares": ("1e5s", False),
           r"dezenas": ("dozens", False), r"centenas": ("hundreds", False), r"milhares": ("thousands", False),
           r"milhões": (MILLIONS, False), r"(?:uma\s+)?dúzia": ("12", False),
           r"vários|várias|alguns|algumas": ("several", True)},
    "nl": {r"tientallen\s+miljoenen": ("1e7s", False), r"honderden\s+miljoenen": ("1e8s", False),
           r"tienduizenden": ("1e4s", False), r"honderdduizenden": ("1e5s", False),
           r"tientallen": ("dozens", False), r"honderden": ("hundreds", False), r"duizenden": ("thousands", False),
           r"miljoenen": (MILLIONS, False), r"(?:een\s+)?dozijn": ("12", False),
           r"verscheidene|meerdere|enkele": ("several", True)},
    "ru": {r"десятк\w+\s+миллионов": ("1e7s", False), r"сот\w+\s+миллионов": ("1e8s", False),
           r"десятк\w+\s+миллиардов": ("1e10s", False), r"сот\w+\s+миллиардов": ("1e11s", False),
           r"десятки\s+тысяч": ("1e4s", False), r"сотни\s+тысяч": ("1e5s", False),
           r"десятк(?:и|ов|ами)": ("dozens", False), r"сотни|сотен|сотнями": ("hundreds", False),
           r"тысячи|тысячами": ("thousands", False), r"миллионы|миллионами": (MILLIONS, False),
           r"дюжин\w*": ("12", False), r"несколько|нескольких": ("several", True)},
    "pl": {r"dziesiątki\s+tysięcy": ("1e4s", False), r"setki\s+tysięcy": ("1e5s", False),
           r"dziesiątki|dziesiątek": ("dozens", False), r"setki|setek": ("hundreds", False),
           r"tysiące": ("thousands", False), r"miliony|milionów": (MILLIONS, False),
           r"tuzin\w*": ("12", False), r"kilka|kilku": ("several", True)},
}
"""Quantity phrases without digits: the key they match on and whether they are weak."""

QUALIFIERS: dict[str, dict[str, str]] = {
    "en": {r"more\s+than|over|above|in\s+excess\s+of": "more", r"at\s+least": "at least",
           r"fewer\s+than|less\s+than|under|below": "less", r"up\s+to|as\s+many\s+as": "up to",
           r"about|around|approximately|roughly|some|nearly|almost|close\s+to|circa|ca\.|an\s+estimated": "about"},
    "de": {r"mehr\s+als|über": "more", r"mindestens|wenigstens": "at least",
           r"weniger\s+als|unter": "less", r"bis\s+zu": "up to",
           r"etwa|rund|ungefähr|circa|ca\.|knapp|fast|beinahe|nahezu|annähernd|gut": "about"},
    "fr": {r"plus\s+de|plus\s+d'|plus\s+d’|au-delà\s+de": "more", r"au\s+moins": "at least",
           r"moins\s+de|moins\s+d'|moins\s+d’": "less", r"jusqu'à|jusqu’à": "up to",
           r"environ|près\s+de|quelque|quelques|presque|autour\s+de|à\s+peu\s+près": "about"},
    "es": {r"más\s+de": "more", r"al\s+menos|por\s+lo\s+menos": "at least", r"menos\s+de": "less",
           r"hasta": "up to", r"unos|unas|alrededor\s+de|aproximadamente|casi|cerca\s+de|en\s+torno\s+a": "about"},
    "it": {r"più\s+di|oltre": "more", r"almeno": "at least", r"meno\s+di": "less", r"fino\s+a": "up to",
           r"circa|quasi|intorno\s+a|attorno\s+a|all'incirca": "about"},
    "pt": {r"mais\s+de": "more", r"pelo\s+menos|ao\s+menos": "at least", r"menos\s+de": "less",
           r"até": "up to", r"cerca\s+de|quase|aproximadamente|por\s+volta\s+de": "about"},
    "nl": {r"meer\s+dan|ruim": "more", r"minstens|ten\s+minste": "at least", r"minder\s+dan": "less",
           r"tot(?:\s+wel)?": "up to", r"ongeveer|circa|bijna|zo'n|rond": "about"},
    "ru": {r"более|больше|свыше|более\s+чем": "more", r"по\s+меньшей\s+мере|не\s+менее|как\s+минимум": "at least",
           r"менее|меньше": "less", r"до": "up to", r"около|примерно|почти|порядка|приблизительно": "about"},
    "pl": {r"ponad|powyżej|więcej\s+niż": "more", r"co\s+najmniej|przynajmniej": "at least",
           r"mniej\s+niż|poniżej": "less", r"do": "up to", r"około|prawie|blisko|niemal": "about"},
}
"""Words right before a quantity that bound or blur it, mapped to a language-neutral class."""

HALF_WORDS: dict[str, dict[str, float]] = {
    "de": {r"anderthalb|eineinhalb": 1.5, **{rf"{word}einhalb": value + 0.5 for word, value in _GERMAN_TIMES.items()}},
    "nl": {r"anderhalf": 1.5},
}
"""Halves text2num does not read ("zweieinhalb" = "two and a half")."""

SCALED_ONES = {"de": r"eine[mnrs]?"}
"""The inflected German "one", which text2num does not read either: a number before a scale word, its own ("eine
Million") or one a range shares ("zwischen einer und anderthalb Millionen"), an article anywhere else."""

AND_A_HALF = {"en": r"and\s+a\s+half", "fr": r"et\s+demie?", "es": r"y\s+medi[oa]", "it": r"e\s+mezz[oa]",
              "pt": r"e\s+mei[oa]"}
"""A half after a number word: right after it in English ("two and a half years") and after a scale word ("un
million et demi" = 1.5 million), after the noun it counts in Romance languages ("deux ans et demi", "dos años y
medio"), so "las tres y media" stays a clock time."""
HALF_AFTER_NOUN = frozenset({"fr", "es", "it", "pt"})
MAX_HALVED_VALUE = 1000  # from here on a half halves the scale word: "un million et demi" is not 1,000,000.5

NUMBER_BREAKING_WORDS = {"de": frozenset({"und"})}
"""Words text2num reads inside a number that part two numbers in a language that glues its number words
("zwei Millionen und drei Häuser" are 2,000,000 and 3 houses; 2,000,003 is "zwei Millionen drei")."""

WEAK_VALUES = (1.0, 1.5)
"""Number words read as these are weak: "one" is mostly an article, and English says "a year and a half" for
"anderthalb Jahre"; with a scale word ("anderthalb Millionen") they are as strong as any number."""

WEAK_NUMBER_WORDS = {"it": {"sei"}, "fr": {"neuf"}, "de": {"acht"}, "nl": {"acht"}, "en": {"o"}}
"""Number words that are usually something else ("sei" = "you are", "neuf" = "new", "o'clock")."""

CURRENCY_CODES = frozenset(
    "AUD BRL CAD CHF CNY DKK EUR GBP HKD HUF ILS INR JPY KRW MXN NOK NZD PLN RMB RUB SEK SGD TRY USD ZAR".split())
"""Codes written before an amount ("RMB6.64", "SEK100 million"): an amount, not an identifier like "G7"."""
_ATTACHED_SCALE = re.compile(r"(?:k|m|bn|tn)(?!\w)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(rf"(?:[$€£¥]|(?<![^\W\d_])(?:{'|'.join(sorted(CURRENCY_CODES))}))\s?$")

_TEXT2NUM_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "pt", "nl", "da"})
_WORD_TOKEN = re.compile(r"\w+|[^\w\s]")


def _alternation(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in patterns)


def _table_for(tables: dict[str, dict], lang: str) -> dict:
    """The language's table, or every table merged when the language is unknown."""
    if lang in tables:
        return tables[lang]
    merged: dict = {}
    for table in tables.values():
        for pattern, value in table.items():
            merged.setdefault(pattern, value)
    return merged


@dataclass(frozen=True)
class _LanguageRules:
    """Compiled per-language patterns (built once per language, then cached)."""

    scale: Optional[re.Pattern[str]]
    decade: Optional[re.Pattern[str]]
    century: Optional[re.Pattern[str]]
    scale_values: tuple[tuple[re.Pattern[str], tuple[float, ...]], ...]
    vague: re.Pattern[str]
    vague_values: tuple[tuple[re.Pattern[str], tuple[str, bool]], ...]
    qualifier: re.Pattern[str]
    qualifier_values: tuple[tuple[re.Pattern[str], str], ...]
    extra_words: Optional[re.Pattern[str]]
    extra_word_values: tuple[tuple[re.Pattern[str], float], ...]
    scaled_one: Optional[re.Pattern[str]]
    and_a_half: Optional[re.Pattern[str]]
    scale_and_a_half: Optional[re.Pattern[str]]
    range_start: re.Pattern[str]


_RULES_CACHE: dict[str, _LanguageRules] = {}
_AFTER_QUALIFIER = r"(?P<article>\s+an?(?!\w))?\s*(?:[$€£¥]\s*)?"  # "more than a billion", "over $5"


def _rules(lang: str) -> _LanguageRules:
    if lang not in _RULES_CACHE:
        scale = _table_for(SCALE_WORDS, lang)
        vague = _table_for(VAGUE_QUANTITIES, lang)
        qualifiers = _table_for(QUALIFIERS, lang)
        extra_words = {**HALF_WORDS.get(lang, {}), **({SCALED_ONES[lang]: 1.0} if lang in SCALED_ONES else {})}
        flags = re.IGNORECASE
        noun_before_half = r"[^\W\d_]+\s+" if lang in HALF_AFTER_NOUN else ""
        scale_word = rf"(?:\s*|-)(?:{_alternation(scale)})(?!\w)"  # "a $100-million grant"
        _RULES_CACHE[lang] = _LanguageRules(
            scale=re.compile(scale_word, flags),
            decade=re.compile(rf"(?<![\w'’]){DECADES[lang]}(?!\w)", flags) if lang in DECADES else None,
            century=_century_pattern(CENTURY_WORDS[lang]) if lang in CENTURY_WORDS else None,
            scale_values=tuple((re.compile(rf"(?:{p})$", flags), v) for p, v in scale.items()),
            vague=re.compile(rf"(?<!\w)(?:{_alternation(vague)})(?!\w)", flags),
            vague_values=tuple((re.compile(rf"(?:{p})$", flags), v) for p, v in vague.items()),
            qualifier=re.compile(rf"(?<!\w)(?:{_alternation(qualifiers)}){_AFTER_QUALIFIER}$", flags),
            qualifier_values=tuple((re.compile(rf"(?:{p}){_AFTER_QUALIFIER}$", flags), v)
                                   for p, v in qualifiers.items()),
            extra_words=re.compile(rf"(?<!\w)(?:{_alternation(extra_words)})(?!\w)", flags) if extra_words else None,
            extra_word_values=tuple((re.compile(rf"(?:{p})$", flags), v) for p, v in extra_words.items()),
            scaled_one=re.compile(SCALED_ONES[lang], flags) if lang in SCALED_ONES else None,
            and_a_half=(re.compile(rf"\s+{noun_before_half}(?:{AND_A_HALF[lang]})(?![\w-])", flags)
                        if lang in AND_A_HALF else None),
            scale_and_a_half=(re.compile(rf"\s+(?:{AND_A_HALF[lang]})(?![\w-])", flags)
                              if lang in AND_A_HALF else None),
            # a number and its scale word or percent sign ("5 млн", "5 %") right before a qualifier
            range_start=re.compile(rf"\d(?:{scale_word})?\s*%?\s*$", flags),
        )
    return _RULES_CACHE[lang]


def _century_pattern(words: dict[str, str]) -> re.Pattern[str]:
    """Runs of Roman ordinals ("XIe et XIIe") with the century word after or before them. A run has at most
    ``MAX_CENTURY_RUN`` numerals: unbounded, a long list of them with no century word took quadratic time."""
    run = rf"{_ROMAN_ORDINAL}(?:{_ROMAN_JOINER}{_ROMAN_ORDINAL}){{0,{MAX_CENTURY_RUN - 1}}}(?!\w)"
    forms = [rf"(?<!\w)(?P<word_after>{run})\s+(?i:{words['after']})(?!\w)"] if "after" in words else []
    if "before" in words:
        forms.append(rf"(?<!\w)(?i:{words['before']})\s+(?P<word_before>{run})")
    return re.compile("|".join(forms))


def _lookup(table: tuple, phrase: str):
    for pattern, value in table:
        if pattern.match(phrase.strip().lstrip("-")):
            return value
    raise LookupError(phrase)


# --- reading digits -----------------------------------------------------------------


def decimal_convention(lang: str) -> str:
    """``"comma"``, ``"point"`` or ``"either"`` (written both ways, or unknown)."""
    if lang in COMMA_DECIMAL:
        return "comma"
    if lang in POINT_DECIMAL:
        return "point"
    return "either"


def read_digits(surface: str, lang: str) -> tuple[float, ...]:
    """Every plausible value of a digit string under ``lang``'s conventions, most likely first.

    ``"11.000"`` in German is 11000; ``"1,5"`` is 1.5 everywhere (a thousands group
    has three digits); ``"1.100"`` in a language written both ways is (1100, 1.1), and ``"5,300"`` in a
    comma-decimal language (5.3, 5300).
    """
    separators = [(i, c) for i, c in enumerate(surface) if not c.isdigit()]
    if not separators:
        return (float(surface),)
    kinds = {c for _, c in separators}
    last_index, last = separators[-1]
    digits_after_last = len(surface) - last_index - 1
    if len(kinds) > 1:
        integer = re.sub(r"\D", "", surface[:last_index])
        return (float(f"{integer}.{surface[last_index + 1:]}"),)
    if len(separators) > 1 or last not in ".,":
        return (float(re.sub(r"\D", "", surface)),)
    as_grouped = float(surface.replace(last, ""))
    as_decimal = float(surface.replace(last, "."))
    if digits_after_last != 3:
        return (as_decimal,)
    convention = decimal_convention(lang)
    if convention == "either":
        return (as_grouped, as_decimal)
    if last == "," and convention == "comma":
        return (as_decimal, as_grouped)  # "5,300 Dollar" in German often carries the English grouping over
    return (as_decimal,) if (last == ",") == (convention == "comma") else (as_grouped,)


# --- extraction ---------------------------------------------------------------------


class _Claims:
    """Character ranges already explained by an earlier, more specific pattern.

    Kept as sorted, merged intervals so a lookup stays logarithmic on long texts.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self._starts, end) - 1
        return index < 0 or self._ends[index] <= start

    def add(self, start: int, end: int) -> None:
        first = bisect.bisect_left(self._ends, start + 1)
        last = bisect.bisect_left(self._starts, end)
        if first < last:
            start = min(start, self._starts[first])
            end = max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]


def _value_keys(values: Iterable[float]) -> tuple[tuple[str, float], ...]:
    return tuple(dict.fromkeys(("value", round(v, 6)) for v in values))


def extract_numbers(text: str, lang: str) -> list[Mention]:
    """Every quantity in ``text`` (already normalised), in reading order."""
    lang = base_language(lang)
    rules = _rules(lang)
    claims = _Claims()
    mentions: list[Mention] = []
    for finder in (_identifiers, _decades, _centuries, _year_ranges, _numeric_dates, _times, _digit_numbers,
                   _words_and_vague):
        mentions.extend(finder(text, lang, rules, claims))
    for mention in mentions:
        mention.detail["qualifier"], mention.detail["qualifier_start"] = _qualifier_before(text, mention, rules)
    mentions.sort(key=lambda m: m.span)
    return mentions


def _identifiers(text, lang, rules, claims):
    for match in _IDENTIFIER.finditer(text):
        surface = match.group()
        letters = _LEADING_LETTERS.match(surface).group()
        if letters in CURRENCY_CODES or _glued_word(surface, letters):
            continue  # "RMB6.64": an amount, "between1980-92": a missing space; the number finders read both
        cut = max(i for i, c in enumerate(surface) if c.isdecimal()) + 1  # what \d reads: not a footnote's '¹'
        start, end = match.start(), match.start() + cut
        core = surface[:cut]
        claims.add(start, end)
        trailing = re.search(r"\d+$", core).group()
        key = ("identifier", re.sub(r"[\W_]", "", core).upper())
        yield Mention((start, end), (key, ("value", float(trailing))), core)


def _glued_word(surface: str, letters: str) -> bool:
    """A lowercase word right before digits ("between1980", "since2010") is a typo for two words: identifiers
    are written in capitals ("G7", "COVID-19") or are short units ("km2")."""
    return len(letters) >= MIN_GLUED_WORD and letters.islower() and surface[len(letters)].isdigit()


def _decades(text, lang, rules, claims):
    for match in rules.decade.finditer(text) if rules.decade else ():
        if not claims.free(*match.span()):
            continue
        decade, century = match.group("decade", "century")
        keys = (("decade", int(decade)), ("value", float(f"{century or ''}{decade}0")))  # "in his 50s": an age
        claims.add(*match.span())
        yield Mention(match.span(), keys, match.group())


def roman_centuries(text: str, lang: str) -> list[tuple[tuple[int, int], int]]:
    """Each Roman numeral read as a century beside its century word ("XIXe siècle", "siglo XIX"), with its
    span (ordinal ending included) and value; the names check leaves these out of its names."""
    rules = _rules(base_language(lang))
    found = []
    for match in rules.century.finditer(text) if rules.century else ():
        offset = match.start(match.lastgroup)
        for numeral in _ROMAN_NUMERAL.finditer(match.group(match.lastgroup)):
            value = _CENTURY_NUMERALS.get(numeral.group(1))
            if value is not None:
                found.append(((offset + numeral.start(), offset + numeral.end()), value))
    return found


def _centuries(text, lang, rules, claims):
    for span, value in roman_centuries(text, lang):
        if claims.free(*span):
            claims.add(*span)
            yield Mention(span, _value_keys([float(value)]), text[span[0]:span[1]])


def _year_ranges(text, lang, rules, claims):
    for match in _YEAR_RANGE.finditer(text):
        first, last = match.group("first"), match.group("last")
        expanded = int(first[:4 - len(last)] + last)
        if expanded <= int(first) and len(last) == 2:
            expanded += 100  # "1999-00"
        if not claims.free(*match.span()) or expanded <= int(first):
            continue
        claims.add(*match.span())
        yield Mention(match.span("first"), _value_keys([float(first)]), first)
        yield Mention(match.span("last"), _value_keys([float(expanded)]), last)


def _numeric_dates(text, lang, rules, claims):
    for match in _NUMERIC_DATE.finditer(text):
        if not claims.free(*match.span()):
            continue
        if match.group(2) == "." and decimal_convention(lang) == "point":
            continue
        claims.add(*match.span())
        day_is_weak = match.group(2) == "/"
        for group, weak in ((1, day_is_weak), (3, True), (4, False)):
            if match.group(group):
                number = match.group(group)
                yield Mention(match.span(group), _value_keys([float(number)]), number, weak=weak)


def _times(text, lang, rules, claims):
    for match in _TIME.finditer(text):
        if not claims.free(*match.span()):
            continue
        hour = int(match.group("hour") or match.group("hour2"))
        minute = int(match.group("minute") or 0)
        suffix = (match.group("suffix") or match.group("suffix2") or "").lower()
        if not (suffix or match.group("clock")) or hour > 24:
            continue
        if suffix in ("am", "pm") and lang not in ("en", ""):
            continue
        claims.add(*match.span())
        clock = ("time", (hour % 12) * 60 + minute)
        keys = (clock, ("value", float(hour))) if minute == 0 else (clock,)
        yield Mention(match.span(), keys, match.group().strip())


def _digit_numbers(text, lang, rules, claims):
    pattern = _DIGITS[lang in SPACE_GROUPING]
    for match in pattern.finditer(text):
        if not claims.free(*match.span()):
            continue
        values, end = _scaled(text, match.end(), read_digits(match.group(), lang), lang, rules)
        attached = _ATTACHED_SCALE.match(text, end)
        if attached and _CURRENCY_BEFORE.search(text, max(0, match.start() - 4), match.start()):
            values = tuple(v * ATTACHED_SCALES[attached.group().lower()] for v in values)
            end = attached.end()
        claims.add(match.start(), end)
        yield Mention((match.start(), end), _value_keys(values), text[match.start():end])


MAX_SHARING_VALUE = 1000  # a number this large or larger takes no scale word from its neighbour
_NEXT_WORD = re.compile(r"[^\W\d_]+")
_RANGE_JOINER = re.compile(r"\s*(?:[-–]|(?:to|and|or|bis|auf|und|oder|à|et|ou|a|y|o|e|en|of|tot|og|eller|til"
                           r"|i|lub|do|и|или|до)(?!\w))\s*[$€£¥]?\s*")


def _shared_scale(text: str, end: int, values: tuple[float, ...], lang: str,
                  rules: _LanguageRules) -> tuple[float, ...]:
    """The readings a bare number takes from the scale word of the next one in a range ("von 60 auf 80
    Milliarden", "between 2 and 3 million"): both ends are in billions, though only one says so."""
    if any(value >= MAX_SHARING_VALUE for value in values):
        return ()  # "one million and 1.5 million" names its own scale
    joiner = _RANGE_JOINER.match(text, end)
    following = joiner and (_DIGITS[lang in SPACE_GROUPING].match(text, joiner.end())
                            or _NEXT_WORD.match(text, joiner.end()))
    if not following or (following.group()[0].isalpha() and not _number_words(following.group(), lang)):
        return ()
    scale = rules.scale.match(text, following.end())
    if not scale:
        return ()
    return tuple(v * f for v in values for f in _lookup(rules.scale_values, scale.group()))


def _scaled(text: str, end: int, values: tuple[float, ...], lang: str,
            rules: _LanguageRules) -> tuple[tuple[float, ...], int]:
    """The values times the scale words right after ``end`` ("2 mil millones", "1,5 Mrd.", "zwei Billionen"),
    and where the quantity ends; a number with no scale word may share the next one's (:func:`_shared_scale`)."""
    start = end
    for _ in range(2):
        scale = rules.scale.match(text, end)
        if not scale:
            break
        factors = _lookup(rules.scale_values, scale.group())
        values = tuple(v * f for v in values for f in factors)
        end = scale.end()
    if end == start:
        values += _shared_scale(text, end, values, lang, rules)
    return values, end


def _words_and_vague(text, lang, rules, claims):
    """Number words (text2num) and vague quantities; a longer number phrase wins an overlap."""
    vague = [m for m in rules.vague.finditer(text) if claims.free(*m.span())]
    words = _number_words(text, lang)
    for start, end, value, is_ordinal in words:
        if not claims.free(start, end):
            continue
        covered_by_vague = [m for m in vague if m.start() <= start and end <= m.end()]
        if covered_by_vague:
            continue
        values, end = _scaled(text, end, (value,), lang, rules)  # text2num reads "zwei Millionen", not "Billionen"
        surface = text[start:end]
        if values == (value,) and rules.scaled_one and rules.scaled_one.fullmatch(surface):
            continue  # "eine Frau": an article
        vague = [m for m in vague if m.end() <= start or m.start() >= end]
        weak = (values[0] in WEAK_VALUES or is_ordinal or surface.lower() in WEAK_NUMBER_WORDS.get(lang, ())
                or (value == 0 and re.match(r"-[^\W\d_]", text[end:end + 2])))  # "zero-carbon", "zero-sum"
        claims.add(start, end)
        yield Mention((start, end), _value_keys(values), surface, weak=bool(weak))
    for match in vague:
        key, weak = _lookup(rules.vague_values, match.group())
        keys = _value_keys([float(key)]) if key.isdigit() else tuple(("vague", part) for part in key.split("|"))
        claims.add(*match.span())
        yield Mention(match.span(), keys, match.group(), weak=weak)


class _Token:
    """The token protocol text2num's ``find_numbers`` expects."""

    __slots__ = ("_text", "_breaks_numbers")

    def __init__(self, text: str, breaks_numbers: bool) -> None:
        self._text = text
        self._breaks_numbers = breaks_numbers

    def text(self) -> str:
        return self._text

    def nt_separated(self, previous: "_Token") -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return self._breaks_numbers


def _number_words(text: str, lang: str) -> list[tuple[int, int, float, bool]]:
    """``(start, end, value, is_ordinal)`` for every number written in words, in reading order."""
    if lang not in _TEXT2NUM_LANGUAGES:
        return []
    rules = _rules(lang)
    found = [(match.start(), match.end(), float(_lookup(rules.extra_word_values, match.group())), False)
             for match in (rules.extra_words.finditer(text) if rules.extra_words else ())]
    for start, end, value, is_ordinal in _text2num_words(text, lang):
        if value < MAX_HALVED_VALUE:
            half, unit = rules.and_a_half and rules.and_a_half.match(text, end), 1.0
        else:
            unit = _last_scale(text[start:end], rules)
            half = unit and rules.scale_and_a_half and rules.scale_and_a_half.match(text, end)
        found.append((start, half.end(), value + unit / 2, is_ordinal) if half else (start, end, value, is_ordinal))
    return sorted(found)


def _last_scale(number: str, rules: _LanguageRules) -> float:
    """The scale word a number ends in ("deux millions": 1e6), or 0 if it ends in none."""
    for pattern, values in rules.scale_values:
        if values[0] >= MAX_HALVED_VALUE and pattern.search(number):
            return values[0]
    return 0.0


def _text2num_words(text: str, lang: str) -> list[tuple[int, int, float, bool]]:
    """``(start, end, value, is_ordinal)`` for every number text2num reads in ``text``."""
    matches = list(_WORD_TOKEN.finditer(text))
    if not any(m.group()[0].isalpha() for m in matches):
        return []
    try:
        breaking = NUMBER_BREAKING_WORDS.get(lang, frozenset())
        found = find_numbers([_Token(m.group(), m.group().lower() in breaking) for m in matches], lang, 0.0)
    except (ValueError, RuntimeError):
        return []
    results = []
    for occurrence in found:
        first, last = matches[occurrence.start], matches[occurrence.end - 1]
        if not any(c.isalpha() for c in text[first.start():last.end()]):
            continue
        results.append((first.start(), last.end(), float(occurrence.value), bool(occurrence.is_ordinal)))
    return results


def _qualifier_before(text: str, mention: Mention, rules: _LanguageRules) -> tuple[str, int]:
    """The qualifier class right before ``mention`` ("" if none) and where its words begin. An article may stand
    between them before a scale word ("more than a million"), not before other numbers ("over a ten-year period")."""
    start = mention.span[0]
    window_start = max(0, start - 40)
    match = rules.qualifier.search(text, window_start, start)
    if not match or (match.group("article") and not _is_scale_word(mention)):
        return "", start
    qualifier = _lookup(rules.qualifier_values, match.group())
    if qualifier == "up to" and rules.range_start.search(text, window_start, match.start()):
        return "", start  # "от 5 до 10", "de 5 hasta 10", "van 5 tot 10": the range's upper end, not "up to 10"
    return qualifier, match.start()


def _is_scale_word(mention: Mention) -> bool:
    """A number word of a hundred or more ("hundred", "million"), which English counts with "a"."""
    values = [key[1] for key in mention.keys if isinstance(key, tuple) and key[0] == "value"]
    return mention.label[:1].isalpha() and bool(values) and min(values) >= 100


# --- the check ------------------------------------------------------------------------


@register(CHECK_ID)
def check_numbers(context: PairContext) -> CheckResult:
    """Pair the quantities of both sides and report the ones that changed or vanished."""
    source = Side.read(context.source_text, context.source_lang, extract_numbers)
    translation = Side.read(context.translation_text, context.translation_lang, extract_numbers)
    pairs, source_left, translation_left = pair_mentions(source.mentions, translation.mentions)
    source_only = [source.mentions[i] for i in source_left if not source.mentions[i].weak]
    translation_only = [translation.mentions[j] for j in translation_left if not translation.mentions[j].weak]

    reasons = unpaired_reasons(CHECK_ID, source, translation, source_only, translation_only, lambda _: "number",
                               Side.label, (SUBSTITUTION_KIND, MISSING_KIND), _with_readings)
    qualifier_reasons = _qualifier_reasons(source, translation, pairs)
    reasons.extend(qualifier_reasons)

    source_count = sum(not m.weak for m in source.mentions)
    translation_count = sum(not m.weak for m in translation.mentions)
    mismatched = len(source_only) + len(translation_only)
    total = source_count + translation_count
    features = {
        "numbers.source_count": capped(source_count),
        "numbers.translation_count": capped(translation_count),
        "numbers.matched": capped(len(pairs)),
        "numbers.source_only": capped(len(source_only)),
        "numbers.translation_only": capped(len(translation_only)),
        "numbers.mismatched": capped(mismatched),
        "numbers.substituted": capped(min(len(source_only), len(translation_only))),
        "numbers.any_mismatch": float(mismatched > 0),
        "numbers.mismatch_ratio": mismatched / total if total else 0.0,
        "numbers.qualifier_mismatch": capped(len(qualifier_reasons)),
    }
    return CheckResult(features=features, reasons=reasons)


def _reading(mention: Mention) -> str:
    """The value(s) a mention was read as, for messages: "11000" or "11 or 11000"."""
    values = [f"{key[1]:,g}" for key in mention.keys if isinstance(key, tuple) and key[0] == "value"]
    return " or ".join(dict.fromkeys(values)) or mention.label


def _with_readings(before: Mention, after: Mention, was: str, became: str) -> tuple[str, str]:
    """Same digits, read differently by each language's conventions: say how each was read."""
    return f"{was} (read as {_reading(before)})", f"{became} (read as {_reading(after)})"


def _qualifier_reasons(source: Side, translation: Side, pairs: list[tuple[int, int]]) -> list[Reason]:
    """Equal numbers whose bound or blur changed ("mehr als 300" -> "about 300")."""
    reasons = []
    for i, j in pairs:
        before, after = source.mentions[i], translation.mentions[j]
        if before.detail["qualifier"] == after.detail["qualifier"] or before.weak or after.weak:
            continue
        source_span = source.normalised.original_span(before.detail["qualifier_start"], before.span[1])
        translation_span = translation.normalised.original_span(after.detail["qualifier_start"], after.span[1])
        was = _excerpt(source.normalised.original, source_span)
        now = _excerpt(translation.normalised.original, translation_span)
        reasons.append(Reason(
            CHECK_ID, f"'{was}' in the source became '{now}' in the translation: same number, "
                      "different qualifier (a smaller change than a different number)",
            source_span, translation_span, QUALIFIER_KIND))
    return reasons


def _excerpt(text: str, span: tuple[int, int]) -> str:
    """The spanned text with runs of whitespace shown as one space."""
    return " ".join(text[span[0]:span[1]].split())
