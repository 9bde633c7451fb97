"""Release files into release text: ``.txt`` as it is, HTML and Markdown pages as a reader sees them.

:func:`read_release` (or :func:`parse_release` on bytes already read) gives a :class:`~aligner.model.ReleaseText`:
the headline line then one paragraph per line, in plain text, with the markup of HTML and Markdown releases as inline
codes. Every file must be UTF-8 text: anything else is one :class:`~aligner.errors.InputError` naming the file.
"""

from __future__ import annotations

from pathlib import Path

from ..model import ReleaseText
from ..textio import decode_text, read_bytes

__all__ = ["FORMATS", "RELEASE_SUFFIXES", "parse_release", "read_release", "release_format"]

FORMATS = {".txt": "text", ".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}
RELEASE_SUFFIXES = tuple(FORMATS)  # compared case-insensitively


def release_format(path: str | Path) -> str:
    """text, html or markdown, by the file's extension (any case); other extensions are read as text."""
    return FORMATS.get(Path(path).suffix.lower(), "text")


def parse_release(data: bytes, path: str | Path) -> ReleaseText:
    """The release text of a file's bytes (read once by the caller, who may hash them)."""
    text = decode_text(data, path)
    fmt = release_format(path)
    if fmt == "html":
        from .html import read_html

        return read_html(text, path)
    if fmt == "markdown":
        from .markdown import read_markdown

        return read_markdown(text, path)
    return ReleaseText(text)


def read_release(path: str | Path) -> ReleaseText:
    """Read a release file (``.txt``, ``.html``/``.htm``, ``.md``/``.markdown``) into its release text."""
    return parse_release(read_bytes(path), path)
