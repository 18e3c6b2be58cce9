"""The ``driftcheck`` command: parses arguments and dispatches, nothing more.

Subcommands live one per module and are imported only when invoked, so
``driftcheck --help`` never imports torch or sentence-transformers.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

_COMMANDS = {
    "compare": ("compare", "Compare a translation with candidate sources and flag meaning drift."),
    "align": ("align", "Align two documents sentence by sentence."),
    "score": ("score", "Score pre-aligned sentence pairs for drift."),
    "check": ("check", "Batch-check document pairs for CI (SARIF, JUnit, GitHub, GitLab)."),
    "baseline": ("baseline", "Record current findings as accepted."),
    "model": ("model", "Show or build the bundled embedding model."),
    "cache": ("cache", "Inspect or clear the embedding cache."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in _COMMANDS if self._available(name)]

    @staticmethod
    def _available(name: str) -> bool:
        return importlib.util.find_spec(f"{__name__}.{_COMMANDS[name][0]}") is not None

    def get_command(self, ctx: click.Context, name: str):
        if name not in _COMMANDS or not self._available(name):
            return None
        module = importlib.import_module(f"{__name__}.{_COMMANDS[name][0]}")
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, help_text) in _COMMANDS.items() if self._available(name)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="driftcheck")
def main() -> None:
    """driftcheck: did the translation keep the meaning of its source?"""
