"""Findings point at the exact words in the translation file and keep their fingerprints across edits."""

from __future__ import annotations

from batch_fakes import HashEncoder, fake_compare

from toolkit.errors import InputError
from toolkit.findings import RULES, findings_from_comparison, input_error_finding, rule_for_kind

EN = "Headline\n\nThe plan costs 24 million. It starts in May.\n\nNobody knew 3 details.\n"
DE = "Schlagzeile\n\nDer Plan kostet 14 Millionen. Er beginnt im Mai.\n\nNiemand kannte 3 Details.\n"


def write(tmp_path, en=EN, de=DE):
    (tmp_path / "en.txt").write_text(en, encoding="utf-8")
    (tmp_path / "de.txt").write_text(de, encoding="utf-8")
    return str(tmp_path / "en.txt"), str(tmp_path / "de.txt")


def findings_for(tmp_path, en=EN, de=DE):
    translation, source = write(tmp_path, en, de)
    return findings_from_comparison(fake_compare(translation, [source], HashEncoder()), tmp_path, "pair")


def text_at(path, location) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert location.line == location.end_line
    return lines[location.line - 1][location.column - 1:location.end_column - 1]


def test_number_drift_points_at_the_number_in_both_files(tmp_path):
    [finding] = findings_for(tmp_path)
    assert finding.rule == "DC101" and finding.rule_name == "number-drift"
    assert finding.location.path == "en.txt"
    assert (finding.location.line, finding.location.column) == (3, 16)
    assert text_at(tmp_path / "en.txt", finding.location) == "24"
    [related] = finding.related
    assert related.path == "de.txt" and text_at(tmp_path / "de.txt", related) == "14"
    assert "de.txt:3" in finding.message


def test_fingerprint_survives_edits_elsewhere_but_not_in_the_pair(tmp_path):
    [before] = findings_for(tmp_path)
    [shifted] = findings_for(tmp_path, "Intro added.\n\n" + EN, "Neue Einleitung.\n\n" + DE)
    assert shifted.location.line == before.location.line + 2
    assert shifted.fingerprint == before.fingerprint
    [edited] = findings_for(tmp_path, EN.replace("costs", "will cost"))
    assert edited.fingerprint != before.fingerprint


def test_identical_findings_get_distinct_fingerprints(tmp_path):
    en = "It costs 24 euros.\n\nIt costs 24 euros.\n"
    de = "Es kostet 14 Euro.\n\nEs kostet 14 Euro.\n"
    first, second = findings_for(tmp_path, en, de)
    assert first.fingerprint != second.fingerprint
    assert (first.location.line, second.location.line) == (1, 3)


def test_omission_points_at_the_neighbouring_translation_sentence(tmp_path):
    de = DE + "\nEin fehlender Satz über 5 Dinge.\n"
    omission = [f for f in findings_for(tmp_path, de=de) if f.rule == "DC110"]
    [finding] = omission
    assert finding.location.line == 5  # the last English sentence, after which the text is missing
    assert finding.related[0].line == 7
    assert "de.txt:7" in finding.message and "fehlender Satz" in finding.message


def test_addition_points_at_the_added_sentence(tmp_path):
    en = EN + "\nAn extra sentence.\n"
    [finding] = [f for f in findings_for(tmp_path, en=en) if f.rule == "DC111"]
    assert finding.location.line == 7 and finding.related == []
    assert text_at(tmp_path / "en.txt", finding.location) == "An extra sentence."


def test_reason_kinds_map_to_stable_rules():
    assert rule_for_kind("negation").id == "DC104"
    assert rule_for_kind("something-new").id == "DC100"
    assert {r.name for r in RULES.values()} >= {"input-error", "number-drift", "omission", "addition", "drift"}


def test_input_error_becomes_a_dc001_finding(tmp_path):
    finding = input_error_finding(InputError(str(tmp_path / "missing.txt"), "no such file"), tmp_path, "pair")
    assert finding.rule == "DC001" and finding.location.path == "missing.txt"
    assert "no such file" in finding.message and finding.fingerprint
