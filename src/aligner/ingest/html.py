"""HTML releases, read with lxml's HTML parser (libxml2): leniently, as browsers read malformed pages.

The headline is the first ``<h1>``, or else the ``<title>``; every block (``<p>``, ``<li>``, headings, table cells,
``<div>`` text) is a line. Inline elements (``<b>``, ``<a href>``, ``<span>``) become paired codes, ``<br>`` and
``<img>`` standalone ones. What a reader does not read is dropped: ``<script>``, ``<style>``, ``<template>``,
``<noscript>``, navigation (``<nav>``, ``role="navigation"`` or ``"menu"``), form controls, embedded media and
anything marked ``hidden``. Comments and processing instructions are dropped by the parser. No network access: the
parser never loads a DTD or any other resource.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import ReleaseText
from .builder import TextBuilder

BLOCKS = frozenset(
    "address article aside blockquote body caption center colgroup dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li listing main menu "
    "ol optgroup p plaintext pre section summary table tbody td tfoot th thead tr ul xmp".split()
)
PREFORMATTED = frozenset({"pre", "listing", "plaintext", "xmp", "textarea"})
DROPPED = frozenset(
    "script style template noscript nav head title meta link base button select textarea input option datalist "
    "svg math iframe frame object embed audio video canvas map area source track param wbr".split()
)
NAVIGATION_ROLES = frozenset({"navigation", "menu", "menubar"})
STANDALONE = frozenset({"img", "br", "image"})


def read_html(text: str, path: str | Path) -> ReleaseText:
    """The release text of an HTML page (already decoded from UTF-8); a page with no text is an empty release."""
    builder = TextBuilder()
    root = _parse(text, path)
    if root is not None:
        body = root.find("body")
        walk_html(builder, root if body is None else body)
        title = root.find(".//title")
        if not builder.has_headline and title is not None:  # the builder puts the headline line first
            builder.block(title.sourceline, heading=True)
            builder.text(title.text)
            builder.block()
    return builder.build("html")


def _parse(text: str, path: str | Path) -> Any:
    """The document's root element, or None for a page without any markup or text."""
    if not text.strip():
        return None
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, default_doctype=False, huge_tree=True
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except lxml.etree.ParserError:  # "Document is empty": no element at all
        return None
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise InputError(f"cannot be read as HTML ({exc})", path) from None
    fatal = next((e for e in parser.error_log if e.level_name == "FATAL"), None)
    if fatal is not None:  # libxml2 stops reading there (elements nested over 2048 deep): refuse, lose nothing silently
        raise InputError(f"cannot be read as HTML ({fatal.message.split(',')[0]})", path, fatal.line or None)
    return root


def walk_html(builder: TextBuilder, root: Any, line_offset: int = 0) -> None:
    """Lay the elements under ``root`` out into ``builder``; iterative, so no nesting depth exhausts the stack.

    ``line_offset`` is added to the parser's line numbers (a fragment of a Markdown file)."""
    import lxml.etree

    opened: dict[Any, int] = {}  # inline element -> its code number
    preformatted = 0
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if el is not root and (not tag or _dropped(el, tag)):
                walker.skip_subtree()
                continue
            preformatted += tag in PREFORMATTED
            _start(builder, el, tag, line_offset, opened, preformatted > 0)
            continue
        if el is root:
            if tag in BLOCKS:
                builder.block()
            continue
        if tag and not _dropped(el, tag):
            if tag in BLOCKS:
                builder.block()
            elif el in opened:
                builder.close(opened.pop(el))
            preformatted -= tag in PREFORMATTED
        builder.text(el.tail, preformatted > 0)


def _dropped(el: Any, tag: str) -> bool:
    return (
        tag in DROPPED
        or el.get("hidden") is not None
        or (el.get("role") or "").strip().lower() in NAVIGATION_ROLES
        or ":" in tag  # a namespaced element (inline SVG, MathML) is not text
    )


def _start(builder: TextBuilder, el: Any, tag: str, line_offset: int, opened: dict[Any, int], pre: bool) -> None:
    line = None if el.sourceline is None else el.sourceline + line_offset
    attrs = tuple((str(k), str(v)) for k, v in el.attrib.items())
    if tag in BLOCKS:
        builder.block(line, heading=tag == "h1")
    elif tag in STANDALONE:
        builder.point("img" if tag == "image" else tag, attrs, start_tag(tag, attrs), line_break=tag == "br")
    else:
        opened[el] = builder.open(tag, attrs, start_tag(tag, attrs), f"</{tag}>")
    builder.text(el.text, pre)


def start_tag(tag: str, attrs: tuple[tuple[str, str], ...]) -> str:
    """The start tag as HTML writes it (attribute values quoted and escaped)."""
    return "<" + tag + "".join(f' {k}="{escape(v, quote=True)}"' for k, v in attrs) + ">"
