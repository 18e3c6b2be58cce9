"""The findings of a batch run as JUnit XML: a test suite per run, a test case per document pair.

A pair fails with one ``<failure>`` per finding at or above ``fail_on``; an
unreadable file is an ``<error>``; findings below ``fail_on`` go to the test
case's ``<system-out>``. GitLab, Jenkins and Azure DevOps read this layout.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..batch import BatchReport, PairOutcome
from ..findings import Finding, display_path, strip_control


def _describe(finding: Finding) -> str:
    where = finding.location
    lines = [f"{where.path}:{where.line}:{where.column}: {finding.severity.value} {finding.rule} "
             f"{finding.rule_name}", finding.message]
    lines += [f"source: {r.path}:{r.line}:{r.column}" for r in finding.related]
    if finding.translation_excerpt:
        lines.append(f"translation: {finding.translation_excerpt}")
    if finding.source_excerpt:
        lines.append(f"source text: {finding.source_excerpt}")
    return strip_control("\n".join(lines))


def _testcase(parent: ET.Element, outcome: PairOutcome, report: BatchReport) -> tuple[int, int]:
    case = ET.SubElement(parent, "testcase", {
        "classname": strip_control(f"driftcheck.{report.name}"),
        "name": strip_control(outcome.spec.name),
        "file": strip_control(display_path(outcome.spec.translation, report.root)),
        "time": f"{outcome.seconds:.3f}",
    })
    failures = errors = 0
    below = []
    for finding in outcome.findings:
        if outcome.input_error is finding:
            element = ET.SubElement(case, "error", {"message": strip_control(finding.message), "type": finding.rule})
            element.text = _describe(finding)
            errors += 1
        elif finding.severity.rank >= report.fail_on.rank:
            element = ET.SubElement(case, "failure", {
                "message": strip_control(finding.message), "type": f"{finding.rule} {finding.rule_name}"})
            element.text = _describe(finding)
            failures += 1
        else:
            below.append(_describe(finding))
    if below:
        ET.SubElement(case, "system-out").text = "\n\n".join(below)
    return failures, errors


def render(report: BatchReport) -> str:
    suites = ET.Element("testsuites", {"name": "driftcheck"})
    suite = ET.SubElement(suites, "testsuite", {"name": strip_control(report.name)})
    failures = errors = 0
    for outcome in report.outcomes:
        case_failures, case_errors = _testcase(suite, outcome, report)
        failures += 1 if case_failures else 0
        errors += 1 if case_errors else 0
    seconds = f"{sum(o.seconds for o in report.outcomes):.3f}"
    counts = {"tests": str(len(report.outcomes)), "failures": str(failures), "errors": str(errors),
              "skipped": "0", "time": seconds}
    for element in (suites, suite):
        element.attrib.update(counts)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
