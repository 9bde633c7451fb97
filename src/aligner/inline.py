"""Inline codes between a release and its units, and in the order a writer writes them.

:func:`span_codes` gives the codes of a unit from the codes of its release text: those that fall inside the unit's
spans, with offsets into the unit's text. A code that opens in one unit and closes in another becomes an ``OPENING``
code in the first and a ``CLOSING`` code in the second. :func:`pieces` gives text and codes in writing order, and
which paired codes nest properly (XLIFF ``<pc>``) or cross another (``<sc>``/``<ec>``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from .model import CodeKind, InlineCode

__all__ = ["CodeIndex", "Piece", "PieceKind", "Span", "code_numbers", "crossing", "pieces", "span_codes", "tag_name"]


@dataclass(frozen=True, slots=True)
class Span:
    """A slice ``text[start:end]`` of a release text, found at ``offset`` in a unit's text."""

    start: int
    end: int
    offset: int


def _opens_in(p: int, s: Span, text: str) -> bool:
    """An opening (or an image) belongs to the span it starts; at the very end only when no text follows at once."""
    return s.start <= p < s.end or (p == s.end and (p >= len(text) or text[p].isspace()))


def _closes_in(p: int, s: Span) -> bool:
    """A closing belongs to the span it ends."""
    return s.start < p <= s.end


def span_codes(codes: Sequence[InlineCode], spans: Sequence[Span], text: str) -> tuple[InlineCode, ...]:
    """The codes of ``text`` (a release text) inside ``spans`` (a unit's pieces of it), with offsets into the unit."""
    out: list[InlineCode] = []
    for c in codes:
        if c.kind is CodeKind.STANDALONE:
            s = next((s for s in spans if _opens_in(c.start, s, text) and c.end <= s.end), None)
            if s is not None:
                out.append(c.moved(s.offset - s.start))
            continue
        opens = closes = None
        if c.kind in (CodeKind.PAIRED, CodeKind.OPENING):
            opens = next((s for s in spans if _opens_in(c.start, s, text)), None)
        if c.kind is CodeKind.PAIRED and c.start == c.end:  # an empty element: where it opens
            closes = opens
        elif c.kind in (CodeKind.PAIRED, CodeKind.CLOSING):
            closes = next((s for s in spans if _closes_in(c.end, s)), None)
        if opens is not None and closes is not None:
            delta = opens.offset - opens.start
            out.append(
                InlineCode(
                    CodeKind.PAIRED,
                    c.start + delta,
                    c.end + closes.offset - closes.start,
                    c.tag,
                    c.native_open,
                    c.native_close,
                    c.attrs,
                )
            )
        elif opens is not None:
            out.append(c.moved(opens.offset - opens.start, CodeKind.OPENING))
        elif closes is not None:
            moved = c.end + closes.offset - closes.start
            out.append(InlineCode(CodeKind.CLOSING, moved, moved, c.tag, "", c.native_close, c.attrs))
    return tuple(in_order(out))


def in_order(codes: Sequence[InlineCode]) -> list[InlineCode]:
    """Codes in the order they begin in their text (a closing code begins where it closes, before what opens there):
    the order writers write them and readers read them back."""
    keyed = sorted((c.start, c.kind is not CodeKind.CLOSING, k) for k, c in enumerate(codes))
    return [codes[k] for _, _, k in keyed]


class CodeIndex:
    """The codes of a release text, found by position: a unit looks only at the codes that start or end in its range
    (a code around the whole unit has no part in it), so building every unit stays linear in the release's size."""

    def __init__(self, codes: Sequence[InlineCode]) -> None:
        self.codes = codes
        self._starts = sorted((c.start, k) for k, c in enumerate(codes))
        self._ends = sorted((c.end, k) for k, c in enumerate(codes))

    def between(self, lo: int, hi: int) -> list[InlineCode]:
        """Codes that start or end in ``[lo, hi]``, in their order."""
        found: set[int] = set()
        for keyed in (self._starts, self._ends):
            first = bisect_left(keyed, (lo, -1))
            last = bisect_right(keyed, (hi, len(self.codes)))
            found.update(k for _, k in keyed[first:last])
        return [self.codes[k] for k in sorted(found)]


class PieceKind(str, Enum):
    TEXT = "text"
    OPEN = "open"  # a paired code opens
    CLOSE = "close"  # a paired code closes
    OPENING = "opening"  # an opening whose closing is elsewhere
    CLOSING = "closing"
    STANDALONE = "standalone"


@dataclass(frozen=True, slots=True)
class Piece:
    kind: PieceKind
    text: str = ""  # for TEXT
    code: int = -1  # index into the codes


def _event_key(k: int, c: InlineCode) -> list[tuple[tuple[int, ...], PieceKind]]:
    """Where each event of code ``k`` goes. At one offset: closings first (inner ones first), then openings and
    standalone codes in the codes' order, which is the order they open in (outer ones first); an empty paired code
    opens and closes together."""
    if c.kind is CodeKind.PAIRED and c.start == c.end:
        return [((c.start, 1, k, 0), PieceKind.OPEN), ((c.start, 1, k, 1), PieceKind.CLOSE)]
    if c.kind is CodeKind.PAIRED:
        return [((c.start, 1, k, 0), PieceKind.OPEN), ((c.end, 0, 0, -c.start, -k), PieceKind.CLOSE)]
    if c.kind is CodeKind.OPENING:
        return [((c.start, 1, k, 0), PieceKind.OPENING)]
    if c.kind is CodeKind.CLOSING:
        return [((c.start, 0, 1, k), PieceKind.CLOSING)]
    return [((c.start, 1, k, 0), PieceKind.STANDALONE)]


def pieces(text: str, codes: Sequence[InlineCode]) -> list[Piece]:
    """Text and code events in writing order; a line break's space is left out (its code stands for it)."""
    events = sorted((key, kind, k) for k, c in enumerate(codes) for key, kind in _event_key(k, c))
    out: list[Piece] = []
    pos = 0
    for key, kind, k in events:
        at = min(max(key[0], pos), len(text))
        if at > pos:
            out.append(Piece(PieceKind.TEXT, text[pos:at]))
            pos = at
        out.append(Piece(kind, code=k))
        if kind is PieceKind.STANDALONE and codes[k].placeholder and pos < len(text):
            pos += 1
    if pos < len(text):
        out.append(Piece(PieceKind.TEXT, text[pos:]))
    return out


def crossing(ordered: Sequence[Piece]) -> set[int]:
    """Paired codes that cross another one (``<b>..<i>..</b>..</i>``): they cannot be written as nested elements."""
    stack: list[int] = []
    crossed: set[int] = set()
    for p in ordered:
        if p.kind is PieceKind.OPEN:
            stack.append(p.code)
        elif p.kind is PieceKind.CLOSE:
            if stack and stack[-1] == p.code:
                stack.pop()
            else:
                crossed.add(p.code)
                stack.remove(p.code)
    return crossed


def code_numbers(src: Sequence[InlineCode], tgt: Sequence[InlineCode]) -> tuple[list[int], list[int]]:
    """Numbers (from 1) for the codes of a source and its target: a target code takes the number of the source code
    it corresponds to (the same element, kind and occurrence: the second ``<b>`` of each), others new numbers."""
    src_numbers = list(range(1, len(src) + 1))
    seen: dict[tuple[str, CodeKind], list[int]] = {}
    for k, c in enumerate(src):
        seen.setdefault((c.tag, c.kind), []).append(k + 1)
    tgt_numbers, fresh = [], len(src)
    for c in tgt:
        free = seen.get((c.tag, c.kind))
        if free:
            tgt_numbers.append(free.pop(0))
        else:
            fresh += 1
            tgt_numbers.append(fresh)
    return src_numbers, tgt_numbers


def tag_name(native: str) -> str:
    """The element name of an HTML tag as written (``<a href=..>`` and ``</a>`` give ``a``); "" for anything else."""
    rest = native[2:] if native.startswith("</") else native[1:] if native.startswith("<") else ""
    name = []
    for ch in rest:
        if not (ch.isalnum() or ch in "-:"):
            break
        name.append(ch)
    return "".join(name).lower()
