"""The findings of a batch run as GitHub Actions workflow commands (annotations on the diff)."""

from __future__ import annotations

from ..batch import BatchReport
from ..findings import Finding
from ..result import Severity

LEVELS = {Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "notice", Severity.NONE: "notice"}


def escape_data(text: str) -> str:
    """The message part of a workflow command: %, CR and LF are percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property: as data, plus ``:`` and ``,`` which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    where = finding.location
    properties = {
        "file": where.path, "line": where.line, "col": where.column,
        "endLine": where.end_line, "endColumn": where.end_column,
        "title": f"{finding.rule} {finding.rule_name}",
    }
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{LEVELS[finding.severity]} {rendered}::{escape_data(finding.message)}"


def render(report: BatchReport) -> str:
    lines = [annotation(f) for f in report.findings]
    summary = report.summary()
    lines.append(f"driftcheck: {summary['findings']} finding(s), {summary['failing']} at or above "
                 f"'{summary['fail_on']}', {summary['input_errors']} input error(s), "
                 f"{summary['suppressed_by_baseline']} suppressed by the baseline")
    return "\n".join(lines) + "\n"
