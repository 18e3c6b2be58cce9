"""Report emitters for a comparison, one module per format, imported on demand."""

from __future__ import annotations

import importlib

from ..result import Comparison

COMPARISON_FORMATS = {"text": "terminal", "json": "json_report", "html": "html"}


def render_comparison(result: Comparison, fmt: str, **options) -> str:
    """Render ``result`` in format ``fmt`` (a key of :data:`COMPARISON_FORMATS`)."""
    module = importlib.import_module(f"{__name__}.{COMPARISON_FORMATS[fmt]}")
    return module.render(result, **options)
