"""The terminal view: what a reader sees, with and without colour, filtered or not."""

from __future__ import annotations

import re

import pytest

from sample_comparison import SOURCE_PATH, TRANSLATION_PATH, sample_comparison
from toolkit.report import render_comparison
from toolkit.report.highlight import pieces, selected_verdicts
from toolkit.report.terminal import PIPE_WIDTH, render
from toolkit.result import Verdict

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture()
def result():
    return sample_comparison()


def test_plain_output_has_header_ranking_pairs_reasons_and_summary(result):
    text = render(result, color=False)
    assert f"{TRANSLATION_PATH} (en)" in text
    assert f"{SOURCE_PATH} (de)" in text
    assert "→1" in text and "83%" in text and "0.870" in text and "unrelated" in text
    assert "• number: 1,100 in the translation is 11.000 in the source (×10)" in text
    assert "— not in the translation —" in text and "— not in the source —" in text
    tail = " ".join(text.split("\n\n")[-1].split())
    assert tail.startswith("6 pairs: 2 ok · 1 variant · 1 drift · 1 omission · 1 addition")
    assert tail.endswith(f"source {SOURCE_PATH} — model bundled-multilingual-e5-small")


def test_plain_output_has_no_escape_codes_nor_trailing_space(result):
    text = render(result, color=False)
    assert "\x1b" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_plain_output_brackets_highlighted_spans_once_when_they_touch(result):
    text = render(result, color=False, width=200)
    assert "⟦11.000⟧" in text and "⟦1,100⟧" in text
    assert "⟦sollen nicht an die Front geschickt⟧" in text


def test_colour_output_highlights_drift_spans_in_the_verdict_colour(result):
    text = render(result, color=True, width=200)
    assert "\x1b[" in text
    assert re.search(r"\x1b\[1;7;31m11\.000", text)  # bold reverse red
    assert ANSI.sub("", text).count("11.000") >= 2  # in the text and in the reason


def test_no_color_env_and_a_pipe_mean_no_colour(result, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in render(result)
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b" not in render(result)  # pytest captures stdout: not a TTY


def test_width_is_respected_and_text_is_wrapped_not_cut(result):
    for width in (60, 100, PIPE_WIDTH):
        text = render(result, color=False, width=width)
        assert max(len(line) for line in text.split("\n")) <= width
        tokens = set(text.replace("⟦", "").replace("⟧", "").split())
        for pair in result.pairs:
            words = (pair.source_text + " " + pair.translation_text).split()
            assert {w for w in words if len(w) <= 12} <= tokens


def test_default_width_off_a_terminal(result):
    text = render(result, color=False)
    assert max(len(line) for line in text.split("\n")) <= PIPE_WIDTH
    assert any(len(line) > 100 for line in text.split("\n"))


def test_only_problems_hides_ok_and_variant_but_keeps_the_summary(result):
    text = render(result, only={"problems"}, color=False)
    assert "Before foreign trip" not in text and "work more closely" not in text
    assert "1,100" in text and "Ein Leser schrieb" in text and "Kim Jong Un" in text
    assert "(3 of 6 pairs not shown)" in text
    assert "2 ok · 1 variant" in text


def test_only_a_single_verdict(result):
    text = render(result, only={"variant"}, color=False)
    assert "work more closely" in text and "1,100 soldiers" not in text


def test_selected_verdicts():
    assert selected_verdicts(set()) == set(Verdict)
    assert selected_verdicts({"problems"}) == {Verdict.DRIFT, Verdict.OMISSION, Verdict.ADDITION}
    assert selected_verdicts({"ok", "drift"}) == {Verdict.OK, Verdict.DRIFT}
    with pytest.raises(ValueError, match="unknown verdict"):
        selected_verdicts({"bad"})


def test_pieces_cut_overlapping_spans_without_losing_text(result):
    drift = result.pairs[2]
    cut = pieces(drift, "source")
    assert "".join(p.text for p in cut) == drift.source_text
    covered = {p.text: p.reasons for p in cut if p.reasons}
    assert covered["nicht"] == (1, 2)  # negation and the overlapping token reason
    assert covered["sollen "] == (2,)
    assert covered[" an die Front geschickt"] == (1,)


def test_pieces_clip_spans_outside_the_text(result):
    from dataclasses import replace

    from toolkit.checks.base import Reason

    pair = replace(result.pairs[0], reasons=[Reason("x", "m", (-5, 3), (10, 10_000)), Reason("y", "m", (4, 2))])
    assert [p.text for p in pieces(pair, "source")][0] == "Vor"
    assert "".join(p.text for p in pieces(pair, "translation")) == pair.translation_text


def test_dispatch_through_render_comparison(result):
    assert render_comparison(result, "text", only=set(), color=False) == render(result, color=False)


def test_progress_is_silent_off_a_terminal_or_in_ci(monkeypatch, capsys):
    from toolkit.report import progress as progress_module

    monkeypatch.setattr(progress_module, "interactive", lambda: False)
    with progress_module.progress("Embedding", total=3) as tracker:
        tracker.set_total(4)
        tracker.advance(2)
    assert capsys.readouterr() == ("", "")
    monkeypatch.undo()
    monkeypatch.setenv("CI", "true")
    assert not progress_module.interactive()


def test_progress_bar_advances_on_a_terminal(monkeypatch):
    from toolkit.report import progress as progress_module

    monkeypatch.setattr(progress_module, "interactive", lambda: True)
    with progress_module.progress("Embedding") as tracker:
        tracker.set_total(3)
        tracker.advance()
        tracker.advance(2)
        task = tracker._bar.tasks[0]
        assert (task.description, task.total, task.completed) == ("Embedding", 3, 3)
