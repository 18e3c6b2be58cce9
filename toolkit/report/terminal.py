"""The comparison as a person reads it in a terminal: source and translation side by side.

Each pair is a row of two columns with its verdict on the left, drifted spans
highlighted in the verdict's colour on both sides and the reasons listed under
the row, one line each. Without colour (a pipe, a file, ``NO_COLOR``) the spans
are bracketed with ⟦ ⟧ instead, so nothing is lost in a CI log.
"""

from __future__ import annotations

import os
import shutil
import sys
from io import StringIO
from typing import Optional

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..result import CandidateResult, Comparison, PairResult, Severity, Verdict
from .highlight import Side, pieces, reason_label, selected_verdicts

PIPE_WIDTH = 120
"""Columns used when the output is not a terminal (a file, a pipe, CI)."""

VERDICT_STYLES = {
    Verdict.OK: "green",
    Verdict.VARIANT: "cyan",
    Verdict.DRIFT: "red",
    Verdict.OMISSION: "magenta",
    Verdict.ADDITION: "yellow",
}

MISSING_TEXT = {
    "source": "— not in the source —",
    "translation": "— not in the translation —",
}

PLAIN_MARKS = ("⟦", "⟧")
INDEX_WIDTH = 4
VERDICT_WIDTH = 9


def render(result: Comparison, only: Optional[set[str]] = None, color: Optional[bool] = None,
           width: Optional[int] = None) -> str:
    """Render ``result`` for a terminal.

    Args:
        result: the comparison.
        only: verdict names to show (``"problems"`` = drift, omission, addition); empty shows all.
        color: ``None`` colours only when stdout is a terminal and ``NO_COLOR`` is unset.
        width: columns; default the terminal's width on a TTY, else :data:`PIPE_WIDTH`.
    """
    shown = selected_verdicts(only)
    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if width is None:
        width = shutil.get_terminal_size((PIPE_WIDTH, 24)).columns if sys.stdout.isatty() else PIPE_WIDTH
    out = StringIO()
    console = Console(file=out, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, emoji=False,
                      legacy_windows=False, soft_wrap=False)
    for part in (header(result), candidate_table(result.candidates, result.source.path),
                 pairs_view(result, shown, color), summary_line(result)):
        console.print(part)
        console.print()
    rendered = out.getvalue().rstrip("\n") + "\n"
    if color:
        return rendered
    return "\n".join(line.rstrip() for line in rendered.split("\n"))


def header(result: Comparison) -> Text:
    text = Text()
    text.append("Translation  ", style="bold")
    text.append(f"{result.translation.path} ({result.translation.lang})\n")
    text.append("Source       ", style="bold")
    text.append(f"{result.source.path} ({result.source.lang})")
    return text


def candidate_table(candidates: list[CandidateResult], chosen: str) -> Table:
    """The candidates as ranked, the chosen source marked."""
    table = Table(title="Candidate sources", title_justify="left", title_style="bold", box=None,
                  padding=(0, 1), show_edge=False)
    for name, justify in (("#", "right"), ("path", "left"), ("lang", "left"), ("relation", "left"),
                          ("coverage", "right"), ("score", "right")):
        table.add_column(name, justify=justify, overflow="fold")
    for rank, candidate in enumerate(candidates, 1):
        style = "bold" if candidate.path == chosen else ""
        marker = "→" if candidate.path == chosen else " "
        table.add_row(f"{marker}{rank}", Text(candidate.path), candidate.lang, candidate.relation,
                      f"{candidate.coverage:.0%}", f"{candidate.score:.3f}", style=style)
    return table


def pairs_view(result: Comparison, shown: set[Verdict], color: bool) -> RenderableType:
    """The column headings, then one block per shown pair, then a note on what was filtered out."""
    blocks: list[RenderableType] = [
        row(Text("#", style="bold"), Text("verdict", style="bold"),
            Text(f"Source · {result.source.path} ({result.source.lang})", style="bold"),
            Text(f"Translation · {result.translation.path} ({result.translation.lang})", style="bold")),
        Rule(style="dim"),
    ]
    for number, pair in enumerate(result.pairs, 1):
        if pair.verdict in shown:
            blocks.append(pair_block(number, pair, color))
    hidden = len(result.pairs) - sum(1 for p in result.pairs if p.verdict in shown)
    if hidden:
        blocks.append(Text(f"({hidden} of {len(result.pairs)} pairs not shown)", style="dim"))
    return Group(*blocks)


def row(*cells: Text) -> Table:
    """Index, verdict and the two texts, the texts sharing the remaining width equally."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=INDEX_WIDTH, justify="right")
    grid.add_column(width=VERDICT_WIDTH)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(*cells)
    return grid


def pair_block(number: int, pair: PairResult, color: bool) -> RenderableType:
    style = VERDICT_STYLES[pair.verdict]
    label = pair.verdict.value if pair.verdict in (Verdict.OK, Verdict.VARIANT) else pair.verdict.value.upper()
    verdict = Text(label, style=f"bold {style}")
    if pair.severity != Severity.NONE:
        verdict.append(f"\n{pair.severity.value}", style="dim")
    parts: list[RenderableType] = [
        row(Text(str(number), style="dim"), verdict, side_text(pair, "source", style, color),
            side_text(pair, "translation", style, color)),
    ]
    if pair.reasons:
        lines = Text()
        for reason in pair.reasons:
            lines.append("\n" if lines else "")
            lines.append("• ", style=style)
            lines.append(f"{reason_label(reason)}: ", style="bold")
            lines.append(reason.message)
        parts.append(Padding(lines, (0, 0, 0, INDEX_WIDTH + VERDICT_WIDTH + 2)))
    parts.append(Rule(style="dim"))
    return Group(*parts)


def side_text(pair: PairResult, side: Side, style: str, color: bool) -> Text:
    """One column: the text with its reason spans highlighted, or a dimmed placeholder when missing."""
    indices = pair.source if side == "source" else pair.translation
    if not indices:
        return Text(MISSING_TEXT[side], style="dim italic")
    text = Text()
    if color:
        for piece in pieces(pair, side):
            text.append(piece.text, style=f"bold reverse {style}" if piece.reasons else "")
        return text
    highlighted = False
    for piece in pieces(pair, side):
        if bool(piece.reasons) != highlighted:
            text.append(PLAIN_MARKS[0] if piece.reasons else PLAIN_MARKS[1])
            highlighted = bool(piece.reasons)
        text.append(piece.text)
    if highlighted:
        text.append(PLAIN_MARKS[1])
    return text


def summary_line(result: Comparison) -> Text:
    """Counts by verdict over all pairs (not only those shown), the chosen source and the model."""
    summary = result.summary
    text = Text(f"{summary['pairs']} pairs: ")
    for index, verdict in enumerate(Verdict):
        if index:
            text.append(" · ")
        count = summary["verdicts"][verdict.value]
        text.append(f"{count} {verdict.value}", style=f"bold {VERDICT_STYLES[verdict]}" if count else "dim")
    text.append(f" — source {result.source.path} — model {result.signature.get('model', 'unknown')}")
    return text
