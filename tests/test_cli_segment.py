"""``aligner segment`` and ``aligner corpus list`` through the real command line parser."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from aligner.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(map(str, args)))


def test_text_output_has_blank_line_between_paragraphs(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("Titre\nUne phrase. Une autre.\n\nDernier paragraphe.\n", encoding="utf-8")
    res = run("segment", "--lang", "fr", f)
    assert res.exit_code == 0
    assert res.stdout == "Titre\n\nUne phrase.\nUne autre.\n\nDernier paragraphe.\n"


def test_jsonl_has_paragraph_and_offsets(tmp_path):
    f = tmp_path / "r.txt"
    text = "Headline\nOne. Two.\n"
    f.write_text(text, encoding="utf-8")
    res = run("segment", "--lang", "en", "--format", "jsonl", f)
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(r["paragraph"], r["text"]) for r in rows] == [(0, "Headline"), (1, "One."), (1, "Two.")]
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_bom_crlf_and_empty_files_are_accepted(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeffTitre\r\nPhrase une. Phrase deux.\r\n".encode())
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    res = run("segment", f, empty)
    assert res.exit_code == 0
    assert res.stdout.splitlines() == ["Titre", "", "Phrase une.", "Phrase deux."]


def test_bad_files_give_one_line_naming_the_file(tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("ligne un\nCaf\xe9\n".encode("latin-1"))
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x7fELF\x00\x01\x02")
    for path, needle in ((latin1, "not UTF-8"), (binary, "binary"), (tmp_path / "missing.txt", "no such file")):
        res = run("segment", path)
        assert res.exit_code == 1
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and needle in lines[0]
        assert "Traceback" not in res.output
    res = run("segment", latin1)
    assert f"{latin1}:2:" in res.stderr


def test_output_file_is_not_touched_when_an_input_is_bad(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Une phrase.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_text("previous", encoding="utf-8")
    res = run("segment", good, tmp_path / "missing.txt", "-o", out)
    assert res.exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous"
    res = run("segment", good, "-o", out)
    assert res.exit_code == 0 and out.read_text(encoding="utf-8") == "Une phrase.\n"


def test_unknown_language_is_a_usage_error(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("x\n", encoding="utf-8")
    res = run("segment", "--lang", "xx", f)
    assert res.exit_code == 2 and "unknown language" in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "de, en, es, fr, it, nl, pl, pt, ru, uk, zh" in lines[0]


def test_new_languages_by_iso_639_1_code(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("Schlagzeile ohne Punkt\nAm 3. Oktober kam Dr. Müller. „Gut!“ Er ging.\n", encoding="utf-8")
    res = run("segment", "--lang", "de-AT", f)
    assert res.exit_code == 0
    assert res.stdout.splitlines() == [
        "Schlagzeile ohne Punkt",
        "",
        "Am 3. Oktober kam Dr. Müller.",
        "„Gut!“",
        "Er ging.",
    ]
    f.write_text("标题\n他说不。“走！”他说。然后走了。\n", encoding="utf-8")
    res = run("segment", "--lang", "zh", f)
    assert res.stdout.splitlines() == ["标题", "", "他说不。", "“走！”他说。", "然后走了。"]


def test_srx_option_uses_the_rule_file(shared, corpus_dir):
    res = run(
        "segment",
        "--srx",
        shared / "formats/omegat-3.6/defaultRules.cascade-yes.srx",
        corpus_dir / "fr/news_211270.txt",
    )
    assert res.exit_code == 0
    assert len([line for line in res.stdout.splitlines() if line]) == 16


def test_corpus_list_json(corpus_dir):
    res = run("corpus", "list", corpus_dir, "--json")
    data = json.loads(res.stdout)
    assert data["without_original"] == ["news_211270"] and "tico19_wikinews_4" in data["pairs"]
