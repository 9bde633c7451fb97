"""Reports for people and CI: the typed run report, MT quality, gates, Markdown, JUnit and review pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .gates import Gate, GateSettings
    from .junit import render_junit
    from .markdown import render_markdown
    from .model import REPORT_SCHEMA, ReleaseReport, RunReport
    from .quality import mt_quality

_HOMES = {
    "Gate": "gates",
    "GateSettings": "gates",
    "render_junit": "junit",
    "render_markdown": "markdown",
    "REPORT_SCHEMA": "model",
    "ReleaseReport": "model",
    "RunReport": "model",
    "mt_quality": "quality",
}

__all__ = [
    "REPORT_SCHEMA",
    "Gate",
    "GateSettings",
    "ReleaseReport",
    "RunReport",
    "mt_quality",
    "render_junit",
    "render_markdown",
]


def __getattr__(name: str) -> Any:
    """Each part loads when first asked for, so that reading one (the gate settings) does not load them all."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_HOMES[name]}", __name__), name)
