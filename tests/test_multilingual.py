"""Corpora with several translation languages of one English original: a folder per language, n-way memories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.formats.tmx import read_tmx
from aligner.xmlsafe import parse_xml

from .tools import XLIFF_XSD, msgfmt_check, xmllint_schema, xmllint_valid

runner = CliRunner()
FIXTURE = Path(__file__).parent / "fixtures" / "ntrex-multi"
RELEASES = ["bbc.381790", "rt.com.91337"]


@pytest.fixture(scope="module")
def multi_run(tmp_path_factory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("multi")
    corpus = root / "corpus"
    shutil.copytree(FIXTURE, corpus)
    (corpus / "README.md").unlink()
    (corpus / "drafts").mkdir()  # not a language: listed as skipped
    out = root / "out"
    res = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt", "--release-tmx"])
    assert res.exit_code == 0, res.output
    return corpus, out, json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_each_translation_is_aligned_with_the_original_in_a_folder_per_language(multi_run):
    _, out, report = multi_run
    names = [r["id"] for r in report["releases"]]
    assert names == [f"{lang}/{rid}" for lang in ("de", "fr", "zh") for rid in RELEASES]
    assert sorted(report["languages"]) == ["de", "fr", "zh"]
    assert {(r["lang"], r["pivot"]) for r in report["releases"]} == {("de", "en"), ("fr", "en"), ("zh", "en")}
    assert all(r["paired"] for r in report["releases"])
    assert all(r["aligned_share"] > 0.9 for r in report["releases"])
    assert any(s["path"].endswith("drafts") and "not a language folder" in s["reason"] for s in report["skipped"])
    for lang in ("de", "fr", "zh"):
        for rid in RELEASES:
            assert (out / "po" / lang / f"{rid}.po").exists() and (out / "xliff" / lang / f"{rid}.xlf").exists()
            assert (out / "review" / lang / f"{rid}.html").exists() and (out / "tmx" / lang / f"{rid}.tmx").exists()


def test_po_files_carry_the_pairs_languages_and_plural_forms(multi_run):
    _, out, _ = multi_run
    for lang in ("de", "zh"):
        path = out / "po" / lang / f"{RELEASES[0]}.po"
        assert msgfmt_check(path).returncode == 0, msgfmt_check(path).stderr
        meta = polib.pofile(str(path)).metadata
        assert meta["Language"] == "en" and meta["X-Source-Language"] == lang
        assert meta["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_xliff_and_per_pair_tmx_name_the_pairs_languages(multi_run):
    _, out, _ = multi_run
    xlf = out / "xliff" / "zh" / f"{RELEASES[1]}.xlf"
    assert xmllint_schema(xlf, XLIFF_XSD["2.0"]).returncode == 0
    root = parse_xml(xlf)
    assert (root.get("srcLang"), root.get("trgLang")) == ("zh", "en")
    header, units = read_tmx(out / "tmx" / "de" / f"{RELEASES[0]}.tmx")
    assert header.srclang == "de" and units and {(u.src_lang, u.tgt_lang) for u in units} == {("de", "en")}


def test_the_memory_anchors_units_on_the_original_with_every_language(multi_run):
    _, out, _ = multi_run
    memory = out / "memory.tmx"
    assert xmllint_valid(memory).returncode == 0, xmllint_valid(memory).stderr
    root = parse_xml(memory)
    assert root.find("header").get("srclang") == "en"
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    langs = [[tuv.get(xml_lang) for tuv in tu.findall("tuv")] for tu in root.iter("tu")]
    full = [x for x in langs if x == ["en", "de", "fr", "zh"]]
    assert len(full) >= 8  # most English sentences carry all three translations
    assert all(x[0] == "en" or "en" in x for x in langs)
    tu = next(tu for tu in root.iter("tu") if len(tu.findall("tuv")) == 4)
    de = next(t for t in tu.findall("tuv") if t.get(xml_lang) == "de")
    assert {p.get("type") for p in de.findall("prop")} == {"x-bead", "x-bead-type", "x-alignment-score", "x-origin"}


def test_gates_and_reports_are_per_language(multi_run, tmp_path):
    corpus, _, _ = multi_run
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt", "--min-aligned", "0.999"])
    failing = [line for line in res.stderr.splitlines() if "gate failed" in line]
    assert (
        res.exit_code == 1
        and failing
        and all(line.split(": ")[2].split("/")[0] in ("de", "fr", "zh") for line in failing)
    )
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "de/bbc.381790" in md.replace("\\", "")


def test_langs_and_pivot_choose_the_pairs(multi_run, tmp_path):
    corpus, _, _ = multi_run
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt", "--langs", "de"]).exit_code == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {r["lang"] for r in report["releases"]} == {"de"}
    res = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "o2"), "-q", "--langs", "xx"])
    assert res.exit_code == 2 and "unknown language 'xx' (known: de, en, es, fr" in res.stderr
    assert not (tmp_path / "o2").exists()


def test_a_corpus_of_french_alone_keeps_its_layout(corpus_dir, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "-q", "--no-mt"]).exit_code == 0
    assert (out / "po" / "tico19_wikinews_4.po").exists() and not (out / "po" / "fr").exists()
    assert read_tmx(out / "memory.tmx")[0].srclang == "fr"


def test_a_review_of_one_language_applies_to_that_language_only(multi_run, tmp_path):
    corpus, _, _ = multi_run
    corpus2 = tmp_path / "corpus"
    shutil.copytree(corpus, corpus2)
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(corpus2), "--out", str(out), "-q", "--no-mt", "--release-tmx"]).exit_code == 0
    name = f"de/{RELEASES[0]}"
    doc = json.loads(runner.invoke(app, ["review", "export", name, "--out", str(out)]).stdout)
    doc["beads"][0] = {"src": doc["beads"][0]["src"], "tgt": doc["beads"][0]["tgt"], "reviewed": True}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    res = runner.invoke(app, ["apply", str(path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert (corpus2 / "corrections" / "de" / f"{RELEASES[0]}.json").exists()
    origins = {
        lang: {u.prop("x-origin") for u in read_tmx(out / "tmx" / lang / f"{RELEASES[0]}.tmx")[1]}
        for lang in ("de", "fr")
    }
    assert origins == {"de": {"aligned", "reviewed"}, "fr": {"aligned"}}


MODEL = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"


def test_each_pair_gets_its_model_or_the_multilingual_one(tmp_path, monkeypatch):
    models = tmp_path / "models"
    shutil.copytree(MODEL, models / "Helsinki-NLP--opus-mt-fr-en")
    monkeypatch.setenv("ALIGNER_MODELS_DIR", str(models))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "no-hf"))
    listed = runner.invoke(app, ["models", "list"])
    assert "Helsinki-NLP/opus-mt-fr-en\tfr-en\t" in listed.stdout
    corpus = tmp_path / "corpus"
    for lang, text in (("fr", "Nous soutenons nos partenaires.\n"), ("de", "Wir unterstützen unsere Partner.\n")):
        (corpus / lang).mkdir(parents=True)
        (corpus / lang / "note.txt").write_text(text, encoding="utf-8")
    (corpus / "en").mkdir()
    out = tmp_path / "out"
    runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "-b", "ctranslate2"])
    langs = json.loads((out / "report.json").read_text(encoding="utf-8"))["translation"]["languages"]
    assert langs["fr"]["status"] == "ok" and langs["fr"]["model"]["name"] == "Helsinki-NLP/opus-mt-fr-en"
    assert "'Helsinki-NLP/opus-mt-de-en' is not on this machine" in langs["de"]["status"]
    shutil.copytree(MODEL, models / "Helsinki-NLP--opus-mt-mul-en")  # a multilingual model covers the rest
    runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "-b", "ctranslate2"])
    langs = json.loads((out / "report.json").read_text(encoding="utf-8"))["translation"]["languages"]
    assert langs["de"]["status"] == "ok" and langs["de"]["model"]["name"] == "Helsinki-NLP/opus-mt-mul-en"
    assert [u.prop("x-origin").split("@")[0] for u in read_tmx(out / "mt.tmx")[1]] == [
        "mt:Helsinki-NLP/opus-mt-mul-en",
        "mt:Helsinki-NLP/opus-mt-fr-en",
    ]
