"""Weekdays, months, days of the month and relative days that changed in translation.

"am Donnerstag" and "on Wednesday" embed almost identically, so each side's date
words are read with hand-written per-language tables (de, en, fr, es, it, pt, nl,
ru, pl; every table is tried when the language is unknown) and compared as
language-neutral indices. A month also carries the day number written next to it
("am 3. Juni", "on June 3", "le 3 juin", "3 июня"), or the days of a span ("June 28-29",
"28./29. Juni"), compared when both sides have one.

A date replaced by another is reported with kind ``date``; a date word on one side
only with kind ``date-missing``: "today" is often "heute", "now" or nothing at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from . import register
from ._quantities import Mention, Side, base_language, capped, pair_mentions, unpaired_reasons
from .base import CheckResult, PairContext, Reason

CHECK_ID = "dates"
SUBSTITUTION_KIND = "date"
MISSING_KIND = "date-missing"

FEATURE_NAMES = (
    "dates.matched",
    "dates.weekday_mismatch",
    "dates.weekday_missing",
    "dates.month_mismatch",
    "dates.month_missing",
    "dates.day_mismatch",
    "dates.relative_mismatch",
    "dates.any_mismatch",
)

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
RELATIVE_NAMES = ("yesterday", "today", "tomorrow")

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "de": (r"montag(?!e)\w*", r"dienstag\w*", r"mittwoch\w*", r"donnerstag\w*", r"freitag\w*",
           r"samstag\w*|sonnabend\w*", r"sonntag\w*"),
    "en": (r"mondays?", r"tuesdays?", r"wednesdays?", r"thursdays?", r"fridays?", r"saturdays?", r"sundays?"),
    "fr": (r"lundis?", r"mardis?", r"mercredis?", r"jeudis?", r"vendredis?", r"samedis?", r"dimanches?"),
    "es": (r"lunes", r"martes", r"miércoles", r"jueves", r"viernes", r"sábados?", r"domingos?"),
    "it": (r"lunedì|lunedi", r"martedì|martedi", r"mercoledì|mercoledi", r"giovedì|giovedi",
           r"venerdì|venerdi", r"sabat[oi]", r"domenic(?:a|he)"),
    "pt": (r"segundas?[- ]feiras?", r"terças?[- ]feiras?", r"quartas?[- ]feiras?", r"quintas?[- ]feiras?",
           r"sextas?[- ]feiras?", r"sábados?", r"domingos?"),
    "nl": (r"maandag\w*", r"dinsdag\w*", r"woensdag\w*", r"donderdag\w*", r"vrijdag\w*", r"zaterdag\w*",
           r"zondag\w*"),
    "ru": (r"понедельник\w*", r"вторник\w*", r"среду|средам|средами|средах", r"четверг\w*", r"пятниц\w*",
           r"суббот\w*", r"воскресень\w*"),
    "pl": (r"poniedział(?:ek|ku|ki|kiem|kach|ków)", r"wtor(?:ek|ku|ki|kiem|kach|ków)",
           r"środ(?:a|ę|y|zie|ą|ach|ami)", r"czwart(?:ek|ku|ki|kiem|kach|ków)", r"piąt(?:ek|ku|ki|kiem|kach|ków)",
           r"sobot(?:a|ę|y|cie|ą|ach|ami)", r"niedziel(?:a|ę|i|ą|ach|ami)"),
}
"""Weekday patterns per language, Monday first; Russian "среда" (also "environment") only in
its weekday-only forms ("в среду", "по средам")."""

MONTHS: dict[str, tuple[str, ...]] = {
    "de": (r"januars?|jänners?", r"februars?|feber", r"märz", r"aprils?", r"mai", r"junis?", r"julis?",
           r"augusts?", r"septembers?", r"oktobers?", r"novembers?", r"dezembers?"),
    "en": (r"january", r"february", r"march", r"april", r"may", r"june", r"july", r"august", r"september",
           r"october", r"november", r"december"),
    "fr": (r"janvier", r"février", r"mars", r"avril", r"mai", r"juin", r"juillet", r"août", r"septembre",
           r"octobre", r"novembre", r"décembre"),
    "es": (r"enero", r"febrero", r"marzo", r"abril", r"mayo", r"junio", r"julio", r"agosto",
           r"septiembre|setiembre", r"octubre", r"noviembre", r"diciembre"),
    "it": (r"gennaio", r"febbraio", r"marzo", r"aprile", r"maggio", r"giugno", r"luglio", r"agosto",
           r"settembre", r"ottobre", r"novembre", r"dicembre"),
    "pt": (r"janeiro", r"fevereiro", r"março", r"abril", r"maio", r"junho", r"julho", r"agosto", r"setembro",
           r"outubro", r"novembro", r"dezembro"),
    "nl": (r"januari", r"februari", r"maart", r"april", r"mei", r"juni", r"juli", r"augustus", r"september",
           r"oktober", r"november", r"december"),
    "ru": (r"январ\w*", r"феврал\w*", r"март\w*", r"апрел\w*", r"ма(?:й|я|е|ем)", r"июн\w*", r"июл\w*",
           r"август\w*", r"сентябр\w*", r"октябр\w*", r"ноябр\w*", r"декабр\w*"),
    "pl": (r"stycz(?:eń|nia|niu)", r"lut(?:y|ego|ym)", r"mar(?:zec|ca|cu)", r"kwie(?:cień|tnia|tniu)",
           r"maj(?:a|u)?", r"czerw(?:iec|ca|cu)", r"lip(?:iec|ca|cu)", r"sierp(?:ień|nia|niu)",
           r"wrze(?:sień|śnia|śniu)", r"październik(?:a|u)?", r"listopad(?:a|zie)?", r"grud(?:zień|nia|niu)"),
}
"""Month patterns per language, January first."""

AMBIGUOUS_WORDS = {"en": {"march": "March", "may": "May", "august": "August"}, "fr": {"mars": "mars"},
                   "de": {"morgen": "morgen"}}
"""Date words that are also common words ("may", "to march", the planet "Mars", "Morgen" =
morning): they count only in this exact spelling and not as a sentence's first word, unless a
day number is next to them."""

RELATIVE_DAYS: dict[str, tuple[str, ...]] = {
    "de": (r"gestern", r"heute", r"morgen"),
    "en": (r"(?<!before )yesterday", r"today", r"(?<!after )tomorrow"),
    "fr": (r"hier", r"aujourd['’]hui", r"demain"),
    "es": (r"ayer", r"hoy", r"(?<!la )(?<!esta )mañana"),
    "it": (r"ieri", r"oggi", r"domani"),
    "pt": (r"ontem", r"hoje", r"amanhã"),
    "nl": (r"gisteren", r"vandaag", r"morgen"),
    "ru": (r"вчера", r"сегодня", r"завтра"),
    "pl": (r"wczoraj", r"dziś|dzisiaj", r"jutro"),
}
"""Yesterday, today, tomorrow per language."""

_ORDINAL = r"(?:\.|st|nd|rd|th|er|re|e|º|ª|-?го)?"
_SPAN_JOINER = r"(?:\s*[-–/]\s*|\s+(?:and|to|und|bis|et|au|y|al|e|a)\s+)"
_DAY_BEFORE = re.compile(
    rf"(?<![\d.,])(?:(\d{{1,2}}){_ORDINAL}{_SPAN_JOINER})?(\d{{1,2}}){_ORDINAL}\s*(?:de\s+|of\s+)?$")
_DAY_AFTER = re.compile(rf"\s*(\d{{1,2}})(?:st|nd|rd|th)?(?:{_SPAN_JOINER}(\d{{1,2}})(?:st|nd|rd|th)?)?(?![\d.,]\d|\w)")


@dataclass(frozen=True)
class _Table:
    """One compiled pattern per category and language, with the index of each alternative."""

    pattern: re.Pattern[str]
    group_index: dict[str, int]


def _compile(tables: dict[str, tuple[str, ...]], lang: str) -> _Table:
    languages = [lang] if lang in tables else list(tables)
    parts = []
    group_index = {}
    for language in languages:
        for index, alternative in enumerate(tables[language]):
            name = f"g_{language}_{index}"
            group_index[name] = index
            parts.append(f"(?P<{name}>{alternative})")
    return _Table(re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE), group_index)


_TABLE_CACHE: dict[tuple[str, str], _Table] = {}
_TABLES = {"weekday": WEEKDAYS, "month": MONTHS, "relative": RELATIVE_DAYS}


def _table(category: str, lang: str) -> _Table:
    key = (category, lang)
    if key not in _TABLE_CACHE:
        _TABLE_CACHE[key] = _compile(_TABLES[category], lang)
    return _TABLE_CACHE[key]


def extract_dates(text: str, lang: str) -> list[Mention]:
    """Weekday, month and relative-day mentions in ``text`` (already normalised), in reading order.

    Keys are ``(category, index)``; a month's ``detail["day"]`` is the day number next to it.
    """
    lang = base_language(lang)
    mentions = []
    for category in _TABLES:
        table = _table(category, lang)
        for match in table.pattern.finditer(text):
            index = table.group_index[match.lastgroup]
            day = _day_of_month(text, match, lang) if category == "month" else None
            if not _is_date_word(text, match, lang, day):
                continue
            mentions.append(Mention(match.span(), ((category, index),), match.group(),
                                    detail={"category": category, "index": index, "day": day}))
    mentions.sort(key=lambda m: m.span)
    return mentions


def _day_of_month(text: str, match: re.Match[str], lang: str) -> Optional[tuple[tuple[int, ...], tuple[int, int]]]:
    """The day (or the days of a span) written right before a month name, or after it English style,
    with their span."""
    window_start = max(0, match.start() - 18)
    before = _DAY_BEFORE.search(text, window_start, match.start())
    after = _DAY_AFTER.match(text, match.end()) if lang == "en" or lang not in MONTHS else None
    for found in (before, after):
        days = tuple(int(day) for day in found.groups() if day) if found else ()
        if days and all(1 <= day <= 31 for day in days):
            return days, (found.start(found.lastindex - len(days) + 1), found.end(found.lastindex))
    return None


def _is_date_word(text: str, match: re.Match[str], lang: str, day) -> bool:
    """False for a date word that is here more likely a common word ("you may", "Mars")."""
    exact = AMBIGUOUS_WORDS.get(lang, {}).get(match.group().lower())
    if exact is None or day is not None:
        return True
    sentence_initial = not text[:match.start()].strip() or text[:match.start()].rstrip()[-1] in ".!?:\"'«»“”"
    return match.group() == exact and not sentence_initial


def _english(mention: Mention) -> str:
    names = {"weekday": WEEKDAY_NAMES, "month": MONTH_NAMES, "relative": RELATIVE_NAMES}
    return names[mention.detail["category"]][mention.detail["index"]]


def _named(side: Side, mention: Mention) -> str:
    """The word as written, glossed in English when it is not English already ("Donnerstag (Thursday)")."""
    written, english = side.label(mention), _english(mention)
    return written if written.lower() == english.lower() else f"{written} ({english})"


@register(CHECK_ID)
def check_dates(context: PairContext) -> CheckResult:
    """Compare weekday, month, day-of-month and relative-day mentions across the pair."""
    source = Side.read(context.source_text, context.source_lang, extract_dates)
    translation = Side.read(context.translation_text, context.translation_lang, extract_dates)
    pairs, source_left, translation_left = pair_mentions(source.mentions, translation.mentions)

    reasons: list[Reason] = []
    counts = {"weekday_mismatch": 0, "weekday_missing": 0, "month_mismatch": 0, "month_missing": 0,
              "relative_mismatch": 0}
    for category in _TABLES:
        lost = [source.mentions[i] for i in source_left if source.mentions[i].detail["category"] == category]
        added = [translation.mentions[j] for j in translation_left
                 if translation.mentions[j].detail["category"] == category]
        reasons.extend(unpaired_reasons(CHECK_ID, source, translation, lost, added,
                                        lambda mention: mention.detail["category"], _named,
                                        (SUBSTITUTION_KIND, MISSING_KIND)))
        substituted = min(len(lost), len(added))
        one_sided = max(len(lost), len(added)) - substituted
        if category == "relative":
            counts["relative_mismatch"] += substituted + one_sided
        else:
            counts[f"{category}_mismatch"] += substituted
            counts[f"{category}_missing"] += one_sided

    day_reasons = _day_reasons(source, translation, pairs)
    reasons.extend(day_reasons)
    features = {"dates.matched": capped(len(pairs))}
    features.update({f"dates.{name}": capped(count) for name, count in counts.items()})
    features["dates.day_mismatch"] = capped(len(day_reasons))
    features["dates.any_mismatch"] = float(bool(reasons))
    return CheckResult(features={name: features[name] for name in FEATURE_NAMES}, reasons=reasons)


def _days(days: tuple[int, ...]) -> str:
    return "-".join(str(day) for day in days)


def _same_days(said: tuple[int, ...], says: tuple[int, ...]) -> bool:
    """Two spans must be equal; a single day need only fall on a span's day ("vom 28. bis 29. Juni" reads
    as the 29th next to the month)."""
    return said == says if len(said) > 1 and len(says) > 1 else bool(set(said) & set(says))


def _day_reasons(source: Side, translation: Side, pairs: list[tuple[int, int]]) -> list[Reason]:
    """Same month on both sides, but a different day number next to it."""
    reasons = []
    for i, j in pairs:
        before, after = source.mentions[i], translation.mentions[j]
        said, says = before.detail["day"], after.detail["day"]
        if said is None or says is None or _same_days(said[0], says[0]):
            continue
        source_span = source.normalised.original_span(min(said[1][0], before.span[0]),
                                                      max(said[1][1], before.span[1]))
        translation_span = translation.normalised.original_span(min(says[1][0], after.span[0]),
                                                                max(says[1][1], after.span[1]))
        reasons.append(Reason(
            CHECK_ID, f"day {_days(said[0])} {_english(before)} in the source became day {_days(says[0])} "
                      "in the translation",
            source_span, translation_span, SUBSTITUTION_KIND))
    return reasons
