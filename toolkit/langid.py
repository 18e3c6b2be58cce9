"""Deterministic language identification of whole documents, and of lines between two known languages.

langdetect is probabilistic; seeding its factory makes the same text give the same
answer on every run. Whole documents are detected at once because short lines such
as headlines are unreliable alone.
"""

from __future__ import annotations

import math
import re
from typing import Sequence

from .errors import InputError

_SAMPLE_CHARS = 20000
_MIN_PROBABILITY = 0.70
_SEED = 0
# Share of a text's lowercased letter trigrams that the likeliest language's profile knows: 0.44 at least in
# 3,990 single sentences (the first 1,000 lines of the four Tatoeba and two WMT22 files, those detected at 70 %
# with 30 trigrams or more), 0.82 to 0.89 in the 15 documents of the seed corpus and Text+Berg; 0.06 to 0.31 in
# random letters and base64, which langdetect still calls Albanian, Polish or English at 70 % or more. Chinese
# scores 0.0 and Japanese and Korean about 0.36 (their profiles are read by single characters), so those
# languages are not tested.
_MIN_KNOWN_TRIGRAMS = 0.30
_MIN_TRIGRAMS_TESTED = 30
_SINGLE_CHARACTER_SCRIPTS = {"zh-cn", "zh-tw", "ja", "ko"}
# Hashes, UUIDs and serial numbers mix Latin letters and digits in nearly every word, and langdetect still names
# a language (a file of SHA-1 hashes: Welsh at 100 %, 58 % of its trigrams known). Prose rarely mixes them ("G7",
# "COVID-19", "MP3"); Chinese and Japanese runs of characters without spaces hold digits ("2024年") but no Latin
# letters.
_MAX_MIXED_WORDS = 0.5
_MIN_WORDS_TESTED = 10
_WORD = re.compile(r"\w+")

# A line of the other document's language (lines_in_language): on Text+Berg any ratio from e**5 to e**12, over
# at least 4 to 12 trigrams, aligned alike; at e**20 "berghaus" and "Für jedes Wetter..." are missed.
_MIN_LINE_LOG_RATIO = 8.0
_MIN_LINE_TRIGRAMS = 8
_UNSEEN = 1e-6  # probability of a trigram one of the two profiles never saw

_ALIASES = {"zh-cn": "zh", "zh-tw": "zh"}
_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def language_code(code: str) -> str:
    """The ISO 639 language of a user-given tag (``de``, ``pt-BR``, ``zh_Hant``): ``de``, ``pt``, ``zh``.

    A code no locale database knows would silently switch every language table
    off, so it is refused.

    Raises:
        ValueError: the tag names no known language.
    """
    from babel import Locale, UnknownLocaleError

    if not _CODE.fullmatch(code.strip()):
        raise ValueError(f"{code!r} is not a language code (expected e.g. de, en, pt-BR)")
    language = re.split(r"[-_]", code.strip())[0].lower()
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"{code!r} is not a known language code (expected e.g. de, en, pt-BR)") from None
    return language


def detect_language(text: str, path: str | None = None) -> str:
    """ISO 639-1 code of the dominant language of ``text``.

    Raises:
        InputError: when the text has no letters, or no language reaches 70% probability.
    """
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    _load_profiles()
    DetectorFactory.seed = _SEED
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        raise InputError(path, "has no letters, so its language cannot be detected; "
                               "give it with --source-lang/--target-lang")
    mixed_share = _mixed_word_share(sample)
    if mixed_share is not None and mixed_share > _MAX_MIXED_WORDS:
        raise InputError(path, f"does not read as text in any language ({mixed_share:.0%} of its words mix letters "
                               "and digits, like hashes or identifiers); if it is text, give its language with "
                               "--source-lang/--target-lang")
    try:
        candidates = detect_langs(sample)
    except LangDetectException:
        raise InputError(path, "its language cannot be detected; give it with --source-lang/--target-lang") from None
    best = candidates[0]
    if best.prob < _MIN_PROBABILITY:
        guesses = ", ".join(f"{c.lang} {c.prob:.0%}" for c in candidates[:3])
        raise InputError(path, f"its language is unclear ({guesses}); give it with --source-lang/--target-lang")
    known_share = _known_trigram_share(sample, best.lang)
    if known_share is not None and known_share < _MIN_KNOWN_TRIGRAMS:
        raise InputError(path, f"does not read as text in any language (only {known_share:.0%} of its letter "
                               f"trigrams occur in {best.lang}, its likeliest language); if it is text, give "
                               "its language with --source-lang/--target-lang")
    return _ALIASES.get(best.lang, best.lang)


def _mixed_word_share(text: str) -> float | None:
    """Share of the words of ``text`` that hold both Latin letters and digits; None under ``_MIN_WORDS_TESTED``
    words."""
    found = _WORD.findall(text)
    if len(found) < _MIN_WORDS_TESTED:
        return None
    mixed = sum(1 for word in found
                if any(ch.isdigit() for ch in word) and any(ch.isascii() and ch.isalpha() for ch in word))
    return mixed / len(found)


def _known_trigram_share(text: str, lang: str) -> float | None:
    """Share of the text's letter trigrams that langdetect's profile of ``lang`` knows.

    langdetect always names the likeliest language, even for random letters or
    base64; real text in that language reuses its trigrams. None when the text is
    too short to tell or its script is read by single characters.
    """
    from langdetect import detector_factory

    if lang in _SINGLE_CHARACTER_SCRIPTS:
        return None
    profiles = detector_factory._factory
    lang_index = profiles.langlist.index(lang)
    tested = known = 0
    for trigram in _trigrams(text.lower()):
        tested += 1
        probabilities = profiles.word_lang_prob_map.get(trigram)
        known += probabilities is not None and probabilities[lang_index] > 0
    return known / tested if tested >= _MIN_TRIGRAMS_TESTED else None


def _trigrams(text: str):
    """The text's character trigrams as langdetect reads them (blank ones left out)."""
    from langdetect.utils.ngram import NGram

    ngrams = NGram()
    for char in text:
        ngrams.add_char(char)
        trigram = ngrams.get(3)
        if trigram is not None and trigram.strip():
            yield trigram


def untranslated_lines(source_lines: Sequence[str], translation_lines: Sequence[str], source_lang: str,
                       translation_lang: str) -> tuple[list[bool], list[bool]]:
    """Per side, the lines written in the other side's language (``untranslated`` of :func:`toolkit.align.align`)."""
    return (lines_in_language(source_lines, translation_lang, source_lang),
            lines_in_language(translation_lines, source_lang, translation_lang))


def lines_in_language(lines: Sequence[str], language: str, other: str) -> list[bool]:
    """Which lines read as ``language`` rather than ``other``: untranslated text, such as a German
    advertisement left inside a French translation.

    A line qualifies when, over at least ``_MIN_LINE_TRIGRAMS`` of its trigrams that
    langdetect's profiles know, they are ``e ** _MIN_LINE_LOG_RATIO`` times likelier in
    ``language`` than in ``other``. Whole documents are detected by :func:`detect_language`;
    this only weighs two known languages against each other, which short lines allow.
    Languages without a profile (or read by single characters) mark no line.
    """
    from langdetect import detector_factory

    _load_profiles()
    profiles = detector_factory._factory
    codes = {_ALIASES.get(code, code): code for code in profiles.langlist if code not in _SINGLE_CHARACTER_SCRIPTS}
    if language == other or language not in codes or other not in codes:
        return [False] * len(lines)
    first, second = profiles.langlist.index(codes[language]), profiles.langlist.index(codes[other])
    marked = []
    for line in lines:
        log_ratio, scored = 0.0, 0
        for trigram in _trigrams(line):
            probabilities = profiles.word_lang_prob_map.get(trigram)
            if probabilities is not None:
                log_ratio += math.log(max(probabilities[first], _UNSEEN) / max(probabilities[second], _UNSEEN))
                scored += 1
        marked.append(scored >= _MIN_LINE_TRIGRAMS and log_ratio >= _MIN_LINE_LOG_RATIO)
    return marked


def _load_profiles() -> None:
    """Load langdetect's language profiles once, letting Ctrl-C and SIGTERM through.

    langdetect loads them under a bare ``except:`` that turns an interrupt into a
    ``LangDetectException``, which would be reported as "language cannot be
    detected" (a DC001 in a batch, which then carries on) and would leave the
    shared factory half loaded for every later call in the process.
    """
    from langdetect import detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    try:
        detector_factory.init_factory()
    except LangDetectException as err:
        detector_factory._factory = None  # half loaded: load again on the next call
        if isinstance(err.__context__, KeyboardInterrupt):
            raise err.__context__ from None
        raise
