"""TMX 1.4b segment content: text with characters XML cannot carry, and inline codes as native markup.

Writing (:func:`render_seg`): ``<bpt i="1">&lt;b&gt;</bpt>`` and ``<ept i="1">&lt;/b&gt;</ept>`` around what a paired
code wraps, ``<it pos="begin">`` or ``"end"`` for a code whose other half is in another unit, ``<ph>`` for an image
or a line break (``type="lb"``: it stands for a space of the text). Characters XML 1.0 cannot carry become
``<ph type="x-aligner-char">U+000B</ph>``. Reading (:func:`seg_content`) gives the plain text and the codes back.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from ..inline import PieceKind, pieces, tag_name
from ..model import CodeKind, InlineCode

CTRL_TYPE = "x-aligner-char"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """Character data; a carriage return is written as a reference, or XML parsers would turn it into a newline."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def attr_text(text: str) -> str:
    """Attribute and prop values: characters XML cannot carry become U+XXXX."""
    return _BAD_XML.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def _chars(text: str) -> str:
    out, pos = [], 0
    for m in _BAD_XML.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(f'<ph type="{CTRL_TYPE}">U+{ord(m.group()):04X}</ph>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


CODE_TYPES = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "ulined", "a": "link"}
LINE_BREAK = "lb"  # the TMX type of a <ph> that stands for a line break (read back as one space)


def _code_type(c: InlineCode) -> str:
    if c.placeholder:
        return LINE_BREAK
    if c.kind is CodeKind.STANDALONE:
        return "image" if c.tag == "img" else f"x-{c.tag}" if c.tag else ""
    return CODE_TYPES.get(c.tag, f"x-{c.tag}" if c.tag else "")


def render_seg(text: str, codes: tuple[InlineCode, ...] = (), numbers: list[int] | None = None) -> str:
    """Segment content: text, and each code as TMX 1.4b native code (``numbers`` give the ``x`` of each code)."""
    if not codes:
        return _chars(text)
    numbers = numbers or list(range(1, len(codes) + 1))
    out = []
    for p in pieces(text, codes):
        if p.kind is PieceKind.TEXT:
            out.append(_chars(p.text))
            continue
        c, x = codes[p.code], numbers[p.code]
        kind = _code_type(c)
        typed = f' type="{escape(attr_text(kind))}"' if kind else ""
        native = escape(attr_text(c.native_close if p.kind in (PieceKind.CLOSE, PieceKind.CLOSING) else c.native_open))
        if p.kind is PieceKind.OPEN:
            out.append(f'<bpt i="{x}" x="{x}"{typed}>{native}</bpt>')
        elif p.kind is PieceKind.CLOSE:
            out.append(f'<ept i="{x}">{native}</ept>')
        elif p.kind is PieceKind.STANDALONE:
            out.append(f'<ph x="{x}"{typed}>{native}</ph>')
        else:
            pos = "begin" if p.kind is PieceKind.OPENING else "end"
            out.append(f'<it pos="{pos}" x="{x}"{typed}>{native}</it>')
    return "".join(out)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _restore_char(code: str) -> str:
    code = code.strip()
    if code.startswith("U+"):
        try:
            return chr(int(code[2:], 16))
        except (ValueError, OverflowError):
            pass
    return ""


class _SegReader:
    """Text and codes of a <seg>, in order: character data and <hi>/<sub> content are text; <bpt>/<ept>, <it> and
    <ph> are codes (their content is native markup, not text); aligner's ``x-aligner-char`` <ph> is its character and
    a ``type="lb"`` <ph> the space a line break stands for."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.found: list[tuple[int, InlineCode]] = []  # (order of the event that starts it, code)
        self.opened: dict[str, tuple[int, int, Element]] = {}  # bpt i -> (offset, order, element)

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def code(self, el: Element, tag: str) -> None:
        native = "".join(el.itertext())
        kind = el.get("type") or ""
        name = tag_name(native) or (kind[2:] if kind.startswith("x-") else kind)
        order, pos = len(self.found) + len(self.opened), self.length
        if tag == "ph" and kind == CTRL_TYPE:
            self.add(_restore_char(el.text or ""))
        elif tag == "ph":
            end = pos + 1 if kind == LINE_BREAK else pos
            self.found.append((order, InlineCode(CodeKind.STANDALONE, pos, end, name, native)))
            self.add(" " if kind == LINE_BREAK else "")
        elif tag == "bpt":
            self.opened[el.get("i", "")] = (pos, order, el)
        elif tag == "ept" and el.get("i", "") in self.opened:
            start, first, bpt = self.opened.pop(el.get("i", ""))
            opening, kind = "".join(bpt.itertext()), bpt.get("type") or ""
            name = tag_name(opening) or (kind[2:] if kind.startswith("x-") else kind)
            self.found.append((first, InlineCode(CodeKind.PAIRED, start, pos, name, opening, native)))
        elif tag == "it" and el.get("pos") == "begin":
            self.found.append((order, InlineCode(CodeKind.OPENING, pos, pos, name, native)))
        elif tag in ("ept", "it"):
            self.found.append((order, InlineCode(CodeKind.CLOSING, pos, pos, name, "", native)))

    def result(self) -> tuple[str, tuple[InlineCode, ...]]:
        for start, first, bpt in self.opened.values():  # a <bpt> without its <ept>: the code opens here
            native, kind = "".join(bpt.itertext()), bpt.get("type") or ""
            name = tag_name(native) or (kind[2:] if kind.startswith("x-") else kind)
            self.found.append((first, InlineCode(CodeKind.OPENING, start, start, name, native)))
        self.found.sort(key=lambda item: item[0])
        return "".join(self.parts), tuple(c for _, c in self.found)


def seg_content(seg: Element) -> tuple[str, tuple[InlineCode, ...]]:
    """The text of a <seg> and its inline codes. Iterative, so no nesting depth can exhaust the stack."""
    r = _SegReader()
    r.add(seg.text)
    stack = [iter(seg)]
    entered: list[Element] = []
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if entered:
                r.add(entered.pop().tail)
            continue
        tag = _local(child.tag)
        if tag in ("hi", "sub"):
            r.add(child.text)
            stack.append(iter(child))
            entered.append(child)
            continue
        if tag in ("ph", "bpt", "ept", "it"):
            r.code(child, tag)
        r.add(child.tail)
    return r.result()
