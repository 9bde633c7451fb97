"""Rebuilding a memory from TMX files: built beside it, then swapped in; the old file is kept under another name."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import AlignerError
from ..fsutil import sync_folder
from .importing import FileImport, ImportOptions, import_files
from .store import TranslationMemory, forget_verified, remove_database

_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass
class Rebuilt:
    db: Path
    files: list[FileImport]
    units: int
    kept_as: Path | None  # where the previous database went (None: there was none)
    was_damaged: bool


def rebuild(tmx_files: Sequence[Path], db: Path, options: ImportOptions | None = None) -> Rebuilt:
    """Build a new memory at ``db`` from ``tmx_files``.

    The new database is written to a temporary file in the same folder and renamed over ``db`` only when complete,
    so a failure or a kill leaves ``db`` as it was. The previous database (damaged or not) and its journal files are
    kept as ``<db>.corrupt-<UTC time>`` (or ``<db>.replaced-<UTC time>`` when it was sound). Units keep the
    languages their TMX gives them unless ``options`` say otherwise.
    """
    options = options or ImportOptions(src_lang=None, tgt_lang=None)
    db = Path(db)
    tmp = db.with_name(f".{db.name}.rebuild-{os.getpid()}.tmp")
    remove_database(tmp)
    try:
        with TranslationMemory(tmp) as tm:
            files = import_files(tm, tmx_files, options)
            units = len(tm)
        _single_file(tmp)
    except BaseException:
        remove_database(tmp)
        raise
    was_damaged = _damaged(db) if db.exists() else False
    kept_as = None
    try:
        if db.exists():
            kept_as = _aside(db, "corrupt" if was_damaged else "replaced")
        os.replace(tmp, db)
        sync_folder(db.parent)
    except OSError as exc:
        remove_database(tmp)
        raise AlignerError(f"cannot replace the translation memory ({exc.strerror})", db) from None
    forget_verified(db)
    return Rebuilt(db, files, units, kept_as, was_damaged)


def set_aside_if_damaged(db: Path) -> Path | None:
    """If ``db`` is damaged, move it (and its journal files) aside as ``<db>.corrupt-<UTC time>`` and return that
    path; a sound or missing database is left alone (None). For a caller that can rebuild the memory itself, as
    ``aligner run`` can from its corpus: it then starts from an empty memory instead of failing on every run."""
    db = Path(db)
    if not db.exists() or not _damaged(db):
        return None
    kept = _aside(db, "corrupt")
    if db.exists():  # _aside linked it
        os.unlink(db)
    sync_folder(db.parent)
    forget_verified(db)
    return kept


def _single_file(path: Path) -> None:
    """Fold the write-ahead log into the database file, so the file alone is the whole memory."""
    con = sqlite3.connect(str(path))
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _damaged(db: Path) -> bool:
    """Whether ``db`` fails quick_check, read only (so its journal files are not touched: they are kept with it)."""
    with db.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            return True
    try:
        con = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return True
    try:
        return con.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    except sqlite3.DatabaseError:
        return True
    finally:
        con.close()


def _aside(db: Path, kind: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = db.with_name(f"{db.name}.{kind}-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = db.with_name(f"{db.name}.{kind}-{stamp}-{n}")
    try:
        os.link(db, aside)  # the old file stays at db until the new one replaces it
    except OSError:
        os.replace(db, aside)
    for suffix in _SIDE_FILES:  # a journal left beside the new file would be applied to it
        side = Path(f"{db}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{aside}{suffix}"))
    return aside
