"""Untranslated check: a translation segment still written in the source's language.

A sentence copied from the source instead of translated pairs with its own original at
similarity 1.0, so nothing else looks wrong, yet a reader of the translation cannot read
it. The segment's letter trigrams are weighed between the two languages
(:func:`toolkit.langid.lines_in_language`, as the aligner weighs lines), and function words
that only the source language has must back them: names, places and titles kept in the
original ("Nanga Parbat, Cho Oyu, Gasherbrum.", "Gipfel über den Wolken") read as the
source language too but are no sentence left over. Silent between variants of one
language and for a source language without a function-word list.
"""

from __future__ import annotations

from ..langid import lines_in_language
from . import register
from ._lexicon import STOPWORDS, base_language, words
from .base import CheckResult, PairContext, Reason, whole

# Of the 46 lines of Text+Berg's five French translations that read as German, 3 have this many German-only
# function words, all of them the German advertisement printed inside test0; at 2 a book title kept in German
# ("Gipfel über den Wolken") would count. On WMT21 and WMT22 en-de and REFreSD no translation reaches it.
MIN_FUNCTION_WORDS = 3


def left_in_source_language(text: str, source_lang: str, translation_lang: str) -> bool:
    """Whether ``text``, meant to be in ``translation_lang``, is still written in ``source_lang``."""
    source_lang, translation_lang = base_language(source_lang), base_language(translation_lang)
    if source_lang == translation_lang or source_lang not in STOPWORDS:
        return False
    source_only = STOPWORDS[source_lang] - STOPWORDS.get(translation_lang, frozenset())
    if sum(word.lower in source_only for word in words(text)) < MIN_FUNCTION_WORDS:
        return False
    return lines_in_language([text], source_lang, translation_lang)[0]


@register("untranslated")
def check_untranslated(context: PairContext) -> CheckResult:
    """A reason of kind ``untranslated`` when the translation side is in the source's language."""
    result = CheckResult()
    if left_in_source_language(context.translation_text, context.source_lang, context.translation_lang):
        result.reasons.append(Reason(
            "untranslated", f"the sentence is still in the source's language ({base_language(context.source_lang)})",
            whole(context.source_text), whole(context.translation_text), "untranslated"))
    return result
