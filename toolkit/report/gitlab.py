"""The findings of a batch run as a GitLab Code Quality report (a JSON array of issues)."""

from __future__ import annotations

import json

from ..batch import BatchReport
from ..findings import INPUT_ERROR_RULE, Finding
from ..result import Severity

SEVERITIES = {Severity.HIGH: "critical", Severity.MEDIUM: "major", Severity.LOW: "minor", Severity.NONE: "info"}


def issue(finding: Finding) -> dict:
    # An unreadable file stops the pair from being checked at all: that blocks more than any finding.
    severity = "blocker" if finding.rule == INPUT_ERROR_RULE else SEVERITIES[finding.severity]
    return {
        "type": "issue",
        "description": finding.labelled_message,
        "check_name": f"{finding.rule} {finding.rule_name}",
        "fingerprint": finding.fingerprint,
        "severity": severity,
        "categories": ["Bug Risk"],
        "location": {"path": finding.location.path,
                     "lines": {"begin": finding.location.line, "end": finding.location.end_line}},
    }


def render(report: BatchReport) -> str:
    return json.dumps([issue(f) for f in report.findings], ensure_ascii=False, indent=2) + "\n"
