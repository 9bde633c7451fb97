"""Reading user text files: UTF-8 (BOM accepted), any line ends, refusing binary and other encodings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

_BINARY_SNIFF = 8192
MAX_BYTES = 32 * 1024 * 1024  # a release larger than this is refused (memory stays bounded)


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


def open_input(path: str | Path, expected: str = "a text file") -> BinaryIO:
    """A file opened for reading in binary; a missing file, a folder or an unreadable one is one :class:`InputError`
    naming it (``expected`` says what a folder should have been)."""
    p = Path(path)
    try:
        return p.open("rb")
    except FileNotFoundError:
        raise InputError("no such file", p) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, expected {expected}", p) from None
    except PermissionError:
        raise InputError("permission denied", p) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", p) from None


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, with the same one-line errors as read_text (missing, a folder, too large, unreadable)."""
    p = Path(path)
    with open_input(p) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > MAX_BYTES:
            raise InputError(f"file too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB per file)", p)
        try:
            return fh.read()
        except OSError as exc:
            raise InputError(f"cannot read ({exc.strerror})", p) from None


def read_text_bytes(path: str | Path) -> bytes:
    """The bytes of a text file, read once, after checking that they are UTF-8 text (same errors as read_text)."""
    p = Path(path)
    data = read_bytes(p)
    decode_text(data, p)
    return data


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file; every failure is an :class:`InputError` naming the file."""
    p = Path(path)
    return decode_text(read_bytes(p), p)


def read_lines(path: str | Path) -> list[str]:
    """The lines of a UTF-8 text file (one segment per line); a final newline does not make an empty segment."""
    lines = read_text(path).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines
