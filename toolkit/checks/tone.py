"""Tone check: an insult or a profanity on one side only.

Machine translation tends to soften or garble offensive words ("retard" becomes
"Verzögerung", a delay), which changes what a comment says about its target as
surely as a wrong name does; the WMT21 critical-error set is full of such cases.
Each side's offensive words are counted with a per-language list
(``toolkit/data/tone.json``); a side with some facing a side with none is reported.
Words with a common plain sense besides the insult ("behindert" is also "hindered",
"losers" of a reform) are listed apart: they answer an offensive word on the other
side, but never make a side offensive on their own, so a faithful news sentence
with "behindert" raises nothing. A listed word in title case inside a sentence that
the other side repeats letter for letter is a name ("Dick Landfield"), not an insult;
an insult left untranslated ("GO SUCK A DICK" in a German translation) still counts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from . import register
from ._lexicon import Word, WordList, base_language, load_data, quote, words
from .base import CheckResult, PairContext, Reason, Span

CHECK_ID = "tone"
FEATURE_KEYS = ("tone.source_offensive", "tone.translation_offensive", "tone.one_sided")
MAX_COUNT = 3


@lru_cache(maxsize=None)
def _listed_words(tier: str, language: str) -> Optional[WordList]:
    entries = load_data("tone")[tier].get(language)
    return WordList(entries) if entries is not None else None


def _offensive_spans(found: list[Word], language: str, other: list[Word]) -> Optional[list[Span]]:
    """Spans of the offensive words among ``found``, or ``None`` when ``language`` has no list. A title-case
    word inside a sentence that the other side (``other``) repeats exactly is a name ("Dick Landfield")."""
    listed = _listed_words("offensive", base_language(language))
    if listed is None:
        return None
    repeated = {word.text for word in other}
    return [(word.start, word.end) for word in found if word.lower in listed
            and (word.sentence_initial or not word.text.istitle() or word.text not in repeated)]


def _has_ambiguous_word(found: list[Word], language: str) -> bool:
    listed = _listed_words("ambiguous", base_language(language))
    return listed is not None and any(word.lower in listed for word in found)


@register(CHECK_ID)
def check_tone(context: PairContext) -> CheckResult:
    """Offensive words on each side; a reason when only one side has any.

    Features (always all present, bounded): ``tone.source_offensive`` and
    ``tone.translation_offensive`` (counts, capped at 3) and ``tone.one_sided`` (1.0
    when one side has offensive words and the other neither those nor ambiguous ones).
    All stay 0 when either language has no list.
    """
    features = dict.fromkeys(FEATURE_KEYS, 0.0)
    source_words, translation_words = words(context.source_text), words(context.translation_text)
    source = _offensive_spans(source_words, context.source_lang, translation_words)
    translation = _offensive_spans(translation_words, context.translation_lang, source_words)
    if source is None or translation is None:
        return CheckResult(features)
    features["tone.source_offensive"] = float(min(len(source), MAX_COUNT))
    features["tone.translation_offensive"] = float(min(len(translation), MAX_COUNT))
    source_only = bool(source) and not translation and not _has_ambiguous_word(
        translation_words, context.translation_lang)
    translation_only = bool(translation) and not source and not _has_ambiguous_word(
        source_words, context.source_lang)
    features["tone.one_sided"] = float(source_only or translation_only)
    reasons = []
    if source_only:
        word = quote(context.source_text[slice(*source[0])])
        reasons.append(Reason(CHECK_ID, f"the source is offensive ('{word}') but the translation is not",
                              source[0], None, "tone"))
    elif translation_only:
        word = quote(context.translation_text[slice(*translation[0])])
        reasons.append(Reason(CHECK_ID, f"the translation is offensive ('{word}') but the source is not",
                              None, translation[0], "tone"))
    return CheckResult(features, reasons)
