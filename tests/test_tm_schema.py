"""The memory's schema 3: each fact stored once and read back exactly, upgrades from schemas 1 and 2 in place, and a
word index that stays what a fresh one would be."""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.errors import AlignerError
from aligner.formats.tmx import TranslationUnit
from aligner.tm import SCHEMA_VERSION, TranslationMemory, lang_key, match_key, tokens
from aligner.tm.packing import ALIGNER_PROPS
from aligner.tm.text import TOKENIZER, index_terms


def aligned(src, tgt, release="r1", bead=0, score="0.9000", origin="aligned", kind="1-1", created="20260101T000000Z"):
    """A unit as ``aligner run`` writes it."""
    return TranslationUnit(
        src,
        tgt,
        props=[
            ("x-release", release),
            ("x-bead", str(bead)),
            ("x-bead-type", kind),
            ("x-alignment-score", score),
            ("x-origin", origin),
        ],
        attrs={"tuid": f"{release}:{bead}", "creationdate": created},
    )


WORDS = (
    "le conseil comité rapport président ministre secrétaire général a rencontré réuni examiné adopté publié "
    "lundi mardi hier demain projet budget annuel nouveau dernier texte accord sur la les des du pour avec"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 12))]
    return " ".join(words).capitalize() + "."


def varied_units(n: int = 300) -> list[TranslationUnit]:
    """Units like a real memory's: mostly aligner's, with other tools' props and attributes, decomposed text, other
    language pairs, filled origins, values written in other ways, and repeated sentences."""
    rng = random.Random(11)
    out: list[TranslationUnit] = []
    for k in range(n):
        src, tgt = sentence(rng), f"Sentence {k}."
        if k % 10 == 0 and out:
            src = out[rng.randrange(len(out))].src  # the same source in several units
        kind = k % 9
        if kind == 0:
            out.append(aligned(unicodedata.normalize("NFD", src + " Été."), tgt, f"r{k // 40}", k % 40))
        elif kind == 1:
            out.append(
                TranslationUnit(
                    src,
                    tgt,
                    "fr-FR",
                    "en-GB",
                    props=[("x-Domain:SinglePicklist", "Press"), ("x-origin", "imported")],
                    notes=["from Trados"],
                    attrs={"creationdate": "20200101T101010Z", "changeid": "jdoe"},
                    src_attrs={"changedate": "20200102T030405Z"},
                    tgt_attrs={"changeid": "bob"},
                )
            )
        elif kind == 2:
            out.append(aligned(src, tgt, f"r{k // 40}", k % 40, origin="mt:opus-mt-fr-en@abc"))
        elif kind == 3:
            out.append(aligned(src, tgt, f"r{k // 40}", k % 40, score="0.95", kind="[2-1]"))  # not aligner's form
        elif kind == 4:
            u = aligned(src, tgt, f"r{k // 40}", k % 40)
            u.props.append(("x-release", "another"))
            u.attrs = {"creationdate": "20260101T000000Z", "tuid": f"r{k // 40}:{k % 40}"}  # other order
            out.append(u)
        elif kind == 5:
            out.append(TranslationUnit(src, tgt, "en", "de", props=[("x-origin", "aligned")]))
        elif kind == 6:
            out.append(aligned(src, tgt, f"r{k // 40}", f"0{k % 40}", origin="tm-fuzzy:82"))
        else:
            out.append(aligned(src, tgt, f"r{k // 40}", k % 40, score=f"{rng.random():.4f}"))
    return out


# ---------------------------------------------------------------- schemas 1 and 2, as older aligners wrote them

V1_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE units(id INTEGER PRIMARY KEY, src TEXT NOT NULL, tgt TEXT, src_lang TEXT NOT NULL, tgt_lang TEXT NOT NULL,
    origin TEXT NOT NULL, release TEXT, bead INTEGER, score REAL, created TEXT, props TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '[]', attrs TEXT NOT NULL DEFAULT '{}', ntok INTEGER NOT NULL);
CREATE INDEX units_src ON units(src);
CREATE INDEX units_release ON units(release);
CREATE TABLE postings(token TEXT NOT NULL, unit INTEGER NOT NULL);
CREATE INDEX postings_token ON postings(token);
CREATE INDEX postings_unit ON postings(unit);
CREATE TABLE vocab(token TEXT PRIMARY KEY, df INTEGER NOT NULL);
INSERT INTO meta VALUES('schema', '1');
"""

V2_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE units(id INTEGER PRIMARY KEY, src TEXT NOT NULL, tgt TEXT, src_lang TEXT NOT NULL, tgt_lang TEXT NOT NULL,
    origin TEXT NOT NULL, release TEXT, bead INTEGER, score REAL, created TEXT, props TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '[]', attrs TEXT NOT NULL DEFAULT '{}', ntok INTEGER NOT NULL,
    src_key TEXT NOT NULL DEFAULT '', src_lk TEXT NOT NULL DEFAULT '', tgt_lk TEXT NOT NULL DEFAULT '',
    tuv_attrs TEXT NOT NULL DEFAULT '{}');
CREATE INDEX units_release ON units(release);
CREATE INDEX units_key ON units(src_key, src_lk, tgt_lk);
CREATE TABLE postings(token TEXT NOT NULL, pair TEXT NOT NULL, unit INTEGER NOT NULL, ntok INTEGER NOT NULL,
    original INTEGER NOT NULL, PRIMARY KEY(token, pair, unit)) WITHOUT ROWID;
CREATE TABLE vocab(token TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES('schema', '2');
"""


def _v1_memory(path, rows):
    db = sqlite3.connect(str(path))
    db.executescript(V1_SCHEMA)
    for k, (src, tgt, origin, release) in enumerate(rows, 1):
        db.execute(
            "INSERT INTO units(id, src, tgt, src_lang, tgt_lang, origin, release, props, ntok)"
            " VALUES(?, ?, ?, 'fr', 'en', ?, ?, ?, ?)",
            (
                k,
                src,
                tgt,
                origin,
                release,
                json.dumps([["x-origin", origin], ["x-release", release]]),
                len(src.split()),
            ),
        )
        for tok in set(src.lower().split()):
            db.execute("INSERT INTO postings VALUES(?, ?)", (tok, k))
    db.commit()
    db.close()


def _v2_memory(path, units):
    """What schema-2 aligner wrote for ``units``: the NFC key, language keys and text postings in every row."""
    db = sqlite3.connect(str(path))
    db.executescript(V2_SCHEMA)
    db.execute("INSERT INTO meta VALUES('tokenizer', ?)", (TOKENIZER,))
    df: dict[str, int] = {}
    for k, u in enumerate(units, 1):
        origin, bead, score = u.prop("x-origin") or "imported", u.prop("x-bead"), u.prop("x-alignment-score")
        key, slk, tlk = match_key(u.src), lang_key(u.src_lang), lang_key(u.tgt_lang)
        toks = tokens(key)
        tuv = {k: v for k, v in (("src", u.src_attrs), ("tgt", u.tgt_attrs)) if v}
        db.execute(
            "INSERT INTO units VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (k, u.src, u.tgt, u.src_lang, u.tgt_lang, origin, u.prop("x-release"))
            + (int(bead) if bead and bead.isdigit() else None, float(score) if score else None)
            + (u.attrs.get("creationdate") or "20250101T000000Z",)
            + tuple(json.dumps(x, ensure_ascii=False) for x in (u.props, u.notes, u.attrs))
            + (len(toks), key, slk, tlk, json.dumps(tuv, ensure_ascii=False)),
        )
        original = not origin.startswith(("mt:", "tm-", "po-fuzzy"))
        for t in index_terms(toks) if u.tgt else ():
            db.execute("INSERT INTO postings VALUES(?, ?, ?, ?, ?)", (t, f"{slk}>{tlk}", k, len(toks), original))
            df[t] = df.get(t, 0) + 1
    db.executemany("INSERT INTO vocab VALUES(?, ?)", df.items())
    db.commit()
    db.close()


def _dump(path):
    db = sqlite3.connect(str(path))
    try:
        return list(db.iterdump())
    finally:
        db.close()


def _tables(path):
    db = sqlite3.connect(str(path))
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return sorted(db.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    finally:
        db.close()


def _answers(tm, units):
    """Every kind of lookup the memory answers, for each unit's source and a variant with one word changed."""
    out = []
    for u in units:
        changed = u.src.replace(u.src.split()[0], "Autrement", 1)
        for q in (u.src, match_key(u.src), changed):
            out.append(tm.lookup(q, limit=10))
            out.append(tm.lookup(q, threshold=50, original_only=True, limit=1))
            out.append(tm.lookup(q, threshold=60, src_lang=None, tgt_lang=None, fuzzy_when_exact=True))
            out.append(tm.lookup(q, threshold=60, src_lang="en", tgt_lang="de"))
    return out


def test_a_schema_2_memory_is_upgraded_in_place_and_answers_as_before(tmp_path):
    units = varied_units()
    old, fresh = tmp_path / "memory.sqlite", tmp_path / "fresh.sqlite"
    _v2_memory(old, units)
    size_before = old.stat().st_size
    # what schema 2 answered for exact lookups: the units whose NFC source is the query's, in the fr -> en pair
    db = sqlite3.connect(str(old))
    before = {
        u.src: sorted(
            db.execute("SELECT id FROM units WHERE src_key=? AND src_lk='fr' AND tgt_lk='en'", (match_key(u.src),))
        )
        for u in units[:60]
    }
    db.close()
    with TranslationMemory(fresh) as tm:
        tm.add_units(units)
        expected = _answers(tm, units[:60])
    with TranslationMemory(old) as tm:
        assert tm.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == str(SCHEMA_VERSION) == "3"
        assert list(tm.units()) == units  # every prop, note and attribute, byte for byte, in order
        answers = _answers(tm, units[:60])
        for u in units[:60]:
            ids = {m.unit_id for m in tm.lookup(u.src, limit=100)}
            old_ids = {i for (i,) in before[u.src]}
            assert ids <= old_ids and bool(ids) == bool(old_ids)  # the same units (repeats are shown once)
    assert answers == expected
    assert sum(1 for a in answers if a and not a[0].exact) > 50  # fuzzy matches were compared, not only exact ones
    assert _tables(old) == _tables(fresh)  # the schema a new memory has, nothing of the old one left
    assert old.stat().st_size < size_before * 0.75 and not Path(f"{old}-wal").exists()


def test_a_schema_1_memory_is_upgraded_in_place(tmp_path):
    path = tmp_path / "memory.sqlite"
    nfd = unicodedata.normalize("NFD", "Le comité a été réuni.")
    _v1_memory(path, [(nfd, "The committee met.", "aligned", "r1"), ("Autre phrase ici.", "Other.", "mt:x@1", "r2")])
    with TranslationMemory(path) as tm:
        assert tm.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == str(SCHEMA_VERSION)
        assert [u.src for u in tm.units()] == [nfd, "Autre phrase ici."]
        assert [u.props for u in tm.units()][1] == [("x-origin", "mt:x@1"), ("x-release", "r2")]
        assert tm.lookup(unicodedata.normalize("NFC", nfd))[0].exact
        assert tm.lookup("Le comité a été convoqué.", threshold=60)[0].tgt == "The committee met."
        assert tm.lookup("Autre phrase ici.", original_only=True) == []
        tm.replace_release("r1", [])
        assert len(tm) == 1
    fresh = tmp_path / "fresh.sqlite"
    TranslationMemory(fresh).close()
    assert _tables(path) == _tables(fresh)


@pytest.mark.parametrize("version", ["1", "2"])
def test_a_failed_upgrade_leaves_the_old_schema(tmp_path, monkeypatch, version):
    from aligner.tm import schema

    path = tmp_path / "memory.sqlite"
    if version == "1":
        _v1_memory(path, [("Une phrase.", "A sentence.", "aligned", "r1")])
    else:
        _v2_memory(path, varied_units(40))
    before = _dump(path)
    reindex = schema.reindex

    def broken(db):
        reindex(db)  # every unit copied and indexed: only the commit is missing
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(schema, "reindex", broken)
    with pytest.raises(AlignerError, match="disk I/O error"):
        TranslationMemory(path)
    assert _dump(path) == before  # the old schema, as it was


# ---------------------------------------------------------------- what schema 3 stores


def test_aligner_units_store_each_fact_once(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.add_units([aligned("Le conseil se réunit lundi.", "The council meets on Monday.", "news_7", 12)])
        row = tm.db.execute("SELECT props, attrs, notes, tuv_attrs, typeof(key), typeof(release) FROM units").fetchone()
        assert row == ("1-1", "", None, None, "integer", "integer")
        assert [r[2] for r in tm.db.execute("PRAGMA index_info(units_key)")] == ["key"]
        assert {r[0] for r in tm.db.execute("SELECT typeof(token) || typeof(pair) FROM postings")} == {"integerinteger"}
        (u,) = tm.units()
        assert u.props[0] == ("x-release", "news_7") and u.attrs == {
            "tuid": "news_7:12",
            "creationdate": "20260101T000000Z",
        }


_VALUES = st.sampled_from(["r1", "7", "007", "0.9000", "0.95", "-0.0000", "nan", "aligned", "1-1", "[2-1]", "", "x"])
_PROPS = st.lists(st.tuples(st.sampled_from([*ALIGNER_PROPS, "x-client"]), _VALUES | st.text(max_size=5)), max_size=7)
_ATTRS = st.dictionaries(
    st.sampled_from(["tuid", "creationdate", "changeid"]),
    st.sampled_from(["r1:7", "r1:007", "20260101T000000Z", "me"]) | st.text(max_size=5),
)


@st.composite
def _units(draw):
    release, bead, score = draw(_VALUES), draw(st.integers(0, 10**12)), draw(st.floats(-1, 2, allow_nan=False))
    canonical = aligned(".", "x", release, bead, f"{score:.4f}", draw(_VALUES), draw(_VALUES), draw(_VALUES))
    props = canonical.props if draw(st.booleans()) else draw(_PROPS)
    attrs = canonical.attrs if draw(st.booleans()) else draw(_ATTRS)
    text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)
    return TranslationUnit(draw(text), draw(text | st.none()), props=props, notes=draw(st.lists(text)), attrs=attrs)


@settings(max_examples=300, deadline=None)
@given(st.lists(_units(), min_size=1, max_size=4))
def test_whatever_a_unit_carries_reads_back_exactly(units):
    for k, u in enumerate(units):
        u.src = f"{k} {u.src}"  # no two alike (a repeated unit is not added again)
    with tempfile.TemporaryDirectory() as tmp, TranslationMemory(Path(tmp) / "tm.sqlite") as tm:
        tm.add_units(units)
        assert list(tm.units()) == units


# ---------------------------------------------------------------- the word index and free pages


def _index(db):
    """The word index by word (ids differ between a maintained index and a fresh one)."""
    postings = sorted(
        db.execute("SELECT v.token, p.pair, p.unit, p.ntok FROM postings p JOIN vocab v ON v.id = p.token")
    )
    return postings, sorted(db.execute("SELECT token, df FROM vocab"))


def test_the_word_index_stays_what_a_fresh_one_would_be(tmp_path):
    from aligner.tm import schema

    rng = random.Random(4)
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        for step in range(12):
            releases = rng.sample(["a", "b", "c", "d"], rng.randint(1, 3))
            changes = {}
            for r in releases:
                # units filed under one release may name another, which a later key of the same call replaces
                changes[r] = [
                    aligned(sentence(rng) + f" mot{step}x{k}", f"T{k}.", rng.choice(["a", "b", "c", "d"]), k)
                    for k in range(rng.randint(0, 6))
                ]
            tm.replace_releases(changes)
            kept = _index(tm.db)
            tm.db.execute("BEGIN")
            schema.reindex(tm.db)
            assert _index(tm.db) == kept
            assert tm.db.execute("SELECT COUNT(*) FROM vocab WHERE df <= 0").fetchone()[0] == 0
            tm.db.execute("ROLLBACK")
            ids = tm.db.execute("SELECT id, COUNT(*) FROM vocab GROUP BY id HAVING COUNT(*) > 1").fetchall()
            assert ids == []  # one word per id
        names = {r for (r,) in tm.db.execute("SELECT name FROM releases")}
        assert names == {u.prop("x-release") for u in tm.units()}  # no release left without units


def test_removing_releases_gives_the_space_back(tmp_path):
    path = tmp_path / "tm.sqlite"
    with TranslationMemory(path) as tm:
        tm.replace_releases(
            {
                f"r{r}": [aligned(f"Phrase {r} {k} " * 20, f"Sentence {k}.", f"r{r}", k) for k in range(200)]
                for r in range(10)
            }
        )
        full = tm.db.execute("PRAGMA page_count").fetchone()[0]
        tm.replace_releases({f"r{r}": [] for r in range(1, 10)})
        pages, free = (tm.db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "freelist_count"))
        assert len(tm) == 200 and pages < full / 3 and free * 4 <= pages
        assert tm.lookup("Phrase 0 7 " * 20)[0].tgt == "Sentence 7."
    assert not Path(f"{path}-wal").exists()
