"""Baselines: accept today's findings so that CI fails only on new ones.

A baseline is a JSON file of fingerprints (see :func:`toolkit.findings.assign_fingerprints`),
sorted and without line numbers or timestamps, so regenerating it after an
unrelated edit produces the same bytes. Applying it removes the known findings
from a report, counts them, and lists the entries that no longer occur (fixed
problems whose entries can be dropped).
"""

from __future__ import annotations

import dataclasses
import json
import os

from .batch import BatchReport
from .errors import ConfigError
from .findings import INPUT_ERROR_RULE

BASELINE_FORMAT = 1


def baseline_text(report: BatchReport) -> str:
    """The baseline of ``report``: every finding except input errors, sorted by fingerprint."""
    entries = sorted(
        ({"fingerprint": f.fingerprint, "rule": f.rule, "file": f.location.path, "pair": f.pair,
          "translation_excerpt": f.translation_excerpt}
         for f in report.findings if f.rule != INPUT_ERROR_RULE),
        key=lambda entry: (entry["fingerprint"], entry["file"]),
    )
    document = {"driftcheck_baseline": BASELINE_FORMAT, "signature": report.signature, "findings": entries}
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def load_baseline(path: str | os.PathLike) -> list[dict]:
    """The entries of a baseline file; a missing or malformed file is a :class:`ConfigError`."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such baseline file (create it with 'driftcheck baseline {path}')") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ConfigError(f"{path}: not a readable baseline ({err})") from None
    if not isinstance(document, dict) or document.get("driftcheck_baseline") != BASELINE_FORMAT:
        raise ConfigError(f"{path}: not a driftcheck baseline (format {BASELINE_FORMAT} expected)")
    entries = document.get("findings")
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "fingerprint" in e for e in entries):
        raise ConfigError(f"{path}: key 'findings' must be a list of entries with a 'fingerprint'")
    return entries


def apply_baseline(report: BatchReport, entries: list[dict], path: str | None = None) -> BatchReport:
    """A copy of ``report`` without the findings the baseline knows; input errors are never suppressed."""
    known = {entry["fingerprint"] for entry in entries}
    seen: set[str] = set()
    suppressed = 0
    outcomes = []
    for outcome in report.outcomes:
        kept = []
        for finding in outcome.findings:
            if finding.fingerprint in known and finding.rule != INPUT_ERROR_RULE:
                seen.add(finding.fingerprint)
                suppressed += 1
            else:
                kept.append(finding)
        outcomes.append(dataclasses.replace(outcome, findings=kept))
    stale = [entry for entry in entries if entry["fingerprint"] not in seen]
    return dataclasses.replace(report, outcomes=outcomes, suppressed=suppressed, stale_baseline=stale,
                               baseline_path=path)
