"""The SQLite translation memory: exact and fuzzy lookup, release replacement, import/export."""

from __future__ import annotations

import pytest

from aligner.errors import FormatError
from aligner.formats.tmx import TranslationUnit
from aligner.tm import TranslationMemory, similarity, tokens


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
