"""``driftcheck check``: verify every configured document pair and report findings for CI."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import click

from ._common import LANGUAGE, handle_errors, model_option, no_cache_option, write_output

FORMATS = ["text", "json", "sarif", "junit", "github", "gitlab"]


def batch_options(func):
    """Options shared by ``check`` and ``baseline``: what to check and how."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path(dir_okay=True)),
        click.option("--config", "config_path", type=click.Path(dir_okay=True),
                     help="Configuration file "
                          "(default: ./driftcheck.toml, else [tool.driftcheck] in ./pyproject.toml)."),
        click.option("--fail-on", type=click.Choice(["low", "medium", "high"]),
                     help="Least severity that fails the run (default: the config's fail_on, else low)."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Document pairs checked in parallel (the model's threads are divided among them)."),
        click.option("--source-lang", type=LANGUAGE, help="Language of the sources (single pair only)."),
        click.option("--target-lang", type=LANGUAGE, help="Language of the translation (single pair only)."),
        click.option("--presplit", is_flag=True, help="One sentence per line (single pair only)."),
        click.option("--no-progress", is_flag=True,
                     help="No progress bar (there is none off a terminal or when CI=true)."),
        model_option,
        no_cache_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def resolve_config(paths, config_path, fail_on, model, source_lang, target_lang, presplit):
    """The configuration to run: a single pair from the arguments, or the config file."""
    from ..config import find_config, load_config, single_pair_config
    from ..result import Severity

    if paths:
        if config_path:
            raise click.UsageError("give either TRANSLATION SOURCE... or --config, not both")
        if len(paths) < 2:
            raise click.UsageError("a single pair needs TRANSLATION and at least one SOURCE")
        config = single_pair_config(paths[0], list(paths[1:]), Path.cwd())
        config.pairs = [dataclasses.replace(p, source_lang=source_lang, target_lang=target_lang, presplit=presplit)
                        for p in config.pairs]
    else:
        found = Path(config_path) if config_path else find_config(Path.cwd())
        if found is None:
            raise click.UsageError("no driftcheck.toml (or [tool.driftcheck] in pyproject.toml) here; "
                                   "pass --config FILE or TRANSLATION SOURCE...")
        config = load_config(found)
    if fail_on:
        config.fail_on = Severity(fail_on)
    if model:
        config.model = model
    return config


def show_progress(no_progress: bool) -> bool:
    """A progress bar only for a person at a terminal: never in CI or when stderr is redirected."""
    in_ci = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
    return not no_progress and not in_ci and sys.stderr.isatty()


def run_checks(paths, config_path, fail_on, jobs, source_lang, target_lang, presplit, no_progress, model, no_cache):
    """Run the batch the command line describes and return its :class:`~toolkit.batch.BatchReport`."""
    from ..batch import run_batch
    from ..embed.factory import encoder_factory

    config = resolve_config(paths, config_path, fail_on, model, source_lang, target_lang, presplit)
    use_cache = not (no_cache or os.environ.get("DRIFTCHECK_NO_CACHE"))
    factory = encoder_factory(config.model, use_cache=use_cache, jobs=jobs)
    if not show_progress(no_progress):
        return run_batch(config, factory, jobs=jobs)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("pairs", total=len(config.pairs))
        return run_batch(config, factory, jobs=jobs, on_done=lambda outcome: progress.advance(task))


@click.command("check")
@batch_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file (atomically).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline file.")
@handle_errors
def command(fmt, output, baseline_path, **batch_args):
    """Check document pairs for meaning drift; exit 0 clean, 1 findings, 2 errors.

    With no PATHS, checks every pair of the configuration (driftcheck.toml or
    [tool.driftcheck] in pyproject.toml, or --config FILE). With PATHS
    (TRANSLATION SOURCE...), checks that one pair. A file that cannot be read is
    reported as a DC001 finding, the other pairs are still checked, and the run
    exits 2.
    """
    from ..baseline import apply_baseline, load_baseline
    from ..batch import render_report

    entries = load_baseline(baseline_path) if baseline_path else None
    report = run_checks(**batch_args)
    if entries is not None:
        report = apply_baseline(report, entries, baseline_path)
    write_output(render_report(report, fmt), output)
    if fmt != "text" or output:
        click.echo(summary_line(report), err=True)
    sys.exit(report.exit_code())


def summary_line(report) -> str:
    summary = report.summary()
    line = (f"driftcheck: {summary['pairs']} pair(s), {summary['findings']} finding(s), "
            f"{summary['failing']} at or above '{summary['fail_on']}', {summary['input_errors']} input error(s)")
    if report.baseline_path:
        line += (f"; baseline: {report.suppressed} suppressed, "
                 f"{len(report.stale_baseline)} entr(y/ies) no longer occur")
    return line

