"""Error types. Each carries the file (and line where it applies) so the CLI can print one clear line."""

from __future__ import annotations

from pathlib import Path


class AlignerError(Exception):
    """Base class for every error aligner reports to a user."""

    exit_code = 1

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line

    def __reduce__(self):  # keep file and line when the error crosses a process boundary (--jobs)
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


class InputError(AlignerError):
    """A file that cannot be read as the text it should be (missing, binary, not UTF-8, malformed)."""


class FormatError(AlignerError):
    """A structured file (SRX, TMX, PO, bead file) that does not follow its format."""


class UsageError(AlignerError):
    """Options that do not make sense together, an unknown language, and the like."""

    exit_code = 2
