"""Country, nationality and city names of one language, from the Unicode CLDR (via babel).

The hand-made table in ``toolkit/data/names.json`` covers the news domain's
usual places; a swapped country is often one it lacks ("Serbia" -> "Saddam",
"Japanese" -> "griechische"). CLDR names every country in every language
("Serbien", "Serbia", "Serbie"), names languages, which double as nationality
adjectives ("Serbisch", "Serbian"), and names the cities of its time zones where
their spelling differs between languages ("Belgrad", "Belgrade").

Forms are built per language, so a word of one language never matches another
language's country ("Island" is Iceland in German, an island in English). A CLDR
country or city that shares a form with a hand-made entity joins that entity.
Language adjectives are added only for countries the hand-made table lacks: its
own entries already carry their adjectives, and the language-to-country link is
too loose for those ("English" is not "American").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

MIN_STEM = 5  # shorter adjectives and stems ("Ewe", "engl*") would be unrelated words
CITY_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")  # a city any of these names its own way is listed
MIN_PART = 6  # "Turks" of "Turks & Caicos" are people; "Bosnia" of "Bosnia & Herzegovina" a country
# Characters dropped from an inflecting language's adjective to get the stem every
# form starts with: German "serbisch" -> "serbisch*", Spanish "serbio" -> "serbi*".
ADJECTIVE_STEM_CUT = {"de": 0, "nl": 0, "sv": 0, "da": 0, "nb": 0, "es": 1, "it": 1, "pt": 1, "pl": 1, "cs": 1, "ru": 2}
# Time zones of these areas hold research stations and islets, not cities a text would name.
_SKIPPED_ZONE_AREAS = ("Antarctica/", "Etc/", "Arctic/")
_SKIPPED_ZONES = frozenset({"Asia/Oral"})  # an English word first
# Codes that are groupings, not countries: the European Union, the eurozone, the UN, pseudo-locales.
_SKIPPED_TERRITORIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
_PARENTHESISED = re.compile(r"\s*\(([^)]*)\)")


@lru_cache(maxsize=None)
def _locale(language: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return None


def _variants(name: str) -> list[str]:
    """ "Myanmar (Burma)" -> ["Myanmar", "Burma"]; "Hongkong (SAR China)" keeps only its head;
    "Bosnia & Herzegovina" adds its long parts."""
    head = _PARENTHESISED.sub("", name).strip()
    inner = [m.group(1).strip() for m in _PARENTHESISED.finditer(name)]
    parts = [part.strip() for part in head.split("&") if len(part.strip()) >= MIN_PART] if "&" in head else []
    return [head] + parts + [text for text in inner if text and " " not in text]


def _territories(locale) -> dict[str, list[str]]:
    return {
        code: _variants(name)
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in _SKIPPED_TERRITORIES
    }


def _adjective_form(language: str, name: str) -> Optional[str]:
    """A language's name as a nationality adjective form of the table ("Serbisch" -> "serbisch*")."""
    if " " in name or len(name) < MIN_STEM:
        return None
    cut = ADJECTIVE_STEM_CUT.get(language)
    if cut is None:
        return name
    stem = name.lower()[: len(name) - cut] if cut else name.lower()
    return stem + "*" if len(stem) >= MIN_STEM else None


def _country_of_language() -> dict[str, str]:
    """Language code -> the country CLDR deems its home ("sr" -> "RS"), for two-letter codes."""
    from babel.core import get_global

    likely = get_global("likely_subtags")
    return {code: likely[code].split("_")[-1] for code in likely if len(code) == 2 and code.isalpha()}


def _english_city(zone: str) -> str:
    names = _locale("en").time_zones.get(zone, {})
    return names.get("city") or zone.split("/")[1].replace("_", " ")


@lru_cache(maxsize=None)
def _localised_cities() -> frozenset[str]:
    """Time zones whose city some major language spells differently from English ("Belgrad")."""
    zones = set()
    for language in CITY_LANGUAGES:
        for zone, names in _locale(language).time_zones.items():
            if zone.count("/") == 1 and not zone.startswith(_SKIPPED_ZONE_AREAS) and zone not in _SKIPPED_ZONES:
                if names.get("city") and names["city"] != _english_city(zone):
                    zones.add(zone)
    return frozenset(zones)


def _city_names(locale) -> dict[str, str]:
    """Time-zone id -> the city's name in ``locale``, for the cities of :func:`_localised_cities`."""
    return {zone: locale.time_zones.get(zone, {}).get("city") or _english_city(zone) for zone in _localised_cities()}


@lru_cache(maxsize=None)
def localised_entities(language: str, hand_forms: tuple[tuple[str, str], ...]) -> list[dict]:
    """Entities (``{"id", "forms"}``) of ``language`` from CLDR, with ids merged into the hand-made table's.

    Args:
        language: an ISO 639-1 code; a language babel does not know gets none.
        hand_forms: ``(lowercase form, entity id)`` of the hand-made table's whole-word forms.

    Returns:
        One entity per country and per city with a localised name, ids ``cldr:RS`` /
        ``cldr:Europe/Belgrade`` unless a form is in the hand-made table.
    """
    local, english = _locale(language), _locale("en")
    if local is None:
        return []
    assigned = dict(hand_forms)  # lowercase form -> id, so a city named like its country joins it
    entities: dict[str, list[str]] = {}
    local_territories, english_territories = _territories(local), _territories(english)
    groups = [(f"cldr:{code}", names, english_territories.get(code, [])) for code, names in local_territories.items()]
    groups += [(f"cldr:{zone}", [name], [_english_city(zone)]) for zone, name in sorted(_city_names(local).items())]
    homes = {}
    for code, country in _country_of_language().items():
        homes.setdefault(country, []).append(code)
    for default_id, names, english_names in groups:
        known = next((assigned[n.lower()] for n in names + english_names if n.lower() in assigned), None)
        forms = entities.setdefault(known or default_id, [])
        forms.extend(names)
        assigned.update((name.lower(), known or default_id) for name in names)
        country = default_id.removeprefix("cldr:")
        if known is None and country in homes:
            for code in homes[country]:
                adjective = local.languages.get(code)
                form = _adjective_form(local.language, adjective) if adjective else None
                if form:
                    forms.append(form)
    return [{"id": entity, "forms": forms} for entity, forms in entities.items()]
