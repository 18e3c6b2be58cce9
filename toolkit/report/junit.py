"""The findings of a batch run as JUnit XML: a test suite per run, a test case per document pair.

A pair fails with one ``<failure>`` per finding at or above ``fail_on``; an
unreadable file is an ``<error>``; findings below ``fail_on`` go to the test
case's ``<system-out>``. GitLab, Jenkins and Azure DevOps read this layout.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..batch import BatchReport, PairOutcome
from ..findings import INPUT_ERROR_RULE, Finding, display_path

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text with every character XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF, surrogates) replaced by U+FFFD.

    ElementTree writes such characters as they are, and then no XML parser reads the report.
    """
    return _NOT_XML.sub("\ufffd", text)


def _describe(finding: Finding) -> str:
    where = finding.location
    lines = [f"{where.path}:{where.line}:{where.column}: {finding.severity.value} {finding.rule} "
             f"{finding.rule_name}", finding.message]
    lines += [f"source: {r.path}:{r.line}:{r.column}" for r in finding.related]
    if finding.translation_excerpt:
        lines.append(f"translation: {finding.translation_excerpt}")
    if finding.source_excerpt:
        lines.append(f"source text: {finding.source_excerpt}")
    return xml_text("\n".join(lines))


def _testcase(parent: ET.Element, outcome: PairOutcome, report: BatchReport) -> tuple[int, int]:
    case = ET.SubElement(parent, "testcase", {
        "classname": xml_text(f"driftcheck.{report.name}"),
        "name": xml_text(outcome.spec.name),
        "file": xml_text(display_path(outcome.spec.translation, report.root)),
        "time": f"{outcome.seconds:.3f}",
    })
    failures = errors = 0
    below = []
    for finding in outcome.findings:
        if finding.rule == INPUT_ERROR_RULE:
            element = ET.SubElement(case, "error", {"message": xml_text(finding.message), "type": finding.rule})
            element.text = _describe(finding)
            errors += 1
        elif finding.severity.rank >= report.fail_on.rank:
            element = ET.SubElement(case, "failure", {
                "message": xml_text(finding.message), "type": f"{finding.rule} {finding.rule_name}"})
            element.text = _describe(finding)
            failures += 1
        else:
            below.append(_describe(finding))
    if below:
        ET.SubElement(case, "system-out").text = "\n\n".join(below)
    return failures, errors


def render(report: BatchReport) -> str:
    suites = ET.Element("testsuites", {"name": "driftcheck"})
    suite = ET.SubElement(suites, "testsuite", {"name": xml_text(report.name)})
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
