"""Property-based tests of the CI emitters: whatever the text, every format parses back to what was meant.

Findings are built directly (no pipeline), with messages, paths, excerpts and
names drawn from all of Unicode plus the characters each format must escape:
control characters, quotes, newlines, ``%``, ``:`` and ``,`` (GitHub workflow
commands), ``]]>`` and characters XML 1.0 forbids (JUnit).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.batch import BatchReport, PairOutcome, render_report
from toolkit.config import PairSpec
from toolkit.findings import INPUT_ERROR_RULE, RULES, Finding, Location
from toolkit.result import Severity

TRICKY = ["%", "%25", ":", "::", ",", "=", "\r", "\n", "\r\n", "\t", '"', "'", "<", ">", "&", "]]>", "<![CDATA[",
          "\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\uffff", "\U0001f600", "é", "\u05d0",
          "::error::", "%0A"]
texts = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=8)), max_size=8).map("".join)
paths = st.lists(st.one_of(st.sampled_from(["a", "dir/", " ", ",", ":", "%", "é", "\n", "#", "?"]),
                           st.text(min_size=1, max_size=4)), min_size=1, max_size=5).map("".join)


@st.composite
def locations(draw) -> Location:
    line, column = draw(st.integers(1, 10_000)), draw(st.integers(1, 500))
    return Location(draw(paths), line, column, line + draw(st.integers(0, 3)), draw(st.integers(1, 500)))


@st.composite
def findings(draw) -> Finding:
    return Finding(
        rule=draw(st.sampled_from(sorted(RULES))),
        severity=draw(st.sampled_from([Severity.LOW, Severity.MEDIUM, Severity.HIGH])),
        message=draw(texts),
        location=draw(locations()),
        related=draw(st.lists(locations(), max_size=2)),
        fingerprint=draw(st.text("0123456789abcdef", min_size=32, max_size=32)),
        pair=draw(texts),
        translation_excerpt=draw(texts),
        source_excerpt=draw(texts),
    )


@st.composite
def reports(draw) -> BatchReport:
    outcomes = []
    for number in range(draw(st.integers(1, 3))):
        found = draw(st.lists(findings(), max_size=4))
        if found and found[0].rule == INPUT_ERROR_RULE:
            found = found[:1]  # an unreadable pair has exactly its one DC001 finding
        spec = PairSpec(draw(texts) or f"pair {number}", f"/repo/{draw(paths)}", (f"/repo/{draw(paths)}",))
        outcomes.append(PairOutcome(spec, found, seconds=draw(st.floats(0, 100))))
    fail_on = draw(st.sampled_from([Severity.LOW, Severity.MEDIUM, Severity.HIGH]))
    return BatchReport(draw(texts), "/repo", {"toolkit": "driftcheck"}, fail_on, outcomes)


@settings(max_examples=150, deadline=None)
@given(reports())
def test_json_formats_parse_and_keep_every_message(report):
    expected = [f.message for f in report.findings]
    sarif = json.loads(render_report(report, "sarif"))
    assert [r["message"]["text"] for r in sarif["runs"][0]["results"]] == expected
    data = json.loads(render_report(report, "json"))
    assert [f["message"] for f in data["findings"]] == expected
    assert [f["location"]["path"] for f in data["findings"]] == [f.location.path for f in report.findings]
    gitlab = json.loads(render_report(report, "gitlab"))
    assert [i["location"]["path"] for i in gitlab] == [f.location.path for f in report.findings]
    assert all(i["description"].endswith(f.message) for i, f in zip(gitlab, report.findings))


def xml_safe(text: str) -> bool:
    """Whether every character is allowed in an XML 1.0 document."""
    return all(ch in "\t\n\r" or 0x20 <= ord(ch) <= 0xD7FF or 0xE000 <= ord(ch) <= 0xFFFD or ord(ch) >= 0x10000
               for ch in text)


@settings(max_examples=150, deadline=None)
@given(reports())
def test_junit_parses_with_a_case_per_pair(report):
    rendered = render_report(report, "junit")
    assert xml_safe(rendered)
    suite = ET.fromstring(rendered.encode("utf-8")).find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == len(report.outcomes)
    for case, outcome in zip(cases, report.outcomes):
        failing = [f for f in outcome.findings
                   if f.rule != INPUT_ERROR_RULE and f.severity.rank >= report.fail_on.rank]
        assert len(case.findall("failure")) == len(failing)
        for element, finding in zip(case.findall("failure"), failing):
            assert element.get("type") == f"{finding.rule} {finding.rule_name}"
            if xml_safe(finding.message):  # otherwise the forbidden characters are replaced
                assert element.get("message") == finding.message


def unescape_data(text: str) -> str:
    """The runner's reading of a workflow command's message (the inverse of its escaping rules)."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return text.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def parse_annotation(line: str) -> tuple[str, dict[str, str], str]:
    """Split ``::level key=value,...::message`` the way the Actions runner does."""
    assert line.startswith("::")
    command, message = line[2:].split("::", 1)
    level, properties = command.split(" ", 1)
    fields = dict(item.split("=", 1) for item in properties.split(","))
    return level, {key: unescape_property(value) for key, value in fields.items()}, unescape_data(message)


@settings(max_examples=200, deadline=None)
@given(reports())
def test_github_annotations_parse_back_to_the_findings(report):
    lines = render_report(report, "github").split("\n")
    assert lines[-1] == "" and "\r" not in "".join(lines)
    annotations = lines[:-2]
    assert len(annotations) == len(report.findings)
    for line, finding in zip(annotations, report.findings):
        level, fields, message = parse_annotation(line)
        assert level in ("error", "warning", "notice")
        assert message == finding.message
        where = finding.location
        assert fields == {"file": where.path, "line": str(where.line), "col": str(where.column),
                          "endLine": str(where.end_line), "endColumn": str(where.end_column),
                          "title": f"{finding.rule} {finding.rule_name}"}
