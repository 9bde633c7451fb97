"""``aligner apply``: take a reviewer's corrections from the review page into the corpus and the outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import handles_errors


@app.command()
@handles_errors
def apply(
    corrections: Annotated[Path, typer.Argument(help="A <release>.corrections.json downloaded from the review page.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder of an earlier `aligner run`.")] = Path(
        "build"
    ),
    corpus: Annotated[
        Path | None, typer.Option("--corpus", "-c", help="Corpus folder [default: the one the run used].")
    ] = None,
) -> None:
    """Store corrected beads with the corpus (CORPUS/corrections/) and bring the run's outputs up to date.

    The run's own settings (OUT/run.json: segmentation rules, model, glossary, gates) are used. The corrections are an
    input: every later `aligner run` uses them while the release's text is unchanged.
    """
    from ..run.apply import apply_corrections

    done = apply_corrections(corrections, out, corpus)
    typer.echo(
        f"{done.release}: {done.beads} beads ({done.reviewed} reviewed) stored in {done.stored}; "
        f"outputs updated in {out}/"
    )
