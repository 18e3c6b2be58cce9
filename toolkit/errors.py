"""Errors a user can act on. The CLI turns them into one line on stderr and exit code 2."""

from __future__ import annotations


class DriftcheckError(Exception):
    """Base class for every error the CLI reports without a traceback."""


class InputError(DriftcheckError):
    """A file that cannot be read as text, or text that cannot be processed.

    Args:
        path: the offending file (or ``None`` for text given inline).
        problem: what is wrong, in words a user understands.
    """

    def __init__(self, path: str | None, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)


class ConfigError(DriftcheckError):
    """A configuration file that is malformed or names something that does not exist."""


class ModelError(DriftcheckError):
    """A model that cannot be found, built or loaded."""


class CacheError(DriftcheckError):
    """An embedding cache file that SQLite cannot open or write (corrupt, locked too long, disk full)."""
