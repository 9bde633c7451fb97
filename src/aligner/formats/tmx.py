"""TMX 1.4b: write translation memories and read any tool's (OmegaT, Trados, translate-toolkit).

Segment text is written exactly as given (no-break spaces, curly apostrophes): CAT tools match byte for byte.
Characters XML 1.0 cannot carry (U+000B from word processors, other C0 controls, lone surrogates, U+FFFE/FFFF) are
written as ``<ph type="x-aligner-char">U+000B</ph>`` and restored on reading, so nothing is lost and the file stays valid.
Unknown ``<prop>``s, ``<note>``s and ``<tu>`` attributes survive a read/write round trip.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__
from ..errors import FormatError
from ..xmlsafe import parse_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CTRL_TYPE = "x-aligner-char"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class TranslationUnit:
    """One TMX <tu>: source and target text, with its properties (``x-origin``, ``x-release``, ...)."""

    src: str
    tgt: str | None
    src_lang: str = "fr"
    tgt_lang: str = "en"
    props: list[tuple[str, str]] = field(default_factory=list)  # (type, value), order and repeats kept
    notes: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)  # tuid, creationdate, changedate, usagecount, ...

    def prop(self, name: str, default: str | None = None) -> str | None:
        for k, v in self.props:
            if k == name:
                return v
        return default


@dataclass
class TmxHeader:
    srclang: str = "fr"
    adminlang: str = "en"
    creationtool: str = "aligner"
    creationtoolversion: str = __version__
    segtype: str = "sentence"
    datatype: str = "plaintext"
    o_tmf: str = "aligner"
    creationdate: str = ""
    props: list[tuple[str, str]] = field(default_factory=list)


def escape(text: str) -> str:
    """Character data; a carriage return is written as a reference, or XML parsers would turn it into a newline."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def quoteattr(text: str) -> str:
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


def tmx_date(dt: datetime | None = None) -> str:
    """``YYYYMMDDThhmmssZ`` in UTC, the TMX date format."""
    dt = (dt or datetime.now(UTC)).astimezone(UTC)
    return dt.strftime("%Y%m%dT%H%M%SZ")


def _seg(text: str) -> str:
    out, pos = [], 0
    for m in _BAD_XML.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(f'<ph type="{CTRL_TYPE}">U+{ord(m.group()):04X}</ph>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _attr_text(text: str) -> str:
    """Attribute and prop values: characters XML cannot carry become U+XXXX."""
    return _BAD_XML.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def render_tmx(units: Iterable[TranslationUnit], header: TmxHeader | None = None) -> Iterator[str]:
    """The TMX document, piece by piece (stream it to a file; nothing is kept in memory)."""
    h = header or TmxHeader()
    created = h.creationdate or tmx_date()
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<tmx version="1.4">\n'
    attrs = {
        "creationtool": h.creationtool,
        "creationtoolversion": h.creationtoolversion,
        "datatype": h.datatype,
        "segtype": h.segtype,
        "adminlang": h.adminlang,
        "srclang": h.srclang,
        "o-tmf": h.o_tmf,
        "creationdate": created,
    }
    yield "  <header " + " ".join(f"{k}={quoteattr(_attr_text(v))}" for k, v in attrs.items())
    if h.props:
        yield ">\n"
        for k, v in h.props:
            yield f"    <prop type={quoteattr(_attr_text(k))}>{escape(_attr_text(v))}</prop>\n"
        yield "  </header>\n"
    else:
        yield "/>\n"
    yield "  <body>\n"
    for u in units:
        tu_attrs = dict(u.attrs)
        tu_attrs.setdefault("creationdate", created)
        yield "    <tu" + "".join(f" {k}={quoteattr(_attr_text(v))}" for k, v in tu_attrs.items()) + ">\n"
        for n in u.notes:
            yield f"      <note>{escape(_attr_text(n))}</note>\n"
        for k, v in u.props:
            yield f"      <prop type={quoteattr(_attr_text(k))}>{escape(_attr_text(v))}</prop>\n"
        yield f"      <tuv xml:lang={quoteattr(u.src_lang)}><seg>{_seg(u.src)}</seg></tuv>\n"
        if u.tgt is not None:
            yield f"      <tuv xml:lang={quoteattr(u.tgt_lang)}><seg>{_seg(u.tgt)}</seg></tuv>\n"
        yield "    </tu>\n"
    yield "  </body>\n</tmx>\n"


def write_tmx(path: str | Path, units: Iterable[TranslationUnit], header: TmxHeader | None = None) -> None:
    """Write atomically: a temporary file renamed over ``path`` once complete."""
    from ..fsutil import atomic_write_chunks

    atomic_write_chunks(path, render_tmx(units, header))


# ---------------------------------------------------------------- reading


def _seg_text(seg) -> str:
    """The text of a <seg>: character data and <hi>/<sub> content; native codes (<ph>, <bpt>, ...) are left out."""
    parts = [seg.text or ""]
    for child in seg:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "ph" and child.get("type") == CTRL_TYPE:
            code = (child.text or "").strip()
            if code.startswith("U+"):
                try:
                    parts.append(chr(int(code[2:], 16)))
                except ValueError:
                    pass
        elif tag in ("hi", "sub"):
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lang(el) -> str:
    return (el.get(XML_LANG) or el.get("lang") or "").strip()


def _same_lang(a: str, b: str) -> bool:
    a, b = a.lower().replace("_", "-"), b.lower().replace("_", "-")
    return a == b or a.split("-")[0] == b.split("-")[0]


def read_tmx(
    path: str | Path, src_lang: str | None = None, tgt_lang: str | None = None
) -> tuple[TmxHeader, list[TranslationUnit]]:
    """Read a TMX file (1.1-1.4). Units keep their props, notes and attributes.

    The source language is the header's ``srclang`` unless given (``*all*`` falls back to the first <tuv>); the
    target is ``tgt_lang`` or the first other language of each unit.
    """
    root = parse_xml(path)
    if root.tag.rsplit("}", 1)[-1] != "tmx":
        raise FormatError(f"not a TMX file (root element <{root.tag}>)", path)
    hdr_el = root.find("header")
    if hdr_el is None:
        raise FormatError("TMX file has no <header>", path)
    body = root.find("body")
    if body is None:
        raise FormatError("TMX file has no <body>", path)
    header = TmxHeader(
        srclang=hdr_el.get("srclang", ""),
        adminlang=hdr_el.get("adminlang", ""),
        creationtool=hdr_el.get("creationtool", ""),
        creationtoolversion=hdr_el.get("creationtoolversion", ""),
        segtype=hdr_el.get("segtype", ""),
        datatype=hdr_el.get("datatype", ""),
        o_tmf=hdr_el.get("o-tmf", ""),
        creationdate=hdr_el.get("creationdate", ""),
        props=[(p.get("type", ""), p.text or "") for p in hdr_el.findall("prop")],
    )
    src = src_lang or (header.srclang if header.srclang and header.srclang != "*all*" else None)
    units = []
    for k, tu in enumerate(body.findall("tu"), 1):
        tuvs = []
        for tuv in tu.findall("tuv"):
            seg = tuv.find("seg")
            if seg is None:
                raise FormatError(f"<tu> number {k}: <tuv> without <seg>", path)
            tuvs.append((_lang(tuv), _seg_text(seg)))
        if not tuvs:
            raise FormatError(f"<tu> number {k} has no <tuv>", path)
        s_lang = src or tuvs[0][0]
        s = next(((lang, t) for lang, t in tuvs if _same_lang(lang, s_lang)), None)
        if s is None:
            continue  # a unit without the source language cannot serve this memory
        others = [(lang, t) for lang, t in tuvs if not _same_lang(lang, s_lang)]
        if tgt_lang:
            others = [(lang, t) for lang, t in others if _same_lang(lang, tgt_lang)]
        t = others[0] if others else (tgt_lang or "", None)
        units.append(
            TranslationUnit(
                src=s[1],
                tgt=t[1],
                src_lang=s[0],
                tgt_lang=t[0],
                props=[(p.get("type", ""), p.text or "") for p in tu.findall("prop")],
                notes=[n.text or "" for n in tu.findall("note")],
                attrs={k2: v for k2, v in tu.attrib.items()},
            )
        )
    return header, units
