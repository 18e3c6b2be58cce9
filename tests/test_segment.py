"""Segmentation keeps offsets, lines and columns, and treats line breaks as boundaries."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from toolkit.segment import MAX_SEGMENT_CHARS, segment_text

SEED = Path(__file__).resolve().parents[1] / "corpora" / "dpa-putin-north-korea" / "en.txt"


def assert_offsets_consistent(text, segments):
    previous_end = 0
    lines = text.split("\n")
    for seg in segments:
        assert text[seg.start:seg.end] == seg.text
        assert seg.start >= previous_end
        assert seg.text == seg.text.strip() and seg.text
        assert lines[seg.line - 1][seg.column - 1:].startswith(seg.text.split("\n")[0][:20])
        previous_end = seg.end


def test_headlines_without_punctuation_are_their_own_segments():
    text = "Before travelling abroad\nFight against Ukraine: Putin praises support\n\nPutin wrote. He left."
    segments = segment_text(text, "en")
    assert [s.text for s in segments] == [
        "Before travelling abroad",
        "Fight against Ukraine: Putin praises support",
        "Putin wrote.",
        "He left.",
    ]
    assert [(s.line, s.column) for s in segments] == [(1, 1), (2, 1), (4, 1), (4, 14)]
    assert segments[3].end_column == 22


def test_german_ordinal_dates_do_not_split():
    segments = segment_text("Er kam am 3. Juni an. Das ist gut.", "de")
    assert [s.text for s in segments] == ["Er kam am 3. Juni an.", "Das ist gut."]


def test_seed_article_offsets():
    text = SEED.read_text(encoding="utf-8")
    segments = segment_text(text, "en")
    assert_offsets_consistent(text, segments)
    assert segments[0].text.startswith("Before foreign trip")
    assert segments[1].text == "Before travelling abroad"


def test_presplit_keeps_one_segment_per_line():
    text = "Eins. Zwei.\n\nDrei"
    assert [s.text for s in segment_text(text, "de", presplit=True)] == ["Eins. Zwei.", "Drei"]


@pytest.mark.parametrize("lang", ["en", "zh", "xx"])
def test_runaway_line_is_cut_into_bounded_segments(lang):
    text = ("word " * 30000).strip()
    segments = segment_text(text, lang)
    assert all(len(s.text) <= MAX_SEGMENT_CHARS for s in segments)
    assert_offsets_consistent(text, segments)
    assert sum(len(s.text.split()) for s in segments) == 30000


def test_unsupported_language_falls_back_to_english_rules():
    assert [s.text for s in segment_text("Habari. Dunia.", "sw")] == ["Habari.", "Dunia."]


def test_threads_segment_their_own_documents():
    """``check --jobs`` segments documents in parallel: each thread must get its own document's sentences."""
    corpus = Path(__file__).resolve().parent.parent / "corpora" / "dpa-putin-north-korea"
    texts = [(corpus / name).read_text(encoding="utf-8") for name in ("de.txt", "de-drifted.txt")]
    alone = {text: [s.text for s in segment_text(text, "de")] for text in texts}
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda text: (text, [s.text for s in segment_text(text, "de")]), texts * 20))
    assert all(sentences == alone[text] for text, sentences in together)
