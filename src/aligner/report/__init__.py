"""Reports for people and CI: the typed run report, MT quality, gates, Markdown, JUnit and review pages."""

from __future__ import annotations

from .gates import Gate, GateSettings
from .junit import render_junit
from .markdown import render_markdown
from .model import REPORT_SCHEMA, ReleaseReport, RunReport
from .quality import mt_quality

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
