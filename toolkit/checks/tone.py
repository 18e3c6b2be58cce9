"""Tone check: an insult or a profanity on one side only.

Machine translation tends to soften or garble offensive words ("retard" becomes
"Verzögerung", a delay), which changes what a comment says about its target as
surely as a wrong name does; the WMT21 critical-error set is full of such cases.
Each side's offensive words are counted with a per-language list
(``toolkit/data/tone.json``); a side with some facing a side with none is reported.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from . import register
from ._lexicon import WordList, base_language, load_data, quote, words
from .base import CheckResult, PairContext, Reason, Span

CHECK_ID = "tone"
FEATURE_KEYS = ("tone.source_offensive", "tone.translation_offensive", "tone.one_sided")
MAX_COUNT = 3


@lru_cache(maxsize=None)
def _offensive_words(language: str) -> Optional[WordList]:
    entries = load_data("tone")["languages"].get(language)
    return WordList(entries) if entries is not None else None


def offensive_spans(text: str, language: str) -> Optional[list[Span]]:
    """Spans of the offensive words of ``text``, or ``None`` when ``language`` has no list."""
    listed = _offensive_words(base_language(language))
    if listed is None:
        return None
    return [(word.start, word.end) for word in words(text) if word.lower in listed]


@register(CHECK_ID)
def check_tone(context: PairContext) -> CheckResult:
    """Offensive words on each side; a reason when only one side has any.

    Features (always all present, bounded): ``tone.source_offensive`` and
    ``tone.translation_offensive`` (counts, capped at 3) and ``tone.one_sided`` (1.0
    when exactly one side has offensive words). All stay 0 when either language has no list.
    """
    features = dict.fromkeys(FEATURE_KEYS, 0.0)
    source = offensive_spans(context.source_text, context.source_lang)
    translation = offensive_spans(context.translation_text, context.translation_lang)
    if source is None or translation is None:
        return CheckResult(features)
    features["tone.source_offensive"] = float(min(len(source), MAX_COUNT))
    features["tone.translation_offensive"] = float(min(len(translation), MAX_COUNT))
    features["tone.one_sided"] = float(bool(source) != bool(translation))
    reasons = []
    if source and not translation:
        word = quote(context.source_text[slice(*source[0])])
        reasons.append(Reason(CHECK_ID, f"the source is offensive ('{word}') but the translation is not",
                              source[0], None, "tone"))
    elif translation and not source:
        word = quote(context.translation_text[slice(*translation[0])])
        reasons.append(Reason(CHECK_ID, f"the translation is offensive ('{word}') but the source is not",
                              None, translation[0], "tone"))
    return CheckResult(features, reasons)
