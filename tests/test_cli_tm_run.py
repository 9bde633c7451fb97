"""``aligner tm`` and ``aligner run`` from the command line, bad input included."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from aligner.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(map(str, args)))


def test_tm_import_search_export(tmp_path):
    tmx = tmp_path / "in.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="x" creationtoolversion="1"'
        ' segtype="sentence" o-tmf="x" adminlang="en" srclang="fr" datatype="plaintext"/><body>'
        '<tu><prop type="x-client">ACME</prop><tuv xml:lang="fr"><seg>Le conseil se réunit lundi.</seg></tuv>'
        '<tuv xml:lang="en"><seg>The council meets on Monday.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    db = tmp_path / "tm.sqlite"
    res = run("tm", "import", tmx, "--db", db)
    assert res.exit_code == 0 and "1 added" in res.stdout
    res = run("tm", "search", "Le conseil se réunit mardi.", "--db", db, "--json")
    matches = json.loads(res.stdout)
    assert matches[0]["tgt"] == "The council meets on Monday." and 75 <= matches[0]["score"] < 100
    res = run("tm", "search", "Rien de commun ici.", "--db", db)
    assert res.exit_code == 1 and "no match" in res.stderr
    out = tmp_path / "out.tmx"
    assert run("tm", "export", "--db", db, "-o", out).exit_code == 0
    assert '<prop type="x-client">ACME</prop>' in out.read_text(encoding="utf-8")


def test_tm_import_of_malformed_tmx_changes_nothing(tmp_path):
    good = tmp_path / "good.tmx"
    good.write_text(
        '<tmx version="1.4"><header srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>a</seg></tuv>'
        '<tuv xml:lang="en"><seg>b</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    bad = tmp_path / "bad.tmx"
    bad.write_text('<tmx version="1.4">\n<header srclang="fr"/>\n<body><tu>\n</body></tmx>', encoding="utf-8")
    db = tmp_path / "tm.sqlite"
    res = run("tm", "import", good, bad, "--db", db)
    assert res.exit_code == 1
    assert res.stderr.strip().startswith(f"aligner: error: {bad}:4: malformed XML")
    assert not db.exists()


def test_search_without_database_is_clear(tmp_path):
    res = run("tm", "search", "x", "--db", tmp_path / "none.sqlite")
    assert res.exit_code == 1 and "no such translation memory" in res.stderr


def test_run_refuses_a_release_that_is_not_utf8_before_writing_anything(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    bad = corpus / "en" / "tico19_wikinews_4.txt"
    bad.write_bytes("Caf\xe9\n".encode("latin-1"))
    out = tmp_path / "out"
    res = run("run", corpus, "--out", out, "--jobs", "2")
    assert res.exit_code == 1
    assert res.stderr.strip() == f"aligner: error: {bad}:1: not UTF-8 text (byte 0xe9 at offset 3)"
    assert not out.exists()


def test_run_without_a_corpus_is_clear(tmp_path):
    res = run("run", tmp_path / "nothing", "--out", tmp_path / "out")
    assert res.exit_code == 1 and "corpus folder not found" in res.stderr


def test_run_prints_a_summary_table(corpus_dir, tmp_path):
    res = run("run", corpus_dir, "--out", tmp_path / "out")
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0].split()[:3] == ["release", "fr", "en"]
    assert any(line.startswith("news_211270") and "no English original" in line for line in lines)
    assert lines[-1].startswith("corpus")
