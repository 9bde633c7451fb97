"""The memory's SQLite schema, its index of words, the upgrade from older schemas, and damage reports.

Schema 2 (this version) adds to schema 1: ``src_key`` (the NFC form of ``src``, which exact lookup compares; ``src``
stays byte for byte as given), ``src_lk``/``tgt_lk`` (language keys, see :func:`~aligner.tm.text.lang_key`) and
``tuv_attrs``; postings carry the language pair, the unit's length and whether it is an original translation, so a
fuzzy lookup reads nothing but the postings of the query's rarest words.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from ..errors import FormatError
from .text import TOKENIZER, index_terms, lang_key, match_key, tokens

SCHEMA_VERSION = 2

# Origins of units that were themselves filled in; never offered as an original translation.
FILLED_PREFIXES = ("mt:", "tm-", "po-fuzzy")

UNITS = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS units(
    id INTEGER PRIMARY KEY,
    src TEXT NOT NULL,
    tgt TEXT,
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    origin TEXT NOT NULL,
    release TEXT,
    bead INTEGER,
    score REAL,
    created TEXT,
    props TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '[]',
    attrs TEXT NOT NULL DEFAULT '{}',
    ntok INTEGER NOT NULL,
    src_key TEXT NOT NULL DEFAULT '',
    src_lk TEXT NOT NULL DEFAULT '',
    tgt_lk TEXT NOT NULL DEFAULT '',
    tuv_attrs TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS units_release ON units(release);
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS units_key ON units(src_key, src_lk, tgt_lk);
CREATE TABLE IF NOT EXISTS postings(
    token TEXT NOT NULL, pair TEXT NOT NULL, unit INTEGER NOT NULL, ntok INTEGER NOT NULL, original INTEGER NOT NULL,
    PRIMARY KEY(token, pair, unit)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vocab(token TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""


def is_original(origin: str) -> bool:
    return not origin.startswith(FILLED_PREFIXES)


def pair_key(src_lk: str, tgt_lk: str) -> str:
    return f"{src_lk}>{tgt_lk}"


class CorruptMemoryError(FormatError):
    """The memory's database is damaged; the message says how to rebuild it."""


def rebuild_hint(path: Path) -> str:
    tmx = path.parent / "memory.tmx"
    if path.name == "memory.sqlite" and tmx.exists():
        return f"rebuild it from the run's TMX: aligner tm rebuild --out {path.parent}"
    return f"rebuild it from a TMX export: aligner tm rebuild FILE.tmx --db {path}"


def damaged(path: Path, reason: str) -> CorruptMemoryError:
    return CorruptMemoryError(f"the translation memory is damaged ({reason}); {rebuild_hint(path)}", path)


class Indexer:
    """Postings and word frequencies of new units. Rows are staged in a temporary table as they come, then merged
    into the index in key order by :meth:`flush`: each index page is written about once per merge, not once per word,
    which keeps a large import fast and its write-ahead log near the size of what it adds."""

    BATCH = 20_000

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.rows: list[tuple[str, str, int, int, int]] = []
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS staged(token TEXT, pair TEXT, unit INTEGER, ntok INTEGER, original INTEGER)"
        )

    def add(self, unit: int, toks: list[str], pair: str, original: bool) -> None:
        self.rows.extend((t, pair, unit, len(toks), int(original)) for t in index_terms(toks))
        if len(self.rows) >= self.BATCH:
            self._stage()

    def _stage(self) -> None:
        if self.rows:
            self.db.executemany("INSERT INTO temp.staged VALUES(?, ?, ?, ?, ?)", self.rows)
            self.rows = []

    def flush(self) -> None:
        self._stage()
        self.db.execute(
            "INSERT INTO postings SELECT token, pair, unit, ntok, original FROM temp.staged ORDER BY token, pair, unit"
        )
        self.db.execute(
            "INSERT INTO vocab SELECT token, COUNT(*) FROM temp.staged WHERE true GROUP BY token"
            " ON CONFLICT(token) DO UPDATE SET df = df + excluded.df"
        )
        self.db.execute("DELETE FROM temp.staged")


def unindex(db: sqlite3.Connection, rows: list[tuple[int, str, str, str]]) -> None:
    """Remove the postings of units ``(id, src_key, src_lk, tgt_lk)`` (recomputed: tokenisation is versioned)."""
    keys: list[tuple[str, str, int]] = []
    df: Counter[str] = Counter()
    for uid, key, slk, tlk in rows:
        terms = index_terms(tokens(key))
        keys += [(t, pair_key(slk, tlk), uid) for t in terms]
        df.update(terms)
    db.executemany("DELETE FROM postings WHERE token=? AND pair=? AND unit=?", keys)
    db.executemany("UPDATE vocab SET df = df - ? WHERE token=?", [(c, t) for t, c in df.items()])
    db.executemany("DELETE FROM vocab WHERE token=? AND df <= 0", [(t,) for t in df])


def _create_indexes(db: sqlite3.Connection) -> None:
    for stmt in INDEXES.split(";"):
        if stmt.strip():
            db.execute(stmt)


def create(db: sqlite3.Connection) -> None:
    """A fresh schema (inside the caller's transaction)."""
    for stmt in UNITS.split(";"):
        if stmt.strip():
            db.execute(stmt)
    _create_indexes(db)
    db.execute("INSERT OR REPLACE INTO meta VALUES('schema', ?)", (str(SCHEMA_VERSION),))
    db.execute("INSERT OR REPLACE INTO meta VALUES('tokenizer', ?)", (TOKENIZER,))


def reindex(db: sqlite3.Connection) -> None:
    """Recompute every unit's match key, language keys and length, and the whole word index (inside the caller's
    transaction): after an upgrade, or when the tokeniser's Unicode tables changed since the index was built."""
    db.execute("DROP TABLE IF EXISTS postings")
    db.execute("DROP TABLE IF EXISTS vocab")
    _create_indexes(db)
    indexer = Indexer(db)
    last = 0
    while True:
        rows = db.execute(
            "SELECT id, src, tgt, src_lang, tgt_lang, origin FROM units WHERE id > ? ORDER BY id LIMIT 2000", (last,)
        ).fetchall()
        if not rows:
            break
        updates = []
        for uid, src, tgt, sl, tl, origin in rows:
            key, slk, tlk = match_key(src), lang_key(sl), lang_key(tl)
            toks = tokens(key)
            updates.append((key, slk, tlk, len(toks), uid))
            if tgt:
                indexer.add(uid, toks, pair_key(slk, tlk), is_original(origin))
        db.executemany("UPDATE units SET src_key=?, src_lk=?, tgt_lk=?, ntok=? WHERE id=?", updates)
        last = rows[-1][0]
    indexer.flush()
    db.execute("INSERT OR REPLACE INTO meta VALUES('tokenizer', ?)", (TOKENIZER,))


def upgrade_from_1(db: sqlite3.Connection) -> None:
    """Schema 1 -> 2 in place (inside the caller's transaction, so a failure or a kill leaves schema 1 intact)."""
    for col in ("src_key", "src_lk", "tgt_lk"):
        db.execute(f"ALTER TABLE units ADD COLUMN {col} TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE units ADD COLUMN tuv_attrs TEXT NOT NULL DEFAULT '{}'")
    db.execute("DROP INDEX IF EXISTS units_src")
    db.execute("DROP INDEX IF EXISTS postings_token")
    db.execute("DROP INDEX IF EXISTS postings_unit")
    reindex(db)
    db.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA_VERSION),))
