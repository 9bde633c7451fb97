"""What every command shares: error handling, output writing, common options."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from ..errors import AlignerError
from ..fsutil import atomic_write_text

F = TypeVar("F", bound=Callable)

STATE = {"debug": False}

OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of standard output.")
]


def fail(message: str, code: int = 1) -> typer.Exit:
    from ..textsafe import for_terminal

    typer.echo(f"aligner: error: {for_terminal(message)}", err=True)
    return typer.Exit(code)


def handles_errors(fn: F) -> F:
    """Turn library errors into one line on stderr and the error's exit code (``--debug`` keeps the traceback)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AlignerError as exc:
            if STATE["debug"]:
                raise
            raise fail(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper  # type: ignore[return-value]


def emit(text: str, output: Path | None) -> None:
    """Write a command's whole output: to ``output`` atomically, or to standard output."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(output, text)
