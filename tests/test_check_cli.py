"""``driftcheck check`` and ``driftcheck baseline`` end to end, with a stand-in comparison and encoder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from batch_fakes import HashEncoder, fake_comparer
from click.testing import CliRunner

import toolkit.batch
import toolkit.embed.factory
from toolkit.cli import main

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpora" / "dpa-putin-north-korea"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with a faithful and a drifted pair, checked with the stand-ins."""
    for name in ("good", "bad"):
        (tmp_path / "docs" / name).mkdir(parents=True)
        shutil.copy(CORPUS / "en.txt", tmp_path / "docs" / name / "en.txt")
    shutil.copy(CORPUS / "de.txt", tmp_path / "docs" / "good" / "de.txt")
    shutil.copy(CORPUS / "de-drifted.txt", tmp_path / "docs" / "bad" / "de.txt")
    (tmp_path / "driftcheck.toml").write_text(
        'name = "docs"\n[[pair]]\ntranslation = "docs/*/en.txt"\nsources = ["docs/*/de.txt"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(toolkit.batch, "pipeline_comparer", lambda: fake_comparer)
    monkeypatch.setattr(toolkit.embed.factory, "encoder_factory", lambda model, use_cache=True, jobs=1: HashEncoder)
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, ["check", *args])


def test_config_run_fails_on_the_drifted_pair(project):
    result = run("--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert {f["location"]["path"] for f in data["findings"]} == {"docs/bad/en.txt"}
    lines = {f["location"]["line"] for f in data["findings"]}
    assert lines == {18, 24}  # "24 years" and "11,000 containers" (the stand-in sees numbers only)


def test_single_pair_mode_and_exit_zero(project):
    result = run("docs/good/en.txt", "docs/good/de.txt")
    assert result.exit_code == 0, result.output
    assert "0 finding(s)" in result.stdout


def test_unreadable_file_is_reported_and_the_batch_goes_on(project):
    (project / "docs" / "bad" / "de.txt").write_bytes(b"")
    (project / "docs" / "third").mkdir()
    (project / "docs" / "third" / "en.txt").write_text("One 5.\n", encoding="utf-8")
    (project / "docs" / "third" / "de.txt").write_text("Eins 6.\n", encoding="utf-8")
    result = run("--format", "junit", "--output", "out/report.xml")
    assert result.exit_code == 2
    suite = ET.parse(project / "out" / "report.xml").getroot().find("testsuite")
    assert suite.get("tests") == "3" and suite.get("errors") == "1" and suite.get("failures") == "1"
    assert "input error" in result.stderr


def test_fail_on_high_ignores_medium_findings(project):
    (project / "docs" / "bad" / "de.txt").write_text((CORPUS / "de.txt").read_text(encoding="utf-8") + "\n\nNoch ein Satz.",
                                                     encoding="utf-8")
    assert run("--fail-on", "high").exit_code == 0  # only a medium omission is left
    assert run("--fail-on", "medium").exit_code == 1


def test_baseline_suppresses_known_findings_and_lists_stale_ones(project):
    result = CliRunner().invoke(main, ["baseline", "baseline.json"])
    assert result.exit_code == 0, result.output
    text = (project / "baseline.json").read_text(encoding="utf-8")
    assert CliRunner().invoke(main, ["baseline", "baseline.json"]).exit_code == 0
    assert (project / "baseline.json").read_text(encoding="utf-8") == text  # deterministic
    result = run("--baseline", "baseline.json", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["baseline"]["suppressed"] == 2 and data["findings"] == []
    assert "2 suppressed" in result.stderr
    # fix one drift, add a new one: one new finding, one stale entry
    bad = project / "docs" / "bad" / "de.txt"
    bad.write_text(bad.read_text(encoding="utf-8").replace("seit 14 Jahren", "seit 24 Jahren")
                   .replace("Artilleriemunition", "7 Artilleriemunition"), encoding="utf-8")
    data = json.loads(run("--baseline", "baseline.json", "--format", "json").stdout)
    assert data["baseline"]["suppressed"] == 1 and len(data["baseline"]["stale"]) == 1


def test_usage_errors_exit_2(project, tmp_path):
    assert run("only-one-path.txt").exit_code == 2
    assert run("--config", "nope.toml").exit_code == 2
    (project / "driftcheck.toml").write_text('[[pair]]\ntranslation = "x/*/en.txt"\nsources = ["x/*/de.txt"]\n')
    result = run()
    assert result.exit_code == 2 and "matches no file" in result.stderr
    assert run("--baseline", "missing-baseline.json").exit_code == 2


def test_every_format_is_written(project):
    for fmt in ("text", "json", "sarif", "junit", "github", "gitlab"):
        result = run("--format", fmt, "--output", f"report.{fmt}", "--jobs", "2")
        assert result.exit_code == 1
        assert (project / f"report.{fmt}").stat().st_size > 0


def test_no_progress_bar_in_ci(monkeypatch):
    from toolkit.cli.check import show_progress

    monkeypatch.setenv("CI", "true")
    assert show_progress(False) is False


@pytest.mark.model
def test_repository_corpora_with_the_real_model():
    """The repo's own driftcheck.toml: the faithful pair passes, the drifted one fails on the planted lines."""
    env = {**os.environ, "CI": "true"}
    result = subprocess.run([sys.executable, "-c", "from toolkit.cli import main; main()", "check", "--format", "json"],
                            cwd=REPO, capture_output=True, text=True, env=env, timeout=1200)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    by_pair = {p["name"]: p for p in data["pairs"]}
    assert by_pair["faithful"]["findings"] == []
    drifted = [f for f in data["findings"] if f["pair"] == "drifted"]
    assert {f["location"]["path"] for f in drifted} == {"corpora/dpa-putin-north-korea/en.txt"}
    planted_lines = {3, 4, 16, 18, 22, 24, 26, 30, 32}
    found_lines = {f["location"]["line"] for f in drifted if f["severity"] in ("medium", "high")}
    assert len(found_lines & planted_lines) >= 6, found_lines
