"""``driftcheck baseline FILE``: accept the current findings so that CI fails only on new ones."""

from __future__ import annotations

import sys

import click

from ._common import EXIT_ERROR, EXIT_OK, handle_errors, write_output
from .check import batch_options, run_checks


@click.command("baseline")
@click.argument("baseline_file", type=click.Path(dir_okay=False))
@batch_options
@handle_errors
def command(baseline_file, **batch_args):
    """Run the same checks as ``check`` and record their findings in BASELINE_FILE.

    Then ``driftcheck check --baseline BASELINE_FILE`` reports only findings that
    are not in it. The file is sorted JSON keyed by fingerprints (no line
    numbers), so it only changes when the findings do. Refuses to write when a
    file could not be read (exit 2): such a baseline would hide nothing real.
    """
    from ..baseline import baseline_text

    report = run_checks(**batch_args)
    if report.input_errors:
        for finding in report.input_errors:
            click.echo(f"driftcheck: error: {finding.message}", err=True)
        click.echo(f"driftcheck: baseline {baseline_file} not written", err=True)
        sys.exit(EXIT_ERROR)
    write_output(baseline_text(report), baseline_file)
    click.echo(f"driftcheck: recorded {len(report.findings)} finding(s) in {baseline_file}", err=True)
    sys.exit(EXIT_OK)
