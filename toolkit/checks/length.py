"""Length check: a translation much shorter or longer than its source lost or gained content.

Languages differ in how many characters they need for the same meaning, so the raw
log ratio of character lengths is shifted by each language's expected expansion
relative to English before it is judged. The factors for de and fr are the mean log
length ratios measured on the Tatoeba de-en and fr-en pairs (+0.13, +0.14); the
others are rough estimates and can be refined with data.
"""

from __future__ import annotations

import math

from . import register
from .base import CheckResult, PairContext, Reason, whole

# Mean log(chars in language / chars in English) for the same meaning.
_EXPANSION = {
    "en": 0.0,
    "de": 0.13,
    "fr": 0.14,
    "es": 0.12,
    "it": 0.10,
    "pt": 0.10,
    "nl": 0.10,
    "ru": 0.05,
    "pl": 0.08,
    "zh": -1.0,
    "ja": -0.9,
    "ko": -0.8,
}
# Added to both lengths so that very short segments (headlines) do not swing wildly.
_SMOOTHING = 5
# |log ratio| beyond this (a factor of about 1.8) is reported; on faithful Tatoeba
# pairs the spread is about 0.16-0.18, so this is 3.5 standard deviations.
REPORT_LOG_RATIO = 0.6


def expected_log_ratio(source_lang: str, translation_lang: str) -> float:
    """The log length ratio translation/source expected for a faithful translation."""
    return _EXPANSION.get(translation_lang, 0.0) - _EXPANSION.get(source_lang, 0.0)


def length_log_ratio(context: PairContext) -> float:
    """log(translation length / source length), centred on the language pair's norm."""
    raw = math.log((len(context.translation_text) + _SMOOTHING) / (len(context.source_text) + _SMOOTHING))
    return raw - expected_log_ratio(context.source_lang, context.translation_lang)


@register("length")
def check_length(context: PairContext) -> CheckResult:
    """Features ``length.log_ratio`` / ``length.abs_log_ratio``; a reason when extreme."""
    ratio = length_log_ratio(context)
    result = CheckResult({"length.log_ratio": ratio, "length.abs_log_ratio": abs(ratio)})
    if abs(ratio) >= REPORT_LOG_RATIO:
        factor = math.exp(abs(ratio))
        if ratio < 0:
            message = f"the translation is {factor:.1f}x shorter than expected: content may be missing"
            kind = "omission"
        else:
            message = f"the translation is {factor:.1f}x longer than expected: content may have been added"
            kind = "addition"
        result.reasons.append(Reason("length", message, whole(context.source_text),
                                     whole(context.translation_text), kind))
    return result
