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
    typer.echo(f"{'release':30} {'fr':>4} {'en':>4} {'beads':>5} {'aligned':>7} {'low':>4}  notes")
    for r in report["releases"]:
        en = "-" if r["en_sentences"] is None else r["en_sentences"]
        beads = r.get("beads", "-")
        share = f"{r['aligned_share']:.0%}" if "aligned_share" in r else "-"
        low = r.get("low_confidence_beads", "-")
        typer.echo(f"{r['id']:30} {r['fr_sentences']:>4} {en:>4} {beads:>5} {share:>7} {low:>4}  {'; '.join(r['notes'])}")
    typer.echo(f"outputs in {out}/", err=True)
