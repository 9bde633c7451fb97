from __future__ import annotations

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
    (tmp_path / "fr" / "notes.md").write_text("ignored", encoding="utf-8")
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
