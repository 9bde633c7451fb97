"""Release text laid out as a browser lays it out: lines of plain text, with the inline markup kept as codes.

The HTML and Markdown readers walk their document and tell a :class:`TextBuilder` what they meet: text, a block
boundary (a new line), an inline element opening or closing, a standalone element. The builder collapses white space
as HTML does (runs of ASCII white space become one space, none at the start or end of a line; a no-break space is
text), reads a line break (``<br>``) as one space that its code stands for, drops empty lines, and puts the headline
(the first ``<h1>``) on the first line. :meth:`TextBuilder.build` gives the :class:`ReleaseText`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ..model import CodeKind, InlineCode, ReleaseText

_WHITE_SPACE = str.maketrans({"\t": " ", "\n": " ", "\f": " ", "\r": " "})  # HTML's ASCII white space, less space


class _Ev(Enum):
    OPEN = 0
    CLOSE = 1
    POINT = 2


@dataclass(frozen=True, slots=True)
class _Code:
    tag: str
    attrs: tuple[tuple[str, str], ...]
    native_open: str
    native_close: str


@dataclass
class _Line:
    parts: list[str] = field(default_factory=list)
    length: int = 0
    events: list[tuple[int, _Ev, int]] = field(default_factory=list)  # (offset, event, code number)
    placeholders: dict[int, int] = field(default_factory=dict)  # offset of a line break's space -> its code number
    source_line: int = 1
    headline: bool = False

    def ends_with_space(self) -> bool:
        return bool(self.parts) and self.parts[-1].endswith(" ")

    def append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def trim_space(self) -> None:
        """Drop collapsed spaces at the end (not the space of a line break); codes after them move back."""
        while self.ends_with_space() and self.length - 1 not in self.placeholders:
            self.parts[-1] = self.parts[-1][:-1]
            self.length -= 1
            if not self.parts[-1]:
                self.parts.pop()
        self.events = [(min(off, self.length), ev, n) for off, ev, n in self.events]


class TextBuilder:
    """Collects lines of text and inline codes in document order; see the module's description."""

    def __init__(self) -> None:
        self._codes: list[_Code] = []
        self._lines: list[_Line] = []
        self._line = _Line()
        self._pending_space = False
        self._after_break = False  # right after a line break: white space is not shown
        self._carried: list[tuple[_Ev, int]] = []  # opening codes met between lines, for the next line

    @property
    def has_headline(self) -> bool:
        """True once a first-level heading with text was met."""
        return any(line.headline for line in self._lines) or (self._line.headline and self._line.length > 0)

    # ------------------------------------------------------------ what a reader meets

    def block(self, source_line: int | None = None, heading: bool = False) -> None:
        """A block boundary: the current line ends. ``heading``: the block is a first-level heading."""
        self._end_line()
        if source_line is not None:
            self._line.source_line = source_line
        if heading and not self.has_headline:
            self._line.headline = True

    def text(self, text: str | None, preformatted: bool = False) -> None:
        if not text:
            return
        if preformatted:
            for k, part in enumerate(text.split("\n")):
                if k:
                    self._end_line()
                    self._line.source_line += 1  # preformatted lines are lines of the file
                if part:
                    self._word(part)
            return
        spaced = text.translate(_WHITE_SPACE)
        if spaced.startswith(" "):
            self._space()
        words = " ".join(w for w in spaced.split(" ") if w)  # runs of white space become one space
        if words:
            self._word(words)
            if spaced.endswith(" "):
                self._space()

    def open(self, tag: str, attrs: tuple[tuple[str, str], ...], native_open: str, native_close: str) -> int:
        """An inline element opens here (a space before it is written first); returns its number for :meth:`close`."""
        self._flush_space()
        self._codes.append(_Code(tag, attrs, native_open, native_close))
        self._event(_Ev.OPEN, len(self._codes) - 1)
        return len(self._codes) - 1

    def close(self, number: int, native_close: str | None = None) -> None:
        """Element ``number`` closes here (a space before it stays pending, so it is written after the code)."""
        if native_close is not None:
            c = self._codes[number]
            self._codes[number] = _Code(c.tag, c.attrs, c.native_open, native_close)
        self._event(_Ev.CLOSE, number)

    def closing(self, tag: str, native_close: str) -> None:
        """A closing tag whose opening is not in this document (raw HTML in Markdown)."""
        self._codes.append(_Code(tag, (), "", native_close))
        self._event(_Ev.CLOSE, len(self._codes) - 1)

    def point(self, tag: str, attrs: tuple[tuple[str, str], ...], native: str, line_break: bool = False) -> None:
        """A standalone element (an image); a ``line_break`` reads as one space inside a line, and as nothing at its
        start or after another break."""
        self._codes.append(_Code(tag, attrs, native, ""))
        number = len(self._codes) - 1
        line = self._line
        if not line_break:
            self._flush_space()
            self._event(_Ev.POINT, number)
            return
        self._pending_space = False
        line.trim_space()
        if line.length == 0 or self._after_break:
            self._event(_Ev.POINT, number)
            return
        line.placeholders[line.length] = number
        self._event(_Ev.POINT, number)
        line.append(" ")
        self._after_break = True

    # ------------------------------------------------------------ laying out

    def _event(self, ev: _Ev, number: int) -> None:
        line = self._line
        if line.length:
            line.events.append((line.length, ev, number))
        elif ev is not _Ev.CLOSE:
            self._carried.append((ev, number))  # placed where the next text starts
        elif (_Ev.OPEN, number) in self._carried:
            self._carried.remove((_Ev.OPEN, number))  # an element with no text at all: nothing to keep
        elif self._lines:  # a closing before any text of this line ends the previous line
            last = self._lines[-1]
            last.events.append((last.length, ev, number))

    def _space(self) -> None:
        line = self._line
        if line.length and not self._after_break and not line.ends_with_space():
            self._pending_space = True

    def _flush_space(self) -> None:
        if self._pending_space:
            self._line.append(" ")
            self._pending_space = False

    def _word(self, word: str) -> None:
        self._flush_space()
        if self._line.length == 0 and self._carried:
            self._line.events.extend((0, e, n) for e, n in self._carried)
            self._carried = []
        self._line.append(word)
        self._after_break = False

    def _end_line(self) -> None:
        line = self._line
        self._pending_space = self._after_break = False
        if line.length and line.length - 1 in line.placeholders and line.parts[-1] == " ":
            line.placeholders.pop(line.length - 1)  # a break at the end of a block shows nothing
            line.parts.pop()
            line.length -= 1
        line.trim_space()
        if line.length:
            self._lines.append(line)
        self._line = _Line(source_line=line.source_line)

    # ------------------------------------------------------------ the result

    def build(self, format: str) -> ReleaseText:
        """The text (the headline line first) and its codes, in document order."""
        self._end_line()
        lines = self._lines
        if lines and self._carried:  # codes after the last text sit at its end
            lines[-1].events.extend((lines[-1].length, e, n) for e, n in self._carried)
        head = next((k for k, line in enumerate(lines) if line.headline), 0)
        ordered = [lines[head], *lines[:head], *lines[head + 1 :]] if lines else []
        found: list[tuple[int, InlineCode]] = []  # (order of the event that starts it, code)
        opened: dict[int, tuple[int, int]] = {}  # code number -> (offset, event order)
        base, order = 0, 0
        for line in ordered:
            for off, ev, n in line.events:
                pos, order = base + off, order + 1
                c = self._codes[n]
                if ev is _Ev.OPEN:
                    opened[n] = (pos, order)
                elif ev is _Ev.POINT:
                    end = pos + 1 if off in line.placeholders and line.placeholders[off] == n else pos
                    found.append((order, InlineCode(CodeKind.STANDALONE, pos, end, c.tag, c.native_open, "", c.attrs)))
                elif n in opened:
                    start, first = opened.pop(n)
                    code = InlineCode(CodeKind.PAIRED, start, pos, c.tag, c.native_open, c.native_close, c.attrs)
                    found.append((first, code))
                else:
                    found.append((order, InlineCode(CodeKind.CLOSING, pos, pos, c.tag, "", c.native_close, c.attrs)))
            base += line.length + 1
        for n, (pos, first) in opened.items():
            c = self._codes[n]
            found.append((first, InlineCode(CodeKind.OPENING, pos, pos, c.tag, c.native_open, "", c.attrs)))
        found.sort(key=lambda item: item[0])
        text = "\n".join("".join(line.parts) for line in ordered)
        lines_of = tuple(line.source_line for line in ordered)
        return ReleaseText(text, tuple(code for _, code in found), lines_of, format)
