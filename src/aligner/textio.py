"""Reading user text files: UTF-8 (BOM accepted), any line ends, refusing binary and other encodings."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError

_BINARY_SNIFF = 8192


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode bytes of a text file: UTF-8 with optional BOM, CRLF/CR normalised to LF.

    A NUL byte or a byte sequence that is not UTF-8 is an :class:`InputError` naming the file and line.
    """
    if b"\x00" in data[:_BINARY_SNIFF] or (b"\x00" in data):
        raise InputError("binary file (contains NUL bytes), expected UTF-8 text", path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file; every failure is an :class:`InputError` naming the file."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", p) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a text file", p) from None
    except PermissionError:
        raise InputError("permission denied", p) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", p) from None
    return decode_text(data, p)
