"""The findings of a batch run as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from urllib.parse import quote

from .. import __version__
from ..batch import BatchReport
from ..findings import RULES, Finding, Location
from ..result import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/driftcheck/driftcheck"
FINGERPRINT_KEY = "driftcheckFingerprint/v1"
LEVELS = {Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note", Severity.NONE: "note"}


def artifact_uri(path: str) -> dict:
    """A relative path under ``%SRCROOT%``; an absolute one (outside the root) as a file URI."""
    if path.startswith("/"):
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}


def physical_location(location: Location) -> dict:
    return {
        "artifactLocation": artifact_uri(location.path),
        "region": {"startLine": location.line, "startColumn": location.column,
                   "endLine": location.end_line, "endColumn": location.end_column},
    }


def rule_descriptor(rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": LEVELS[rule.default_severity]},
        "properties": {"tags": ["translation"]},
    }


def result_of(finding: Finding, rule_index: dict[str, int]) -> dict:
    result = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical_location(finding.location)}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {"severity": finding.severity.value, "pair": finding.pair},
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, "physicalLocation": physical_location(related), "message": {"text": "source text"}}
            for number, related in enumerate(finding.related, start=1)
        ]
    return result


def report_dict(report: BatchReport) -> dict:
    rules = [RULES[rule_id] for rule_id in sorted(RULES)]
    rule_index = {rule.id: number for number, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "driftcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(rule) for rule in rules],
            }},
            "automationDetails": {"id": f"driftcheck/{report.name}/"},
            "invocations": [{"executionSuccessful": not report.input_errors,
                             "properties": {"summary": report.summary(), "signature": report.signature}}],
            "results": [result_of(f, rule_index) for f in report.findings],
            "columnKind": "unicodeCodePoints",
        }],
    }


def render(report: BatchReport) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
