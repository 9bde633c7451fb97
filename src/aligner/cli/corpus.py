"""``aligner corpus``: which releases pair up, and which lack a counterpart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..corpus import discover
from . import app
from .common import handles_errors

corpus_app = typer.Typer(
    help="Inspect a corpus folder (fr/ and en/ releases paired by file name).", no_args_is_help=True
)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("list")
@handles_errors
def corpus_list(
    root: Annotated[Path, typer.Argument(help="Corpus folder holding fr/ and en/.")] = Path("corpora"),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List releases: paired, French without English original, English without French."""
    c = discover(root)
    if as_json:
        data = {
            "pairs": [r.id for r in c.pairs],
            "french_only": [r.id for r in c.french_only],
            "english_only": [r.id for r in c.english_only],
            "skipped": [{"path": x.path, "reason": x.reason} for x in c.skipped],
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for r in c.releases:
        state = "paired" if r.paired else ("no English original" if r.tgt is None else "no French version")
        typer.echo(f"{r.id}\t{state}")
    for x in c.skipped:
        typer.echo(f"skipped: {x}", err=True)
    typer.echo(
        f"{len(c.pairs)} paired, {len(c.french_only)} French only, {len(c.english_only)} English only, "
        f"{len(c.skipped)} skipped",
        err=True,
    )
