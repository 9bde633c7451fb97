"""Text that reaches a terminal: control characters made visible, so stored text can never drive the terminal.

A translation memory holds text from anywhere (imported TMX, PO files, releases). Printed raw, an ESC sequence in a
segment can retitle the window, move the cursor or hide what follows, and it survives ``| less -R`` or a CI log.
:func:`for_terminal` writes every C0 control (newline and tab included), DEL, every C1 control (U+0080-U+009F, which
some terminals read as ESC sequences), the bidirectional overrides and isolates (which reorder what the reader sees),
the line and paragraph separators, and lone surrogates (which a UTF-8 terminal cannot even receive) as Python-style
escapes: ``\\x1b``, ``\\x9b``, ``\\u202e``, ``\\udc80``. Everything else is left as is.
"""

from __future__ import annotations

import json
import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
_NEWLINE_TAB = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)  # json escapes C0
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def for_terminal(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every character that could act on a terminal written as a visible escape.

    With ``keep_newlines`` newline and tab stay as they are (for multi-line output); otherwise the result is one line.
    """
    return (_NEWLINE_TAB if keep_newlines else _UNSAFE).sub(_escape, text)


def _json_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def json_for_terminal(value: object, indent: int | None = 2) -> str:
    """JSON text (non-ASCII kept readable) in which the characters :func:`for_terminal` escapes are ``\\uXXXX``.

    ``json.dumps`` already escapes C0 controls; C1 controls, bidi controls and lone surrogates would otherwise pass
    through raw. The result parses back to exactly ``value``.
    """
    return _JSON_UNSAFE.sub(_json_escape, json.dumps(value, ensure_ascii=False, indent=indent))
