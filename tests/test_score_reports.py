"""``aligner score`` against the sacrebleu command line; gates, report.md and junit.xml from ``aligner run``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from aligner.cli import app

runner = CliRunner()
FIXTURE = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"


@pytest.fixture(scope="module")
def hyp_ref(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("score")
    ref = (Path(__file__).parent / "fixtures" / "tico19" / "test-300.en").read_text(encoding="utf-8").splitlines()
    hyp = [" ".join(w for k, w in enumerate(line.split()) if k % 5 != 3) for line in ref]  # a degraded system
    (tmp / "ref.txt").write_text("\n".join(ref) + "\n", encoding="utf-8")
    (tmp / "hyp.txt").write_text("\n".join(hyp) + "\n", encoding="utf-8")
    return tmp / "hyp.txt", tmp / "ref.txt"


def test_scores_and_signatures_match_the_sacrebleu_command_line(hyp_ref):
    hyp, ref = hyp_ref
    res = runner.invoke(app, ["score", str(hyp), str(ref), "--format", "json"])
    assert res.exit_code == 0, res.output
    ours = {s["name"]: s for s in json.loads(res.stdout)["scores"]}
    cli = Path(sys.executable).with_name("sacrebleu")
    out = subprocess.run(
        [str(cli), str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter", "--format", "json", "-w", "4"],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(out.stdout)
    assert len(theirs) == 3
    for t in theirs:
        assert ours[t["name"]]["score"] == pytest.approx(t["score"], abs=1e-4)
        assert ours[t["name"]]["signature"] == t["signature"]


def test_sentence_scores_and_text_output(hyp_ref):
    hyp, ref = hyp_ref
    res = runner.invoke(app, ["score", str(hyp), str(ref), "--metrics", "chrf", "--sentence"])
    lines = res.stdout.splitlines()
    assert lines[0].startswith("chrF2") and "nrefs:1" in lines[0]
    assert len([line for line in lines if line[:4].strip().isdigit()]) == 300


def test_score_usage_errors(hyp_ref, tmp_path):
    hyp, ref = hyp_ref
    res = runner.invoke(app, ["score", str(hyp), str(ref), "--metrics", "meteor"])
    assert res.exit_code == 2 and "unknown metric" in res.stderr
    short = tmp_path / "short.txt"
    short.write_text("one line\n", encoding="utf-8")
    res = runner.invoke(app, ["score", str(short), str(ref)])
    assert res.exit_code == 2 and "1 lines but the reference has 300" in res.stderr


@pytest.fixture()
def misfiled_corpus(tmp_path, corpus_dir) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(corpus_dir, root)
    shutil.copyfile(corpus_dir / "fr" / "tico19_wikinews_4.txt", root / "fr" / "misfiled.txt")
    shutil.copyfile(corpus_dir / "en" / "tico19_wikinews_6.txt", root / "en" / "misfiled.txt")
    return root


def test_a_misfiled_release_fails_min_aligned_alone(misfiled_corpus, tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(misfiled_corpus), "--out", str(out), "--no-mt", "--min-aligned", "0.8", "-q"])
    assert res.exit_code == 1
    gate_lines = [line for line in res.stderr.splitlines() if line.startswith("aligner: gate failed")]
    assert len(gate_lines) == 1 and gate_lines[0].startswith("aligner: gate failed: misfiled: ")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [f["release"] for f in report["gates"]["failures"]] == ["misfiled"]
    suite = ElementTree.parse(out / "junit.xml").getroot()
    failed = [(c.get("classname"), c.get("name")) for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == [("aligner.misfiled", "alignment coverage")]
    assert int(suite.get("tests")) == 4 * 4 + 1
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "misfiled: " in md and "| tico19\\_wikinews\\_4 |" in md and len(md.encode()) < 1024 * 1024  # ids escaped


def test_all_gates_pass_exit_zero(corpus_dir, tmp_path):
    res = runner.invoke(
        app,
        [
            "run",
            str(corpus_dir),
            "--out",
            str(tmp_path / "out"),
            "--no-mt",
            "--min-aligned",
            "0.8",
            "--max-low-confidence",
            "0.2",
            "-q",
        ],
    )
    assert res.exit_code == 0, res.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["gates"]["failures"] == [] and report["gates"]["settings"]["min_aligned"] == 0.8


def test_bad_gate_value_is_a_usage_error(corpus_dir, tmp_path):
    res = runner.invoke(app, ["run", str(corpus_dir), "--out", str(tmp_path / "out"), "--min-aligned", "1.5"])
    assert res.exit_code == 2


def test_mt_quality_and_bleu_gate_with_a_model(corpus_dir, tmp_path):
    model = tmp_path / "model"
    shutil.copytree(FIXTURE, model)
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["run", str(corpus_dir), "--out", str(out), "--model", str(model), "--min-bleu", "30", "-q"]
    )
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    q = report["mt_quality"]
    assert q["status"] == "ok" and q["beads"] > 0
    assert {s["name"] for s in q["scores"]} == {"BLEU", "chrF2", "TER"}
    assert all(
        s["signature"].startswith(("nrefs:1", "BLEU", "chrF", "TER")) or "nrefs:1" in s["signature"]
        for s in q["scores"]
    )
    # the tiny model knows none of these sentences: the report calls the MT itself unusable and flags no bead
    assert q["verdict"] == "unusable" and "the MT is unusable" in q["message"]
    assert all(not r.get("mt_quality", {}).get("flags") for r in report["releases"])
    assert res.exit_code == 1 and "BLEU" in res.stderr
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## MT against the English originals (corpus)" in md and "the MT is unusable" in md


def test_usable_mt_flags_beads_that_read_like_unedited_mt(tmp_path):
    """Releases made of the tiny model's own training pairs: its MT equals the originals, so it is judged usable and
    every confident bead reads like unedited MT."""
    pairs = [line.split("\t") for line in (FIXTURE / "pairs.tsv").read_text(encoding="utf-8").splitlines()]
    corpus = tmp_path / "corpus"
    for lang, side in (("fr", 0), ("en", 1)):
        (corpus / lang).mkdir(parents=True)
        (corpus / lang / "own.txt").write_text("\n".join(p[side] for p in pairs[:24]) + "\n", encoding="utf-8")
    model = tmp_path / "model"
    shutil.copytree(FIXTURE, model)
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(corpus), "--out", str(out), "--model", str(model), "-b", "ctranslate2", "-q"])
    assert res.exit_code == 0, res.output
    q = json.loads((out / "report.json").read_text(encoding="utf-8"))["mt_quality"]
    rel = json.loads((out / "report.json").read_text(encoding="utf-8"))["releases"][0]
    assert q["verdict"] == "usable" and q["beads"] >= 10
    assert rel["mt_quality"]["flags"] and {f["kind"] for f in rel["mt_quality"]["flags"]} == {"possible unedited MT"}
