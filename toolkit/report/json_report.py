"""The JSON form of a comparison. Scripts outside the project read these key names: keep them."""

from __future__ import annotations

import json

from ..checks.base import Reason
from ..result import Comparison, PairResult


def reason_dict(reason: Reason) -> dict:
    return {
        "check": reason.check,
        "kind": reason.kind,
        "message": reason.message,
        "source_span": list(reason.source_span) if reason.source_span else None,
        "translation_span": list(reason.translation_span) if reason.translation_span else None,
    }


def pair_dict(pair: PairResult) -> dict:
    return {
        "source": pair.source,
        "translation": pair.translation,
        "source_text": pair.source_text,
        "translation_text": pair.translation_text,
        "similarity": round(pair.similarity, 4),
        "drift": round(pair.drift, 4),
        "verdict": pair.verdict.value,
        "severity": pair.severity.value,
        "reasons": [reason_dict(r) for r in pair.reasons],
    }


def comparison_dict(result: Comparison) -> dict:
    return {
        "signature": result.signature,
        "translation": {
            "path": result.translation.path,
            "lang": result.translation.lang,
            "segments": len(result.translation.segments),
        },
        "candidates": [
            {"path": c.path, "lang": c.lang, "score": round(c.score, 4), "coverage": round(c.coverage, 4),
             "relation": c.relation}
            for c in result.candidates
        ],
        "source": result.source.path,
        "pairs": [pair_dict(p) for p in result.pairs],
        "summary": result.summary,
    }


def render(result: Comparison) -> str:
    """Deterministic JSON (sorted candidates as ranked, stable key order, no timestamps)."""
    return json.dumps(comparison_dict(result), ensure_ascii=False, indent=2) + "\n"
