"""Progress bars for slow steps (model build, long embedding), on an interactive terminal only.

Logs and CI output stay clean: without a TTY on stderr, or with ``CI`` set, the
context manager hands back a tracker that does nothing.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Iterator, Optional


class Tracker:
    """What the caller advances; the base class is the silent one."""

    def advance(self, steps: float = 1) -> None:
        """Record ``steps`` more units of work done."""

    def set_total(self, total: Optional[float]) -> None:
        """Set or change the amount of work once it is known."""

    def describe(self, description: str) -> None:
        """Say what is happening now."""


class _RichTracker(Tracker):
    def __init__(self, bar, task) -> None:
        self._bar = bar
        self._task = task

    def advance(self, steps: float = 1) -> None:
        self._bar.advance(self._task, steps)

    def set_total(self, total: Optional[float]) -> None:
        self._bar.update(self._task, total=total)

    def describe(self, description: str) -> None:
        self._bar.update(self._task, description=description)


def interactive() -> bool:
    """True when a person is watching stderr (a TTY) and we are not in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress(description: str, total: Optional[float] = None) -> Iterator[Tracker]:
    """Show a transient progress bar on stderr while the block runs.

    Args:
        description: what is happening ("Building the bundled model").
        total: units of work, or ``None`` for a spinner-like indeterminate bar.
    """
    if not interactive():
        yield Tracker()
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        yield _RichTracker(bar, bar.add_task(description, total=total))
