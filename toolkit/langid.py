"""Deterministic language identification of whole documents.

langdetect is probabilistic; seeding its factory makes the same text give the same
answer on every run. Whole documents are detected at once because short lines such
as headlines are unreliable alone.
"""

from __future__ import annotations

import re

from .errors import InputError

_SAMPLE_CHARS = 20000
_MIN_PROBABILITY = 0.70
_SEED = 0

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
    try:
        candidates = detect_langs(sample)
    except LangDetectException:
        raise InputError(path, "its language cannot be detected; give it with --source-lang/--target-lang") from None
    best = candidates[0]
    if best.prob < _MIN_PROBABILITY:
        guesses = ", ".join(f"{c.lang} {c.prob:.0%}" for c in candidates[:3])
        raise InputError(path, f"its language is unclear ({guesses}); give it with --source-lang/--target-lang")
    return _ALIASES.get(best.lang, best.lang)


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
