"""XLIFF inline codes: the markup of HTML and Markdown releases in ``<source>`` and ``<target>``.

XLIFF 2.0: a paired code that nests properly is ``<pc>``, one that crosses another ``<sc>``/``<ec>``, one whose other
half is in another unit ``<sc isolated="yes"/>`` or ``<ec isolated="yes"/>``, an image or line break ``<ph/>``; the
native markup goes in the unit's ``<originalData>``, referred to by ``dataRef``, ``dataRefStart`` and
``dataRefEnd``. XLIFF 1.2: ``<bpt>``/``<ept>``, ``<it pos="open|close">`` and ``<ph>`` with the native markup inside.
A line break is ``subType="xlf:lb"`` (2.0) or ``ctype="lb"`` (1.2): it reads back as the space it stands for.
A target code corresponding to a source code (same element, kind and occurrence) has the source code's id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..inline import PieceKind, crossing, pieces
from ..model import CodeKind, InlineCode

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMAT_20 = {"b": "xlf:b", "strong": "xlf:b", "i": "xlf:i", "em": "xlf:i", "u": "xlf:u"}
_CTYPE_12 = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underlined", "a": "link"}


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def plain(text: str, version: str) -> str:
    """Text; characters XML cannot carry become <cp> (2.0) or an <x/> placeholder (1.2)."""
    out, pos = [], 0
    for m in _BAD_XML.finditer(text):
        out.append(esc(text[pos : m.start()]))
        code = f"{ord(m.group()):04X}"
        out.append(f'<cp hex="{code}"/>' if version == "2.0" else f'<x id="cp{code}" ctype="x-aligner-char-{code}"/>')
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def _type_20(c: InlineCode) -> str:
    if c.placeholder:
        return ' type="fmt" subType="xlf:lb"'
    if c.tag == "a":
        return ' type="link"'
    if c.tag == "img":
        return ' type="image"'
    sub = _FORMAT_20.get(c.tag)
    return f' type="fmt" subType="{sub}"' if sub else ' type="fmt"'


class OriginalData:
    """The native markup of a unit's codes, each once, as ``<data id="dN">``."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def ref(self, native: str) -> str:
        return self.ids.setdefault(native, f"d{len(self.ids) + 1}")

    def render(self, indent: str) -> str:
        if not self.ids:
            return ""
        rows = "".join(f'{indent}  <data id="{i}">{plain(n, "2.0")}</data>\n' for n, i in self.ids.items())
        return f"{indent}<originalData>\n{rows}{indent}</originalData>\n"


def content_20(text: str, codes: Sequence[InlineCode], ids: Sequence[int], data: OriginalData) -> str:
    """XLIFF 2.0 ``<source>``/``<target>`` content."""
    if not codes:
        return plain(text, "2.0")
    ordered = pieces(text, codes)
    crossed = crossing(ordered)
    out = []
    for p in ordered:
        if p.kind is PieceKind.TEXT:
            out.append(plain(p.text, "2.0"))
            continue
        c, i = codes[p.code], ids[p.code]
        kind = _type_20(c)
        if p.kind is PieceKind.OPEN and p.code in crossed:
            out.append(f'<sc id="{i}" dataRef="{data.ref(c.native_open)}"{kind}/>')
        elif p.kind is PieceKind.OPEN:
            refs = f'dataRefStart="{data.ref(c.native_open)}" dataRefEnd="{data.ref(c.native_close)}"'
            out.append(f'<pc id="{i}" {refs}{kind}>')
        elif p.kind is PieceKind.CLOSE:
            closing = f'<ec startRef="{i}" dataRef="{data.ref(c.native_close)}"{kind}/>'
            out.append(closing if p.code in crossed else "</pc>")
        elif p.kind is PieceKind.OPENING:
            out.append(f'<sc id="{i}" isolated="yes" dataRef="{data.ref(c.native_open)}"{kind}/>')
        elif p.kind is PieceKind.CLOSING:
            out.append(f'<ec id="{i}" isolated="yes" dataRef="{data.ref(c.native_close)}"{kind}/>')
        else:
            out.append(f'<ph id="{i}" dataRef="{data.ref(c.native_open)}"{kind}/>')
    return "".join(out)


def _ctype_12(c: InlineCode) -> str:
    if c.placeholder:
        return "lb"
    if c.kind is CodeKind.STANDALONE:
        return "image" if c.tag == "img" else f"x-{c.tag or 'code'}"
    return _CTYPE_12.get(c.tag, f"x-{c.tag or 'code'}")


def content_12(text: str, codes: Sequence[InlineCode], ids: Sequence[int]) -> str:
    """XLIFF 1.2 ``<source>``/``<target>`` content: codes with their native markup inside."""
    if not codes:
        return plain(text, "1.2")
    out = []
    for p in pieces(text, codes):
        if p.kind is PieceKind.TEXT:
            out.append(plain(p.text, "1.2"))
            continue
        c, i = codes[p.code], ids[p.code]
        ctype = f' ctype="{esc(_ctype_12(c))}"'
        closing = p.kind in (PieceKind.CLOSE, PieceKind.CLOSING)
        native = esc(_BAD_XML.sub(lambda m: f"U+{ord(m.group()):04X}", c.native_close if closing else c.native_open))
        if p.kind is PieceKind.OPEN:
            out.append(f'<bpt id="{i}"{ctype}>{native}</bpt>')
        elif p.kind is PieceKind.CLOSE:
            out.append(f'<ept id="{i}">{native}</ept>')
        elif p.kind in (PieceKind.OPENING, PieceKind.CLOSING):
            pos = "open" if p.kind is PieceKind.OPENING else "close"
            out.append(f'<it id="{i}" pos="{pos}"{ctype}>{native}</it>')
        else:
            out.append(f'<ph id="{i}"{ctype}>{native}</ph>')
    return "".join(out)


_CODE_ELEMENTS = frozenset({"sc", "ec", "ph", "bpt", "ept", "it", "x", "bx", "ex", "sub", "sm", "em"})


def text_of(el) -> str:
    """The plain text of a <source>/<target>: text and the content of <pc>, <g>, <mrk>; codes are left out, but for
    aligner's code points and line breaks (one space). Iterative, so no nesting depth exhausts the stack."""
    parts = [el.text or ""]
    stack = [iter(el)]
    entered: list = []
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if entered:
                parts.append(entered.pop().tail or "")
            continue
        tag = child.tag.rsplit("}", 1)[-1]
        ctype = child.get("ctype") or ""
        if tag == "cp" and child.get("hex"):
            parts.append(_char(child.get("hex")))
        elif tag == "x" and ctype.startswith("x-aligner-char-"):
            parts.append(_char(ctype.rsplit("-", 1)[1]))
        elif tag in ("ph", "x") and (child.get("subType") == "xlf:lb" or ctype == "lb"):
            parts.append(" ")
        elif tag not in _CODE_ELEMENTS:
            parts.append(child.text or "")
            stack.append(iter(child))
            entered.append(child)
            continue
        parts.append(child.tail or "")
    return "".join(parts)


def _char(hex_code: str) -> str:
    try:
        return chr(int(hex_code, 16))
    except (ValueError, OverflowError):
        return ""
