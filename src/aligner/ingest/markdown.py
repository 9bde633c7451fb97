"""Markdown releases, read with markdown-it-py (CommonMark, with tables and strikethrough).

The headline is the first ``#`` heading (or ``===`` underlined one); every other block (paragraph, list item, heading,
table cell, code block line) is a line of text. Emphasis, strong, strikethrough, code spans and links become paired
codes whose native form is the Markdown itself (``**``, ``[`` and ``](url)``); images and hard line breaks become
standalone codes. Raw HTML is read as HTML: inline tags become codes, HTML blocks are laid out by the HTML reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..inline import tag_name
from ..model import ReleaseText
from .builder import TextBuilder

BLOCK_OPENINGS = frozenset({"heading_open", "paragraph_open", "th_open", "td_open", "list_item_open"})
BLOCK_CLOSINGS = frozenset({"heading_close", "paragraph_close", "th_close", "td_close", "list_item_close"})
PAIRED = {"strong_open": "strong", "em_open": "em", "s_open": "s"}
VOID_HTML = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def read_markdown(text: str, path: str | Path) -> ReleaseText:
    """The release text of a Markdown file (already decoded from UTF-8); no text at all is an empty release."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    builder = TextBuilder()
    line = 1
    for tok in md.parse(text):
        if tok.map:
            line = tok.map[0] + 1
        if tok.type in BLOCK_OPENINGS:
            builder.block(line, heading=tok.type == "heading_open" and tok.tag == "h1")
        elif tok.type in BLOCK_CLOSINGS:
            builder.block()
        elif tok.type == "inline":
            _Inline(builder).run(tok.children or [])
        elif tok.type in ("fence", "code_block"):
            builder.block(line + (tok.type == "fence"))
            builder.text(tok.content.rstrip("\n"), preformatted=True)
            builder.block()
        elif tok.type == "html_block":
            _html_block(builder, tok.content, line)
    return builder.build("markdown")


def _html_block(builder: TextBuilder, content: str, line: int) -> None:
    from .html import _parse, walk_html

    root = _parse(content, "")
    if root is not None:
        body = root.find("body")
        builder.block(line)
        walk_html(builder, root if body is None else body, line - 1)
        builder.block()


class _Inline:
    """The inline tokens of one block into the builder; raw HTML tags are paired by name."""

    def __init__(self, builder: TextBuilder) -> None:
        self.b = builder
        self.stack: list[int] = []  # codes of Markdown markup opened and not yet closed
        self.html: list[tuple[str, int]] = []  # raw HTML elements opened: (name, code)

    def run(self, tokens: list[Any]) -> None:
        for tok in tokens:
            kind = tok.type
            if kind == "text":
                self.b.text(tok.content)
            elif kind == "softbreak":
                self.b.text("\n")
            elif kind == "hardbreak":
                self.b.point("br", (), "\\\n", line_break=True)
            elif kind in PAIRED:
                self.stack.append(self.b.open(PAIRED[kind], (), tok.markup, tok.markup))
            elif kind == "link_open":
                self._link(tok)
            elif kind in ("strong_close", "em_close", "s_close", "link_close") and self.stack:
                self.b.close(self.stack.pop())
            elif kind == "code_inline":
                code = self.b.open("code", (), tok.markup, tok.markup)
                self.b.text(tok.content)
                self.b.close(code)
            elif kind == "image":
                self._image(tok)
            elif kind == "html_inline":
                self._html(tok.content)

    def _link(self, tok: Any) -> None:
        href, title = str(tok.attrs.get("href", "")), str(tok.attrs.get("title", "") or "")
        attrs = (("href", href),) + ((("title", title),) if title else ())
        if tok.markup == "autolink":
            opening, closing = "<", ">"
        else:
            opening, closing = "[", f"]({_destination(href)}{_title(title)})"
        self.stack.append(self.b.open("a", attrs, opening, closing))

    def _image(self, tok: Any) -> None:
        src, title = str(tok.attrs.get("src", "")), str(tok.attrs.get("title", "") or "")
        attrs = (("src", src), ("alt", tok.content)) + ((("title", title),) if title else ())
        self.b.point("img", attrs, f"![{tok.content}]({_destination(src)}{_title(title)})")

    def _html(self, raw: str) -> None:
        """A raw HTML tag: an opening pairs with the next closing of the same name; comments are dropped."""
        if raw.startswith(("<!", "<?")):
            return
        closing = raw.startswith("</")
        name = tag_name(raw)
        if closing:
            for k in range(len(self.html) - 1, -1, -1):
                if self.html[k][0] == name:
                    self.b.close(self.html.pop(k)[1], raw)
                    return
            self.b.closing(name, raw)
        elif name in VOID_HTML or raw.endswith("/>"):
            self.b.point(name, (), raw, line_break=name == "br")
        else:
            self.html.append((name, self.b.open(name, (), raw, f"</{name}>")))


def _destination(url: str) -> str:
    return f"<{url}>" if not url or any(ch in url for ch in " ()") else url


def _title(title: str) -> str:
    return ' "' + title.replace('"', '\\"') + '"' if title else ""
