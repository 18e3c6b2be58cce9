"""Baselines: deterministic files, known findings suppressed, fixed ones listed as stale."""

from __future__ import annotations

import json

import pytest

from toolkit.baseline import apply_baseline, baseline_text, load_baseline
from toolkit.batch import BatchReport, PairOutcome
from toolkit.config import PairSpec
from toolkit.errors import ConfigError
from toolkit.findings import Finding, Location
from toolkit.result import Severity


def finding(fingerprint: str, rule: str = "DC101") -> Finding:
    return Finding(rule, Severity.HIGH, "m", Location("en.txt", 1, 1, 1, 2), fingerprint=fingerprint)


def report(*fingerprints: str, error: bool = False) -> BatchReport:
    findings = [finding(f) for f in fingerprints] + ([finding("err", "DC001")] if error else [])
    return BatchReport("s", "/", {"model": "m"}, Severity.LOW, [PairOutcome(PairSpec("p", "/en.txt", ()), findings)])


def test_baseline_is_sorted_and_leaves_out_input_errors():
    data = json.loads(baseline_text(report("b", "a", error=True)))
    assert [e["fingerprint"] for e in data["findings"]] == ["a", "b"]
    assert data["signature"] == {"model": "m"}
    assert baseline_text(report("a", "b")) == baseline_text(report("b", "a"))


def test_apply_suppresses_known_and_reports_stale(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text(baseline_text(report("a", "b")), encoding="utf-8")
    entries = load_baseline(path)
    applied = apply_baseline(report("b", "c", error=True), entries, str(path))
    assert [f.fingerprint for f in applied.findings] == ["c", "err"]
    assert applied.suppressed == 1
    assert [e["fingerprint"] for e in applied.stale_baseline] == ["a"]
    assert applied.exit_code() == 2


@pytest.mark.parametrize("content", ["not json", "[]", '{"driftcheck_baseline": 1, "findings": [{}]}'])
def test_malformed_baseline_is_a_config_error(tmp_path, content):
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_baseline(path)
