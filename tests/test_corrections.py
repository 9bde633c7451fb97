"""Corrections from review: exported, edited, applied with the run's settings, bound to the release text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.formats.po import read_po
from aligner.formats.tmx import read_tmx

from .tools import release_units

runner = CliRunner()
RID = "tico19_wikinews_6"


def export(out: Path, rid: str = RID) -> dict:
    res = runner.invoke(app, ["review", "export", rid, "--out", str(out)])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def apply(path: Path, out: Path, doc: dict):
    path.write_text(json.dumps(doc), encoding="utf-8")
    return runner.invoke(app, ["apply", str(path), "--out", str(out)])


def test_export_gives_the_beads_as_aligned_with_their_confidence(run_dir):
    corpus, out = run_dir
    doc = export(out)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    rel = next(r for r in report["releases"] if r["id"] == RID)
    assert doc["schema"] == "aligner-corrections/1" and len(doc["source_key"]) == 64
    assert len(doc["beads"]) == rel["beads"] and not any(b["reviewed"] for b in doc["beads"])
    assert all(0 <= b["score"] <= 1 for b in doc["beads"])
    assert doc["src_sentences"] == rel["src_sentences"] and doc["tgt_sentences"] == rel["tgt_sentences"]


def test_applied_corrections_are_reviewed_and_survive_the_next_run(run_dir, tmp_path):
    corpus, out = run_dir
    doc = export(out)
    first = doc["beads"][0]
    doc["beads"][0] = {**first, "reviewed": True, "text": "A headline the reviewer wrote."}
    doc["beads"][0].pop("score")
    res = apply(tmp_path / "c.json", out, doc)
    assert res.exit_code == 0, res.output
    stored = corpus / "corrections" / f"{RID}.json"
    assert json.loads(stored.read_text(encoding="utf-8"))["beads"][0]["text"] == "A headline the reviewer wrote."
    for _ in range(2):  # the correction holds now and after the next run
        units = {u.prop("x-bead"): u for u in release_units(out, RID)}
        assert units["0"].prop("x-origin") == "reviewed" and units["0"].tgt == "A headline the reviewer wrote."
        assert {u.prop("x-origin") for k, u in units.items() if k != "0"} == {"aligned"}  # the rest: as aligned
        po = {msgid: (msgstr, flags) for _, msgid, msgstr, flags in read_po(out / "po" / f"{RID}.po")}
        assert ("A headline the reviewer wrote.", []) in po.values()
        assert runner.invoke(app, ["run", str(corpus), "--out", str(out), "--no-mt", "-q"]).exit_code == 0


def test_corrections_no_longer_fit_once_the_french_changes(run_dir, tmp_path):
    corpus, out = run_dir
    doc = export(out)
    doc["beads"] = [{**b, "reviewed": True} for b in doc["beads"]]
    for b in doc["beads"]:
        b.pop("score", None)
    fr = corpus / "fr" / f"{RID}.txt"
    fr.write_text(fr.read_text(encoding="utf-8").replace("pandémie", "épidémie", 1), encoding="utf-8")
    res = apply(tmp_path / "c.json", out, doc)
    assert res.exit_code == 1 and "the release changed since these corrections were made" in res.stderr
    assert not (corpus / "corrections").exists()  # nothing stored


def test_a_run_leaves_stale_corrections_unused_and_says_so(run_dir, tmp_path):
    corpus, out = run_dir
    doc = export(out)
    doc["beads"] = [{**b, "reviewed": True} for b in doc["beads"]]
    assert apply(tmp_path / "c.json", out, doc).exit_code == 0
    en = corpus / "en" / f"{RID}.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("pandemic", "epidemic", 1), encoding="utf-8")
    res = runner.invoke(app, ["run", str(corpus), "--out", str(out), "--no-mt", "-q"])
    assert res.exit_code == 0 and f"{RID}: the release changed after review" in res.stderr
    units = release_units(out, RID)
    assert {u.prop("x-origin") for u in units} == {"aligned"}  # nothing passed off as reviewed
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    rel = next(r for r in report["releases"] if r["id"] == RID)
    assert rel["corrections"]["status"] == "stale" and "review it again" in rel["notes"][0]
    assert (corpus / "corrections" / f"{RID}.json").exists()  # the reviewer's work is kept


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("source_key"), "without a valid content key"),
        (lambda d: d.update(source_key="0" * 64), "the release changed since these corrections were made"),
        (lambda d: d.update(release="nope"), "is not a release of"),
        (lambda d: d.update(beads=d["beads"][:-1]), "do not cover the release as it is now"),
    ],
)
def test_keyless_foreign_or_incomplete_corrections_are_refused(run_dir, tmp_path, change, message):
    corpus, out = run_dir
    doc = export(out)
    change(doc)
    path = tmp_path / "c.json"
    res = apply(path, out, doc)
    assert res.exit_code == 1 and message in res.stderr and str(path) in res.stderr
    assert not (corpus / "corrections").exists()


def test_apply_refuses_to_work_without_a_run(tmp_path):
    corr = tmp_path / "c.json"
    corr.write_text(json.dumps({"release": RID, "beads": []}), encoding="utf-8")
    res = runner.invoke(app, ["apply", str(corr), "--out", str(tmp_path / "nowhere")])
    assert res.exit_code == 1 and "no aligner run here" in res.stderr
    assert not (tmp_path / "nowhere").exists()


def test_post_edited_machine_translation_of_a_french_only_release(run_dir, tmp_path):
    corpus, out = run_dir
    doc = export(out, "news_211270")
    assert all(b["tgt"] == [] for b in doc["beads"])
    doc["beads"][2] = {"src": doc["beads"][2]["src"], "tgt": [], "reviewed": True, "text": "Post-edited English."}
    res = apply(tmp_path / "c.json", out, doc)
    assert res.exit_code == 0, res.output
    po = read_po(out / "po" / "news_211270.po")
    (_, _, msgstr, flags), *_ = [e for e in po if e[2] == "Post-edited English."]
    assert "fuzzy" not in flags
    units = read_tmx(out / "memory.tmx")[1]
    assert [u.prop("x-origin") for u in units if u.tgt == "Post-edited English."] == ["reviewed"]
    doc["beads"][3] = {"src": [3, 4], "tgt": [], "reviewed": True}  # merging has no meaning without English
    doc["beads"].pop(4)
    res = apply(tmp_path / "c.json", out, doc)
    assert res.exit_code == 1 and "one bead per French sentence" in res.stderr
