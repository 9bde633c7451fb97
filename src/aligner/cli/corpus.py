"""``aligner corpus``: which releases pair up, and which lack a counterpart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import handles_errors

corpus_app = typer.Typer(
    help="Inspect a corpus folder (a folder per language, releases paired by file name).", no_args_is_help=True
)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("list")
@handles_errors
def corpus_list(
    root: Annotated[Path, typer.Argument(help="Corpus folder holding a folder per language.")] = Path("corpora"),
    pivot: Annotated[str, typer.Option("--pivot", help="The originals' language folder.")] = "en",
    langs: Annotated[str | None, typer.Option("--langs", help="Translation languages, e.g. fr,de.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List releases: paired, translations without an original, originals without a translation; and skipped files."""
    from ..corpus import discover
    from ..textsafe import for_terminal

    c = discover(root, pivot, None if langs is None else tuple(langs.split(",")))

    def name(r) -> str:
        return r.uid if c.multilingual else r.id

    if as_json:
        data = {
            "pivot": c.pivot,
            "langs": list(c.langs),
            "pairs": [name(r) for r in c.pairs],
            "without_original": [name(r) for r in c.without_original],
            "untranslated_originals": [name(r) for r in c.untranslated_originals],
            "skipped": [{"path": x.path, "reason": x.reason} for x in c.skipped],
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for r in c.releases:
        state = "paired" if r.paired else ("no original" if r.tgt is None else f"no {r.lang} translation")
        typer.echo(for_terminal(f"{name(r)}\t{state}"))
    for x in c.skipped:
        typer.echo(f"skipped: {for_terminal(str(x))}", err=True)
    typer.echo(
        f"{len(c.pairs)} paired, {len(c.without_original)} without an original, "
        f"{len(c.untranslated_originals)} originals without a translation, {len(c.skipped)} skipped",
        err=True,
    )
