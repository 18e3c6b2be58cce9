"""``driftcheck cache info|clear``: inspect or empty the on-disk embedding cache."""

from __future__ import annotations

import click

from ._common import handle_errors


@click.group("cache")
def command() -> None:
    """Inspect or clear the embedding cache ($DRIFTCHECK_CACHE, else $DRIFTCHECK_HOME/embeddings.sqlite3)."""


@command.command("info")
@handle_errors
def info() -> None:
    """Where the cache is, how many vectors it holds, per model."""
    from ..embed.cache import EmbeddingCache

    with EmbeddingCache() as cache:
        stats = cache.stats()
    click.echo(f"path: {stats.path}")
    click.echo(f"entries: {stats.entries}")
    click.echo(f"vector bytes: {stats.bytes} ({stats.bytes / 1048576:.1f} MiB)")
    for model, count in sorted(stats.models.items()):
        click.echo(f"model {model}: {count}")


@command.command("clear")
@handle_errors
def clear() -> None:
    """Remove every cached vector."""
    from ..embed.cache import EmbeddingCache

    with EmbeddingCache() as cache:
        removed = cache.clear()
    click.echo(f"removed {removed} cached vector(s) from {cache.path}")
