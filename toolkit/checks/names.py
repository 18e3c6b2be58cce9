"""Names check: every proper noun on one side needs a counterpart on the other.

A swapped name ("Kim Jong Un" -> "Xi Jinping") barely moves a sentence embedding,
so names are matched explicitly: through a small table of places and
organisations whose names differ across languages (``toolkit/data/names.json``:
"Nordkorea" = "North Korea", "Peking" = "Beijing"), and otherwise by a spelling
key that is the same for transliterations ("Путин", "Putin"; "Wladimir",
"Vladimir"; "Pjöngjang", "Pyongyang") with a fuzzy and an inflection tolerance.

Only names the text marks as names are reported: capitalised words not opening a
sentence in languages that capitalise names only. German capitalises every noun,
so there a lone capitalised word is merely a counterpart for the other side; a
German name is reported only when it is in the table, an acronym, or a run of
capitalised words that do not look like nouns ("Kim Jong Un").

A name replaced by another name that surely is one ("Wladiwostok" -> "Yakutsk") is
a substitution (reason kind "name", feature ``names.substituted``); a name whose
counterpart is missing or only a common noun, a demonym or a compound part
("Europe" -> "Südeuropa") is reported with kind "name-missing", a weaker hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Optional

from anyascii import anyascii

from ..embed.base import TokenEmbeddings
from . import register
from ._gazetteer import localised_entities
from ._lexicon import HYPHENS, WordList, base_language, is_initial, load_data, opens_sentence, quote, word_parts, words
from ._token_spans import rendered_elsewhere, span_similarity
from .base import CheckResult, PairContext, Reason
from .numbers import roman_centuries

CHECK_ID = "names"
FEATURE_KEYS = (
    "names.source_unmatched",
    "names.translation_unmatched",
    "names.matched",
    "names.unmatched_ratio",
    "names.any_unmatched",
    "names.substituted",
)
MAX_UNMATCHED = 5  # counts are capped so a list of names cannot dominate a scorer
MAX_MATCHED = 10
FUZZY_RATIO = 0.8  # SequenceMatcher ratio of spelling keys that still counts as the same name
LOOSE_SPELLING_RATIO = 0.6  # below FUZZY_RATIO, yet too alike to call one name a swap for the other
MIN_UNDOUBLED_LENGTH = 6  # table names this long still match with a letter doubled or not ("Carribean")
MIN_FUZZY_LENGTH = 4  # shorter keys ("Kim", "Xi") must match exactly
MAX_INFLECTION = 3  # "Putin" ~ "Putins", "Putina": a key may extend the other by this much
MIN_INFLECTED_LENGTH = 3  # "Kim" ~ "Кимом" (instrumental case), but "Xi" only ever as "Xi"
MIN_COMPOUND_HEAD = 3  # "Kreml" + "chef": the rest of a compound is a word of its own
MAX_EXACT_ACRONYM = 3  # "UN" must not match "Un" nor "US" "us"; "NATO" may match "Nato"
MAX_ACRONYM = 5  # longer all-capital words are shouted words ("HONGKONG"), not acronyms
# A line of at most MAX_HEADLINE_WORDS words, without a full stop, whose every word of MIN_TITLE_WORD letters or
# more is capitalised is a headline in title case, where capitals mark no names.
MAX_HEADLINE_WORDS = 12
MIN_TITLE_WORD = 4
# Mean-token cosine below which a name's counterpart is no stand-in for it. On the WMT22 sample, swaps
# (bad pairs) have a median of 0.52 and 96 % reach 0.3; a quarter of paraphrase pairings
# ("Sri Lanka" / "Kriegstreiberei", faithful pairs) stay below 0.31.
MIN_SWAP_SIMILARITY = 0.35
# Mean-token cosine above which the counterpart renders the name rather than replacing it ("League" / "Liga",
# "Railways" / "Eisenbahn"). Name substitutions on WMT22 faithful pairs have a median of 0.69, on pairs with
# an error 0.56; above 0.8 lie 21 of 89 on faithful pairs and 2 of 116 on the others. Person names swapped
# for persons reach 0.79 ("Mirek Topolanek" / "Georges Lemesdeky"), the seed's city for a city 0.73.
MAX_SWAP_SIMILARITY = 0.8
# A name (or its stand-in) whose tokens read this much more like other words of the opposite side is rendered
# there, not swapped. On WMT22 this halves name substitutions on faithful pairs (185 -> 89) and keeps 116 of 144
# on pairs with an error.
RENDERED_MARGIN = 0.1
# Two table entities reading this much alike stand in the same place even when one reads more like other words
# ("in der Niederlande" for "in Slovakia"). On WMT22 the waiver adds 6 swaps on pairs with an error and 1 on a
# faithful pair; from 0.37 up it adds 9 and 6 ("Portugal" / "ein europäisches Land" reads 0.42).
ENTITY_SWAP_SIMILARITY = 0.45
COMPOUNDING_LANGUAGES = frozenset({"de", "nl", "sv", "da", "no", "nb", "nn", "is", "fi", "lb"})
NOUN_CAPITALISING_LANGUAGES = frozenset({"de", "lb"})
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*\s*$")
_DOTTED_ACRONYM = re.compile(r"(?<![^\W\d_])(?:[A-Z]\.){2,}")
_ADJACENT_GAP = re.compile(r"[ \u00a0]+|[-‐‑]?")
_SPELLING_RULES = (
    ("dsch", "j"), ("tsch", "ch"), ("sch", "sh"), ("ph", "f"), ("ck", "k"), ("tz", "s"), ("ts", "s"),
    ("oe", "o"), ("ae", "a"), ("ue", "u"), ("ou", "u"),
)  # fmt: skip
_LETTER_MAP = str.maketrans({"w": "v", "y": "i", "j": "i", "z": "s", "q": "k", "x": "ks"})
# Words that describe rather than name ("Estonian", "Lebanese", "Western", "Cooperation", "Judaism"):
# no name another name could replace.
_DESCRIPTIVE_ENDINGS = re.compile(r"(?:ians?|eans?|ese|ish|ic|ics|al|ern|ists?|ites?|tion|ment|isms?|ness|ity|tum)$")
# Roman numerals and ordinals ("III", "XIIe", "Ier"): regnal numbers and centuries, not names.
_ROMAN_NUMERAL = re.compile(r"[IVXLC]+(?:e|er|re|ème|th|st|nd|rd)?")
# With a French ordinal ending ("Ier", "XIXe"), one is an ordinal, no name; so is one the numbers check reads
# as a century ("siglo XIX").
_ROMAN_ORDINAL = re.compile(r"(?=[IVXLC]*[IVX])[IVXLC]+(?:e|er|re|ème|è)")
# German capitalised words that are most likely nouns: inflected endings ("Ländern", "Lehre", "Garden"),
# abstract suffixes ("Informatik", "Konferenz") and compounds joined after one ("Besatzungsmacht").
_GERMAN_NOUN_SHAPE = re.compile(r"(?:e|en|er|ern|es|em|ik|enz|anz)$|(?:ungs|heits|keits|schafts|ions|täts)\w")
_INFLECTIONS = frozenset({"s", "n", "en", "es", "r", "m"})  # endings a word of a multi-word name may take
SUBSTITUTION_KIND = "name"  # a name replaced by another name: a clear factual error
MISSING_KIND = "name-missing"  # a name without counterpart: often a paraphrase or a dropped title
# An article's opening place before a dash: at most 40 characters of the first line, no full stop (a spaced
# hyphen is no dash here: tokenised text writes "IP - Adresse").
_DATELINE = re.compile(r"\s*([^\n.–—]{2,40}?)\s+[–—]\s")
# Derivational endings of names ("Pakistani"/"pakistanischen", "Soviet"/"sowjetisch"), on spelling keys.
_NAME_ENDINGS = re.compile(r"(?:ishen|isher|ishes|ishem|ishe|ish|ians|ian|ans|an|ese|ern|er|en|es|e|s|i)$")


def _undouble(word: str) -> str:
    """``word`` with each run of one letter written once: a misspelling doubles a letter, often dropping another
    double ("Carribean"). Only words with a double are read so: "Cameron" is no "Cameroon"."""
    return re.sub(r"(.)\1+", r"\1", word)


def _fold(word: str) -> str:
    """Lowercase, with ß as ss: Swiss German and the old spelling ("Rußland") name the same places."""
    return word.lower().replace("ß", "ss")


@dataclass(frozen=True)
class _Unit:
    """A word or part of a hyphenated compound: the unit names are matched by."""

    text: str
    start: int
    end: int
    sentence_initial: bool
    shouted: bool = False  # part of an all-capitals line ("NEW YORK –"), so not an acronym
    titled: bool = False  # part of a headline in title case ("Fear and Loathing in Europe"): capitals tell nothing

    @property
    def lower(self) -> str:
        return _fold(self.text)

    @property
    def is_cased(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_acronym(self) -> bool:
        return not self.shouted and 2 <= len(self.text) <= MAX_ACRONYM and _all_capitals(self.text)


def _all_capitals(text: str) -> bool:
    return text.isupper() and text.isalpha()


@dataclass
class _Phrase:
    """Adjacent units read as one name ("Kim Jong Un"), or one entry of the entity table."""

    units: list[_Unit]
    entity: Optional[str] = None
    reportable: bool = False
    unmatched_units: list[_Unit] = field(default_factory=list)
    # A table entity written as a name or a nationality adjective ("Serbia", "griechische"),
    # not a lowercase word that merely equals a form ("island"): another entity in its place is a swap.
    sure_entity: bool = False
    direction: Optional[str] = None  # a compass word glued before the entity: "Ostdeutschland" is no "Germany"

    @property
    def span(self) -> tuple[int, int]:
        return self.units[0].start, self.units[-1].end

    @property
    def matched(self) -> bool:
        return not self.unmatched_units

    @property
    def spelled_units(self) -> list[_Unit]:
        """The units that need a counterpart: an initial may be left out ("Richard Nixon" for "Richard M.
        Nixon")."""
        return [unit for unit in self.units if len(unit.text) > 1]


@lru_cache(maxsize=65536)
def spelling_key(name: str) -> str:
    """A spelling of ``name`` shared by its transliterations.

    "Wladimir"/"Vladimir", "Pjöngjang"/"Pyongyang", "Jakutsk"/"Yakutsk",
    "Selenskyj"/"Zelensky" and "Путин"/"Putin" each get one key.
    """
    key = re.sub(r"[^a-z]", "", anyascii(name).lower())
    for written, spoken in _SPELLING_RULES:
        key = key.replace(written, spoken)
    key = re.sub(r"c(?!h)", "k", key).translate(_LETTER_MAP)
    key = re.sub(r"ien(s?)$", r"ia\1", key)  # Serbien, Indien ~ Serbia, India
    return _undouble(key)


@lru_cache(maxsize=65536)
def keys_match(key: str, other: str, other_compounds: bool = False) -> bool:
    """Whether two spelling keys name the same thing, also reading "ch" as k ("Nicholas" ~ "Nikolaus",
    "Christoph" ~ "Kristof") when both keys stay long enough to be matched loosely.

    Args:
        key: the name looked for.
        other: a word of the other side.
        other_compounds: the other side's language glues words together, so the
            name may open a compound ("Putin" in "Putinbesuch").
    """
    if _spellings_match(key, other, other_compounds):
        return True
    hard_key, hard_other = key.replace("ch", "k"), other.replace("ch", "k")
    return ((hard_key, hard_other) != (key, other) and min(len(hard_key), len(hard_other)) > MIN_FUZZY_LENGTH
            and _spellings_match(hard_key, hard_other, other_compounds))


def _spellings_match(key: str, other: str, other_compounds: bool) -> bool:
    """:func:`keys_match` for one reading of both keys: equal, inflected, compounded or fuzzily alike."""
    if key == other:
        return True
    if not key or not other or key[0] != other[0]:  # transliterations keep the first sound
        return False
    shorter, longer = sorted((key, other), key=len)
    if len(shorter) >= MIN_INFLECTED_LENGTH and longer.startswith(shorter):
        if len(longer) - len(shorter) <= MAX_INFLECTION:
            return True
        if other_compounds and longer == other and len(shorter) >= MIN_FUZZY_LENGTH:
            return True
    if len(shorter) < MIN_FUZZY_LENGTH:
        return False
    stem = _NAME_ENDINGS.sub("", key)
    if len(stem) >= MIN_FUZZY_LENGTH and stem == _NAME_ENDINGS.sub("", other):
        return True
    if 2 * len(shorter) < FUZZY_RATIO * (len(shorter) + len(longer)):
        return False  # the ratio could not reach the bar even if every letter matched
    matcher = SequenceMatcher(None, key, other, autojunk=False)
    return matcher.quick_ratio() >= FUZZY_RATIO and matcher.ratio() >= FUZZY_RATIO  # the first bounds the second


class _EntityTable:
    """Lookup of table names at a position of a unit sequence, longest form first."""

    def __init__(self, entities: list[dict], compass_prefixes: tuple[tuple[str, str], ...] = ()):
        self.multi: dict[str, list[tuple[list[str], str]]] = {}  # by first word
        self.multi_by_stem: dict[str, list[tuple[list[str], str]]] = {}  # forms opening with a stem ("Ближн*")
        self.acronyms: dict[str, str] = {}
        self.exact: dict[str, str] = {}
        stems: list[tuple[str, str]] = []
        for entity in entities:
            for form in entity["forms"]:
                tokens = [token for token in re.split(r"[\s\-‐‑]+", form) if token]
                if len(tokens) > 1:
                    first = _fold(tokens[0])
                    by_first = self.multi_by_stem if first.endswith("*") else self.multi
                    by_first.setdefault(first.rstrip("*"), []).append(([_fold(t) for t in tokens], entity["id"]))
                elif form.endswith("*"):
                    stems.append((_fold(form[:-1]), entity["id"]))
                elif form.isupper():
                    self.acronyms[form] = entity["id"]
                else:
                    self.exact[_fold(form)] = entity["id"]
        for forms in (*self.multi.values(), *self.multi_by_stem.values()):
            forms.sort(key=lambda item: -len(item[0]))
        self.stems = dict(stems)
        self.compound_heads = {form: entity for form, entity in self.exact.items() if len(form) >= MIN_FUZZY_LENGTH}
        self.undoubled = {_undouble(form): entity for form, entity in self.exact.items()
                          if len(form) >= MIN_UNDOUBLED_LENGTH}
        self.compass_prefixes = sorted(compass_prefixes, key=lambda item: -len(item[0]))  # "nordost" before "nord"

    def is_word_form(self, lower: str) -> bool:
        """Whether a lowercase word is a whole form of the table (not an adjective stem's inflection)."""
        return lower in self.exact or lower.rstrip("s") in self.exact

    @staticmethod
    def _token_matches(pattern: str, word: str) -> bool:
        """A word of a multi-word form, inflected or not ("Vereinigten Arabischen Emirate")."""
        if pattern.endswith("*"):
            return word.startswith(pattern[:-1])
        return word == pattern or (word.startswith(pattern) and word[len(pattern):] in _INFLECTIONS)

    def _word(self, lower: str) -> Optional[str]:
        """The entity a whole word names: a form, its plural, or a stem opening it."""
        singulars = (lower[:-1] if lower.endswith("s") else None, lower[:-2] if lower.endswith("es") else None)
        for candidate in (lower, *singulars):
            if candidate and candidate in self.exact:
                return self.exact[candidate]
        for length in range(len(lower), 0, -1):  # the longest stem that opens the word
            entity = self.stems.get(lower[:length])
            if entity:
                return entity
        return None

    def _single(self, unit: _Unit, compounds: bool) -> tuple[Optional[str], Optional[str]]:
        """The entity one unit names, and the compass direction glued before it ("Ostdeutschlands": east)."""
        if unit.text in self.acronyms:
            return self.acronyms[unit.text], None
        if unit.is_acronym and len(unit.text) <= MAX_EXACT_ACRONYM:
            return None, None  # "UN" is no "Un", "US" no "us"
        lower = unit.lower
        entity = self._word(lower)
        if entity:
            return entity, None
        undoubled = _undouble(lower)
        if len(lower) >= MIN_UNDOUBLED_LENGTH and undoubled != lower and undoubled in self.undoubled:
            return self.undoubled[undoubled], None  # a letter doubled by mistake: "Carribean", "Phillipines"
        if compounds:
            for prefix, direction in self.compass_prefixes:  # "Zentralasien", "südafrikanischen"
                entity = lower.startswith(prefix) and self._word(lower[len(prefix):])
                if entity and len(lower) - len(prefix) >= MIN_FUZZY_LENGTH:
                    return entity, direction
        if compounds and unit.is_cased:
            for length in range(len(lower) - MIN_COMPOUND_HEAD, MIN_FUZZY_LENGTH - 1, -1):
                entity = self.compound_heads.get(lower[:length])
                if entity:
                    return entity, None
        return None, None

    def _multi_word_forms(self, lower: str) -> list[tuple[list[str], str]]:
        """The multi-word forms that may open at a word: keyed by the word, or by a stem it starts with
        ("Mittler* Osten*" at "Mittleren"); longest first. Stemmed openings are few, so the common case
        is one dictionary lookup."""
        forms = self.multi.get(lower, [])
        stemmed = [form for stem, stem_forms in self.multi_by_stem.items() if lower.startswith(stem)
                   for form in stem_forms]
        return sorted(forms + stemmed, key=lambda form: -len(form[0])) if stemmed else forms

    def lookup(
        self, units: list[_Unit], index: int, text: str, compounds: bool
    ) -> tuple[Optional[str], int, Optional[str]]:
        """The entity named at ``units[index]``, how many units it spans and the compass direction glued before
        it (``(None, 0, None)`` if none)."""
        for tokens, entity in self._multi_word_forms(units[index].lower):
            end = index + len(tokens)
            if end <= len(units) and all(
                _adjacent(text, units[i - 1], units[i]) and self._token_matches(tokens[i - index], units[i].lower)
                for i in range(index + 1, end)
            ):
                return entity, len(tokens), None
        if index + 1 < len(units) and text[units[index].end:units[index + 1].start] in HYPHENS:
            joined = self.exact.get(units[index].lower + units[index + 1].lower)
            if joined:  # "Neu-England" for the table's "Neuengland"
                return joined, 2, None
        entity, direction = self._single(units[index], compounds)
        return (entity, 1, direction) if entity else (None, 0, None)


@lru_cache(maxsize=None)
def _entity_table(language: str) -> _EntityTable:
    """The hand-made table plus ``language``'s CLDR country, nationality and city names."""
    hand = load_data("names")["entities"]
    hand_forms = tuple(sorted(
        (form.lower(), entity["id"]) for entity in hand for form in entity["forms"] if not form.endswith("*")
    ))
    prefixes = tuple((stem, direction) for direction, direction_words in _compass_words(language).items()
                     for stem in direction_words.stems) if language in COMPOUNDING_LANGUAGES else ()
    return _EntityTable(hand + localised_entities(language, hand_forms), prefixes)


@lru_cache(maxsize=None)
def _renderings() -> dict[str, frozenset[str]]:
    """Entity id -> the ids that news puts in its place without changing the meaning ("EU" for "Europe")."""
    related: dict[str, set[str]] = {}
    for entity in load_data("names")["entities"]:
        for other in entity.get("renders", ()):
            related.setdefault(entity["id"], set()).add(other)
            related.setdefault(other, set()).add(entity["id"])
    return {entity: frozenset(others) for entity, others in related.items()}


@lru_cache(maxsize=None)
def _stands_for() -> dict[str, frozenset[str]]:
    """Capital, seat of government or central bank -> the countries the news names it for ("Washington")."""
    return {entity["id"]: frozenset(entity["stands_for"]) for entity in load_data("names")["entities"]
            if "stands_for" in entity}


@lru_cache(maxsize=None)
def _language_lists(language: str) -> dict[str, WordList]:
    data = load_data("names")
    plain = ("not_names", "starters", "determiners", "verbs_before_names", "function_words")
    endings = {"noun_endings": "common_noun_endings", "adjective_endings": "adjective_endings",
               "past_tense_endings": "past_tense_endings"}
    return {key: WordList(data[key].get(language, [])) for key in plain} | {
        key: WordList("*" + ending for ending in data[field].get(language, [])) for key, field in endings.items()}


def _adjacent(text: str, left: _Unit, right: _Unit) -> bool:
    """Only spaces or one hyphen between two units, or the full stop of an initial ("W. Bush"): they may form
    one name."""
    gap = text[left.end : right.start]
    if is_initial(text, left.start) and len(left.text) == 1:
        gap = gap[1:]
    return _ADJACENT_GAP.fullmatch(gap) is not None


def _units(text: str, language: str) -> list[_Unit]:
    """Units of ``text``: hyphen parts of words, with dotted acronyms ("U.S.") read as one."""
    dotted = list(_DOTTED_ACRONYM.finditer(text))
    units = [
        _Unit(m.group().replace(".", ""), m.start(), m.end() - 1, opens_sentence(text, m.start())) for m in dotted
    ]
    for word in words(text):
        if any(m.start() <= word.start < m.end() for m in dotted):
            continue
        units.extend(_Unit(p.text, p.start, p.end, p.sentence_initial) for p in word_parts(word) if p.text)
    units.sort(key=lambda unit: unit.start)
    units = [
        replace(unit, shouted=True) if _all_capitals(unit.text) and _shouted(text, units, index) else unit
        for index, unit in enumerate(units)
    ]
    headlines = [] if language in NOUN_CAPITALISING_LANGUAGES else _title_cased_lines(text)
    return [replace(unit, titled=True) if any(start <= unit.start < end for start, end in headlines) else unit
            for unit in units]


def _title_cased_lines(text: str) -> list[tuple[int, int]]:
    """Spans of headlines in title case: short lines without a full stop whose every longer word is
    capitalised ("From Great Game to Grand Bargain", not "Smith met Jones in Paris.")."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        line_words = words(line.group())
        long_words = [word.text for word in line_words if len(word.text) >= MIN_TITLE_WORD]
        if (len(line_words) <= MAX_HEADLINE_WORDS and len(long_words) >= 2
                and all(word[:1].isupper() for word in long_words)
                and not _SENTENCE_END.search(line.group())):
            spans.append(line.span())
    return spans


def _shouted(text: str, units: list[_Unit], index: int) -> bool:
    """An all-capitals word too long for an acronym, or next to another all-capitals word."""
    if len(units[index].text) > MAX_ACRONYM:
        return True
    neighbours = [units[i] for i in (index - 1, index + 1) if 0 <= i < len(units)]
    return any(
        len(other.text) >= 3 and _all_capitals(other.text)
        and _adjacent(text, *sorted((units[index], other), key=lambda u: u.start))
        for other in neighbours
    )


def _is_caseless(text: str) -> bool:
    """Mostly letters without case (Chinese, Japanese, Arabic...): capitals mark nothing."""
    letters = [char for char in text if char.isalpha()]
    cased = sum(char.isupper() or char.islower() for char in letters)
    return bool(letters) and cased < len(letters) / 2


@dataclass
class _Side:
    """One side of the pair, split into name phrases."""

    text: str
    language: str
    units: list[_Unit]
    phrases: list[_Phrase]
    entities: set[str]
    caseless: bool
    plain_units: list[_Unit]  # units outside entity-table names
    _mention_counts: dict[tuple[str, bool], int] = field(default_factory=dict)  # see :meth:`mentions`


    @property
    def compounds(self) -> bool:
        return self.language in COMPOUNDING_LANGUAGES

    def mentions(self, entity: str, with_stand_ins: bool = False) -> int:
        """How often the side names ``entity`` or an entity rendering it, and with ``with_stand_ins`` the
        entities standing for it. A name in apposition to the same entity ("US-Notenbank (Fed)") is no
        second mention. Counted once per side: every entity phrase asks."""
        key = (entity, with_stand_ins)
        if key not in self._mention_counts:
            named = {entity} | _renderings().get(entity, frozenset())
            count, previous = 0, None
            for phrase in self.phrases:
                if phrase.entity in named or (with_stand_ins and entity in _stands_for().get(phrase.entity, ())):
                    if previous is None or re.search(r"\w", self.text[previous.span[1]:phrase.span[0]]):
                        count += 1
                    previous = phrase
            self._mention_counts[key] = count
        return self._mention_counts[key]


def _read_side(text: str, language: str) -> _Side:
    """Find the entity-table names and the name candidates of one side."""
    language = base_language(language)
    units = _units(text, language)
    table = _entity_table(language)
    lists = _language_lists(language)
    compounds = language in COMPOUNDING_LANGUAGES
    lowercase_words = {unit.text for unit in units if unit.text[:1].islower()}
    centuries = {span[0] for span, _ in roman_centuries(text, language)}
    phrases: list[_Phrase] = []
    entities: set[str] = set()
    # eligible[i]: may be (part of) a name; True for words that look like names, None when they do not
    eligible: list[Optional[bool]] = [None] * len(units)
    index = 0
    while index < len(units):
        entity, length, direction = table.lookup(units, index, text, compounds)
        if entity:
            span_units = units[index : index + length]
            entities.add(entity)
            reportable = any(unit.is_cased for unit in span_units)
            sure = reportable or not table.is_word_form(span_units[-1].lower)
            phrases.append(_Phrase(span_units, entity=entity, reportable=reportable, sure_entity=sure,
                                   direction=direction))
            index += length
            continue
        if _inside_name_initial(text, units, index):
            eligible[index] = True
        elif units[index].start not in centuries:
            eligible[index] = _name_like(units, index, lists, lowercase_words, language)
        index += 1
    in_entities = {id(unit) for phrase in phrases for unit in phrase.units}
    plain_units = [unit for unit in units if id(unit) not in in_entities]
    phrases.extend(_candidate_phrases(text, units, eligible, language))
    phrases.sort(key=lambda phrase: phrase.span)
    return _Side(text, language, units, phrases, entities, _is_caseless(text), plain_units)


def _name_like(
    units: list[_Unit], index: int, lists: dict[str, WordList], lowercase_words: set[str], language: str
) -> Optional[bool]:
    """Whether ``units[index]`` reads as a name: True, or None when it reads as an ordinary word."""
    unit = units[index]
    if len(unit.text) < 2 or not unit.is_cased or _ROMAN_ORDINAL.fullmatch(unit.text):
        return None
    if unit.is_acronym:
        return True
    if unit.text in lists["not_names"] or unit.text.lower() in lowercase_words:
        return None
    if unit.sentence_initial and unit.text in lists["starters"]:
        return None
    if language in NOUN_CAPITALISING_LANGUAGES:
        previous = units[index - 1].text if index else ""
        after_adjective = (previous[:1].islower() and previous in lists["adjective_endings"]
                           and previous not in lists["function_words"])
        # "sagte Medwedew", but "schickte Truppen": after a verb, a word not shaped like a noun
        name_after_verb = _verb_before(units, index - 1, lists) and not _GERMAN_NOUN_SHAPE.search(unit.lower)
        looks_like_noun = (
            unit.text in lists["noun_endings"]
            or previous in lists["determiners"]
            or (after_adjective and not name_after_verb)
        )
        if looks_like_noun:
            return None
    return True


def _inside_name_initial(text: str, units: list[_Unit], index: int) -> bool:
    """An initial between two capitalised words ("George W. Bush", "John F. Kennedy")."""
    unit = units[index]
    return (
        len(unit.text) == 1 and is_initial(text, unit.start) and 0 < index < len(units) - 1
        and all(len(other.text) > 1 and other.is_cased for other in (units[index - 1], units[index + 1]))
        and _adjacent(text, units[index - 1], unit) and _adjacent(text, unit, units[index + 1])
    )


def _verb_before(units: list[_Unit], index: int, lists: dict[str, WordList]) -> bool:
    """Whether ``units[index]``, shaped like an adjective, is rather a verb ("sagte", "wurde"; but "der
    geplante Besuch")."""
    word = units[index].text
    if word in lists["verbs_before_names"]:
        return True
    return word in lists["past_tense_endings"] and not (index and units[index - 1].text in lists["determiners"])


def _candidate_phrases(text: str, units: list[_Unit], eligible: list[Optional[bool]], language: str) -> list[_Phrase]:
    """Group adjacent name-like units into phrases and decide which ones are reportable.

    Reportable: acronyms; elsewhere than in German and title-case headlines, capitalised
    words not opening a sentence, or opening one as the first of a run. German capitalises nouns, so
    its name-like words ("Kim Jong Un", but also "Milliarden Dollar") are only
    counterparts and hints; the other side's names are checked against them.
    The others only serve as counterparts and as hints in messages.
    """
    phrases: list[_Phrase] = []
    run: list[_Unit] = []
    for index, unit in enumerate(units + [None]):
        if unit is not None and eligible[index] and (not run or _adjacent(text, run[-1], unit)):
            run.append(unit)
            continue
        if run:
            phrases.append(_Phrase(list(run), reportable=_reportable(run, language)))
        run = [unit] if unit is not None and eligible[index] else []
    return phrases


def _reportable(run: list[_Unit], language: str) -> bool:
    if any(unit.is_acronym for unit in run):
        return True
    if language in NOUN_CAPITALISING_LANGUAGES or all(unit.titled for unit in run):
        return False  # "Milliarden Dollar", "Grand Bargain": capitalised words, not surely names
    return len(run) >= 2 or not run[0].sentence_initial


def _match_against(side: _Side, other: _Side, on_source: bool) -> None:
    """Fill each phrase's ``unmatched_units`` by looking for counterparts on ``other``."""
    if other.caseless:
        return  # no capitals to find names by; counting them unmatched would be noise
    found: dict[tuple, bool] = {}  # a long text repeats its words: look each up once
    # An entity may still be spelled alike on the other side, where it is no table name
    # ("Jordan" is a country in English only), but not like another entity ("Austria", "Australia").
    indexes = {True: _CounterpartIndex(other.plain_units), False: _CounterpartIndex(other.units)}

    def has_counterpart(unit: _Unit, entity: bool) -> bool:
        key = (unit.text, unit.is_acronym, entity)
        if key not in found:
            found[key] = _has_counterpart(unit, indexes[entity], other.compounds)
        return found[key]

    glued_directions = {phrase.direction for phrase in other.phrases if phrase.direction}
    for phrase in side.phrases:
        if (phrase.entity and _entity_named(phrase.entity, side, other, on_source)
                and _direction_named(phrase.direction, other)) or (
                glued_directions and _direction_of(phrase, side) in glued_directions):
            phrase.unmatched_units = []  # "West" of "West Germany" is rendered by "Westdeutschland" too
            continue
        entity = bool(phrase.entity)
        phrase.unmatched_units = [unit for unit in phrase.spelled_units if not has_counterpart(unit, entity)]


def _direction_named(direction: Optional[str], other: _Side) -> bool:
    """Whether ``other`` has a word for the compass direction glued to a name ("East" for "Ostdeutschlands");
    a side whose language has no compass words cannot tell, so it does."""
    if direction is None:
        return True
    direction_words = _compass_words(other.language).get(direction)
    return not direction_words or any(unit.text in direction_words for unit in other.units)


def _direction_of(phrase: _Phrase, side: _Side) -> Optional[str]:
    """The compass direction a phrase of compass words names ("Southeast", "West"), else ``None``."""
    for direction, direction_words in _compass_words(side.language).items():
        if all(unit.text in direction_words for unit in phrase.units):
            return direction
    return None


@lru_cache(maxsize=None)
def _compass_words(language: str) -> dict[str, WordList]:
    """Per compass direction, the words ``language`` names it by (``names.json`` "compass")."""
    return {direction: WordList(words) for direction, words in load_data("names")["compass"].get(language, {}).items()}


def _entity_named(entity: str, side: _Side, other: _Side, on_source: bool) -> bool:
    """Whether ``other`` names ``entity``: itself, an entity rendering it, or, for a capital (seat of
    government, central bank) named in the source, its country named in the translation more often than in the
    source ("Washington" / "die USA"), and the other way round, a country in the translation for a capital of
    the source that the translation does not name. A translation naming the capital for the source's country
    says more than the source did."""
    if entity in other.entities or other.entities & _renderings().get(entity, frozenset()):
        return True
    if on_source:
        return any(other.mentions(country) > side.mentions(country) for country in _stands_for().get(entity, ()))
    return any(entity in _stands_for().get(capital, ()) and capital not in side.entities
               for capital in other.entities)


def _surplus_mentions(side: _Side, other: _Side, on_source: bool) -> list[_Phrase]:
    """Mentions of table entities that both sides name, ``side`` more often, as if unmatched: one of them may
    stand where a name of ``other`` stood ("France, the United Kingdom" / "Großbritannien, das Vereinigte
    Königreich"). The source's capitals count for the translation's mentions of their countries."""
    surplus = []
    for phrase in side.phrases:
        if phrase.entity and phrase.matched and phrase.sure_entity:
            named_there = other.mentions(phrase.entity, with_stand_ins=not on_source)
            if 0 < named_there < side.mentions(phrase.entity):
                surplus.append(replace(phrase, unmatched_units=phrase.spelled_units))
    return surplus


class _CounterpartIndex:
    """The other side's units by the first letter of their spelling key, which every match shares, so that
    a long text is not compared word by word with every word of the other."""

    def __init__(self, units: list[_Unit]):
        self.texts = {unit.text for unit in units}
        self.by_initial: dict[str, list[tuple[bool, str]]] = {}
        for unit in units:
            if unit.is_acronym and len(unit.text) <= MAX_EXACT_ACRONYM:
                continue  # a short acronym only meets the same capitals
            key = spelling_key(unit.text)
            self.by_initial.setdefault(key[:1], []).append((unit.is_cased, key))


def _has_counterpart(unit: _Unit, counterparts: _CounterpartIndex, other_compounds: bool) -> bool:
    """Whether a word of the other side spells ``unit``.

    Short acronyms need the same letters in capitals; other names may meet a
    lowercase word of at least four letters (German adjectives: "irischen" for "Irish").
    """
    if unit.is_acronym and len(unit.text) <= MAX_EXACT_ACRONYM:
        return unit.text in counterparts.texts
    key = spelling_key(unit.text)
    return any(
        (is_cased or len(key) >= MIN_FUZZY_LENGTH) and keys_match(key, other, other_compounds)
        for is_cased, other in counterparts.by_initial.get(key[:1], ())
    )


def _token_similarity(
    phrase: _Phrase, other: _Phrase, tokens: Optional[TokenEmbeddings], other_tokens: Optional[TokenEmbeddings]
) -> Optional[float]:
    """Cosine of the two phrases' mean token vectors, or ``None`` without token embeddings."""
    return span_similarity(tokens, phrase.span, other_tokens, other.span)


def _rendered_elsewhere(
    phrase: _Phrase,
    counterpart: _Phrase,
    sides: tuple[_Side, _Side],
    tokens: Optional[TokenEmbeddings],
    other_tokens: Optional[TokenEmbeddings],
) -> bool:
    """Whether either of two unmatched names reads clearly more like other words of the opposite side.

    A name swapped for another leaves nothing behind; a paraphrased one does: "Prague"
    is rendered by "Prager" in "Prager Frühling", not replaced by "Frühlings", and
    "Umwelt" renders "environment", not "Agriculture". Names matched to other names
    do not count ("China" reads like "Indien", which renders "India").
    """
    side, other = sides
    taken = [p.span for p in side.phrases if p.matched], [p.span for p in other.phrases if p.matched]
    return rendered_elsewhere(tokens, phrase.span, other_tokens, counterpart.span, RENDERED_MARGIN, taken)


def _counterpart(
    phrase: _Phrase,
    rank: int,
    peers: int,
    hints: list[_Phrase],
    tokens: Optional[TokenEmbeddings],
    other_tokens: Optional[TokenEmbeddings],
) -> Optional[_Phrase]:
    """The other side's unmatched name that most likely stands where ``phrase`` stood.

    One candidate is taken as it is. Among several, the token embeddings decide
    (the hint closest to the phrase's tokens); without them, when both sides have
    as many unmatched names, they are paired in text order (names rarely swap places
    in translation); otherwise there is no answer.

    Args:
        phrase: an unmatched name.
        rank: its position among the ``peers`` unmatched names of its side.
        peers: how many unmatched names its side has.
        hints: the other side's unmatched name-like phrases, in text order.
        tokens: token embeddings of the phrase's side, or ``None``.
        other_tokens: token embeddings of the other side, or ``None``.
    """
    if len(hints) < 2:
        return hints[0] if hints else None
    scored = [(score, index) for index, hint in enumerate(hints)
              if (score := _token_similarity(phrase, hint, tokens, other_tokens)) is not None]
    if not scored:
        return hints[rank] if len(hints) == peers else None
    return hints[max(scored)[1]]


def _in_dateline(phrase: _Phrase, text: str) -> bool:
    """Whether ``phrase`` is in the capitalised words before a dash that open an article ("LAGUNA BEACH –",
    "COSTA SMERALDA, SARDINIA –", "Düsseldorf –"): a dateline names the place it was written in."""
    dateline = _DATELINE.match(text)
    return (dateline is not None and phrase.span[1] <= dateline.end(1)
            and all(word[:1].isupper() for word in re.findall(r"[^\W\d_][\w'’]*", dateline.group(1))))


def _regnal(phrase: _Phrase) -> bool:
    """A name and its regnal number ("Henry VIII", "Elisabeth II."): the number marks the word before it as a
    ruler's or pope's name, wherever it stands."""
    if len(phrase.units) != 2:
        return False
    name, number = phrase.units
    return (name.is_cased and not name.is_acronym and not name.shouted and name in phrase.unmatched_units
            and _ROMAN_NUMERAL.fullmatch(number.text) is not None and number.text.isupper())


def _surely_a_name(phrase: _Phrase, side: _Side) -> bool:
    """Whether ``phrase`` certainly names someone or something, so that another name in its place is a swap.

    A name of the entity table is sure, acronym or not ("WTO" / "WHO"). Otherwise capitals
    alone mislead here: acronyms are localised ("SDR"/"SZR"), descriptive
    words ("Estonian", "Western") are no names, a sentence's first word and a title-case
    headline's words are capitalised anyway, and German capitalises every noun, so there
    a word with an inflected noun ending ("Ländern", "Lehre") or opening a sentence is
    most likely a common noun.
    """
    units = phrase.unmatched_units  # "Matthew Perry" for "Matthew Miller": the swapped part must be a name
    if phrase.entity and units:
        return phrase.sure_entity
    if units and (_in_dateline(phrase, side.text) or _regnal(phrase)):
        return True
    if not units or any(unit.is_acronym or unit.shouted or _ROMAN_NUMERAL.fullmatch(unit.text) for unit in units):
        return False
    if any(unit.titled for unit in units) or all(unit.text in _language_lists(side.language)["starters"]
                                                 for unit in units):
        return False  # a capitalised "Ein" or "Towards" inside a sentence opens a title, it names nothing
    if _DESCRIPTIVE_ENDINGS.search(units[-1].lower) or (len(units) == 1 and units[0].sentence_initial):
        return False
    if side.language not in NOUN_CAPITALISING_LANGUAGES:
        return True
    last = units[-1]  # nouns inflect at the end of a run ("Zwei Jahre"), names need not ("Choe Son Hui")
    return not any(unit.sentence_initial for unit in units) and not (
        len(last.text) > MIN_INFLECTED_LENGTH and _GERMAN_NOUN_SHAPE.search(last.lower)
    )


def _spelled_alike(phrase: _Phrase, counterpart: _Phrase) -> bool:
    """The unmatched parts are one name after all: a compound ("Europe" in "Südeuropa") or a
    transliteration too loose for matching ("Khomeini"/"Chomeini")."""
    stems = [_NAME_ENDINGS.sub("", spelling_key(unit.text)) for unit in phrase.unmatched_units]
    other_stems = [_NAME_ENDINGS.sub("", spelling_key(unit.text)) for unit in counterpart.unmatched_units]
    whole, other_whole = "".join(stems), "".join(other_stems)
    if SequenceMatcher(None, whole, other_whole, autojunk=False).ratio() >= LOOSE_SPELLING_RATIO:
        return True
    return any(
        len(shorter) >= MIN_FUZZY_LENGTH and shorter in longer
        for stem in stems
        for other_stem in other_stems
        for shorter, longer in [sorted((stem, other_stem), key=len)]
    )


def _is_substitution(
    phrase: _Phrase,
    side: _Side,
    counterpart: Optional[_Phrase],
    other: _Side,
    similarity: Optional[float],
    rendered_elsewhere: bool,
) -> bool:
    """Whether ``counterpart`` is a different name standing where ``phrase`` stood (not a paraphrase).

    Two different table entities are different even when they share a stem ("Südkorea", "North Korea").
    With token embeddings, the two must also be alike in context, but not too alike: a name
    swapped for a name reads much like it, a name paraphrased away leaves a common noun that
    does not, a translated one its rendering that reads almost the same; and neither may be
    rendered by other words (see :func:`_rendered_elsewhere`), unless both are table entities reading
    alike in context (``ENTITY_SWAP_SIMILARITY``).
    """
    if counterpart is None:
        return False
    entities_alike = bool(phrase.entity and counterpart.entity) and (similarity or 0.0) >= ENTITY_SWAP_SIMILARITY
    return (
        (similarity is None or MIN_SWAP_SIMILARITY <= similarity <= MAX_SWAP_SIMILARITY)
        and (not rendered_elsewhere or entities_alike)
        and _surely_a_name(phrase, side)
        and _surely_a_name(counterpart, other)
        and (bool(phrase.entity and counterpart.entity) or not _spelled_alike(phrase, counterpart))
        and not (other.compounds and _holds_name_of(counterpart, side))
    )


def _holds_name_of(counterpart: _Phrase, side: _Side) -> bool:
    """Whether ``counterpart`` is a compound holding a name of ``side``: it renders that name with the
    unmatched one ("Südostenglands" for "the Southeast of England"). A name with an ending only is no
    compound: "Israelis" in place of "Palestinians" beside "Israel's" is a swap."""
    keys = {spelling_key(unit.text) for phrase in side.phrases for unit in phrase.units}
    return any(
        len(key) >= MIN_FUZZY_LENGTH and key in unit_key and key != unit_key
        and not (unit_key.startswith(key) and len(unit_key) - len(key) <= MAX_INFLECTION)
        for unit in counterpart.unmatched_units
        for unit_key in [spelling_key(unit.text)]
        for key in keys
    )


def _reason(phrase: _Phrase, side: _Side, other: _Side, counterpart: Optional[_Phrase], swapped: bool,
            hints: list[_Phrase], on_source: bool) -> Reason:
    here, there = ("source", "translation") if on_source else ("translation", "source")
    name = quote(side.text[slice(*phrase.span)])
    if len(phrase.unmatched_units) < len(phrase.spelled_units):
        missing = ", ".join(f"'{unit.text}'" for unit in phrase.unmatched_units)
        message = f"name '{name}' in the {here} only partly matches the {there}: {missing} has no counterpart"
    else:
        message = f"name '{name}' in the {here} has no counterpart in the {there}"
    if counterpart is not None:
        message += f" (the {there} has '{quote(other.text[slice(*counterpart.span)])}' instead)"
    elif hints:
        listed = ", ".join(f"'{quote(other.text[slice(*hint.span)])}'" for hint in hints[:3])
        message += f" ({there} has {listed})"
    other_span = counterpart.span if counterpart is not None else None
    return Reason(
        CHECK_ID,
        message,
        source_span=phrase.span if on_source else other_span,
        translation_span=other_span if on_source else phrase.span,
        kind=SUBSTITUTION_KIND if swapped else MISSING_KIND,
    )


@register(CHECK_ID)
def check_names(context: PairContext) -> CheckResult:
    """Find names on either side that have no counterpart on the other.

    Features (always all present, bounded):
        ``names.source_unmatched``: reportable source names without counterpart, capped at 5.
        ``names.translation_unmatched``: the same for the translation.
        ``names.matched``: reportable names with a counterpart, on the side with more, capped at 10.
        ``names.unmatched_ratio``: unmatched / all reportable names of both sides (0 when none).
        ``names.any_unmatched``: 1.0 when either side has an unmatched name.
        ``names.substituted``: names replaced by a different name (reasons of kind "name"), capped at 5.
    """
    source = _read_side(context.source_text, context.source_lang)
    translation = _read_side(context.translation_text, context.translation_lang)
    _match_against(source, translation, on_source=True)
    _match_against(translation, source, on_source=False)
    source_reported = [p for p in source.phrases if p.reportable]
    translation_reported = [p for p in translation.phrases if p.reportable]
    source_unmatched = [p for p in source_reported if not p.matched]
    translation_unmatched = [p for p in translation_reported if not p.matched]
    matched = max(len(source_reported) - len(source_unmatched), len(translation_reported) - len(translation_unmatched))
    unmatched = len(source_unmatched) + len(translation_unmatched)
    total = len(source_reported) + len(translation_reported)
    features = {
        "names.source_unmatched": float(min(len(source_unmatched), MAX_UNMATCHED)),
        "names.translation_unmatched": float(min(len(translation_unmatched), MAX_UNMATCHED)),
        "names.matched": float(min(matched, MAX_MATCHED)),
        "names.unmatched_ratio": unmatched / total if total else 0.0,
        "names.any_unmatched": float(unmatched > 0),
    }
    reasons = _pair_reasons(context, source, translation, source_unmatched, translation_unmatched)
    substituted = sum(reason.kind == SUBSTITUTION_KIND for reason in reasons)
    features["names.substituted"] = float(min(substituted, MAX_UNMATCHED))
    return CheckResult(features, reasons)


def _pair_reasons(
    context: PairContext,
    source: _Side,
    translation: _Side,
    source_unmatched: list[_Phrase],
    translation_unmatched: list[_Phrase],
) -> list[Reason]:
    """One reason per swapped or missing name, naming the other side's counterpart when known.

    A swap is reported once: from the source side when its counterpart is found
    there, else from the translation side, whose reason then replaces the source's.
    """
    by_source_phrase: dict[int, Reason] = {}
    explained: set[int] = set()  # translation phrases already named as a counterpart
    source_hints = [p for p in source.phrases if not p.matched]
    translation_hints = [p for p in translation.phrases if not p.matched]
    source_surplus = _surplus_mentions(source, translation, on_source=True)
    translation_surplus = _surplus_mentions(translation, source, on_source=False)
    sides = (source, translation, context.source_tokens, context.translation_tokens)
    for rank, phrase in enumerate(source_unmatched):
        counterpart, swapped = _judged_counterpart(
            phrase, rank, len(source_unmatched), translation_hints, translation_surplus, *sides
        )
        if counterpart is not None:
            explained.add(id(counterpart))
        by_source_phrase[id(phrase)] = _reason(
            phrase, source, translation, counterpart, swapped, translation_hints, True
        )
    translation_reasons = []
    sides = (translation, source, context.translation_tokens, context.source_tokens)
    for rank, phrase in enumerate(translation_unmatched):
        if id(phrase) in explained:
            continue
        counterpart, swapped = _judged_counterpart(
            phrase, rank, len(translation_unmatched), source_hints, source_surplus, *sides
        )
        reason = _reason(phrase, translation, source, counterpart, swapped, source_hints, False)
        replaced = by_source_phrase.get(id(counterpart)) if counterpart is not None else None
        if replaced is not None and replaced.translation_span is None:
            by_source_phrase[id(counterpart)] = reason
        else:
            translation_reasons.append(reason)
    return list(by_source_phrase.values()) + translation_reasons


def _judged_counterpart(
    phrase: _Phrase,
    rank: int,
    peers: int,
    hints: list[_Phrase],
    surplus: list[_Phrase],
    side: _Side,
    other: _Side,
    tokens: Optional[TokenEmbeddings],
    other_tokens: Optional[TokenEmbeddings],
) -> tuple[Optional[_Phrase], bool]:
    """The counterpart of an unmatched name (see :func:`_counterpart`) and whether it is a swap.

    The other side's surplus entity mentions (:func:`_surplus_mentions`) are candidates beside its unmatched
    names; one of them is named as the counterpart only when it replaced the name.
    """
    candidates = sorted(hints + surplus, key=lambda candidate: candidate.span) if surplus else hints
    counterpart = _counterpart(phrase, rank, peers, candidates, tokens, other_tokens)
    if counterpart is None:
        return None, False
    similarity = _token_similarity(phrase, counterpart, tokens, other_tokens)
    rendered = _rendered_elsewhere(phrase, counterpart, (side, other), tokens, other_tokens)
    swapped = _is_substitution(phrase, side, counterpart, other, similarity, rendered)
    if not swapped and any(counterpart is mention for mention in surplus):
        return None, False
    return counterpart, swapped


def name_mentions(text: str, language: str) -> list[tuple[str, tuple[int, int]]]:
    """Every name in ``text`` as ``(key, span)``; the key is shared by the name's forms in other languages.

    Entity-table names get their table id ("Russland" and "Russia" alike), other
    name phrases their spelling key (compare those with :func:`keys_match`).
    """
    side = _read_side(text, language)
    return [
        (phrase.entity or spelling_key(" ".join(unit.text for unit in phrase.units)), phrase.span)
        for phrase in side.phrases
    ]
