"""Semantic check: the sentence-embedding similarity, put on one scale for every pair kind.

Two sentences in the same language share surface words, so their cosine is higher
than a faithful cross-lingual pair's; cross-lingual pairs (what the scorer is
fitted on) are the reference scale. Same-language similarity is shifted down by
``SAME_LANGUAGE_OFFSET`` so that an English paraphrase is judged like a German
translation of the same meaning, instead of being treated as near-identical.
"""

from __future__ import annotations

from . import register
from .base import CheckResult, PairContext, Reason, whole

# How much higher a same-language paraphrase scores than a cross-lingual translation
# of the same meaning with the bundled e5 model: a rough guess, not fitted (no labelled
# same-language set is available); the en-en cases in tests/test_scoring.py hold with it.
SAME_LANGUAGE_OFFSET = 0.03
# Below this adjusted cosine the two sides hardly share meaning: say so.
REPORT_SIMILARITY = 0.72


def adjusted_similarity(context: PairContext) -> float:
    """Cosine on the cross-lingual scale."""
    same = context.source_lang == context.translation_lang
    return context.similarity - (SAME_LANGUAGE_OFFSET if same else 0.0)


@register("semantic")
def check_semantic(context: PairContext) -> CheckResult:
    """Features ``semantic.adjusted`` and ``semantic.same_language``; a reason when very low."""
    adjusted = adjusted_similarity(context)
    result = CheckResult({
        "semantic.adjusted": adjusted,
        "semantic.same_language": float(context.source_lang == context.translation_lang),
    })
    if adjusted < REPORT_SIMILARITY:
        result.reasons.append(Reason(
            "semantic", f"the two sides say different things (similarity {context.similarity:.2f})",
            whole(context.source_text), whole(context.translation_text), "meaning"))
    return result
