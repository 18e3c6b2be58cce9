"""``driftcheck compare TRANSLATION SOURCE...``: the comparison a person reads."""

from __future__ import annotations

import click

from ..report import COMPARISON_FORMATS
from ._common import LANGUAGE, handle_errors, make_encoder, model_option, no_cache_option, write_output

VERDICT_CHOICES = ["ok", "variant", "drift", "omission", "addition", "problems"]


@click.command("compare")
@click.argument("translation", type=click.Path(dir_okay=True))
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(sorted(COMPARISON_FORMATS)), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file (atomically).")
@click.option("--source-lang", type=LANGUAGE, help="Language of the sources (default: detected).")
@click.option("--target-lang", type=LANGUAGE, help="Language of the translation (default: detected).")
@click.option("--presplit", is_flag=True, help="Inputs have one sentence per line; do not re-segment.")
@click.option("--only", "only", multiple=True, type=click.Choice(VERDICT_CHOICES),
              help="Show only pairs with these verdicts (repeatable; 'problems' = drift, omission, addition).")
@model_option
@no_cache_option
@handle_errors
def command(translation, sources, fmt, output, source_lang, target_lang, presplit, only, model, no_cache):
    """Compare TRANSLATION with one or more candidate SOURCES (any language).

    Picks the candidate the translation came from, aligns the two sentence by
    sentence and gives every pair a verdict: ok, variant, drift, omission or addition.
    """
    from ..pipeline import STAGES, CompareOptions, compare
    from ..report.progress import progress

    encoder = make_encoder(model, no_cache)
    options = CompareOptions(source_lang=source_lang, target_lang=target_lang, presplit=presplit)
    with progress("reading", total=len(STAGES)) as tracker:
        def on_stage(stage: str) -> None:
            tracker.describe(stage)
            tracker.advance()

        result = compare(translation, sources, encoder, options, progress=on_stage)
    rendered = render(result, fmt, set(only), to_file=bool(output))
    write_output(rendered, output)


def render(result, fmt: str, only: set[str], to_file: bool) -> str:
    from ..report import render_comparison

    if fmt == "text":
        return render_comparison(result, fmt, only=only, color=None if not to_file else False)
    return render_comparison(result, fmt)
