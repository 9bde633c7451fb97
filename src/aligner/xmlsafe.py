"""The one place XML is parsed: no network access, no entity expansion, no external DTD.

:func:`parse_xml` reads a whole (small) file into a tree; :func:`stream_xml` reads a file of any size element by
element (translation memories), with limits on nesting and on the size of one element.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, SubElement
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as SafeET

from .errors import FormatError, InputError
from .textio import open_input


def parse_xml(path: str | Path) -> Element:
    """Parse an XML file safely and return its root element.

    Entity declarations (internal or external) and external references are refused; a DOCTYPE that only names a DTD
    is accepted but the DTD is never read. Every failure is one :class:`FormatError` with file and line.
    """
    path = Path(path)
    try:
        with open_input(path, "an XML file") as fh:
            tree = SafeET.parse(fh, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise FormatError(f"malformed XML ({_reason(exc)})", path, line) from None
    except defusedxml.DefusedXmlException as exc:
        raise FormatError(
            f"refused: {type(exc).__name__} (entity declarations and external references are not allowed)", path
        ) from None
    return tree.getroot()


def _reason(exc: ParseError) -> str:
    msg = str(exc)
    return msg.split(":", 1)[0] if ":" in msg else msg


# ---------------------------------------------------------------- streaming

MAX_DEPTH = 100  # element nesting; real TMX, TBX and SRX files stay under 15
MAX_SUBTREE_CHARS = 4 * 1024 * 1024  # characters of text in one collected element (a <tu>)
MAX_SUBTREE_ELEMENTS = 10_000  # elements inside one collected element
_CHUNK = 1 << 16


@dataclass
class XmlEvent:
    """``start``: an element named in ``starts`` (or the root), attributes only. ``end``: a complete collected element."""

    kind: str
    element: Element
    line: int


class _Collector:
    """expat handlers that build only the collected subtrees, enforcing depth and size limits."""

    def __init__(self, parser, path: Path, collect: Collection[str], starts: Collection[str]) -> None:
        self.parser, self.path, self.collect, self.starts = parser, path, collect, starts
        self.events: list[XmlEvent] = []
        self.open: list[Element] = []  # the collected subtree being built, outermost first
        self.depth = 0
        self.start_line = 0
        self.chars = self.elements = 0

    def _too_big(self, what: str) -> FormatError:
        return FormatError(what, self.path, self.parser.CurrentLineNumber)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._too_big(f"elements nested deeper than {MAX_DEPTH} levels")
        tag = name.rsplit(":", 1)[-1]
        if self.open:
            self.elements += 1
            if self.elements > MAX_SUBTREE_ELEMENTS:
                raise self._too_big(f"more than {MAX_SUBTREE_ELEMENTS} elements in one <{self.open[0].tag}>")
            self.open.append(SubElement(self.open[-1], tag, attrs))
        elif tag in self.collect:
            self.open.append(Element(tag, attrs))
            self.start_line = self.parser.CurrentLineNumber
            self.chars = self.elements = 0
        elif self.depth == 1 or tag in self.starts:
            self.events.append(XmlEvent("start", Element(tag, attrs), self.parser.CurrentLineNumber))

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.open:
            el = self.open.pop()
            if not self.open:
                self.events.append(XmlEvent("end", el, self.start_line))

    def data(self, text: str) -> None:
        if not self.open:
            return
        self.chars += len(text)
        if self.chars > MAX_SUBTREE_CHARS:
            raise self._too_big(f"more than {MAX_SUBTREE_CHARS} characters of text in one <{self.open[0].tag}>")
        el = self.open[-1]
        if len(el):
            last = el[-1]
            last.tail = (last.tail or "") + text
        else:
            el.text = (el.text or "") + text


def _refuse(*_args) -> None:
    raise _Refused


class _Refused(Exception):
    pass


def _safe_parser():
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = _CHUNK
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse  # type: ignore[assignment]  # expat wants an int back; it raises first
    parser.SkippedEntityHandler = _refuse
    return parser


def stream_xml(path: str | Path, collect: Collection[str], starts: Collection[str] = ()) -> Iterator[XmlEvent]:
    """Read an XML file in chunks, yielding the root's start, the starts of ``starts`` elements and every complete
    ``collect`` element (with its children), in document order. Memory stays bounded by one collected element.

    Tags lose their namespace prefix (``tmx:tu`` is ``tu``); attribute names stay as written (``xml:lang``). As with
    :func:`parse_xml`, entity declarations and external references are refused and no DTD is read. Nesting deeper
    than :data:`MAX_DEPTH`, or a collected element over :data:`MAX_SUBTREE_CHARS` characters or
    :data:`MAX_SUBTREE_ELEMENTS` elements, is a :class:`FormatError` with file and line.
    """
    path = Path(path)
    parser = _safe_parser()
    sink = _Collector(parser, path, frozenset(collect), frozenset(starts))
    parser.StartElementHandler = sink.start
    parser.EndElementHandler = sink.end
    parser.CharacterDataHandler = sink.data
    with open_input(path, "an XML file") as fh:
        final = False
        while not final:
            try:
                chunk = fh.read(_CHUNK)
                final = not chunk
                parser.Parse(chunk, final)
            except expat.ExpatError as exc:
                raise FormatError(f"malformed XML ({expat.ErrorString(exc.code)})", path, exc.lineno) from None
            except _Refused:
                raise FormatError(
                    "refused: entity declarations and external references are not allowed",
                    path,
                    parser.CurrentLineNumber,
                ) from None
            except OSError as exc:
                raise InputError(f"cannot read ({exc.strerror})", path) from None
            yield from sink.events
            sink.events.clear()
