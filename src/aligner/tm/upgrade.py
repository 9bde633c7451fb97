"""Upgrading a memory written by an older aligner (schema 1 or 2) to schema 3, in place.

Schema 1 kept the source text twice (``src`` and an index on it), schema 2 three times (``src``, its NFC form
``src_key`` and an index on that), and both kept language tags, release names and word-index keys as text in every
row. The upgrade copies every unit, with its id, into the schema-3 tables (see :mod:`~aligner.tm.schema`), packs its
props and attributes (:mod:`~aligner.tm.packing`) and builds the word index again, all inside the caller's
transaction: a failure or a kill leaves the old schema as it was. :func:`compact` then gives the pages the old tables
left free back to the file system.
"""

from __future__ import annotations

import json
import sqlite3

from . import schema
from .packing import Columns, pack_attrs, pack_json, pack_props
from .text import key_hash

FROM = ("1", "2")
_OLD_INDEXES = ("units_src", "units_release", "units_key", "postings_token", "postings_unit")
_BATCH = 2000


def upgrade(db: sqlite3.Connection, version: str) -> None:
    """Schema ``version`` (one of :data:`FROM`) -> 3, inside the caller's transaction."""
    for name in _OLD_INDEXES:
        db.execute(f"DROP INDEX IF EXISTS {name}")
    db.execute("DROP TABLE IF EXISTS postings")
    db.execute("DROP TABLE IF EXISTS vocab")
    db.execute("ALTER TABLE units RENAME TO old_units")
    db.execute("ALTER TABLE meta RENAME TO old_meta")
    schema.execute_script(db, schema.TABLES)
    db.execute("INSERT INTO meta SELECT key, value FROM old_meta")
    db.execute("DROP TABLE old_meta")
    _copy_units(db, "tuv_attrs" if version == "2" else "NULL")
    db.execute("DROP TABLE old_units")
    schema.reindex(db)
    db.execute("INSERT OR REPLACE INTO meta VALUES('schema', ?)", (str(schema.SCHEMA_VERSION),))


def _copy_units(db: sqlite3.Connection, tuv_column: str) -> None:
    names = schema.Names(db)
    last = 0
    while True:
        rows = db.execute(
            "SELECT id, src, tgt, src_lang, tgt_lang, origin, release, bead, score, created, props, notes, attrs,"
            f" {tuv_column} FROM old_units WHERE id > ? ORDER BY id LIMIT ?",
            (last, _BATCH),
        ).fetchall()
        if not rows:
            return
        db.executemany(
            "INSERT INTO units(id, src, tgt, langs, origin, release, bead, score, created, key, props, notes, attrs,"
            " tuv_attrs) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [_row(names, row) for row in rows],
        )
        last = rows[-1][0]


def _row(names: schema.Names, row: tuple) -> tuple:
    uid, src, tgt, sl, tl, origin, release, bead, score, created, props, notes, attrs, tuv = row
    cols = Columns(origin, release, bead, score, created)
    return (
        uid,
        src,
        tgt,
        names.lang(sl, tl),
        origin,
        names.release(release),
        bead,
        score,
        created,
        key_hash(src),
        pack_props([(k, v) for k, v in json.loads(props or "[]")], cols),
        pack_json(json.loads(notes or "[]")),
        pack_attrs(json.loads(attrs or "{}"), cols),
        pack_json(json.loads(tuv or "{}")),
    )


def compact(db: sqlite3.Connection) -> None:
    """Rewrite the file without the pages the old schema left free (VACUUM, which also turns on incremental
    vacuuming for later writes). Outside any transaction. When it cannot run (another process is reading, no room
    for the copy), the memory stays as the upgrade left it, complete but larger, and the free pages are reused."""
    try:
        db.execute("VACUUM")
    except sqlite3.OperationalError:
        pass
