"""The findings of a batch run as JSON. Scripts read these key names: keep them stable."""

from __future__ import annotations

import json

from ..batch import BatchReport
from ..findings import display_path


def report_dict(report: BatchReport) -> dict:
    """Every pair with its findings, the summary and the baseline bookkeeping; no timings, so runs diff cleanly."""
    return {
        "tool": "driftcheck",
        "name": report.name,
        "signature": report.signature,
        "summary": report.summary(),
        "pairs": [
            {
                "name": outcome.spec.name,
                "translation": display_path(outcome.spec.translation, report.root),
                "sources": [display_path(s, report.root) for s in outcome.spec.sources],
                "source": display_path(outcome.source, report.root) if outcome.source else None,
                "input_error": outcome.input_error is not None,
                "sentence_pairs": outcome.sentence_pairs,
                "findings": [f.fingerprint for f in outcome.findings],
            }
            for outcome in report.outcomes
        ],
        "findings": [f.to_dict() for f in report.findings],
        "baseline": {
            "path": report.baseline_path,
            "suppressed": report.suppressed,
            "stale": report.stale_baseline,
        },
    }


def render(report: BatchReport) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
