"""The review loop end to end (issue #15's acceptance): a run with a model and a glossary, corrections exported and
applied, the release edited afterwards, and the memory checked for anything that is not a translation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from aligner.cli import app
from aligner.formats.tmx import read_tmx

from .tools import release_units

runner = CliRunner()
FIXTURE = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"
RID = "tico19_wikinews_6"


def snapshot(out: Path, skip: str) -> dict[str, bytes]:
    """Every per-release output except those of release ``skip``."""
    files = {}
    for folder in ("tmx", "po", "align", "segments", "review"):
        for p in sorted((out / folder).rglob("*")):
            if p.is_file() and p.stem != skip and p.name != "index.html":
                files[str(p.relative_to(out))] = p.read_bytes()
    return files


def mt_units(out: Path) -> list:
    return [(u.src, u.tgt, u.props, u.attrs) for u in read_tmx(out / "mt.tmx")[1]]


def terminology(report: dict) -> list:
    return [
        {k: v for k, v in issue.items() if k != "origin"}
        for r in report["releases"]
        for issue in r.get("terminology", [])
    ]


def test_review_loop_keeps_fills_terms_and_other_releases(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    (corpus / "fr" / "note_1.txt").write_text("Nous soutenons nos partenaires.\n", encoding="utf-8")
    model = tmp_path / "model"
    shutil.copytree(FIXTURE, model)
    glossary = tmp_path / "g.tsv"
    glossary.write_text("pandémie\tepidemic\t\nsecrétaire général\tSecretary General\t\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(corpus), "--out", str(out), "--model", str(model), "-b", "ctranslate2", "-g", str(glossary)]
    assert runner.invoke(app, [*args, "-q"]).exit_code == 0
    before = json.loads((out / "report.json").read_text(encoding="utf-8"))
    mt_before = mt_units(out)
    files_before = snapshot(out, RID)
    assert terminology(before) and read_tmx(out / "mt.tmx")[1]

    exported = runner.invoke(app, ["review", "export", RID, "--out", str(out)])
    doc = json.loads(exported.stdout)
    doc["beads"] = [{"src": b["src"], "tgt": b["tgt"], "reviewed": True} for b in doc["beads"]]
    corr = tmp_path / f"{RID}.corrections.json"
    corr.write_text(json.dumps(doc), encoding="utf-8")
    res = runner.invoke(app, ["apply", str(corr), "--out", str(out)])  # no option: the run's own settings
    assert res.exit_code == 0, res.output

    after = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert after["translation"]["status"] == "ok" and mt_units(out) == mt_before
    assert terminology(after) == terminology(before) and after["terminology"] == before["terminology"]
    assert snapshot(out, RID) == files_before
    rel = next(r for r in after["releases"] if r["id"] == RID)
    assert rel["reviewed_sentences"] == rel["src_sentences"]

    memory = read_tmx(out / "memory.tmx")[1]
    assert {u.prop("x-origin") for u in memory} <= {"aligned", "reviewed"}
    assert not [u for u in memory if u.prop("x-origin", "").startswith(("mt:", "tm-"))]

    # the translators' PO of the release goes into another memory: its reviewed entries become units
    db = tmp_path / "team.sqlite"
    res = runner.invoke(app, ["tm", "import", str(out / "po" / f"{RID}.po"), "--db", str(db)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["tm", "export", "--db", str(db), "-o", str(tmp_path / "team.tmx")])
    imported = read_tmx(tmp_path / "team.tmx")[1]
    assert len(imported) == len([u for u in release_units(out, RID)]) > 0

    fr = corpus / "fr" / f"{RID}.txt"
    fr.write_text(fr.read_text(encoding="utf-8").replace("pandémie", "épidémie", 1), encoding="utf-8")
    stored = (corpus / "corrections" / f"{RID}.json").read_bytes()
    res = runner.invoke(app, ["apply", str(corr), "--out", str(out)])
    assert res.exit_code == 1 and "the release changed since these corrections were made" in res.stderr
    assert (corpus / "corrections" / f"{RID}.json").read_bytes() == stored
