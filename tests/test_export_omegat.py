"""``aligner export omegat``: a ready OmegaT project, checked with OmegaT 3.6 itself (headless)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from aligner.cli import app

from .omegat import translate_project

runner = CliRunner()
FIXTURE = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"


def test_omegat_fills_the_paired_releases_from_an_exported_project(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    glossary = tmp_path / "g.tsv"
    glossary.write_text("pandémie\tpandemic\t\n", encoding="utf-8")
    model = tmp_path / "model"
    shutil.copytree(FIXTURE, model)
    out = tmp_path / "out"
    args = ["run", str(corpus), "--out", str(out), "-q", "-m", str(model), "-b", "ctranslate2", "-g", str(glossary)]
    assert runner.invoke(app, args).exit_code == 0
    project = tmp_path / "project"
    res = runner.invoke(app, ["export", "omegat", str(out), "-o", str(project)])
    assert res.exit_code == 0, res.output
    assert (project / "tm" / "auto" / "aligner-memory.tmx").exists() and (
        project / "tm" / "mt" / "aligner-mt.tmx"
    ).exists()
    assert (project / "glossary" / "glossary.txt").read_text(encoding="utf-8") == "pandémie\tpandemic\t\n"
    stats = translate_project(project)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    paired = [r["id"] for r in report["releases"] if r["paired"]]
    segments = sum(stats[f"{rid}.txt"]["segments"] for rid in paired)
    filled = sum(stats[f"{rid}.txt"]["segments"] - stats[f"{rid}.txt"]["remaining"] for rid in paired)
    print({rid: stats[f"{rid}.txt"] for rid in paired})
    assert filled / segments >= 0.95, stats
    for rid in paired:  # OmegaT cut the releases as the run did: as many segments as French sentences
        rel = next(r for r in report["releases"] if r["id"] == rid)
        assert stats[f"{rid}.txt"]["segments"] == rel["src_sentences"]


def test_export_refuses_a_folder_in_use_and_a_missing_run(corpus_dir, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    res = runner.invoke(app, ["export", "omegat", str(tmp_path / "nowhere"), "-o", str(tmp_path / "p")])
    assert res.exit_code == 1 and "no aligner run here" in res.stderr
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "-q", "--no-mt"]).exit_code == 0
    res = runner.invoke(app, ["export", "omegat", str(out), "-o", str(busy)])
    assert res.exit_code == 2 and "not an empty folder" in res.stderr
    assert (busy / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_run_with_its_own_srx_exports_those_rules(corpus_dir, tmp_path):
    from .test_run_stages import one_sentence_per_line_srx

    srx = one_sentence_per_line_srx(tmp_path / "lines.srx")
    out = tmp_path / "out"
    assert (
        runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "-q", "--no-mt", "--srx", str(srx)]).exit_code
        == 0
    )
    project = tmp_path / "project"
    assert runner.invoke(app, ["export", "omegat", str(out), "-o", str(project)]).exit_code == 0
    stats = translate_project(project)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for r in report["releases"]:
        if r["paired"]:  # one segment per line, as the run's rules cut them; each French line of a 1-1 bead filled
            s = stats[f"{r['id']}.txt"]
            assert s["segments"] == r["src_sentences"]
            assert s["segments"] - s["remaining"] >= r["beads_by_type"].get("1-1", 0)


def test_rules_that_never_break_are_reported(corpus_dir, tmp_path):
    from .test_run_stages import one_sentence_per_line_srx

    srx = one_sentence_per_line_srx(tmp_path / "lines.srx")
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "-q", "--no-mt", "--srx", str(srx)])
    assert res.exit_code == 0 and "aligner: warning: news_211270: " in res.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    seed = next(r for r in report["releases"] if r["id"] == "news_211270")
    assert seed["warnings"] and "no break" in seed["warnings"][0]


def test_markup_releases_go_to_omegat_and_markdown_is_said_to_be_unreadable(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "fixtures" / "releases", corpus)
    (corpus / "README.md").unlink()
    out, project = tmp_path / "out", tmp_path / "project"
    assert runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt"]).exit_code == 0
    res = runner.invoke(app, ["export", "omegat", str(out), "-o", str(project)])
    assert res.exit_code == 0, res.output
    assert "no Markdown filter" in res.stderr and "tico19_wikinews_6.md" in res.stderr
    stats = translate_project(project)
    html = stats["tico19_wikinews_4.html"]  # OmegaT's HTML filter reads it, and the memory fills part of it
    assert html["segments"] > 0 and html["remaining"] < html["segments"]
    assert "tico19_wikinews_6.md" not in stats
