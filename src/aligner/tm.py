"""The translation memory store: SQLite (embedded, no server), every unit with its origin, exact and fuzzy lookup.

Fuzzy lookup reads the postings of the query's rarest words to gather candidates that share them, keeps those of
plausible length, and scores each by word-level edit distance (the percentage CAT tools show): 100 for identical text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from .errors import AlignerError, FormatError
from .formats.tmx import TranslationUnit, tmx_date

SCHEMA_VERSION = 1
_WORDS = regex.compile(r"\w+|[^\w\s]", regex.UNICODE)

SCHEMA = """
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
    ntok INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS units_src ON units(src);
CREATE INDEX IF NOT EXISTS units_release ON units(release);
CREATE TABLE IF NOT EXISTS postings(token TEXT NOT NULL, unit INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS postings_token ON postings(token);
CREATE INDEX IF NOT EXISTS postings_unit ON postings(unit);
CREATE TABLE IF NOT EXISTS vocab(token TEXT PRIMARY KEY, df INTEGER NOT NULL);
"""


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _WORDS.findall(text)]


def _index_terms(toks: list[str]) -> set[str]:
    return {t for t in toks if any(ch.isalnum() for ch in t)}


def similarity(a: list[str], b: list[str]) -> float:
    """Word-level edit distance as a percentage of the longer side (100 = identical)."""
    if a == b:
        return 100.0
    n, m = len(a), len(b)
    if not n or not m:
        return 0.0
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        ai = a[i - 1]
        for j in range(1, m + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai != b[j - 1]))
        prev = cur
    return max(0.0, 100.0 * (1 - prev[m] / max(n, m)))


@dataclass(frozen=True)
class Match:
    score: float  # percentage
    src: str
    tgt: str | None
    origin: str
    release: str | None
    unit_id: int

    @property
    def exact(self) -> bool:
        return self.score >= 100.0


class TranslationMemory:
    """A SQLite translation memory. Use as a context manager; writes happen in transactions."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(str(self.path), timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta VALUES('schema', ?)", (str(SCHEMA_VERSION),))
                self.db.commit()
            elif row[0] != str(SCHEMA_VERSION):
                raise FormatError(f"translation memory schema {row[0]} is not supported", self.path)
        except sqlite3.DatabaseError as exc:
            raise FormatError(f"not a translation memory database ({exc})", self.path) from None

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ writing

    def add_units(self, units: Iterable[TranslationUnit]) -> int:
        """Insert units (in one transaction). Units with the same source, target and origin are not duplicated."""
        count = 0
        try:
            with self.db:
                for u in units:
                    count += self._insert(u)
        except sqlite3.DatabaseError as exc:
            raise AlignerError(f"cannot write the translation memory ({exc})", self.path) from None
        return count

    def replace_release(self, release: str, units: Iterable[TranslationUnit]) -> int:
        """Replace every unit of a release with ``units``, atomically."""
        try:
            with self.db:
                ids = [r[0] for r in self.db.execute("SELECT id FROM units WHERE release=?", (release,))]
                self._delete(ids)
                return sum(self._insert(u) for u in units)
        except sqlite3.DatabaseError as exc:
            raise AlignerError(f"cannot write the translation memory ({exc})", self.path) from None

    def _insert(self, u: TranslationUnit) -> int:
        origin = u.prop("x-origin") or "imported"
        dup = self.db.execute(
            "SELECT 1 FROM units INDEXED BY units_src WHERE src=? AND tgt IS ? AND origin=? AND release IS ? LIMIT 1",
            (u.src, u.tgt, origin, u.prop("x-release")),
        ).fetchone()
        if dup:
            return 0
        toks = tokens(u.src)
        score = u.prop("x-alignment-score")
        bead = u.prop("x-bead")
        cur = self.db.execute(
            "INSERT INTO units(src, tgt, src_lang, tgt_lang, origin, release, bead, score, created, props, notes, attrs,"
            " ntok) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                u.src,
                u.tgt,
                u.src_lang,
                u.tgt_lang,
                origin,
                u.prop("x-release"),
                int(bead) if bead and bead.isdigit() else None,
                float(score) if score and _is_float(score) else None,
                u.attrs.get("creationdate") or tmx_date(),
                json.dumps(u.props, ensure_ascii=False),
                json.dumps(u.notes, ensure_ascii=False),
                json.dumps(u.attrs, ensure_ascii=False),
                len(toks),
            ),
        )
        uid = cur.lastrowid
        terms = _index_terms(toks)
        self.db.executemany("INSERT INTO postings VALUES(?, ?)", [(t, uid) for t in terms])
        self.db.executemany(
            "INSERT INTO vocab VALUES(?, 1) ON CONFLICT(token) DO UPDATE SET df = df + 1", [(t,) for t in terms]
        )
        return 1

    def _delete(self, ids: list[int]) -> None:
        for uid in ids:
            terms = [r[0] for r in self.db.execute("SELECT token FROM postings WHERE unit=?", (uid,))]
            self.db.executemany("UPDATE vocab SET df = df - 1 WHERE token=?", [(t,) for t in terms])
            self.db.execute("DELETE FROM postings WHERE unit=?", (uid,))
            self.db.execute("DELETE FROM units WHERE id=?", (uid,))
        self.db.execute("DELETE FROM vocab WHERE df <= 0")

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM units").fetchone()[0]

    def units(self) -> Iterator[TranslationUnit]:
        for src, tgt, sl, tl, props, notes, attrs in self.db.execute(
            "SELECT src, tgt, src_lang, tgt_lang, props, notes, attrs FROM units ORDER BY id"
        ):
            yield TranslationUnit(
                src, tgt, sl, tl, [tuple(p) for p in json.loads(props)], json.loads(notes), json.loads(attrs)
            )

    def lookup(
        self,
        text: str,
        threshold: float = 75.0,
        limit: int = 5,
        candidates: int = 60,
        fuzzy_when_exact: bool = False,
        original_only: bool = False,
    ) -> list[Match]:
        """Exact and fuzzy matches of ``text`` with a translation, best first, at or above ``threshold`` percent.

        When an exact match exists only exact matches are returned, unless ``fuzzy_when_exact``. With
        ``original_only`` units that were themselves filled (origins ``mt:...``, ``tm-...``) are left out, so a machine
        translation or a fuzzy match is never passed off as an exact memory match.
        """
        mt = " AND origin NOT LIKE 'mt:%' AND origin NOT LIKE 'tm-%'" if original_only else ""
        out: list[Match] = []
        seen: set[int] = set()
        for uid, src, tgt, origin, rel in self.db.execute(
            f"SELECT id, src, tgt, origin, release FROM units WHERE src=? AND tgt IS NOT NULL AND tgt != ''{mt} LIMIT ?",
            (text, limit),
        ):
            out.append(Match(100.0, src, tgt, origin, rel, uid))
            seen.add(uid)
        if len(out) >= limit or (out and not fuzzy_when_exact):
            return out
        q = tokens(text)
        terms = list(_index_terms(q))
        if not terms:
            return out
        ph = ",".join("?" * len(terms))
        dfs = dict(self.db.execute(f"SELECT token, df FROM vocab WHERE token IN ({ph})", terms).fetchall())
        rare = sorted((t for t in terms if t in dfs), key=lambda t: dfs[t])[:6]
        if not rare:
            return out
        # a candidate must share enough of the rarest words to reach the threshold at all
        ph = ",".join("?" * len(rare))
        rows = self.db.execute(
            f"SELECT unit, COUNT(*) AS c FROM postings WHERE token IN ({ph}) GROUP BY unit ORDER BY c DESC LIMIT ?",
            (*rare, candidates),
        ).fetchall()
        ids = [uid for uid, _ in rows if uid not in seen]
        if not ids:
            return out
        lo, hi = len(q) * threshold / 100.0, len(q) * 100.0 / max(threshold, 1.0)
        ph = ",".join("?" * len(ids))
        scored = []
        for uid, src, tgt, origin, rel, ntok in self.db.execute(
            f"SELECT id, src, tgt, origin, release, ntok FROM units WHERE id IN ({ph}) AND tgt IS NOT NULL AND tgt != ''{mt}",
            ids,
        ):
            if not (lo - 1 <= ntok <= hi + 1):
                continue
            s = similarity(q, tokens(src))
            if s >= threshold:
                scored.append(Match(round(s, 1), src, tgt, origin, rel, uid))
        scored.sort(key=lambda m: (-m.score, m.unit_id))
        return (out + scored)[:limit]


def _is_float(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True
