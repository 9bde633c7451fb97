"""The ``aligner`` command line. Each command module registers its commands on :data:`app`."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from .common import STATE

app = typer.Typer(
    name="aligner",
    help="Segment, align, translate and score French releases against their English originals.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aligner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    STATE["debug"] = debug


from . import align as _align  # noqa: E402,F401  (registers commands)
from . import apply as _apply  # noqa: E402,F401
from . import corpus as _corpus  # noqa: E402,F401
from . import export as _export  # noqa: E402,F401
from . import review as _review  # noqa: E402,F401
from . import run as _run  # noqa: E402,F401
from . import score as _score  # noqa: E402,F401
from . import segment as _segment  # noqa: E402,F401
from . import terms as _terms  # noqa: E402,F401
from . import tm as _tm  # noqa: E402,F401
from . import translate as _translate  # noqa: E402,F401


def main() -> None:
    app()
