"""``aligner tm``: import, export and search a SQLite translation memory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import handles_errors

tm_app = typer.Typer(help="Translation memory store (SQLite): import TMX, export TMX, search.", no_args_is_help=True)
app.add_typer(tm_app, name="tm")

DbOpt = Annotated[Path, typer.Option("--db", help="The translation memory database (created if missing).")]


@tm_app.command("import")
@handles_errors
def tm_import(
    files: Annotated[list[Path], typer.Argument(help="TMX files from any tool (OmegaT, Trados, translate-toolkit).")],
    db: DbOpt = Path("memory.sqlite"),
    src_lang: Annotated[str | None, typer.Option("--src-lang", help="Source language (default: the header's).")] = None,
    tgt_lang: Annotated[
        str | None, typer.Option("--tgt-lang", help="Target language (default: the other one).")
    ] = None,
) -> None:
    """Add the units of TMX files to the memory; their props, notes and attributes are kept."""
    from ..formats.tmx import read_tmx
    from ..tm import TranslationMemory

    parsed = [(f, read_tmx(f, src_lang, tgt_lang)[1]) for f in files]  # parse all first: a bad file changes nothing
    with TranslationMemory(db) as tm:
        for f, units in parsed:
            added = tm.add_units(units)
            typer.echo(f"{f}: {len(units)} units read, {added} added")


@tm_app.command("export")
@handles_errors
def tm_export(
    db: DbOpt = Path("memory.sqlite"),
    output: Annotated[Path, typer.Option("--output", "-o", help="TMX file to write.")] = Path("memory.tmx"),
) -> None:
    """Write every unit of the memory to a TMX 1.4b file."""
    from ..formats.tmx import TmxHeader, write_tmx
    from ..tm import TranslationMemory

    if not db.exists():
        from ..errors import InputError

        raise InputError("no such translation memory", db)
    with TranslationMemory(db) as tm:
        units = list(tm.units())
    write_tmx(output, units, TmxHeader())
    typer.echo(f"{output}: {len(units)} units")


@tm_app.command("search")
@handles_errors
def tm_search(
    text: Annotated[str, typer.Argument(help="French sentence to look up.")],
    db: DbOpt = Path("memory.sqlite"),
    threshold: Annotated[float, typer.Option("--threshold", "-t", min=0, max=100, help="Lowest match %.")] = 75.0,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Matches to show.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Exact and fuzzy matches of a sentence, with their percentage."""
    from ..tm import TranslationMemory

    if not db.exists():
        from ..errors import InputError

        raise InputError("no such translation memory", db)
    with TranslationMemory(db) as tm:
        matches = tm.lookup(text, threshold=threshold, limit=limit, fuzzy_when_exact=True)
    if as_json:
        typer.echo(json.dumps([m.__dict__ for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        typer.echo("no match", err=True)
        raise typer.Exit(1)
    for m in matches:
        kind = "exact" if m.exact else "fuzzy"
        typer.echo(
            f"{m.score:5.1f}% {kind:5}  {m.src}\n       -> {m.tgt}   [{m.origin}{', ' + m.release if m.release else ''}]"
        )
