"""The translation memory store: SQLite (embedded, no server, WAL journal), every unit with its origin and languages.

Exact lookup compares the NFC form of the source (found by its hash, ``key``), so text typed precomposed or
decomposed is the same sentence; stored text stays byte for byte as given. Fuzzy lookup reads the postings of the
query's rarest words to gather candidates of the same language pair and of plausible length, and scores each by
word-level edit distance (the percentage CAT tools show). A damaged database is found when it is opened (``PRAGMA
quick_check``) and reported with the command that rebuilds it; an older schema is upgraded in place, in one
transaction, and the file compacted. New files vacuum incrementally: a write that leaves more than a quarter of the
file free gives those pages back.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import AlignerError, FormatError, InputError
from ..formats.tmx import TranslationUnit
from . import schema, upgrade
from .packing import Columns, Record, record, unit_of
from .query import Match, UnitFilter, dedup, rank_candidates
from .schema import FILLED_PREFIXES, CorruptMemoryError, Indexer, Names, damaged, is_original, token_ids
from .text import TOKENIZER, index_terms, key_hash, lang_key, lone_surrogate, match_key, tokens

DEFAULT_SRC_LANG = "fr"
DEFAULT_TGT_LANG = "en"
CACHE_KIB = 32 * 1024  # SQLite page cache per connection (bounded: a large import stays well under 300 MB)
_SQLITE_MAGIC = b"SQLite format 3\x00"
_DAMAGE_WORDS = ("malformed", "not a database", "corrupt")
WAL_LIMIT = 4 * 2**20  # a write-ahead log left by a reader that outlived the writer is cut back to this
SPARSE = 4  # free pages beyond 1/SPARSE of the file are given back after a write
# Columns of a match, read with a unit's language tags and release name.
_MATCH_SQL = (
    "SELECT u.id, u.src, u.tgt, u.origin, r.name, l.src_lang, l.tgt_lang"
    " FROM units u JOIN langs l ON l.id = u.langs LEFT JOIN releases r ON r.id = u.release"
)
_SURROGATE_WHY = "a lone surrogate, which the memory cannot store"
# Signatures of database files this process has verified (or written) and closed: reopening them skips quick_check.
_VERIFIED: dict[str, tuple] = {}


def _signature(path: Path) -> tuple:
    out: list[tuple[int, int, int] | None] = []
    for p in (path, Path(f"{path}-wal")):
        try:
            st = p.stat()
            out.append((st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


class TranslationMemory:
    """A SQLite translation memory. Use as a context manager; every write is one transaction (see :meth:`batch`)."""

    def __init__(self, path: str | Path, check: bool = True) -> None:
        self.path = Path(path)
        self._depth = 0
        self._healthy = True
        if self.path.is_dir():
            raise InputError("is a directory, expected a translation memory database", self.path)
        existed = self.path.is_file() and self.path.stat().st_size > 0
        if existed:
            self._check_magic()
        try:
            self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise AlignerError(f"cannot open the translation memory ({exc})", self.path) from None
        try:
            self.db.execute("PRAGMA auto_vacuum=INCREMENTAL")  # a new file; an older one at its next VACUUM
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            self.db.execute("PRAGMA temp_store=FILE")
            if existed and check and _VERIFIED.get(str(self.path.resolve())) != _signature(self.path):
                self._quick_check()
            self._ensure_schema()
        except BaseException as exc:
            self._healthy = False
            self.db.close()
            if isinstance(exc, sqlite3.Error):
                raise self._error(exc, "open") from None
            raise

    def _check_magic(self) -> None:
        with self.path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
        if head != _SQLITE_MAGIC:
            raise CorruptMemoryError(
                f"not a translation memory database (not an SQLite file); if it was one, {schema.rebuild_hint(self.path)}",
                self.path,
            )

    def _quick_check(self) -> None:
        rows = self.db.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise damaged(self.path, "; ".join(str(r[0]) for r in rows[:2]))

    def _schema_version(self) -> str | None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if not {"units", "meta"} <= tables:
            raise FormatError("not a translation memory database (an SQLite file without its tables)", self.path)
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        return row[0] if row else "unknown"

    def _current(self) -> bool:
        if self._schema_version() != str(schema.SCHEMA_VERSION):
            return False
        row = self.db.execute("SELECT value FROM meta WHERE key='tokenizer'").fetchone()
        return row is not None and row[0] == TOKENIZER

    def _ensure_schema(self) -> None:
        if self._current():
            return
        with self._tx():  # re-read under the write lock: another process may have just done it
            version = self._schema_version()
            if version is None:
                schema.create(self.db)
            elif version in upgrade.FROM:
                upgrade.upgrade(self.db, version)
            elif version == str(schema.SCHEMA_VERSION):
                if not self._current():
                    schema.reindex(self.db)
            else:
                raise FormatError(
                    f"translation memory schema {version} is not one this aligner reads"
                    f" ({', '.join(upgrade.FROM)} or {schema.SCHEMA_VERSION}); use the aligner that wrote it,"
                    f" or {schema.rebuild_hint(self.path)}",
                    self.path,
                )
        if version in upgrade.FROM:
            upgrade.compact(self.db)

    def _trim(self) -> None:
        """Give free pages back to the file system when a write left many (releases that shrank or went)."""
        free = self.db.execute("PRAGMA freelist_count").fetchone()[0]
        if free > 64 and free * SPARSE > self.db.execute("PRAGMA page_count").fetchone()[0]:
            try:
                self.db.executescript("PRAGMA incremental_vacuum;")  # stepped to the end (execute frees one page)
            except sqlite3.OperationalError:
                pass  # busy: the pages stay free, and later writes reuse them

    def _error(self, exc: sqlite3.Error, action: str) -> AlignerError:
        msg = str(exc)
        if any(w in msg for w in _DAMAGE_WORDS):
            self._healthy = False
            return damaged(self.path, msg)
        return AlignerError(f"cannot {action} the translation memory ({msg})", self.path)

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise self._error(exc, action) from None

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()
        if self._healthy:
            _VERIFIED[str(self.path.resolve())] = _signature(self.path)

    # ------------------------------------------------------------ writing

    @contextmanager
    def _tx(self) -> Iterator[None]:
        """A transaction, or a savepoint inside the caller's: everything inside commits or rolls back together."""
        depth = self._depth
        self.db.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT tx{depth}")
        self._depth += 1
        try:
            yield
            self.db.execute("COMMIT" if depth == 0 else f"RELEASE tx{depth}")
        except BaseException:
            try:
                self.db.execute("ROLLBACK" if depth == 0 else f"ROLLBACK TO tx{depth}")
                if depth:
                    self.db.execute(f"RELEASE tx{depth}")
            except sqlite3.Error:
                pass
            raise
        finally:
            self._depth = depth
        if depth == 0:
            self._trim()

    @contextmanager
    def batch(self) -> Iterator[TranslationMemory]:
        """Group writes into one transaction (one commit, one fsync): ``with tm.batch(): tm.replace_release(...)...``.

        An exception inside rolls every write of the batch back."""
        with self._guard("write"), self._tx():
            yield self

    def add_units(self, units: Iterable[TranslationUnit]) -> int:
        """Insert units (in one transaction; ``units`` may be a stream). A unit with the same source, target, origin,
        release and languages as a stored one is not added again. Returns how many were added."""
        with self._guard("write"), self._tx():
            indexer, names = Indexer(self.db), Names(self.db)
            added = sum(self._insert(u, indexer, names) for u in units)
            indexer.flush()
        return added

    def replace_release(self, release: str, units: Iterable[TranslationUnit]) -> int:
        """Replace every unit of a release with ``units``, atomically."""
        return self.replace_releases({release: units})

    def replace_releases(self, releases: Mapping[str, Iterable[TranslationUnit]]) -> int:
        """Replace the units of several releases in one transaction (an empty list removes a release)."""
        added = 0
        with self._guard("write"), self._tx():
            indexer, names = Indexer(self.db), Names(self.db)
            for release, units in releases.items():
                self._delete_release(release, names, indexer)
                seen: set[tuple] = set()  # the release is empty now: duplicates can only be among its new units
                added += sum(self._insert(u, indexer, names, seen) for u in units)
            indexer.flush()
        return added

    def _insert(self, u: TranslationUnit, indexer: Indexer, names: Names, seen: set[tuple] | None = None) -> int:
        """Add a unit unless the memory holds the same one; ``seen``: the units added to a release emptied first
        (checked in memory instead of in the database)."""
        rec = record(u)
        _check_storable(rec, u.line)
        c, key = rec.cols, key_hash(u.src)
        release = names.release(c.release)
        ident = (key, u.src, u.tgt, c.origin, release, lang_key(u.src_lang), lang_key(u.tgt_lang))
        if seen is not None:
            if ident in seen:
                return 0
            seen.add(ident)
        elif self.db.execute(
            "SELECT 1 FROM units u JOIN langs l ON l.id = u.langs WHERE u.key=? AND u.src=? AND u.tgt IS ?"
            " AND u.origin=? AND u.release IS ? AND l.src_lk=? AND l.tgt_lk=? LIMIT 1",
            ident,
        ).fetchone():
            return 0
        pair = names.lang(u.src_lang, u.tgt_lang)
        cur = self.db.execute(
            "INSERT INTO units(src, tgt, langs, origin, release, bead, score, created, key, props, notes, attrs,"
            " tuv_attrs) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (u.src, u.tgt, pair, c.origin, release, c.bead, c.score, c.created, key)
            + (rec.props, rec.notes, rec.attrs, rec.tuv_attrs),
        )
        if u.tgt:
            assert cur.lastrowid is not None
            indexer.add(cur.lastrowid, tokens(u.src), pair, is_original(c.origin))
        return 1

    def _delete_release(self, release: str, names: Names, indexer: Indexer) -> None:
        row = self.db.execute("SELECT id FROM releases WHERE name=?", (release,)).fetchone()
        if row is None:
            return  # a new release: nothing to remove, and the staged postings can wait (one merge for all)
        indexer.flush()  # the index is whole before the release's postings are taken out of it
        rows = self.db.execute(
            "SELECT id, src, langs FROM units WHERE release=? AND tgt IS NOT NULL AND tgt != ''", row
        ).fetchall()
        schema.unindex(self.db, rows)
        self.db.execute("DELETE FROM units WHERE release=?", row)
        self.db.execute("DELETE FROM releases WHERE id=?", row)
        names.releases.pop(release, None)

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        with self._guard("read"):
            return self.db.execute("SELECT COUNT(*) FROM units").fetchone()[0]

    def count(self, where: UnitFilter | None = None) -> int:
        sql, args = where.where() if where else ("", [])
        with self._guard("read"):
            return self.db.execute(f"SELECT COUNT(*) FROM units{sql}", args).fetchone()[0]

    def units(self, where: UnitFilter | None = None) -> Iterator[TranslationUnit]:
        """Every unit (or those ``where`` selects), in the order they were added, read as they are consumed."""
        sql, args = where.where() if where else ("", [])
        with self._guard("read"):
            for src, tgt, sl, tl, origin, release, bead, score, created, *packed in self.db.execute(
                "SELECT u.src, u.tgt, l.src_lang, l.tgt_lang, u.origin, r.name, u.bead, u.score, u.created, u.props,"
                " u.notes, u.attrs, u.tuv_attrs FROM units u JOIN langs l ON l.id = u.langs"
                f" LEFT JOIN releases r ON r.id = u.release{sql} ORDER BY u.id",
                args,
            ):
                yield unit_of(src, tgt, sl, tl, Columns(origin, release, bead, score, created), *packed)

    def source_languages(self, where: UnitFilter | None = None) -> list[str]:
        """The source languages (language keys) of the units ``where`` selects; at most two (one, or several)."""
        sql, args = where.where() if where else ("", [])
        with self._guard("read"):
            return [
                r[0]
                for r in self.db.execute(
                    f"SELECT DISTINCT l.src_lk FROM units u JOIN langs l ON l.id = u.langs{sql} LIMIT 2", args
                )
            ]

    def lookup(
        self,
        text: str,
        threshold: float = 75.0,
        limit: int = 5,
        candidates: int = 60,
        fuzzy_when_exact: bool = False,
        original_only: bool = False,
        src_lang: str | None = DEFAULT_SRC_LANG,
        tgt_lang: str | None = DEFAULT_TGT_LANG,
    ) -> list[Match]:
        """Exact and fuzzy matches of ``text`` with a translation, best first, at or above ``threshold`` percent.

        Only units of the language pair ``src_lang`` -> ``tgt_lang`` are considered (None: any language). When an
        exact match exists only exact matches are returned, unless ``fuzzy_when_exact``. A fuzzy match scores at most
        99 (a source that differs only in case or spacing is not exact). Units with the same source and translation
        are returned once, the most trustworthy origin first, with ``count`` saying how many there are. With
        ``original_only`` units that were themselves filled (origins ``mt:...``, ``tm-...``, ``po-fuzzy``) are left
        out, so a machine translation or a fuzzy match is never passed off as an exact memory match.
        """
        key = match_key(text)
        langs = _LangFilter(lang_key(src_lang) if src_lang else None, lang_key(tgt_lang) if tgt_lang else None)
        with self._guard("read"):
            exact = self._exact(key, langs, original_only)
            if len(exact) >= limit or (exact and not fuzzy_when_exact):
                return exact[:limit]
            fuzzy = self._fuzzy(key, threshold, candidates, original_only, langs, limit - len(exact))
            return (exact + fuzzy)[:limit]

    def _exact(self, key: str, langs: _LangFilter, original_only: bool) -> list[Match]:
        conds = ["u.key=?", "u.tgt IS NOT NULL", "u.tgt != ''"]
        args: list[int | str] = [key_hash(key)]
        for col, val in (("l.src_lk", langs.src), ("l.tgt_lk", langs.tgt)):
            if val is not None:
                conds.append(f"{col}=?")
                args.append(val)
        if original_only:
            conds += [f"u.origin NOT GLOB '{p}*'" for p in FILLED_PREFIXES]
        rows = self.db.execute(f"{_MATCH_SQL} WHERE {' AND '.join(conds)}", args)
        return dedup([Match(100.0, s, t, o, r, uid, sl, tl) for uid, s, t, o, r, sl, tl in rows if match_key(s) == key])

    def _fuzzy(
        self, key: str, threshold: float, candidates: int, original_only: bool, langs: _LangFilter, want: int
    ) -> list[Match]:
        q = tokens(key)
        known = token_ids(self.db, index_terms(q))
        rare = sorted(known, key=lambda t: (known[t][1], t))[:6]
        if not rare:
            return []
        lo, hi = len(q) * threshold / 100.0 - 1, len(q) * 100.0 / max(threshold, 1.0) + 1
        conds = [f"token IN ({','.join('?' * len(rare))})", "ABS(ntok) BETWEEN ? AND ?"]
        args: list = [*(known[t][0] for t in rare), lo, hi]
        if langs.src is not None or langs.tgt is not None:
            sql, largs = langs.ids_sql()
            conds.append(f"pair IN ({sql})")
            args += largs
        if original_only:
            conds.append("ntok > 0")
        # a candidate must share enough of the rarest words to reach the threshold at all
        ids = [
            uid
            for uid, _ in self.db.execute(
                f"SELECT unit, COUNT(*) AS c FROM postings WHERE {' AND '.join(conds)} GROUP BY unit"
                " ORDER BY c DESC, ABS(MIN(ABS(ntok)) - ?), unit LIMIT ?",
                (*args, len(q), candidates),
            )
        ]
        if not ids:
            return []
        rows = [
            (uid, src, match_key(src), tgt, origin, rel, sl, tl)
            for uid, src, tgt, origin, rel, sl, tl in self.db.execute(
                f"{_MATCH_SQL} WHERE u.id IN ({','.join('?' * len(ids))})", ids
            )
        ]
        return rank_candidates(q, key, rows, threshold, want)


@dataclass(frozen=True)
class _LangFilter:
    """The language keys a lookup asks for (None: any)."""

    src: str | None
    tgt: str | None

    def ids_sql(self) -> tuple[str, list[str]]:
        """A query for the ids of the language pairs (``langs``) with these keys."""
        conds = [f"{col}=?" for col, val in (("src_lk", self.src), ("tgt_lk", self.tgt)) if val is not None]
        return f"SELECT id FROM langs WHERE {' AND '.join(conds)}", [v for v in (self.src, self.tgt) if v is not None]


def _check_storable(rec: Record, line: int | None) -> None:
    for text in rec.texts():
        ch = lone_surrogate(text) if text else None
        if ch is not None:
            raise FormatError(f"text contains U+{ord(ch):04X}, {_SURROGATE_WHY}", None, line)


def remove_database(path: Path) -> None:
    """Delete a memory file and its journal files (a memory created by a command that then failed)."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            os.unlink(p)
        except FileNotFoundError:
            pass
    forget_verified(path)


def forget_verified(path: Path) -> None:
    """The next open of ``path`` runs quick_check again."""
    _VERIFIED.pop(str(Path(path).resolve()), None)
