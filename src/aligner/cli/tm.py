"""``aligner tm``: import (TMX, PO), export, search and rebuild a SQLite translation memory.

Everything printed from the memory or from file names goes through :func:`aligner.textsafe.for_terminal`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..textsafe import for_terminal, json_for_terminal
from . import app
from .common import handles_errors

tm_app = typer.Typer(
    help="Translation memory store (SQLite): import TMX and PO, export TMX, search, rebuild.", no_args_is_help=True
)
app.add_typer(tm_app, name="tm")

DbOpt = Annotated[Path, typer.Option("--db", help="The translation memory database (created if missing).")]
SrcLangOpt = Annotated[str, typer.Option("--src-lang", help="The memory's source language.")]
TgtLangOpt = Annotated[str, typer.Option("--tgt-lang", help="The memory's target language.")]


def _echo(line: str) -> None:
    """One line of output; whatever it quotes (file names, stored text) cannot act on the terminal."""
    typer.echo(for_terminal(line))


def _existing(db: Path) -> Path:
    if not db.exists():
        from ..errors import InputError

        raise InputError("no such translation memory", db)
    return db


@tm_app.command("import")
@handles_errors
def tm_import(
    files: Annotated[list[Path], typer.Argument(help="TMX files from any tool, and gettext PO files (.po).")],
    db: DbOpt = Path("memory.sqlite"),
    src_lang: SrcLangOpt = "fr",
    tgt_lang: TgtLangOpt = "en",
    include_fuzzy: Annotated[
        bool, typer.Option("--include-fuzzy", help="Also import fuzzy PO entries (origin po-fuzzy, never exact).")
    ] = False,
    po_msgid_lang: Annotated[
        str | None, typer.Option("--po-msgid-lang", help="Language of PO msgids (default: X-Source-Language).")
    ] = None,
    po_msgstr_lang: Annotated[
        str | None, typer.Option("--po-msgstr-lang", help="Language of PO msgstrs (default: Language).")
    ] = None,
) -> None:
    """Add the units of TMX and PO files to the memory, each side in its own language (a TMX <tuv>'s xml:lang, a
    PO header's X-Source-Language and Language), turned to the memory's pair. Props, notes and attributes are kept.
    All files go in one transaction: a bad file changes nothing."""
    from ..tm import TranslationMemory
    from ..tm.importing import ImportOptions, import_files
    from ..tm.store import remove_database

    options = ImportOptions(src_lang, tgt_lang, include_fuzzy, po_msgid_lang, po_msgstr_lang)
    existed = db.exists()
    try:
        with TranslationMemory(db) as tm:
            results = import_files(tm, files, options)
    except BaseException:
        if not existed:
            remove_database(db)
        raise
    for r in results:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(r.skipped.items()))
        _echo(f"{r.path}: {r.read} units read, {r.added} added" + (f", skipped: {skipped}" if skipped else ""))


@tm_app.command("export")
@handles_errors
def tm_export(
    db: DbOpt = Path("memory.sqlite"),
    output: Annotated[Path, typer.Option("--output", "-o", help="TMX file to write.")] = Path("memory.tmx"),
    origin: Annotated[
        list[str] | None,
        typer.Option("--origin", help="Only this origin or family (aligned, reviewed, imported, tm, tm-fuzzy, mt...)."),
    ] = None,
    release: Annotated[list[str] | None, typer.Option("--release", help="Only this release (repeatable).")] = None,
    min_score: Annotated[
        float | None, typer.Option("--min-score", min=0, help="Only units with an alignment score at least this.")
    ] = None,
    include_mt: Annotated[
        bool, typer.Option("--include-mt", help="Also export machine translations (left out by default).")
    ] = False,
) -> None:
    """Write the memory's units to a TMX 1.4b file; machine translations only when asked for."""
    from dataclasses import replace

    from ..formats.tmx import TmxHeader, write_tmx
    from ..tm import TranslationMemory, UnitFilter

    where = UnitFilter(tuple(origin or ()), tuple(release or ()), min_score, include_mt)
    written = 0
    with TranslationMemory(_existing(db)) as tm:
        langs = tm.source_languages(where)
        header = TmxHeader(srclang=langs[0] if len(langs) == 1 else "*all*" if langs else "fr")

        def counted():
            nonlocal written
            for u in tm.units(where):
                written += 1
                yield u

        write_tmx(output, counted(), header)
        mt_left = 0 if (origin or include_mt) else tm.count(replace(where, origins=("mt",)))
    note = f" ({mt_left} machine translations left out: --include-mt takes them)" if mt_left else ""
    _echo(f"{output}: {written} units{note}")


@tm_app.command("search")
@handles_errors
def tm_search(
    text: Annotated[str, typer.Argument(help="Sentence to look up (in the memory's source language).")],
    db: DbOpt = Path("memory.sqlite"),
    threshold: Annotated[float, typer.Option("--threshold", "-t", min=0, max=100, help="Lowest match %.")] = 75.0,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Matches to show.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    src_lang: SrcLangOpt = "fr",
    tgt_lang: TgtLangOpt = "en",
) -> None:
    """Exact and fuzzy matches of a sentence, with their percentage; a source and translation stored several times
    is shown once, with how many times."""
    from dataclasses import asdict

    from ..tm import TranslationMemory

    with TranslationMemory(_existing(db)) as tm:
        matches = tm.lookup(
            text, threshold=threshold, limit=limit, fuzzy_when_exact=True, src_lang=src_lang, tgt_lang=tgt_lang
        )
    if as_json:
        typer.echo(json_for_terminal([asdict(m) for m in matches]))
        return
    if not matches:
        typer.echo("no match", err=True)
        raise typer.Exit(1)
    for m in matches:
        kind = "exact" if m.exact else "fuzzy"
        where = ", ".join(x for x in (m.origin, m.release or "", f"{m.count} units" if m.count > 1 else "") if x)
        typer.echo(f"{m.score:5.1f}% {kind:5}  {for_terminal(m.src)}")
        typer.echo(f"       -> {for_terminal(m.tgt or '')}   [{for_terminal(where)}]")


@tm_app.command("rebuild")
@handles_errors
def tm_rebuild(
    files: Annotated[list[Path] | None, typer.Argument(help="TMX files to rebuild from.")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="The memory to rebuild.")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="An `aligner run` folder: rebuild OUT/memory.sqlite from OUT/memory.tmx."),
    ] = None,
    src_lang: Annotated[str | None, typer.Option("--src-lang", help="Source language (default: the TMX's).")] = None,
    tgt_lang: Annotated[str | None, typer.Option("--tgt-lang", help="Target language (default: the TMX's).")] = None,
) -> None:
    """Rebuild a (damaged) memory from TMX: the new one is built beside it and swapped in; the old file is kept as
    <db>.corrupt-<time> (or .replaced-<time>)."""
    from contextlib import AbstractContextManager, nullcontext

    from ..errors import InputError, UsageError
    from ..tm.importing import ImportOptions
    from ..tm.rebuild import rebuild

    if out is not None:
        files = files or [out / "memory.tmx"]
        db = db or out / "memory.sqlite"
        if not files[0].exists():
            raise InputError("no memory.tmx to rebuild from (run `aligner run` again instead)", files[0])
    if not files or db is None:
        raise UsageError("give the TMX files and --db, or --out with an `aligner run` folder")
    options = ImportOptions(src_lang=src_lang, tgt_lang=tgt_lang)
    lock: AbstractContextManager = nullcontext()
    if out is not None:
        from ..run.lock import run_lock

        lock = run_lock(out)
    with lock:
        res = rebuild(files, db, options)
    _echo(f"{res.db}: rebuilt from {len(res.files)} TMX file(s), {res.units} units")
    if res.kept_as is not None:
        _echo(f"the previous {'damaged ' if res.was_damaged else ''}database was kept as {res.kept_as}")
