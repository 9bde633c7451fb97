"""``aligner run`` on the shipped corpus: outputs, the real tools that consume them, caching, parallelism."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.formats.tmx import read_tmx

from .runs import run
from .tools import msgfmt_check, xmllint_valid


@pytest.fixture(scope="module")
def run_out(corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    res = CliRunner().invoke(
        app, ["run", str(corpus_dir), "--out", str(out), "--jobs", "2", "--no-mt", "--release-tmx"]
    )
    assert res.exit_code == 0, res.output
    return out


def test_report_has_releases_types_and_unpaired(run_out):
    report = json.loads((run_out / "report.json").read_text(encoding="utf-8"))
    assert report["schema"] == "aligner-report/2"
    by_id = {r["id"]: r for r in report["releases"]}
    seed = by_id["news_211270"]
    assert seed["notes"] == ["no English original"] and seed["untranslated_sentences"] == 16
    assert report["unpaired"] == {"without_original": ["news_211270"], "untranslated_originals": []}
    w1 = by_id["tico19_wikinews_1"]
    assert w1["beads_by_type"] == {"0-1": 7, "1-1": 8} and w1["aligned_share"] >= 0.85
    assert report["corpus"]["untranslated_sentences"] == 16
    assert report["parameters"]["alignment"]["del_cost"] > 0 and report["tool"]["version"]


def test_every_tmx_is_valid_against_the_dtd(run_out):
    for path in [run_out / "memory.tmx", *sorted((run_out / "tmx").glob("*.tmx"))]:
        res = xmllint_valid(path)
        assert res.returncode == 0, f"{path}: {res.stderr}"


def test_tmx_units_keep_release_text_and_props(run_out, corpus_dir):
    header, units = read_tmx(run_out / "tmx" / "tico19_wikinews_1.tmx")
    assert header.srclang == "fr" and header.segtype == "sentence" and header.o_tmf
    assert any(k == "x-alignment-parameters" for k, _ in header.props)
    src_text = (corpus_dir / "fr" / "tico19_wikinews_1.txt").read_text(encoding="utf-8")
    assert all(u.src in src_text for u in units)  # byte for byte, apostrophes and spaces kept
    u = units[0]
    assert u.prop("x-release") == "tico19_wikinews_1" and u.prop("x-bead") == "0" and u.prop("x-origin") == "aligned"
    assert float(u.prop("x-alignment-score")) > 0.5 and len(u.attrs["creationdate"]) == 16


def test_every_po_passes_msgfmt_check(run_out):
    pos = sorted((run_out / "po").glob("*.po"))
    assert len(pos) == 4
    for path in pos:
        res = msgfmt_check(path)
        assert res.returncode == 0, f"{path}: {res.stderr}"


def test_translate_toolkit_pretranslate_fills_a_pot_from_our_tmx(run_out, tmp_path):
    import polib

    report = json.loads((run_out / "report.json").read_text(encoding="utf-8"))
    _, units = read_tmx(run_out / "memory.tmx")
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for u in units:
        pot.append(polib.POEntry(msgid=u.src, msgstr=""))
    pot.save(str(tmp_path / "t.pot"))
    tool = shutil.which("pretranslate", path=os.path.dirname(sys.executable)) or shutil.which("pretranslate")
    res = subprocess.run(
        [
            tool,
            "--tm",
            str(run_out / "memory.tmx"),
            "-t",
            str(tmp_path / "t.pot"),
            "-i",
            str(tmp_path / "t.pot"),
            "-o",
            str(tmp_path / "t.po"),
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    filled = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / "t.po"))}
    expected = {u.src: u.tgt for u in units}
    assert filled == expected and report["corpus"]["beads"] > 0


def test_rerun_reuses_everything_and_rewrites_nothing(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    out = tmp_path / "out"
    run(corpus, out)
    stamp = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.suffix in (".tmx", ".po", ".jsonl")}
    report = run(corpus, out)
    assert all(r["cached"] for r in report["releases"])
    assert stamp == {p: p.stat().st_mtime_ns for p in stamp}
    # change one release: only it is recomputed, and memory.tmx follows
    path = corpus / "en" / "tico19_wikinews_6.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("pandemic", "pandemic!", 1), encoding="utf-8")
    report = run(corpus, out)
    cached = {r["id"]: r["cached"] for r in report["releases"]}
    assert cached == {
        "news_211270": True,
        "tico19_wikinews_1": True,
        "tico19_wikinews_4": True,
        "tico19_wikinews_6": False,
    }
    assert (out / "memory.tmx").stat().st_mtime_ns != stamp[out / "memory.tmx"]


def test_parallel_and_serial_runs_agree(corpus_dir, tmp_path):
    a = run(corpus_dir, tmp_path / "a", jobs=1)
    b = run(corpus_dir, tmp_path / "b", jobs=2)
    strip = lambda rep: [{k: v for k, v in r.items() if k not in ("cached",)} for r in rep["releases"]]  # noqa: E731
    assert strip(a) == strip(b)
    assert (tmp_path / "a" / "po" / "tico19_wikinews_4.po").read_text(encoding="utf-8").split("\n\n")[1:] == (
        tmp_path / "b" / "po" / "tico19_wikinews_4.po"
    ).read_text(encoding="utf-8").split("\n\n")[1:]


def test_failed_write_keeps_the_previous_memory(corpus_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run(corpus_dir, out)
    before = (out / "memory.tmx").read_bytes()
    (out / "cache" / "state.json").unlink()  # force memory.tmx to be rebuilt

    from aligner.run import outputs

    def broken(*args, **kwargs):
        yield "<?xml"
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(outputs, "render_tmx", broken)
    with pytest.raises(RuntimeError):
        run(corpus_dir, out)
    assert (out / "memory.tmx").read_bytes() == before
    assert not [p for p in out.glob(".memory.tmx.*")]


def test_outputs_of_releases_gone_or_not_asked_for_are_removed(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt", "--release-tmx"]).exit_code == 0
    assert len(list((out / "tmx").glob("*.tmx"))) == 3
    (corpus / "fr" / "tico19_wikinews_6.txt").unlink()
    (corpus / "en" / "tico19_wikinews_6.txt").unlink()
    assert runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt"]).exit_code == 0
    assert not list((out / "tmx").glob("*.tmx"))  # per-release TMX not asked for any more
    assert not list(out.rglob("tico19_wikinews_6.*")) and (out / "po" / "tico19_wikinews_4.po").exists()
    assert (out / "review" / "index.html").exists()
