"""``aligner align`` and ``aligner align-eval`` through the command line parser."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from aligner.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(map(str, args)))


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_release_texts_are_segmented_and_aligned(tmp_path):
    fr = write(tmp_path, "fr.txt", "Titre du communiqué\nM. Dupont est arrivé lundi. Il a parlé 3 fois.\n")
    en = write(tmp_path, "en.txt", "Release headline\nMr. Dupont arrived on Monday. He spoke 3 times.\n")
    res = run("align", fr, en, "--format", "jsonl")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(r["src_ids"], r["tgt_ids"]) for r in rows] == [([0], [0]), ([1], [1]), ([2], [2])]
    assert rows[1]["src"] == ["M. Dupont est arrivé lundi."] and rows[1]["tgt"] == ["Mr. Dupont arrived on Monday."]
    assert all(0 <= r["score"] <= 1 for r in rows)


def test_presegmented_ref_output_and_params_sidecar(tmp_path):
    fr = write(tmp_path, "fr.txt", "Un.\nDeux phrases. En une ligne.\n")
    en = write(tmp_path, "en.txt", "One.\nTwo sentences. On one line.\n")
    out = tmp_path / "out.ref"
    res = run("align", "--presegmented", fr, en, "-o", out)
    assert res.exit_code == 0, res.output
    assert [line.split(":")[:2] for line in out.read_text().splitlines()] == [["[0]", "[0]"], ["[1]", "[1]"]]
    params = json.loads((tmp_path / "out.ref.params.json").read_text())
    assert params["presegmented"] is True and "calibration" in params


def test_tsv_has_text_score_and_ids(tmp_path):
    fr = write(tmp_path, "fr.txt", "Bonjour\tà tous.\n")
    en = write(tmp_path, "en.txt", "Hello everyone.\n")
    res = run("align", "--presegmented", "--format", "tsv", fr, en)
    cols = res.stdout.rstrip("\n").split("\t")
    assert cols[0] == "Bonjour à tous." and cols[1] == "Hello everyone." and cols[3:] == ["0", "0"]


def test_german_french_and_unknown_codes(tmp_path):
    de = write(tmp_path, "de.txt", "Der Berg ist hoch.\n")
    fr = write(tmp_path, "fr.txt", "La montagne est haute.\n")
    assert run("align", "--presegmented", "--src-lang", "de", "--tgt-lang", "fr", de, fr).exit_code == 0
    res = run("align", "--src-lang", "12", de, fr)
    assert res.exit_code == 2 and "not a language code" in res.stderr
    res = run("align", "--src-lang", "xx", de, fr)  # a well-formed code with no segmentation rules
    assert res.exit_code == 2 and "unknown language" in res.stderr


def test_missing_counterpart_is_one_clear_line(tmp_path):
    fr = write(tmp_path, "fr.txt", "Un.\n")
    res = run("align", fr, tmp_path / "absent.txt")
    assert res.exit_code == 1
    assert res.stderr.strip() == f"aligner: error: {tmp_path / 'absent.txt'}: no such file"


def test_align_eval_prints_strict_and_lax(tmp_path):
    gold = write(tmp_path, "gold.ref", "[0]:[0]\n[1]:[1]\n")
    pred = write(tmp_path, "pred.ref", "[0]:[0]:0.9\n[1]:[]:0.2\n[]:[1]:0.3\n")
    res = run("align-eval", gold, pred, "--json")
    data = json.loads(res.stdout)
    assert data["precision_strict"] == 1 / 3 and data["recall_strict"] == 0.5
    res = run("align-eval", gold)
    assert res.exit_code == 2 and "GOLD PRED" in res.stderr
    bad = write(tmp_path, "bad.ref", "zero to zero\n")
    res = run("align-eval", gold, bad)
    assert res.exit_code == 1 and f"{bad}:1" in res.stderr
