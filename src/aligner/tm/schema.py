"""The memory's SQLite schema, its index of words, and damage reports.

Schema 3 (this version) stores each fact once. A unit's source and target are kept byte for byte; exact lookup finds
it by ``key``, a 48-bit hash of the NFC form of its source (:func:`~aligner.tm.text.key_hash`), and compares the text
after. Language tags live in ``langs`` (with their language keys, see :func:`~aligner.tm.text.lang_key`) and release
names in ``releases``; a unit refers to both by id. Props and attributes that repeat the unit's columns are not stored
again (see :mod:`~aligner.tm.packing`). The word index refers to words by id (``vocab``): a posting is the word, the
unit's language pair (``langs.id``), the unit and its length in words (``ntok``, negative when the unit was itself
filled in, so never an original translation), so a fuzzy lookup reads nothing but the postings of the query's rarest
words. Older schemas are upgraded by
:mod:`~aligner.tm.upgrade`.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..errors import FormatError
from .text import TOKENIZER, index_terms, key_hash, lang_key, tokens

SCHEMA_VERSION = 3

# Origins of units that were themselves filled in; never offered as an original translation.
FILLED_PREFIXES = ("mt:", "tm-", "po-fuzzy")

TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS langs(
    id INTEGER PRIMARY KEY,
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    src_lk TEXT NOT NULL,
    tgt_lk TEXT NOT NULL,
    UNIQUE(src_lang, tgt_lang)
);
CREATE TABLE IF NOT EXISTS releases(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS units(
    id INTEGER PRIMARY KEY,
    src TEXT NOT NULL,
    tgt TEXT,
    langs INTEGER NOT NULL,
    origin TEXT NOT NULL,
    release INTEGER,
    bead INTEGER,
    score REAL,
    created TEXT,
    key INTEGER NOT NULL,
    props TEXT,
    notes TEXT,
    attrs TEXT,
    tuv_attrs TEXT
);
CREATE INDEX IF NOT EXISTS units_release ON units(release);
CREATE INDEX IF NOT EXISTS units_key ON units(key);
"""

INDEXES = """
CREATE TABLE IF NOT EXISTS postings(
    token INTEGER NOT NULL, pair INTEGER NOT NULL, unit INTEGER NOT NULL, ntok INTEGER NOT NULL,
    PRIMARY KEY(token, pair, unit)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vocab(token TEXT PRIMARY KEY, id INTEGER NOT NULL, df INTEGER NOT NULL) WITHOUT ROWID;
"""

_CHUNK = 500  # host parameters per statement


def is_original(origin: str) -> bool:
    return not origin.startswith(FILLED_PREFIXES)


class CorruptMemoryError(FormatError):
    """The memory's database is damaged; the message says how to rebuild it."""


def rebuild_hint(path: Path) -> str:
    tmx = path.parent / "memory.tmx"
    if path.name == "memory.sqlite" and tmx.exists():
        return f"rebuild it from the run's TMX: aligner tm rebuild --out {path.parent}"
    return f"rebuild it from a TMX export: aligner tm rebuild FILE.tmx --db {path}"


def damaged(path: Path, reason: str) -> CorruptMemoryError:
    return CorruptMemoryError(f"the translation memory is damaged ({reason}); {rebuild_hint(path)}", path)


def execute_script(db: sqlite3.Connection, script: str) -> None:
    """Statements one by one (``executescript`` would commit the caller's transaction)."""
    for stmt in script.split(";"):
        if stmt.strip():
            db.execute(stmt)


class Names:
    """Ids of language pairs and releases, added as units need them. One writer's cache, inside its transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.langs: dict[tuple[str, str], int] = {}
        self.releases: dict[str, int] = {}

    def lang(self, src_lang: str, tgt_lang: str) -> int:
        key = (src_lang, tgt_lang)
        if key not in self.langs:
            self.db.execute(
                "INSERT OR IGNORE INTO langs(src_lang, tgt_lang, src_lk, tgt_lk) VALUES(?, ?, ?, ?)",
                (src_lang, tgt_lang, lang_key(src_lang), lang_key(tgt_lang)),
            )
            row = self.db.execute("SELECT id FROM langs WHERE src_lang=? AND tgt_lang=?", key).fetchone()
            self.langs[key] = row[0]
        return self.langs[key]

    def release(self, name: str | None) -> int | None:
        if name is None:
            return None
        if name not in self.releases:
            self.db.execute("INSERT OR IGNORE INTO releases(name) VALUES(?)", (name,))
            self.releases[name] = self.db.execute("SELECT id FROM releases WHERE name=?", (name,)).fetchone()[0]
        return self.releases[name]


def token_ids(db: sqlite3.Connection, terms: Iterable[str]) -> dict[str, tuple[int, int]]:
    """``{token: (id, df)}`` of the terms the word index knows."""
    terms = list(terms)
    out: dict[str, tuple[int, int]] = {}
    for i in range(0, len(terms), _CHUNK):
        part = terms[i : i + _CHUNK]
        sql = f"SELECT token, id, df FROM vocab WHERE token IN ({','.join('?' * len(part))})"
        out.update((t, (tid, df)) for t, tid, df in db.execute(sql, part))
    return out


class Indexer:
    """Postings and word frequencies of new units. Rows are staged in a temporary table as they come, then merged
    into the index in key order by :meth:`flush`: each index page is written about once per merge, not once per word,
    which keeps a large import fast and its write-ahead log near the size of what it adds.

    A new word takes the next id after the largest one in use when the indexer was made (ids of words removed
    meanwhile, by :func:`unindex`, are never handed out again by the same indexer)."""

    BATCH = 20_000

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.rows: list[tuple[int, int, int, int]] = []
        self.ids: dict[str, int] = {}
        self.df: Counter[str] = Counter()
        self.next_id = (db.execute("SELECT MAX(id) FROM vocab").fetchone()[0] or 0) + 1
        db.execute("CREATE TEMP TABLE IF NOT EXISTS staged(token INTEGER, pair INTEGER, unit INTEGER, ntok INTEGER)")

    def _id(self, term: str) -> int:
        tid = self.ids.get(term)
        if tid is None:
            row = self.db.execute("SELECT id FROM vocab WHERE token=?", (term,)).fetchone()
            if row is None:
                row, self.next_id = (self.next_id,), self.next_id + 1
            tid = self.ids[term] = row[0]
        return tid

    def add(self, unit: int, toks: list[str], pair: int, original: bool) -> None:
        terms = index_terms(toks)
        self.df.update(terms)
        ntok = len(toks) if original else -len(toks)
        self.rows.extend((self._id(t), pair, unit, ntok) for t in terms)
        if len(self.rows) >= self.BATCH:
            self._stage()

    def _stage(self) -> None:
        if self.rows:
            self.db.executemany("INSERT INTO temp.staged VALUES(?, ?, ?, ?)", self.rows)
            self.rows = []

    def flush(self) -> None:
        self._stage()
        self.db.execute(
            "INSERT INTO postings SELECT token, pair, unit, ntok FROM temp.staged ORDER BY token, pair, unit"
        )
        self.db.executemany(
            "INSERT INTO vocab VALUES(?, ?, ?) ON CONFLICT(token) DO UPDATE SET df = df + excluded.df",
            [(t, self.ids[t], n) for t, n in sorted(self.df.items())],
        )
        self.df.clear()
        self.db.execute("DELETE FROM temp.staged")


def unindex(db: sqlite3.Connection, rows: list[tuple[int, str, int]]) -> None:
    """Remove the postings of units ``(id, src, langs)`` (recomputed: tokenisation is versioned)."""
    units = [(uid, pair, index_terms(tokens(src))) for uid, src, pair in rows]
    df: Counter[str] = Counter()
    for _, _, terms in units:
        df.update(terms)
    ids = token_ids(db, df)
    keys = [(ids[t][0], pair, uid) for uid, pair, terms in units for t in terms if t in ids]
    db.executemany("DELETE FROM postings WHERE token=? AND pair=? AND unit=?", keys)
    db.executemany("UPDATE vocab SET df = df - ? WHERE token=?", [(c, t) for t, c in df.items() if t in ids])
    db.executemany("DELETE FROM vocab WHERE token=? AND df <= 0", [(t,) for t in df if t in ids])


def create(db: sqlite3.Connection) -> None:
    """A fresh schema (inside the caller's transaction)."""
    execute_script(db, TABLES)
    execute_script(db, INDEXES)
    db.execute("INSERT OR REPLACE INTO meta VALUES('schema', ?)", (str(SCHEMA_VERSION),))
    db.execute("INSERT OR REPLACE INTO meta VALUES('tokenizer', ?)", (TOKENIZER,))


def reindex(db: sqlite3.Connection) -> None:
    """Recompute every unit's match key, the language keys and the whole word index (inside the caller's
    transaction): after an upgrade, or when the tokeniser's Unicode tables changed since the index was built."""
    db.execute("DROP TABLE IF EXISTS postings")
    db.execute("DROP TABLE IF EXISTS vocab")
    execute_script(db, INDEXES)
    langs = db.execute("SELECT id, src_lang, tgt_lang FROM langs").fetchall()
    db.executemany(
        "UPDATE langs SET src_lk=?, tgt_lk=? WHERE id=?", [(lang_key(s), lang_key(t), i) for i, s, t in langs]
    )
    indexer = Indexer(db)
    last = 0
    while True:
        rows = db.execute(
            "SELECT id, src, tgt, langs, origin, key FROM units WHERE id > ? ORDER BY id LIMIT 2000", (last,)
        ).fetchall()
        if not rows:
            break
        changed = []
        for uid, src, tgt, pair, origin, old in rows:
            toks = tokens(src)
            if (key := key_hash(src)) != old:
                changed.append((key, uid))
            if tgt:
                indexer.add(uid, toks, pair, is_original(origin))
        db.executemany("UPDATE units SET key=? WHERE id=?", changed)
        last = rows[-1][0]
    indexer.flush()
    db.execute("INSERT OR REPLACE INTO meta VALUES('tokenizer', ?)", (TOKENIZER,))
