"""``aligner run`` fills what has no counterpart: memory first (exact, fuzzy), then the model; or says why not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from aligner.formats.po import read_po
from aligner.formats.tmx import read_tmx
from aligner.translate.fill import FillOptions

from .runs import run
from .tools import msgfmt_check

FIXTURE = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"


@pytest.fixture()
def corpus(tmp_path, corpus_dir) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(corpus_dir, root)
    # a French-only release: one sentence the memory holds exactly, one it holds nearly, one only MT can do
    (root / "fr" / "note_1.txt").write_text(
        "Un total de 17 décès a été enregistré.\n"
        "Le 19 mars, ces trois personnes s’étaient déjà toutes rétablies.\n"
        "Nous soutenons nos partenaires.\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture()
def model(tmp_path) -> Path:
    path = tmp_path / "model"
    shutil.copytree(FIXTURE, path)
    return path


def test_memory_then_machine_translation(corpus, model, tmp_path):
    out = tmp_path / "out"
    report = run(corpus, out, translation=FillOptions(model=str(model), backend="ctranslate2"))
    assert report["translation"]["status"] == "ok"
    note = next(r for r in report["releases"] if r["id"] == "note_1")
    assert note["filled_sentences"] == {"mt": 1, "tm-exact": 1, "tm-fuzzy": 1} and note["untranslated_sentences"] == 0
    _, memory = read_tmx(out / "memory.tmx")
    assert not [u for u in memory if u.prop("x-release") == "note_1"]  # fills are not translations of the release
    assert {u.prop("x-origin") for u in memory} == {"aligned"}
    _, mt = read_tmx(out / "mt.tmx")
    mt = [u for u in mt if u.prop("x-release") == "note_1"]
    assert [(u.src, u.tgt) for u in mt] == [("Nous soutenons nos partenaires.", "We support our partners.")]
    assert mt[0].prop("x-origin").startswith("mt:model@") and mt[0].prop("x-release") == "note_1"
    po = {e.msgid: e for e in polib.pofile(str(out / "po" / "note_1.po"))}
    assert po["Nous soutenons nos partenaires."].msgstr == "We support our partners."
    assert po["Nous soutenons nos partenaires."].flags == ["fuzzy"]
    assert po["Un total de 17 décès a été enregistré."].flags == []
    fuzzy = po["Le 19 mars, ces trois personnes s’étaient déjà toutes rétablies."]
    assert fuzzy.flags == ["fuzzy"] and fuzzy.previous_msgid and fuzzy.previous_msgid != fuzzy.msgid  # the memory's
    assert msgfmt_check(out / "po" / "note_1.po").returncode == 0
    assert not (out / "tmx" / "note_1.tmx").exists()  # a release without English has no units of its own


def test_without_a_model_the_run_completes_and_says_why(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGNER_MODELS_DIR", str(tmp_path / "no-models"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "no-hf"))
    out = tmp_path / "out"
    report = run(corpus, out, translation=FillOptions(model="Helsinki-NLP/opus-mt-fr-en"))
    assert report["translation"]["status"].startswith("no machine translation: translation model")
    note = next(r for r in report["releases"] if r["id"] == "note_1")
    assert note["untranslated_sentences"] == 1
    assert "not on this machine" in note["untranslated"][0]["reason"]
    seed = next(r for r in report["releases"] if r["id"] == "news_211270")
    assert seed["untranslated_sentences"] == 16
    po = read_po(out / "po" / "news_211270.po")
    assert all(msgstr == "" for _, _, msgstr, _ in po)


def test_rerun_reuses_machine_translations_without_loading_the_model(corpus, model, tmp_path, monkeypatch):
    out = tmp_path / "out"
    opts = FillOptions(model=str(model), backend="transformers")
    first = run(corpus, out, translation=opts)
    from aligner.translate import backends

    def no_model(*a, **k):
        raise AssertionError("the model was loaded again")

    monkeypatch.setattr(backends, "make_translator", no_model)
    second = run(corpus, out, translation=opts)
    strip = lambda rep: [{k: v for k, v in r.items() if k != "cached"} for r in rep["releases"]]  # noqa: E731
    assert strip(first) == strip(second)
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["translation"]["status"] == "ok"
