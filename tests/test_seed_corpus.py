"""The seed corpus end to end with the real model: the right source, the gold alignment, the ranking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.result import Verdict

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "dpa-putin-north-korea"
GOLD = json.loads((CORPUS / "expectations.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def encoder():
    from toolkit.embed.factory import encoder_factory

    return encoder_factory(None)()


@pytest.fixture(scope="module")
def against_all_candidates(encoder):
    from toolkit.pipeline import compare

    sources = [CORPUS / name for name in ("distractor.de.txt", "fr-partial.txt", "de.txt")]
    return compare(str(CORPUS / "en.txt"), [str(p) for p in sources], encoder)


def test_picks_the_faithful_source_over_partial_and_distractor(against_all_candidates):
    ranked = [(Path(c.path).name, c.relation) for c in against_all_candidates.candidates]
    assert ranked == [("de.txt", "source"), ("fr-partial.txt", "partial"), ("distractor.de.txt", "unrelated")]
    assert Path(against_all_candidates.source.path).name == "de.txt"


def test_partial_candidate_reports_the_share_it_covers(against_all_candidates):
    coverage = {Path(c.path).name: c.coverage for c in against_all_candidates.candidates}
    # fr-partial renders 16 of the 40 English sentences (30% of the characters).
    assert 0.2 <= coverage["fr-partial.txt"] <= 0.45
    assert coverage["distractor.de.txt"] < 0.1
    assert coverage["de.txt"] > 0.9


def test_every_sentence_aligns_to_its_gold_counterpart(against_all_candidates):
    beads = [[p.source, p.translation] for p in against_all_candidates.pairs]
    assert beads == GOLD["gold_alignment_de_en"]


def test_faithful_source_has_no_problem_pairs(against_all_candidates):
    problems = [(p.source, p.verdict.value) for p in against_all_candidates.pairs if p.verdict.is_problem]
    assert problems == []


NOT_DRIFT = {Verdict.OK, Verdict.VARIANT}


@pytest.mark.parametrize(
    "source, translation, verdicts",
    [
        ("Before foreign trip", "Before travelling abroad", {Verdict.VARIANT}),  # same language, other words
        ("Vor Auslandsreise", "Before travelling abroad", NOT_DRIFT),
        ("Vor Auslandsreise", "Before foreign trip", NOT_DRIFT),
        ("After foreign trip", "Before travelling abroad", {Verdict.DRIFT}),
        ("Nach Auslandsreise", "Before travelling abroad", {Verdict.DRIFT}),
    ],
)
def test_headline_variants_align_and_only_the_reversal_drifts(encoder, tmp_path, source, translation, verdicts):
    from toolkit.pipeline import CompareOptions, compare

    (tmp_path / "source.txt").write_text(source + "\n", encoding="utf-8")
    (tmp_path / "translation.txt").write_text(translation + "\n", encoding="utf-8")
    languages = CompareOptions(source_lang="de" if source.startswith(("Vor", "Nach")) else "en", target_lang="en")
    result = compare(str(tmp_path / "translation.txt"), [str(tmp_path / "source.txt")], encoder, languages)
    assert [(p.source, p.translation) for p in result.pairs] == [([0], [0])]
    pair = result.pairs[0]
    assert pair.verdict in verdicts, (pair.verdict, pair.drift, pair.reasons)
    if pair.verdict is Verdict.DRIFT:
        assert "polarity" in {r.kind for r in pair.reasons}


def test_sentence_moved_by_the_translator_is_paired_not_dropped_and_added(encoder, tmp_path):
    """A translation that moves one paragraph further down keeps its meaning: no omission, no addition."""
    from toolkit.pipeline import compare

    paragraphs = (CORPUS / "en.txt").read_text(encoding="utf-8").split("\n\n")
    moved = next(k for k, text in enumerate(paragraphs) if text.startswith("Immediately before"))
    target = next(k for k, text in enumerate(paragraphs) if text.startswith("In the North Korean capital"))
    reordered = paragraphs[:moved] + paragraphs[moved + 1:target + 1] + [paragraphs[moved]] + paragraphs[target + 1:]
    (tmp_path / "en-moved.txt").write_text("\n\n".join(reordered), encoding="utf-8")
    result = compare(str(tmp_path / "en-moved.txt"), [str(CORPUS / "de.txt")], encoder)
    problems = [(p.source, p.translation, p.verdict.value) for p in result.pairs if p.verdict.is_problem]
    assert problems == []
    moved_pair = next(p for p in result.pairs if p.translation_text.startswith("Immediately before"))
    assert moved_pair.source_text.startswith("Unmittelbar vor seinem Besuch")


def test_untranslated_advertisement_stands_alone_as_additions(encoder, tmp_path):
    """German text left in the English translation is reported line by line, not merged into a real pair."""
    from toolkit.pipeline import compare

    advertisement = ("Für jedes Wetter die neuen Funktionsjacken von Berghaus. "
                     "Ihr Fachhändler zeigt Ihnen gerne das ganze Programm.")
    paragraphs = (CORPUS / "en.txt").read_text(encoding="utf-8").split("\n\n")
    with_advertisement = paragraphs[:8] + [advertisement] + paragraphs[8:]
    (tmp_path / "en-ad.txt").write_text("\n\n".join(with_advertisement), encoding="utf-8")
    result = compare(str(tmp_path / "en-ad.txt"), [str(CORPUS / "de.txt")], encoder)
    problems = [(p.source, p.translation_text, p.verdict.value) for p in result.pairs if p.verdict.is_problem]
    assert problems == [([], sentence, "addition") for sentence in (
        "Für jedes Wetter die neuen Funktionsjacken von Berghaus.",
        "Ihr Fachhändler zeigt Ihnen gerne das ganze Programm.")]


def test_sentence_copied_from_the_source_is_flagged_untranslated(encoder, tmp_path):
    """A German sentence left in the English translation pairs with its own original at similarity 1.0;
    it drifts for that reason alone, with high severity, and nothing else changes."""
    from toolkit.pipeline import compare

    german = ("Unmittelbar vor seinem Besuch in Nordkorea hat der russische Präsident Wladimir Putin das abgeschottete "
              "Land für dessen Hilfe im Kampf gegen die Ukraine gelobt.")
    paragraphs = [german if text.startswith("Immediately before") else text
                  for text in (CORPUS / "en.txt").read_text(encoding="utf-8").split("\n\n")]
    (tmp_path / "en-copy.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    result = compare(str(tmp_path / "en-copy.txt"), [str(CORPUS / "de.txt")], encoder)
    problems = [p for p in result.pairs if p.verdict.is_problem]
    assert [(p.source_text, p.translation_text, p.verdict.value, p.severity.value, [r.kind for r in p.reasons])
            for p in problems] == [(german, german, "drift", "high", ["untranslated"])]
