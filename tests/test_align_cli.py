"""``driftcheck align`` runs the same aligner as ``compare``: with the texts, so layout lines and debris count."""

import json

import pytest
from click.testing import CliRunner

import toolkit.embed.factory
from fake_encoder import FakeEncoder
from toolkit.cli import main

CONTEXT = ["w100x0 w100x1 w100x2.", "w101x0 w101x1 w101x2.", "w102x0 w102x1 w102x2."]


@pytest.fixture(autouse=True)
def fake_model(monkeypatch):
    monkeypatch.setattr(toolkit.embed.factory, "encoder_factory", lambda model, use_cache=True, jobs=1: FakeEncoder)


@pytest.mark.parametrize("sentence, rendering, expected", [
    # a caption naming the sentence's words, before it: a layout line
    ("W7x0 w7x1 w7x2 w7x3.", ["W7x0 W7x1 (W7x2)", "W7x0 w7x1 w7x2 w7x3."], [([], [3]), ([3], [4])]),
    # the same words cut by a page break after a lowercase word: one sentence in two lines
    ("W7x0 w7x1 w7x2 w7x3.", ["W7x0 w7x1 von", "w7x2 w7x3."], [([3], [3, 4])]),
])
def test_a_caption_before_a_sentence_is_an_insertion(tmp_path, sentence, rendering, expected):
    """Without the texts the aligner cannot tell a caption line, and merges it with the sentence (a 1-2 bead)."""
    source, translation = tmp_path / "source.txt", tmp_path / "translation.txt"
    source.write_text("\n".join(CONTEXT + [sentence] + CONTEXT) + "\n", encoding="utf-8")
    translation.write_text("\n".join(CONTEXT + rendering + CONTEXT) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["align", str(source), str(translation), "--presplit", "--format", "json",
                                       "--source-lang", "de", "--target-lang", "en", "--no-cache"])
    assert result.exit_code == 0, result.output
    beads = [(b["source"], b["translation"]) for b in json.loads(result.stdout)["beads"]]
    assert beads[3:3 + len(expected)] == expected
    assert len(beads) == 6 + len(expected)
