"""Segmented text: one sentence per line, a blank line between paragraphs (``aligner segment``, ``OUT/segments/``)."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Sentence


def render_segments(sentences: Iterable[Sentence]) -> str:
    lines: list[str] = []
    prev = None
    for s in sentences:
        if prev is not None and s.paragraph != prev:
            lines.append("")
        lines.append(s.text)
        prev = s.paragraph
    return "\n".join(lines) + ("\n" if lines else "")
