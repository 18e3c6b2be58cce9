"""The findings of a batch run for a person at a terminal: one line per finding, then a summary."""

from __future__ import annotations

from ..batch import BatchReport


def render(report: BatchReport) -> str:
    """``path:line:col: severity RULE name: message`` lines, the source beneath, a summary last."""
    lines = []
    for finding in report.findings:
        where = finding.location
        lines.append(f"{where.path}:{where.line}:{where.column}: {finding.severity.value} "
                     f"{finding.labelled_message}")
        for related in finding.related:
            lines.append(f"    source: {related.path}:{related.line}:{related.column}")
    summary = report.summary()
    lines.append(
        f"{summary['pairs']} document pair(s), {summary['sentence_pairs']} sentence pair(s): "
        f"{summary['findings']} finding(s), {summary['failing']} at or above '{summary['fail_on']}', "
        f"{summary['input_errors']} input error(s)"
    )
    if report.baseline_path:
        lines.append(f"baseline {report.baseline_path}: {report.suppressed} known finding(s) suppressed, "
                     f"{len(report.stale_baseline)} baseline entr(y/ies) no longer occur")
    return "\n".join(lines) + "\n"
