"""``aligner export``: a run's outputs packaged for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import handles_errors

export_app = typer.Typer(help="Package a run for other tools (OmegaT).", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("omegat")
@handles_errors
def export_omegat(
    out: Annotated[Path, typer.Argument(help="Output folder of an earlier `aligner run`.")],
    project: Annotated[Path, typer.Option("--output", "-o", help="The new OmegaT project folder.")],
    lang: Annotated[
        str | None, typer.Option("--lang", help="The translation language (needed when the run has several).")
    ] = None,
) -> None:
    """A ready OmegaT project: the French releases, segmentation rules that cut them as the run did, the trusted
    memory in tm/auto/, machine translation in tm/mt/ and the glossary."""
    from ..export.omegat import export_omegat as export

    done = export(out, project, lang)
    typer.echo(
        f"{done.path}: OmegaT project with {done.sources} releases, the run's memory"
        + (", its machine translations" if done.mt else "")
        + (f" and {done.glossary_terms} glossary entries" if done.glossary_terms else "")
    )
    if done.unreadable:
        typer.echo(
            f"aligner: warning: OmegaT 3.6 has no Markdown filter: {len(done.unreadable)} release(s) in source/ "
            f"will not be offered for translation ({', '.join(done.unreadable)})",
            err=True,
        )
