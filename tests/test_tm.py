"""The SQLite translation memory: exact and fuzzy lookup, release replacement, import/export."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.errors import FormatError
from aligner.formats.tmx import TranslationUnit, write_tmx
from aligner.tm import CorruptMemoryError, TranslationMemory, similarity, tokens
from aligner.tm.rebuild import rebuild, set_aside_if_damaged
from aligner.tm.text import upper_bound


def unit(src, tgt, release="r1", origin="aligned"):
    return TranslationUnit(src, tgt, props=[("x-release", release), ("x-origin", origin)])


def test_exact_and_fuzzy_matches_with_percentages(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.add_units(
            [
                unit("Le secrétaire général a rencontré le président.", "The Secretary General met the President."),
                unit("Le secrétaire général a rencontré le ministre.", "The Secretary General met the Minister."),
                unit("Rien à voir avec le reste.", "Nothing to do with the rest."),
            ]
        )
        exact = tm.lookup("Le secrétaire général a rencontré le président.")
        assert exact[0].exact and exact[0].tgt == "The Secretary General met the President."
        fuzzy = tm.lookup("Le secrétaire général a rencontré le premier ministre.", threshold=70)
        assert fuzzy and not fuzzy[0].exact and fuzzy[0].tgt == "The Secretary General met the Minister."
        assert 70 <= fuzzy[0].score < 100
        assert tm.lookup("Une phrase sans rapport aucun.", threshold=75) == []


def test_duplicates_are_not_added_and_releases_are_replaced(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        assert tm.add_units([unit("A.", "A."), unit("A.", "A.")]) == 1
        tm.replace_release("r2", [unit("Bonjour.", "Hello.", "r2"), unit("Au revoir.", "Goodbye.", "r2")])
        assert len(tm) == 3
        tm.replace_release("r2", [unit("Bonsoir.", "Good evening.", "r2")])
        assert len(tm) == 2 and tm.lookup("Bonjour.") == []
        assert tm.lookup("Bonsoir.")[0].tgt == "Good evening."


def test_unknown_props_survive(tmp_path):
    u = TranslationUnit(
        "x y z", "a b c", props=[("x-origin", "tm-exact"), ("x-Client", "ACME")], notes=["n"], attrs={"changeid": "me"}
    )
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.add_units([u])
        back = list(tm.units())[0]
    assert back.props == u.props and back.notes == ["n"] and back.attrs == {"changeid": "me"}


def test_not_a_database_is_a_format_error(tmp_path):
    bad = tmp_path / "tm.sqlite"
    bad.write_text("this is not sqlite" * 100, encoding="utf-8")
    with pytest.raises(FormatError, match="not a translation memory"):
        TranslationMemory(bad)


def test_similarity_is_word_level():
    assert similarity(tokens("a b c d"), tokens("a b c d")) == 100.0
    assert similarity(tokens("a b c d"), tokens("a b x d")) == 75.0
    assert similarity([], tokens("a")) == 0.0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcde"), max_size=12),
    st.lists(st.sampled_from("abcdef"), max_size=12),
    st.sampled_from([0.0, 50.0, 75.0, 90.0]),
)
def test_the_cutoff_and_the_bound_never_change_a_score_that_counts(a, b, cutoff):
    """Fuzzy lookup skips candidates by an upper bound and stops edit distance early; neither may lose a match."""
    full = similarity(a, b)
    assert upper_bound(Counter(a), b, len(a)) >= full - 1e-9
    cut = similarity(a, b, cutoff)
    assert cut == full if full >= cutoff else cut < cutoff


# ---------------------------------------------------------------- Unicode, languages, duplicates


def test_nfc_and_nfd_text_is_the_same_sentence(tmp_path):
    nfc = "L’été a été chaud à Genève."
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.add_units([unit(nfd, "The summer was hot in Geneva.")])
        (m,) = tm.lookup(nfc, original_only=True)
        assert m.exact and m.score == 100.0 and m.tgt == "The summer was hot in Geneva."
        assert m.src == nfd  # stored text stays byte for byte as given
        assert tm.lookup(nfd)[0].exact
        assert list(tm.units())[0].src == nfd


def test_a_fuzzy_match_never_reaches_100(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.add_units([unit("Le conseil se réunit lundi.", "The council meets on Monday.")])
        (m,) = tm.lookup("le conseil se réunit lundi.")  # differs in case only
        assert not m.exact and m.score == 99.0


def test_language_pairs_are_kept_apart(tmp_path):
    def lang_unit(src, tgt, sl, tl):
        return TranslationUnit(src, tgt, sl, tl, props=[("x-origin", "aligned")])

    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.add_units(
            [
                lang_unit("The council meets on Monday.", "Der Rat tagt am Montag.", "en", "de"),
                lang_unit("The council meets on Monday.", "El consejo se reúne el lunes.", "en-GB", "es-ES"),
                lang_unit("Le conseil se réunit lundi.", "The council meets on Monday.", "fr", "en"),
                lang_unit("The council meets today.", "会议今天召开。", "en", "zh-CN"),
                lang_unit("The council meets today.", "會議今天召開。", "en", "zh-TW"),
            ]
        )
        assert tm.lookup("The council meets on Monday.") == []  # the default pair is fr -> en
        assert tm.lookup("Le conseil se réunit lundi.")[0].tgt == "The council meets on Monday."
        de = tm.lookup("The council meets on Monday.", src_lang="en", tgt_lang="de")
        assert [m.tgt for m in de] == ["Der Rat tagt am Montag."] and de[0].tgt_lang == "de"
        es = tm.lookup("The council meets on Monday!", src_lang="en", tgt_lang="es", threshold=50)
        assert [m.tgt for m in es] == ["El consejo se reúne el lunes."] and not es[0].exact
        assert [m.tgt for m in tm.lookup("The council meets today.", src_lang="en", tgt_lang="zh")] == [
            "会议今天召开。"
        ]
        hant = tm.lookup("The council meets today.", src_lang="en", tgt_lang="zh-Hant")
        assert [m.tgt for m in hant] == ["會議今天召開。"]
        assert len(tm.lookup("The council meets on Monday.", src_lang="en", tgt_lang=None)) == 2


def test_a_unit_stored_twice_is_found_once_with_its_count(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.add_units(
            [
                unit("Merci beaucoup.", "Thank you very much.", "r1", "mt:opus@1"),
                unit("Merci beaucoup.", "Thank you very much.", "r1"),
                unit("Merci beaucoup.", "Thank you very much.", "r2"),
                unit("Merci beaucoup.", "Many thanks.", "r3", "mt:opus@1"),
            ]
        )
        matches = tm.lookup("Merci beaucoup.", limit=5)
        assert [(m.tgt, m.origin, m.count) for m in matches] == [
            ("Thank you very much.", "aligned", 3),
            ("Many thanks.", "mt:opus@1", 1),
        ]
        assert [m.tgt for m in tm.lookup("Merci beaucoup.", original_only=True)] == ["Thank you very much."]


# ---------------------------------------------------------------- transactions


def test_several_releases_are_replaced_in_one_transaction(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        assert tm.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tm.replace_releases({"a": [unit("Un.", "One.", "a")], "b": [unit("Deux.", "Two.", "b")]})
        assert len(tm) == 2

        def failing():
            yield unit("Trois.", "Three.", "b")
            raise RuntimeError("disk gone")

        with pytest.raises(RuntimeError):
            tm.replace_releases({"a": [], "b": failing()})
        assert len(tm) == 2 and tm.lookup("Un.")[0].tgt == "One."
        with pytest.raises(RuntimeError), tm.batch():
            tm.replace_release("a", [])
            tm.add_units([unit("Quatre.", "Four.", "c")])
            raise RuntimeError("stop")
        assert len(tm) == 2 and tm.lookup("Quatre.") == []
        with tm.batch():
            tm.replace_release("a", [])
            tm.replace_release("b", [unit("Deux !", "Two!", "b")])
        assert [u.src for u in tm.units()] == ["Deux !"]
        assert tm.lookup("Deux.", threshold=50)[0].tgt == "Two!"  # the index follows the replacement
        words = dict(tm.db.execute("SELECT token, df FROM vocab"))
        assert words == {"deux": 1}


def test_a_unit_the_memory_cannot_store_is_refused_whole(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        bad = TranslationUnit("caf\udc80", "cafe", props=[("x-origin", "aligned")], line=7)
        with pytest.raises(FormatError, match="U\\+DC80, a lone surrogate") as info:
            tm.add_units([unit("Un.", "One."), bad])
        assert info.value.line == 7
        assert len(tm) == 0


# ---------------------------------------------------------------- newer and damaged databases (older: test_tm_schema.py)


def test_a_newer_schema_is_one_clear_error(tmp_path):
    path = tmp_path / "memory.sqlite"
    with TranslationMemory(path) as tm:
        tm.db.execute("UPDATE meta SET value='9' WHERE key='schema'")
    with pytest.raises(FormatError, match="schema 9 is not one this aligner reads"):
        TranslationMemory(path)


def corrupt(path):
    """Garbage over every page but the first (the header and schema stay; the data does not)."""
    size = path.stat().st_size
    assert size > 3 * 4096 and not Path(f"{path}-wal").exists()
    with path.open("r+b") as fh:
        fh.seek(4096)
        fh.write(random.Random(3).randbytes(size - 4096))


def _filled(path, n=300):
    with TranslationMemory(path) as tm:
        tm.add_units([unit(f"Phrase numéro {k} du rapport annuel.", f"Sentence number {k}.") for k in range(n)])


def test_a_damaged_memory_is_found_when_opened_and_says_how_to_rebuild(tmp_path):
    path = tmp_path / "memory.sqlite"
    _filled(path)
    corrupt(path)
    with pytest.raises(CorruptMemoryError, match=f"damaged .*aligner tm rebuild FILE.tmx --db {path}"):
        TranslationMemory(path)
    (tmp_path / "memory.tmx").write_text("<tmx/>", encoding="utf-8")
    with pytest.raises(CorruptMemoryError, match=f"aligner tm rebuild --out {tmp_path}"):
        TranslationMemory(path)


def test_rebuild_swaps_in_a_new_memory_and_keeps_the_damaged_one(tmp_path):
    path = tmp_path / "memory.sqlite"
    tmx = tmp_path / "memory.tmx"
    write_tmx(tmx, [unit(f"Phrase numéro {k} du rapport.", f"Sentence {k}.", "r1") for k in range(300)])
    _filled(path)
    corrupt(path)
    Path(f"{path}-wal").write_bytes(b"stale journal")
    res = rebuild([tmx], path)
    assert res.was_damaged and res.units == 300 and res.kept_as is not None
    assert res.kept_as.name.startswith("memory.sqlite.corrupt-") and res.kept_as.read_bytes()[4096:5000] != b""
    assert Path(f"{res.kept_as}-wal").read_bytes() == b"stale journal" and not Path(f"{path}-wal").exists()
    with TranslationMemory(path) as tm:
        assert tm.lookup("Phrase numéro 7 du rapport.")[0].tgt == "Sentence 7."
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_failed_rebuild_leaves_the_memory_as_it_was(tmp_path):
    path = tmp_path / "memory.sqlite"
    _filled(path, 10)
    before = path.read_bytes()
    bad = tmp_path / "bad.tmx"
    bad.write_text('<tmx version="1.4"><header srclang="fr"/><body>\n<tu>\n</body></tmx>', encoding="utf-8")
    with pytest.raises(FormatError, match="malformed XML") as info:
        rebuild([bad], path)
    assert info.value.line == 3 and path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.tmx", "memory.sqlite"]


def test_the_word_index_is_rebuilt_when_the_tokenizer_changed(tmp_path):
    path = tmp_path / "memory.sqlite"
    with TranslationMemory(path) as tm:
        tm.add_units([unit("Le conseil se réunit lundi.", "The council meets on Monday.")])
        tm.db.execute("DELETE FROM postings")  # as if built by another tokeniser
        tm.db.execute("UPDATE meta SET value='0/older' WHERE key='tokenizer'")
        assert tm.lookup("Le conseil se réunit mardi.") == []
    with TranslationMemory(path) as tm:
        assert tm.lookup("Le conseil se réunit mardi.")[0].tgt == "The council meets on Monday."


def test_a_damaged_memory_can_be_set_aside_for_a_fresh_start(tmp_path):
    path = tmp_path / "memory.sqlite"
    _filled(path, 10)
    assert set_aside_if_damaged(path) is None and path.exists()  # sound: left alone
    _filled(path)
    corrupt(path)
    kept = set_aside_if_damaged(path)
    assert kept is not None and kept.name.startswith("memory.sqlite.corrupt-") and not path.exists()
    with TranslationMemory(path) as tm:
        assert len(tm) == 0
