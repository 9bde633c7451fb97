from __future__ import annotations

import os
import unicodedata

import pytest

from aligner.corpus import discover
from aligner.errors import InputError


def test_pairs_by_file_name_and_reports_the_unpaired(tmp_path):
    (tmp_path / "fr").mkdir()
    (tmp_path / "en").mkdir()
    for name in ("a", "b", "only_fr"):
        (tmp_path / "fr" / f"{name}.txt").write_text("x", encoding="utf-8")
    for name in ("a", "b", "only_en"):
        (tmp_path / "en" / f"{name}.txt").write_text("x", encoding="utf-8")
    (tmp_path / "fr" / "notes.doc").write_text("ignored", encoding="utf-8")
    c = discover(tmp_path)
    assert [r.id for r in c.pairs] == ["a", "b"]
    assert [r.id for r in c.french_only] == ["only_fr"]
    assert [r.id for r in c.english_only] == ["only_en"]


def test_shipped_corpus_has_the_seed_without_counterpart(corpus_dir):
    c = discover(corpus_dir)
    assert [r.id for r in c.french_only] == ["news_211270"]
    assert len(c.pairs) >= 3 and not c.english_only


def test_missing_or_wrong_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="corpus folder not found"):
        discover(tmp_path / "nope")
    with pytest.raises(InputError, match="not a corpus"):
        discover(tmp_path)


def _pair(root, name: str, fr: str = "Bonjour.", en: str = "Hello.") -> None:
    for lang, text in (("fr", fr), ("en", en)):
        (root / lang).mkdir(parents=True, exist_ok=True)
        (root / lang / f"{name}.txt").write_text(text, encoding="utf-8")


def test_a_linked_language_folder_outside_the_corpus_is_skipped_and_listed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    _pair(elsewhere, "secret")
    root = tmp_path / "c"
    _pair(root, "a")
    (root / "fr").rename(tmp_path / "fr-real")
    (root / "fr").symlink_to(elsewhere / "fr")
    c = discover(root)
    assert not c.pairs and [r.id for r in c.english_only] == ["a"]
    assert [(s.path, s.reason) for s in c.skipped] == [(str(root / "fr"), "link to a folder outside the corpus")]


def test_link_loops_and_broken_links_are_skipped_and_listed(tmp_path):
    root = tmp_path / "c"
    _pair(root, "a")
    (root / "fr" / "loop.txt").symlink_to(root / "fr" / "loop.txt")
    (root / "fr" / "gone.txt").symlink_to(root / "fr" / "missing.txt")
    c = discover(root)
    reasons = {s.path.rsplit("/", 1)[1]: s.reason for s in c.skipped}
    assert reasons == {"gone.txt": "broken link", "loop.txt": "link loop"} and [r.id for r in c.pairs] == ["a"]


def test_file_names_that_are_not_utf8_are_skipped_with_a_printable_name(tmp_path):
    root = tmp_path / "c"
    _pair(root, "a")
    bad = os.fsencode(root / "fr") + b"/caf\xe9.txt"
    with open(bad, "wb") as fh:
        fh.write(b"Bonjour.")
    c = discover(root)
    (s,) = c.skipped
    assert s.reason == "file name is not UTF-8 text" and s.path.endswith("caf\\xe9.txt")
    s.path.encode("utf-8")  # printable and writable


def test_nfc_and_nfd_file_names_pair(tmp_path):
    root = tmp_path / "c"
    (root / "fr").mkdir(parents=True)
    (root / "en").mkdir()
    (root / "fr" / unicodedata.normalize("NFD", "été.txt")).write_text("Bonjour.", encoding="utf-8")
    (root / "en" / unicodedata.normalize("NFC", "été.txt")).write_text("Hello.", encoding="utf-8")
    c = discover(root)
    assert [r.id for r in c.pairs] == [unicodedata.normalize("NFC", "été")]


def test_extensions_match_case_insensitively_and_others_are_listed(tmp_path):
    root = tmp_path / "c"
    _pair(root, "a")
    (root / "fr" / "b.TXT").write_text("Bonjour.", encoding="utf-8")
    (root / "fr" / "notes.doc").write_text("x", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "de").mkdir()
    c = discover(root)
    assert [r.id for r in c.french_only] == ["b"] and c.langs == ("fr",)
    reasons = {s.path.rsplit("/", 1)[1]: s.reason for s in c.skipped}
    assert reasons["notes.doc"].startswith("not a release file") and reasons["docs"].startswith("not a language folder")
    assert reasons["de"] == "a language folder with no releases"


def test_names_with_control_characters_are_skipped_and_shown_escaped(tmp_path):
    root = tmp_path / "c"
    _pair(root, "a")
    _pair(root, "b\nc\x1b]0;PWNED\x07")
    c = discover(root)
    assert [r.id for r in c.pairs] == ["a"]
    assert len(c.skipped) == 2 and all(s.reason == "control characters in the file name" for s in c.skipped)
    assert all(s.path.isprintable() for s in c.skipped)
