"""TMX 1.4b: write translation memories and read any tool's (OmegaT, Trados, translate-toolkit).

Segment text is written exactly as given (no-break spaces, curly apostrophes): CAT tools match byte for byte.
Characters XML 1.0 cannot carry (U+000B from word processors, other C0 controls, lone surrogates, U+FFFE/FFFF) are
written as ``<ph type="x-aligner-char">U+000B</ph>`` and restored on reading, so nothing is lost and the file stays valid.
Unknown ``<prop>``s, ``<note>``s, ``<tu>`` and ``<tuv>`` attributes (``changedate``, ``creationid``, ...) survive a
read/write round trip. Reading streams (:class:`TmxReader`): a file of any size is read in bounded memory.

Inline markup (the codes of HTML and Markdown releases) is written as TMX 1.4b says, with the native markup escaped
inside: ``<bpt i="1">&lt;b&gt;</bpt>`` and ``<ept i="1">&lt;/b&gt;</ept>`` around what it wraps, ``<it pos="begin">``
or ``"end"`` for a code whose other half is in another unit, ``<ph>`` for an image or a line break (``type="lb"``,
which reads back as the space it stands for). ``x`` numbers match a source code with its target counterpart.
Reading gives the plain text and the codes back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from .. import __version__
from ..errors import FormatError
from ..inline import code_numbers
from ..model import InlineCode
from .tmx_inline import CTRL_TYPE, attr_text, escape, render_seg, seg_content

__all__ = [
    "CTRL_TYPE",
    "TmxHeader",
    "TmxReader",
    "TranslationUnit",
    "escape",
    "quoteattr",
    "read_tmx",
    "render_tmx",
    "seg_content",
    "tmx_date",
    "write_tmx",
]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Variant:
    """One more <tuv> of a multilingual unit: a language's text, with its own props (origin, confidence)."""

    lang: str
    text: str
    props: tuple[tuple[str, str], ...] = ()
    codes: tuple[InlineCode, ...] = ()


@dataclass
class TranslationUnit:
    """One TMX <tu>: source and target text, with its properties (``x-origin``, ``x-release``, ...); a multilingual
    unit has more languages in ``variants``."""

    src: str
    tgt: str | None
    src_lang: str = "fr"
    tgt_lang: str = "en"
    props: list[tuple[str, str]] = field(default_factory=list)  # (type, value), order and repeats kept
    notes: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)  # tuid, creationdate, changedate, usagecount, ...
    src_attrs: dict[str, str] = field(default_factory=dict)  # <tuv> attributes besides xml:lang (changedate, ...)
    tgt_attrs: dict[str, str] = field(default_factory=dict)
    src_codes: tuple[InlineCode, ...] = ()  # inline markup of src (offsets into it)
    tgt_codes: tuple[InlineCode, ...] = ()
    line: int | None = field(default=None, compare=False, repr=False)  # where it was read, for error messages
    variants: tuple[Variant, ...] = ()

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


def quoteattr(text: str) -> str:
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


def tmx_date(dt: datetime | None = None) -> str:
    """``YYYYMMDDThhmmssZ`` in UTC, the TMX date format."""
    dt = (dt or datetime.now(UTC)).astimezone(UTC)
    return dt.strftime("%Y%m%dT%H%M%SZ")


_ATTR_NAME = re.compile(r"[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?", re.ASCII)


def _attrs(attrs: dict[str, str]) -> str:
    """Attributes as read from another tool; a name that is not a valid XML name is left out."""
    return "".join(f" {k}={quoteattr(attr_text(v))}" for k, v in attrs.items() if _ATTR_NAME.fullmatch(k))


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
    yield "  <header " + " ".join(f"{k}={quoteattr(attr_text(v))}" for k, v in attrs.items())
    if h.props:
        yield ">\n"
        for k, v in h.props:
            yield f"    <prop type={quoteattr(attr_text(k))}>{escape(attr_text(v))}</prop>\n"
        yield "  </header>\n"
    else:
        yield "/>\n"
    yield "  <body>\n"
    for u in units:
        tu_attrs = dict(u.attrs)
        tu_attrs.setdefault("creationdate", created)
        yield "    <tu" + _attrs(tu_attrs) + ">\n"
        for n in u.notes:
            yield f"      <note>{escape(attr_text(n))}</note>\n"
        if u.props:  # on one line: a memory of many units stays readable and small
            yield (
                "      "
                + "".join(f"<prop type={quoteattr(attr_text(k))}>{escape(attr_text(v))}</prop>" for k, v in u.props)
                + "\n"
            )
        src_x, tgt_x = code_numbers(u.src_codes, u.tgt_codes)
        src = render_seg(u.src, u.src_codes, src_x)
        yield f"      <tuv xml:lang={quoteattr(attr_text(u.src_lang))}{_attrs(u.src_attrs)}><seg>{src}</seg></tuv>\n"
        if u.tgt is not None:
            tgt = render_seg(u.tgt, u.tgt_codes, tgt_x)
            yield f"      <tuv xml:lang={quoteattr(attr_text(u.tgt_lang))}{_attrs(u.tgt_attrs)}><seg>{tgt}</seg></tuv>\n"
        for variant in u.variants:
            props = "".join(
                f"<prop type={quoteattr(attr_text(k))}>{escape(attr_text(x))}</prop>" for k, x in variant.props
            )
            seg = render_seg(variant.text, variant.codes, code_numbers(variant.codes, ())[0])
            yield f"      <tuv xml:lang={quoteattr(attr_text(variant.lang))}>{props}<seg>{seg}</seg></tuv>\n"
        yield "    </tu>\n"
    yield "  </body>\n</tmx>\n"


def write_tmx(path: str | Path, units: Iterable[TranslationUnit], header: TmxHeader | None = None) -> None:
    """Write atomically: a temporary file renamed over ``path`` once complete."""
    from ..fsutil import atomic_write_chunks

    atomic_write_chunks(path, render_tmx(units, header))


# ---------------------------------------------------------------- reading


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _lang(el: Element) -> str:
    return (el.get(XML_LANG) or el.get("xml:lang") or el.get("lang") or "").strip()


def _same_lang(a: str, b: str) -> bool:
    a, b = a.lower().replace("_", "-"), b.lower().replace("_", "-")
    return a == b or a.split("-")[0] == b.split("-")[0]


_TUV_LANG_ATTRS = (XML_LANG, "xml:lang", "lang")


@dataclass
class _Tuv:
    lang: str
    text: str
    attrs: dict[str, str]
    codes: tuple[InlineCode, ...] = ()


def _header(el: Element) -> TmxHeader:
    return TmxHeader(
        srclang=el.get("srclang", ""),
        adminlang=el.get("adminlang", ""),
        creationtool=el.get("creationtool", ""),
        creationtoolversion=el.get("creationtoolversion", ""),
        segtype=el.get("segtype", ""),
        datatype=el.get("datatype", ""),
        o_tmf=el.get("o-tmf", ""),
        creationdate=el.get("creationdate", ""),
        props=[(p.get("type", ""), p.text or "") for p in el if _local(p.tag) == "prop"],
    )


class TmxReader:
    """Read a TMX file (1.1-1.4) unit by unit, in bounded memory; iterate over it for :class:`TranslationUnit` s.

    Each side's language is its ``<tuv>``'s own ``xml:lang`` (or 1.1 ``lang``), never the header's. Which side is
    the source: ``src_lang`` when given (a unit without a ``<tuv>`` in that language is skipped), otherwise the
    unit's own ``srclang`` or the header's when the unit has that language, otherwise the first ``<tuv>``. The
    target is the ``<tuv>`` in ``tgt_lang`` when given (a unit without one is skipped), otherwise the first other
    language. Languages match on their primary subtag (``fr`` matches ``FR-FR``). ``read`` and ``skipped`` count
    units; ``header`` is set once the ``<header>`` has been read. Units keep their props, notes, ``<tu>`` and
    ``<tuv>`` attributes, and the ``line`` they start on.
    """

    def __init__(self, path: str | Path, src_lang: str | None = None, tgt_lang: str | None = None) -> None:
        self.path = Path(path)
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.header: TmxHeader | None = None
        self.read = 0
        self.skipped = 0

    def __iter__(self) -> Iterator[TranslationUnit]:
        from ..xmlsafe import stream_xml

        in_body = False
        for ev in stream_xml(self.path, collect=("header", "tu"), starts=("body",)):
            tag = _local(ev.element.tag)
            if ev.kind == "start" and tag == "body":
                if self.header is None:
                    raise FormatError("TMX file has no <header> before its <body>", self.path, ev.line)
                in_body = True
            elif ev.kind == "start":
                if tag != "tmx":
                    raise FormatError(f"not a TMX file (root element <{ev.element.tag}>)", self.path)
            elif tag == "header":
                self.header = _header(ev.element)
            elif in_body:
                self.read += 1
                unit = self._unit(ev.element, ev.line)
                if unit is None:
                    self.skipped += 1
                else:
                    yield unit
        if self.header is None:
            raise FormatError("TMX file has no <header>", self.path)
        if not in_body:
            raise FormatError("TMX file has no <body>", self.path)

    def _tuvs(self, tu: Element, line: int) -> list[_Tuv]:
        tuvs = []
        for tuv in tu:
            if _local(tuv.tag) != "tuv":
                continue
            seg = next((c for c in tuv if _local(c.tag) == "seg"), None)
            if seg is None:
                raise FormatError("<tuv> without <seg>", self.path, line)
            attrs = {k: v for k, v in tuv.attrib.items() if k not in _TUV_LANG_ATTRS and not k.startswith("xmlns")}
            text, codes = seg_content(seg)
            tuvs.append(_Tuv(_lang(tuv), text, attrs, codes))
        if not tuvs:
            raise FormatError("<tu> has no <tuv>", self.path, line)
        return tuvs

    @staticmethod
    def _tu_attrs(tu: Element, src_lang: str) -> dict[str, str]:
        """The <tu>'s attributes; its own ``srclang``, if any, names the side stored as source."""
        attrs = {k: v for k, v in tu.attrib.items() if not k.startswith("xmlns")}
        if "srclang" in attrs and attrs["srclang"] != "*all*":
            attrs["srclang"] = src_lang
        return attrs

    def _stated_source(self, tu: Element, tuvs: list[_Tuv]) -> str:
        """The unit's own ``srclang``, else the header's, when the unit has that language; else its first <tuv>."""
        for stated in (tu.get("srclang", ""), self.header.srclang if self.header else ""):
            if stated and stated != "*all*" and any(_same_lang(t.lang, stated) for t in tuvs):
                return stated
        return tuvs[0].lang

    def _unit(self, tu: Element, line: int) -> TranslationUnit | None:
        tuvs = self._tuvs(tu, line)
        s_lang = self.src_lang or self._stated_source(tu, tuvs)
        src = next((t for t in tuvs if t.lang and _same_lang(t.lang, s_lang)), None)
        if src is None:
            return None
        others = [t for t in tuvs if t.lang and not _same_lang(t.lang, s_lang)]
        if self.tgt_lang:
            others = [t for t in others if _same_lang(t.lang, self.tgt_lang)]
            if not others:
                return None
        tgt = others[0] if others else None
        return TranslationUnit(
            src=src.text,
            tgt=tgt.text if tgt else None,
            src_lang=src.lang,
            tgt_lang=tgt.lang if tgt else (self.tgt_lang or ""),
            props=[(p.get("type", ""), p.text or "") for p in tu if _local(p.tag) == "prop"],
            notes=[n.text or "" for n in tu if _local(n.tag) == "note"],
            attrs=self._tu_attrs(tu, src.lang),
            src_attrs=src.attrs,
            tgt_attrs=tgt.attrs if tgt else {},
            src_codes=src.codes,
            tgt_codes=tgt.codes if tgt else (),
            line=line,
        )


def read_tmx(
    path: str | Path, src_lang: str | None = None, tgt_lang: str | None = None
) -> tuple[TmxHeader, list[TranslationUnit]]:
    """Read a whole TMX file: its header and units (see :class:`TmxReader`; use it directly for large files)."""
    reader = TmxReader(path, src_lang, tgt_lang)
    units = list(reader)
    assert reader.header is not None  # the reader raises otherwise
    return reader.header, units
