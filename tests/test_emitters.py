"""Every CI format parses with a real parser and points at the same places."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from batch_fakes import HashEncoder, fake_comparer

from toolkit.batch import BatchReport, render_report, run_batch
from toolkit.config import Config, PairSpec
from toolkit.findings import RULES
from toolkit.report.github import escape_data, escape_property
from toolkit.result import Severity

EN = "Title\n\nIt costs 24 euros, said A&B <x>. Nothing else.\n"
DE = "Titel\n\nEs kostet 14 Euro, sagte A&B <x>. Sonst nichts.\n"


@pytest.fixture
def report(tmp_path) -> BatchReport:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "a" / "de.txt").write_text(DE, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "en.txt").write_text("Fine \x01 text.\n", encoding="utf-8")
    pairs = [
        PairSpec("a/en.txt", str(tmp_path / "a" / "en.txt"), (str(tmp_path / "a" / "de.txt"),)),
        PairSpec("b/en.txt", str(tmp_path / "b" / "en.txt"), (str(tmp_path / "b" / "missing.txt"),)),
    ]
    config = Config(path=None, root=tmp_path, name="suite", pairs=pairs, fail_on=Severity.MEDIUM)
    return run_batch(config, HashEncoder, comparer=fake_comparer)


def test_report_has_the_drift_and_the_input_error(report):
    assert [f.rule for f in report.findings] == ["DC101", "DC001"]
    assert report.exit_code() == 2


def test_sarif_has_the_required_structure(report):
    sarif = json.loads(render_report(report, "sarif"))
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    [run] = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "driftcheck" and driver["version"] and driver["informationUri"].startswith("https://")
    for rule in driver["rules"]:
        assert {"id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"} <= set(rule)
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    drift, error = run["results"]
    assert driver["rules"][drift["ruleIndex"]]["id"] == drift["ruleId"] == "DC101"
    assert drift["level"] == "error" and drift["message"]["text"]
    location = drift["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "a/en.txt", "uriBaseId": "%SRCROOT%"}
    region = location["region"]
    line = EN.split("\n")[region["startLine"] - 1]
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == "24"
    related = drift["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "a/de.txt" and related["region"]["startLine"] == 3
    assert drift["partialFingerprints"]["driftcheckFingerprint/v1"] == report.findings[0].fingerprint
    assert error["ruleId"] == "DC001" and error["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "b/missing.txt"
    assert run["invocations"][0]["executionSuccessful"] is False


def test_junit_is_valid_xml_with_a_case_per_pair(report):
    root = ET.fromstring(render_report(report, "junit").encode("utf-8"))
    suite = root.find("testsuite")
    assert suite.get("name") == "suite" and suite.get("tests") == "2"
    assert (suite.get("failures"), suite.get("errors")) == ("1", "1")
    first, second = suite.findall("testcase")
    [failure] = first.findall("failure")
    assert failure.get("type") == "DC101 number-drift" and "A&B <x>" in failure.text
    assert second.find("error") is not None and second.find("failure") is None


def test_junit_escapes_control_characters(tmp_path):
    from toolkit.batch import PairOutcome
    from toolkit.findings import Finding, Location

    finding = Finding("DC100", Severity.HIGH, "bad \x1b[31m text\x00", Location("x.txt", 1, 1, 1, 2),
                      fingerprint="f", translation_excerpt="\x07bell")
    outcome = PairOutcome(PairSpec("x\x02", str(tmp_path / "x.txt"), ()), [finding])
    report = BatchReport("s", str(tmp_path), {}, Severity.LOW, [outcome])
    root = ET.fromstring(render_report(report, "junit").encode("utf-8"))
    assert "bad" in root.find("testsuite/testcase/failure").get("message")


def test_below_fail_on_is_not_a_junit_failure(report):
    report.fail_on = Severity.HIGH
    report.outcomes[0].findings[0].severity = Severity.MEDIUM
    case = ET.fromstring(render_report(report, "junit")).find("testsuite/testcase")
    assert case.find("failure") is None and "DC101" in case.find("system-out").text


def test_github_annotations(report):
    lines = render_report(report, "github").splitlines()
    drift = lines[0]
    assert drift.startswith("::error file=a/en.txt,line=3,col=")
    properties, message = drift[len("::error "):].split("::", 1)
    fields = dict(item.split("=", 1) for item in properties.split(","))
    assert fields["title"] == "DC101 number-drift" and fields["endLine"] == "3"
    assert "%3A" not in message and "number-drift: " in message
    assert lines[1].startswith("::error file=b/missing.txt,line=1")


def test_github_escaping_rules():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_gitlab_code_quality(report):
    issues = json.loads(render_report(report, "gitlab"))
    drift, error = issues
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(drift)
    assert drift["severity"] == "critical" and drift["location"] == {"path": "a/en.txt", "lines": {"begin": 3, "end": 3}}
    assert error["severity"] == "blocker"
    assert len({i["fingerprint"] for i in issues}) == 2


def test_json_and_text(report):
    data = json.loads(render_report(report, "json"))
    assert data["summary"]["findings"] == 2 and data["summary"]["exit_code"] == 2
    assert [p["translation"] for p in data["pairs"]] == ["a/en.txt", "b/en.txt"]
    assert data["findings"][0]["location"]["line"] == 3
    text = render_report(report, "text")
    assert "a/en.txt:3:" in text and "DC101 number-drift" in text and "source: a/de.txt:3:" in text


@pytest.mark.parametrize("fmt", ["text", "gitlab"])
def test_a_log_line_names_the_rule_once(report, fmt):
    """A drift's message opens with its rule name; the line that prefixes the rule id does not say it again,
    while an input error's message, which does not, gets it."""
    output = render_report(report, fmt)
    assert "DC101 number-drift: " in output and "number-drift: number-drift" not in output
    assert "DC001 input-error: cannot check" in output


def test_all_rules_have_descriptions():
    for rule in RULES.values():
        assert rule.short and rule.full and rule.help
