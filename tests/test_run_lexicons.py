"""Lexicons in ``aligner run``: the user's dictionaries, and a corpus lexicon learned from the run's memory."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aligner.cli import app

from .test_hardening import _tico_corpus

runner = CliRunner()


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_the_memory_teaches_a_corpus_lexicon_to_the_releases_computed_next(tmp_path):
    corpus = tmp_path / "corpus"
    _tico_corpus(corpus, releases=40)
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt"]).exit_code == 0
    assert report(out)["inputs"]["lexicons"] == []  # a first run has no memory to learn from
    new = corpus / "fr" / "r039.txt"
    new.write_text(new.read_text(encoding="utf-8") + "Une phrase de plus.\n", encoding="utf-8")
    assert runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt"]).exit_code == 0
    (lex,) = report(out)["inputs"]["lexicons"]
    assert (
        lex["name"] == "corpus-fr-en" and lex["origin"] == "corpus" and lex["entries"] > 0 and len(lex["sha256"]) == 64
    )
    release = out / "align" / "r039.jsonl"
    assert release.exists()
    cache = next(r for r in report(out)["releases"] if r["id"] == "r039")
    assert cache["cached"] is False


def test_a_users_dictionary_is_used_and_a_malformed_one_is_refused_before_anything_is_written(corpus_dir, tmp_path):
    good = tmp_path / "fr-en.tsv"
    good.write_text("pandémie\tpandemic\nsanté\thealth\n", encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "-q", "--no-mt", "--lexicon", str(good)])
    assert res.exit_code == 0, res.output
    (lex,) = report(out)["inputs"]["lexicons"]
    assert lex["entries"] == 2 and json.loads((out / "run.json").read_text(encoding="utf-8"))["alignment"] == {
        "lexicons": [str(good)],
        "translate": True,
    }
    bad = tmp_path / "bad.dic"
    bad.write_text("virus @ virus\nno separator here\n", encoding="utf-8")
    res = runner.invoke(app, ["run", str(corpus_dir), "--out", str(tmp_path / "o2"), "-q", "--lexicon", str(bad)])
    assert res.exit_code == 1 and f"{bad}:2" in res.stderr and not (tmp_path / "o2").exists()
