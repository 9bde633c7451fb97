"""``aligner run``: the corpus job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..pipeline import run_corpus
from . import app
from .common import handles_errors


@app.command()
@handles_errors
def run(
    corpus: Annotated[Path, typer.Argument(help="Corpus folder holding fr/ and en/.")] = Path("corpora"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
) -> None:
    """Pair, segment and align every release of a corpus and write the outputs under OUT."""
    report = run_corpus(corpus, out)
    for r in report["releases"]:
        en = "-" if r["en_sentences"] is None else r["en_sentences"]
        typer.echo(f"{r['id']:30} fr {r['fr_sentences']:4}  en {en:>4}  {'; '.join(r['notes'])}")
    typer.echo(f"outputs in {out}/", err=True)
