"""From an aligned release to units: the text of each bead exactly as in the release, with its origin."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from .inline import CodeIndex, Span, span_codes
from .model import Bead, Fill, InlineCode, Origin, ReleaseUnit, Sentence

__all__ = ["apply_fills", "release_units", "span_text", "text_spans"]


def span_text(text: str, sentences: Sequence[Sentence]) -> str:
    """The text of consecutive sentences as written: the original slice within a paragraph, a space across them."""
    if not sentences:
        return ""
    parts = []
    start = sentences[0]
    prev = sentences[0]
    for s in sentences[1:]:
        if s.paragraph != prev.paragraph:
            parts.append(text[start.start : prev.end])
            start = s
        prev = s
    parts.append(text[start.start : prev.end])
    return " ".join(parts)


def text_spans(sentences: Sequence[Sentence]) -> list[Span]:
    """The slices of the text that :func:`span_text` joins, each with its offset in the joined text."""
    spans: list[Span] = []
    if not sentences:
        return spans
    start = prev = sentences[0]
    offset = 0
    for s in [*sentences[1:], None]:
        if s is None or s.paragraph != prev.paragraph:
            spans.append(Span(start.start, prev.end, offset))
            offset += prev.end - start.start + 1
            if s is not None:
                start = s
        if s is not None:
            prev = s
    return spans


def _codes(index: CodeIndex, text: str, sentences: Sequence[Sentence]) -> tuple[InlineCode, ...]:
    if not index.codes:
        return ()
    spans = text_spans(sentences)
    return span_codes(index.between(spans[0].start, spans[-1].end), spans, text)


def release_units(
    release: str,
    src_text: str,
    src_sentences: Sequence[Sentence],
    tgt_text: str | None,
    tgt_sentences: Sequence[Sentence] | None,
    beads: Sequence[Bead],
    created: str,
    reviewed: Mapping[int, str | None] | None = None,
    *,
    src_markup: Sequence[InlineCode] = (),
    tgt_markup: Sequence[InlineCode] = (),
    src_lines: Sequence[int] = (),
) -> list[ReleaseUnit]:
    """A unit for every bead, in order. Line numbers are counted once over the text (linear in its length).

    ``reviewed`` maps the beads a reviewer confirmed to the English they wrote for it (None: the release's own).
    ``src_markup`` and ``tgt_markup`` are the inline codes of the texts (HTML and Markdown releases): each unit gets those
    inside its text. ``src_lines`` maps the lines of the French text to the lines of its file (for ``src_line``).
    """
    reviewed = reviewed or {}
    src_index, tgt_index = CodeIndex(src_markup), CodeIndex(tgt_markup)
    lines = _LineCounter(src_text, src_lines)
    out = []
    for k, b in enumerate(beads):
        tgt: str | None = None
        src, src_line = "", 0
        src_codes: tuple[InlineCode, ...] = ()
        tgt_codes: tuple[InlineCode, ...] = ()
        if b.tgt and tgt_text is not None and tgt_sentences is not None:
            tgt_s = [tgt_sentences[j] for j in b.tgt]
            tgt, tgt_codes = span_text(tgt_text, tgt_s), _codes(tgt_index, tgt_text, tgt_s)
        if b.src:
            src_s = [src_sentences[i] for i in b.src]
            src, src_codes = span_text(src_text, src_s), _codes(src_index, src_text, src_s)
            src_line = lines.at(src_s[0].start)
        edited = reviewed.get(k)
        if edited is not None and b.src:
            tgt, tgt_codes = edited, ()
        origin = Origin.REVIEWED if k in reviewed else Origin.ALIGNED  # an English-only bead is never a unit
        if b.src and tgt is None:
            origin = Origin.NONE
        unit = ReleaseUnit(release, k, src, tgt, b.score, b.kind, origin, src_line, created, "", b.src, b.tgt)
        out.append(replace(unit, src_codes=src_codes, tgt_codes=tgt_codes) if src_codes or tgt_codes else unit)
    return out


class _LineCounter:
    """The line of the release file where an offset of the text falls: counted forward, linear over the text."""

    def __init__(self, text: str, file_lines: Sequence[int]) -> None:
        self.text, self.file_lines = text, file_lines
        self.line, self.pos = 1, 0

    def at(self, start: int) -> int:
        if start >= self.pos:
            self.line += self.text.count("\n", self.pos, start)
        else:  # beads out of order (never from the aligner): count from the start
            self.line = self.text.count("\n", 0, start) + 1
        self.pos = start
        if self.file_lines:
            return self.file_lines[self.line - 1] if self.line <= len(self.file_lines) else self.line
        return self.line


def apply_fills(units: Sequence[ReleaseUnit], fills: Mapping[int, Fill]) -> list[ReleaseUnit]:
    """Units with the memory or MT fills of their French text that has no English counterpart."""
    out = []
    for u in units:
        f = fills.get(u.bead)
        if f is not None and u.tgt is None and u.translatable:
            u = replace(u, tgt=f.text, origin=f.origin, detail=f.detail, fill_source=f.source, tgt_codes=())
        out.append(u)
    return out
