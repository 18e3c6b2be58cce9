"""Write expectations.json for the dpa Putin/North Korea corpus and check it.

The planted changes are declared once here, so the machine-readable file, the
sentence indices and the gold alignments cannot drift apart from the texts.
Run from anywhere: ``python corpora/dpa-putin-north-korea/build_expectations.py``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pysbd

CORPUS_DIR = Path(__file__).resolve().parent
SOURCE_LANGUAGE = "de"
TRANSLATION_LANGUAGE = "en"


@dataclass(frozen=True)
class PlantedChange:
    """One deliberate difference between de-drifted.txt and de.txt (hence en.txt)."""

    change_id: str
    kind: str
    expect: str
    line: int | None
    source_excerpt: str
    translation_excerpt: str | None
    translation_line: int | None
    original_excerpt: str | None = None
    note: str = ""


PLANTED_CHANGES: tuple[PlantedChange, ...] = (
    PlantedChange("antonym-vor-nach", "polarity", "drift", 3, "Nach Auslandsreise",
                  "Before travelling abroad", 3, "Vor Auslandsreise",
                  "time-word antonym in the second headline variant (vor -> nach)"),
    PlantedChange("polarity-lobt", "polarity", "drift", 4, "Putin kritisiert Nordkoreas Unterstützung",
                  "Putin praises North Korea’s support", 4, "Putin lobt Nordkoreas Unterstützung",
                  "praise turned into criticism"),
    PlantedChange("variant-zusammenarbeiten", "rewording", "variant", 10,
                  "Russland möchte mit Nordkorea enger kooperieren.",
                  "Russia wants to work more closely with North Korea.", 10,
                  "Russland will enger mit Nordkorea zusammenarbeiten.",
                  "synonyms and word order, meaning kept"),
    PlantedChange("variant-direkt", "rewording", "variant", 12, "Direkt vor seinem Besuch",
                  "Immediately before his visit", 12, "Unmittelbar vor seinem Besuch",
                  "synonym, meaning kept"),
    PlantedChange("name-kim-jong-un", "name", "drift", 16, "Choe Son Hui",
                  "Kim Jong Un", 16, "Kim Jong Un", "host replaced by another North Korean politician"),
    PlantedChange("negation-ankunftszeit", "negation", "drift", 16, "Seine Ankunftszeit war bekannt.",
                  "His arrival time was not known.", 16, "Seine Ankunftszeit war nicht bekannt.",
                  "negation removed"),
    PlantedChange("place-jakutsk", "place", "drift", 16, "Wladiwostok",
                  "Yakutsk", 16, "Jakutsk", "city replaced"),
    PlantedChange("variant-kreml-chef", "rewording", "variant", 18,
                  "Porträts des Kreml-Chefs und russischen Flaggen",
                  "portraits of the Kremlin chief and Russian flags", 18,
                  "Porträts des Kremlchefs und russischen Fahnen",
                  "spelling variant and synonym, meaning kept"),
    PlantedChange("date-mittwoch", "date", "drift", 18, "am Donnerstag",
                  "on Wednesday", 18, "am Mittwoch", "weekday changed"),
    PlantedChange("number-24-jahre", "number", "drift", 18, "seit 14 Jahren",
                  "in 24 years", 18, "seit 24 Jahren", "number changed"),
    PlantedChange("variant-kontakte", "rewording", "variant", 22,
                  "Moskau unterhält enge Beziehungen zu Nordkorea.",
                  "Moscow maintains close contacts with North Korea.", 22,
                  "Moskau pflegt enge Kontakte zu Nordkorea.", "synonyms, meaning kept"),
    PlantedChange("role-lieferant", "role", "drift", 22,
                  "liefert Russland Artilleriemunition und Raketen an das kommunistisch regierte Land",
                  "the communist-ruled country, which is subject to international sanctions because of its "
                  "nuclear weapons program, supplies artillery ammunition and missiles to Russia", 22,
                  "liefert das kommunistisch regierte Land, das wegen seines Atomwaffenprogramms internationalen "
                  "Sanktionen unterliegt, Artilleriemunition und Raketen an Russland",
                  "supplier and recipient swapped"),
    PlantedChange("number-11000", "number", "drift", 24, "mehr als 1.100 Container",
                  "more than 11,000 containers", 24, "mehr als 11.000 Container", "number changed"),
    PlantedChange("addition-clause-feindlich", "addition", "addition", 26,
                  "Die USA und Südkorea haben wiederholt",
                  "which North Korea considers to be hostile states", 26,
                  "die Nordkorea als feindliche Staaten betrachtet",
                  "relative clause dropped; source_excerpt is the seam left behind in de-drifted.txt"),
    PlantedChange("variant-passiv", "rewording", "variant", 26,
                  "Vorwürfe, miteinander Waffengeschäfte zu betreiben, wurden von beiden Ländern zurückgewiesen.",
                  "Both countries have denied accusations of doing arms deals with each other.", 26,
                  "Beide Länder haben Vorwürfe zurückgewiesen, miteinander Waffengeschäfte zu betreiben.",
                  "active turned passive, meaning kept"),
    PlantedChange("addition-sentence-einzelheiten", "addition", "addition", None,
                  "Zum Inhalt des Vertrags wurden keine Einzelheiten genannt.",
                  "No details were given about the content of the treaty.", 30, None,
                  "whole sentence dropped from line 30; source_excerpt is taken from de.txt"),
    PlantedChange("date-september", "date", "drift", 30, "im November",
                  "in September", 30, "im September", "month changed"),
    PlantedChange("omission-mond", "omission", "omission", 32,
                  "Zudem kündigte er an, im kommenden Jahr gemeinsam mit Nordkorea eine Mission zum Mond zu starten.",
                  None, None, None, "sentence with no counterpart in en.txt inserted after the second sentence"),
)


@dataclass(frozen=True)
class Segment:
    """A sentence as the toolkit sees it: pysbd output of one non-blank line."""

    index: int
    line: int
    text: str


def segment_file(path: Path, language: str) -> list[Segment]:
    """Split each non-blank line with pysbd, numbering sentences in document order."""
    segmenter = pysbd.Segmenter(language=language, clean=False)
    segments: list[Segment] = []
    for line_number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip():
            continue
        for sentence in segmenter.segment(line):
            if sentence.strip():
                segments.append(Segment(len(segments), line_number, sentence.strip()))
    return segments


def find_sentence(segments: list[Segment], line: int, excerpt: str) -> Segment:
    """Return the one sentence on `line` containing `excerpt`; fail loudly otherwise."""
    matches = [s for s in segments if s.line == line and excerpt in s.text]
    if len(matches) != 1:
        raise AssertionError(f"excerpt {excerpt!r} found {len(matches)} times on line {line}")
    return matches[0]


def lines_of(segments: list[Segment]) -> dict[int, list[Segment]]:
    """Group sentences by line, keeping document order."""
    grouped: dict[int, list[Segment]] = {}
    for segment in segments:
        grouped.setdefault(segment.line, []).append(segment)
    return grouped


def line_by_line_alignment(source: list[Segment], translation: list[Segment],
                           unmatched_source: set[int], unmatched_translation: set[int]) -> list[list[list[int]]]:
    """Pair sentences line by line in order, leaving the named indices as 1-0 / 0-1 beads."""
    source_lines, translation_lines = lines_of(source), lines_of(translation)
    if source_lines.keys() != translation_lines.keys():
        raise AssertionError("the two files do not share a line layout")
    beads: list[list[list[int]]] = []
    for line in sorted(source_lines):
        source_queue = [s.index for s in source_lines[line]]
        translation_queue = [s.index for s in translation_lines[line]]
        while source_queue or translation_queue:
            if source_queue and source_queue[0] in unmatched_source:
                beads.append([[source_queue.pop(0)], []])
            elif translation_queue and translation_queue[0] in unmatched_translation:
                beads.append([[], [translation_queue.pop(0)]])
            elif source_queue and translation_queue:
                beads.append([[source_queue.pop(0)], [translation_queue.pop(0)]])
            else:
                raise AssertionError(f"line {line}: sentence counts differ without a planted reason")
    return beads


def build() -> dict:
    """Segment the texts, locate every planted change and assemble the expectations document."""
    german = segment_file(CORPUS_DIR / "de.txt", SOURCE_LANGUAGE)
    drifted = segment_file(CORPUS_DIR / "de-drifted.txt", SOURCE_LANGUAGE)
    english = segment_file(CORPUS_DIR / "en.txt", TRANSLATION_LANGUAGE)

    entries = []
    added_indices: set[int] = set()
    dropped_english_indices: set[int] = set()
    for change in PLANTED_CHANGES:
        drifted_index = None
        if change.line is not None:
            drifted_index = find_sentence(drifted, change.line, change.source_excerpt).index
        else:
            german_line = next(s.line for s in german if change.source_excerpt in s.text)
            find_sentence(german, german_line, change.source_excerpt)
        english_index = None
        if change.translation_excerpt is not None:
            english_index = find_sentence(english, change.translation_line, change.translation_excerpt).index
        if change.original_excerpt is not None:
            find_sentence(german, change.line, change.original_excerpt)
        if change.translation_excerpt is None:
            added_indices.add(drifted_index)
        if change.line is None:
            dropped_english_indices.add(english_index)
        entries.append({
            "id": change.change_id,
            "kind": change.kind,
            "expect": change.expect,
            "line": change.line,
            "source_excerpt": change.source_excerpt,
            "translation_excerpt": change.translation_excerpt,
            "original_excerpt": change.original_excerpt,
            "drifted_sentence_index": drifted_index,
            "translation_sentence_index": english_index,
            "note": change.note,
        })

    gold_de_en = line_by_line_alignment(german, english, set(), set())
    if any(len(src) != 1 or len(tgt) != 1 or src != tgt for src, tgt in gold_de_en):
        raise AssertionError("de.txt and en.txt are not 1-1 sentence for sentence")
    gold_drifted_en = line_by_line_alignment(drifted, english, added_indices, dropped_english_indices)

    return {
        "description": (
            "Seed corpus built around the English dpa article (en.txt, byte for byte as received). "
            "de.txt is a German source text written for this project, line for line and sentence for "
            "sentence parallel to en.txt. de-drifted.txt is de.txt with planted meaning changes and "
            "meaning-preserving rewordings listed under 'changes'. distractor.de.txt is an unrelated German "
            "article on a neighbouring topic; fr-partial.txt is a French rendering of the headlines and the "
            "first four body paragraphs only."
        ),
        "files": {
            "en.txt": "translation under test (English, dpa, as received)",
            "de.txt": "faithful German source, 1-1 with en.txt",
            "de-drifted.txt": "German source with the planted changes below",
            "distractor.de.txt": "unrelated German article (should not be chosen as the source)",
            "fr-partial.txt": "French rendering of lines 1-16 only (partial source)",
        },
        "segmentation": {
            "tool": "pysbd",
            "clean": False,
            "unit": "each non-blank line is split separately; sentences are stripped and numbered "
                    "from 0 in document order",
            "languages": {"de.txt": "de", "de-drifted.txt": "de", "en.txt": "en"},
        },
        "sentence_counts": {"de.txt": len(german), "de-drifted.txt": len(drifted), "en.txt": len(english)},
        "excerpt_rules": (
            "source_excerpt occurs verbatim in de-drifted.txt on 'line' (for line null: a sentence dropped "
            "from de.txt, quoted from de.txt); original_excerpt is the corresponding de.txt wording; "
            "translation_excerpt occurs verbatim in en.txt (null for an added sentence)."
        ),
        "expect_values": {
            "drift": "meaning changed: must be flagged",
            "omission": "source content (in de-drifted.txt) with no counterpart in the translation en.txt: must be flagged",
            "addition": "translation content (in en.txt) with no counterpart in the source de-drifted.txt: must be flagged",
            "variant": "meaning kept: must NOT be flagged",
        },
        "gold_alignment_de_en": gold_de_en,
        "gold_alignment_drifted_en": gold_drifted_en,
        "changes": entries,
    }


def main() -> None:
    """Write expectations.json and print what was checked."""
    document = build()
    output = CORPUS_DIR / "expectations.json"
    output.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("sentence counts:", document["sentence_counts"])
    print("changes:", len(document["changes"]), "beads de-en:", len(document["gold_alignment_de_en"]),
          "beads drifted-en:", len(document["gold_alignment_drifted_en"]))


if __name__ == "__main__":
    main()
