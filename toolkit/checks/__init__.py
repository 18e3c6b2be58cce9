"""Registry of drift checks, each under a stable id (the id appears in reports and rule ids).

Modules register themselves with :func:`register`; :func:`all_checks` imports them
all, so adding a check is adding one module and one line to ``_MODULES``.
"""

from __future__ import annotations

import importlib

from .base import CheckFunction, CheckResult, PairContext, Reason

_REGISTRY: dict[str, CheckFunction] = {}
# Module names under toolkit.checks, one per check.
_MODULES = (
    "contrast", "coverage", "dates", "length", "names", "negation", "numbers", "roles", "semantic", "tone",
    "untranslated",
)


def register(check_id: str) -> "callable":
    """Decorator: make ``func(PairContext) -> CheckResult`` available as ``check_id``."""

    def wrap(func: CheckFunction) -> CheckFunction:
        if check_id in _REGISTRY and _REGISTRY[check_id] is not func:
            raise ValueError(f"check id {check_id!r} registered twice")
        _REGISTRY[check_id] = func
        return func

    return wrap


def all_checks() -> dict[str, CheckFunction]:
    """Every registered check by id, in a stable order."""
    for name in _MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return dict(sorted(_REGISTRY.items()))


__all__ = ["CheckResult", "PairContext", "Reason", "register", "all_checks"]
