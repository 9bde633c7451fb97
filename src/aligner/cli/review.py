"""``aligner review``: the corrections of a release as a file, for scripts and spreadsheets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import OutputOpt, emit, handles_errors

review_app = typer.Typer(help="Review: export a release's beads as a corrections file.", no_args_is_help=True)
app.add_typer(review_app, name="review")


@review_app.command("export")
@handles_errors
def review_export(
    release: Annotated[str, typer.Argument(help="Release id (the file name without extension).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder of an earlier `aligner run`.")] = Path("build"),
    output: OutputOpt = None,
) -> None:
    """Write the corrections file the release's review page would download, from the run's current beads.

    Edit it (merge, split, unpair, approve with "reviewed": true, English in "text") and give it to `aligner apply`.
    """
    from ..run.review import export_corrections

    emit(json.dumps(export_corrections(out, release), ensure_ascii=False, indent=1) + "\n", output)
