"""Alignment helped by a machine translation of the source side (``aligner.align.mtsim``), library and CLI."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.align import AlignParams, align_documents, align_sentences, mtsim
from aligner.cli import app
from aligner.model import Bead
from aligner.score.aligneval import score_pairs
from aligner.segment import segment_text

FIXTURES = Path(__file__).parent / "fixtures"
PAIRS = [
    line.split("\t") for line in (FIXTURES / "tiny-marian-fr-en" / "pairs.tsv").read_text(encoding="utf-8").splitlines()
]
runner = CliRunner()


def short_sentence_task(drop=(3, 9, 17, 26, 33), fuse=(10, 24)):
    """The 40 short sentence pairs of the tiny model's fixture, with English sentences left out and two English
    sentences joined: where names and numbers are rare, lexical evidence is thin. The "translation" is the English
    of each French sentence, which the tiny model reproduces exactly."""
    src, tgt, gold, mt = [], [], [], []
    for k, (fr, en) in enumerate(PAIRS):
        i = len(src)
        src.append(fr)
        mt.append(en)
        if k in drop:
            gold.append(Bead((i,), ()))
        elif k - 1 in fuse and k - 1 not in drop:
            tgt[-1] += " " + en
            gold[-1] = Bead((i - 1, i), gold[-1].tgt)
        else:
            gold.append(Bead((i,), (len(tgt),)))
            tgt.append(en)
    return src, tgt, gold, mt


def f1(gold, alignment) -> float:
    return score_pairs([(gold, list(alignment.beads))])["f1_strict"]


def same_output(a, b) -> bool:
    return [(x.src, x.tgt, x.score) for x in a.beads] == [(x.src, x.tgt, x.score) for x in b.beads]


def test_without_a_translation_nothing_of_the_mt_module_runs(monkeypatch):
    """No translation takes exactly today's code path: the MT module is never called, the output has no trace of it."""
    src, tgt, _, _ = short_sentence_task()
    before = align_sentences(src, tgt, src_lang="fr", tgt_lang="en")

    def boom(*args, **kwargs):
        raise AssertionError("the MT module ran without a translation")

    monkeypatch.setattr(mtsim, "mt_evidence", boom)
    monkeypatch.setattr(mtsim, "check_translations", boom)
    after = align_sentences(src, tgt, src_lang="fr", tgt_lang="en", translations=None)
    assert same_output(before, after) and "mt" not in after.params
    assert after.params == before.params


def test_a_good_translation_fixes_short_sentences_lexical_evidence_gets_wrong():
    src, tgt, gold, mt = short_sentence_task()
    without = align_sentences(src, tgt, src_lang="fr", tgt_lang="en")
    with_mt = align_sentences(src, tgt, src_lang="fr", tgt_lang="en", translations=mt)
    assert f1(gold, without) < 0.95
    assert f1(gold, with_mt) == 1.0
    info = with_mt.params["mt"]
    assert info["used"] and info["reliability"] == 1.0 and info["agreement"] > 0.9
    assert "chrF" in info["similarity"] and info["confidence"] == "calibration-mt.json"


def test_the_band_search_uses_the_translation_too():
    """A document too long for the full search (here: forced) is searched in a band; the MT tables follow it."""
    src, tgt, gold, mt = short_sentence_task()
    params = AlignParams(full_cells=200, min_band=6)
    a = align_sentences(src, tgt, params=params, src_lang="fr", tgt_lang="en", translations=mt)
    assert not a.params["full_search"] and a.params["mt"]["used"]
    assert f1(gold, a) == 1.0


@pytest.mark.parametrize("kind", ["shuffled", "another text", "empty"])
def test_a_translation_that_does_not_agree_changes_nothing(kind):
    """A translation that does not agree with the confident beads of the first pass is not used: beads and
    confidences are exactly those without a translation, and the parameters say why."""
    src, tgt, _, mt = short_sentence_task()
    if kind == "shuffled":
        bad = random.Random(4).sample(mt, len(mt))
    elif kind == "another text":
        bad = (FIXTURES / "tico19" / "test-300.en").read_text(encoding="utf-8").splitlines()[: len(src)]
    else:
        bad = [""] * len(src)
    without = align_sentences(src, tgt, src_lang="fr", tgt_lang="en")
    with_bad = align_sentences(src, tgt, src_lang="fr", tgt_lang="en", translations=bad)
    assert same_output(without, with_bad)
    info = with_bad.params["mt"]
    assert info["used"] is False and info["reliability"] == 0.0 and "does not agree" in info["reason"]


def test_a_translation_that_repeats_its_source_is_not_used():
    src, tgt, _, _ = short_sentence_task()
    without = align_sentences(src, tgt, src_lang="fr", tgt_lang="en")
    copied = align_sentences(src, tgt, src_lang="fr", tgt_lang="en", translations=list(src))
    assert same_output(without, copied)
    assert copied.params["mt"]["used"] is False and "repeat their sources" in copied.params["mt"]["reason"]


def test_translations_must_be_one_per_source_sentence():
    src, tgt, _, mt = short_sentence_task()
    with pytest.raises(ValueError, match="39 translations for 40 source sentences"):
        align_sentences(src, tgt, translations=mt[:-1])
    empty = align_sentences([], tgt, translations=[])
    assert empty.params["mt"] == {"used": False, "reason": "one side is empty"}


def test_align_documents_takes_the_translation_of_each_source_sentence():
    src, tgt, _, mt = short_sentence_task(drop=(), fuse=())
    fr = segment_text(" ".join(src[:20]) + "\n" + " ".join(src[20:]) + "\n", "fr")
    en = segment_text(" ".join(tgt[:20]) + "\n" + " ".join(tgt[20:]) + "\n", "en")
    assert [s.text for s in fr.sentences] == src
    a = align_documents(fr, en, translations=mt)
    assert a.params["mt"]["used"]
    assert [(b.src, b.tgt) for b in a.beads] == [((k,), (k,)) for k in range(len(src))]


def test_the_recalibration_keeps_the_level_and_follows_the_evidence():
    recal = mtsim.load_recalibration()
    two, one = recal.shifts["two-sided"], recal.shifts["one-sided"]
    assert two.slope > 0 > one.slope  # a two-sided bead its MT supports is likelier right; a one-sided one less
    assert recal.confidence(0.8, two.centre, 1.0, "1-1") == pytest.approx(0.8)
    assert recal.confidence(0.8, two.centre + 1, 1.0, "group") > 0.8 > recal.confidence(0.8, two.centre - 1, 1.0, "1-1")
    assert recal.confidence(0.8, two.centre + 1, 0.0, "1-1") == pytest.approx(0.8)  # reliability 0: no change


def test_confidences_with_a_good_translation_rank_right_beads_first():
    src, tgt, gold, mt = short_sentence_task()
    a = align_sentences(src, tgt, src_lang="fr", tgt_lang="en", translations=mt)
    assert all(0.0 <= b.score <= 1.0 for b in a.beads)
    right = {(g.src, g.tgt) for g in gold}
    assert all((b.src, b.tgt) in right for b in a.beads)
    assert min(b.score for b in a.beads if b.src and b.tgt) > 0.5


# ---------------------------------------------------------------- command line


def write_task(tmp_path: Path):
    src, tgt, gold, mt = short_sentence_task()
    paths = {}
    for name, lines in (("fr.txt", src), ("en.txt", tgt), ("mt.txt", mt)):
        paths[name] = tmp_path / name
        paths[name].write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return paths, gold


def run(*args):
    return runner.invoke(app, list(map(str, args)))


def test_cli_translation_file_helps_and_is_recorded(tmp_path):
    p, gold = write_task(tmp_path)
    out = tmp_path / "out.ref"
    res = run("align", "--presegmented", p["fr.txt"], p["en.txt"], "--translation", p["mt.txt"], "-o", out)
    assert res.exit_code == 0, res.output
    from aligner.formats.beads import read_beads

    assert score_pairs([(gold, read_beads(out))])["f1_strict"] == 1.0
    params = json.loads((tmp_path / "out.ref.params.json").read_text(encoding="utf-8"))
    assert params["translation"]["kind"] == "file" and params["translation"]["lines"] == 40
    assert len(params["translation"]["sha256"]) == 64 and params["mt"]["used"]


def test_cli_translation_with_a_wrong_line_count_writes_nothing(tmp_path):
    p, _ = write_task(tmp_path)
    short = tmp_path / "short.txt"
    short.write_text("".join(line + "\n" for line in p["mt.txt"].read_text().splitlines()[:37]), encoding="utf-8")
    out = tmp_path / "out.ref"
    out.write_text("earlier output\n", encoding="utf-8")
    res = run("align", "--presegmented", p["fr.txt"], p["en.txt"], "--translation", short, "-o", out)
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and str(short) in lines[0] and "37" in lines[0] and "40" in lines[0]
    assert out.read_text(encoding="utf-8") == "earlier output\n"
    assert not (tmp_path / "out.ref.params.json").exists()


def test_cli_translation_of_release_text_is_one_line_per_sentence(tmp_path):
    src, tgt, _, mt = short_sentence_task(drop=(), fuse=())
    fr = tmp_path / "fr.txt"
    fr.write_text(" ".join(src[:20]) + "\n" + " ".join(src[20:]) + "\n", encoding="utf-8")
    en = tmp_path / "en.txt"
    en.write_text(" ".join(tgt[:20]) + "\n" + " ".join(tgt[20:]) + "\n", encoding="utf-8")
    mtf = tmp_path / "mt.txt"
    mtf.write_text("\n".join(mt) + "\n", encoding="utf-8")
    res = run("align", fr, en, "--translation", mtf, "--format", "jsonl")
    assert res.exit_code == 0, res.output
    assert len(res.stdout.splitlines()) == 40
    mtf.write_text("\n".join(mt[:2]) + "\n", encoding="utf-8")
    res = run("align", fr, en, "--translation", mtf)
    assert res.exit_code == 1 and "2 translations" in res.stderr and "40 sentences once segmented" in res.stderr


def test_cli_mt_options_that_do_not_go_together(tmp_path):
    p, _ = write_task(tmp_path)
    res = run("align", p["fr.txt"], p["en.txt"], "--translation", p["mt.txt"], "--model", "x")
    assert res.exit_code == 2 and "either --translation or --model" in res.stderr
    res = run("align", p["fr.txt"], p["en.txt"], "--backend", "ctranslate2")
    assert res.exit_code == 2 and "--backend needs --model" in res.stderr


def test_cli_translates_on_the_fly_with_a_model(tmp_path):
    """``--model`` translates the source sentences first (the tiny MarianMT fixture reproduces its training pairs)."""
    model = tmp_path / "tiny-marian-fr-en"
    shutil.copytree(FIXTURES / "tiny-marian-fr-en", model)
    p, gold = write_task(tmp_path)
    out = tmp_path / "out.ref"
    res = run(
        "align", "--presegmented", p["fr.txt"], p["en.txt"], "--model", model, "--backend", "transformers", "-o", out
    )
    assert res.exit_code == 0, res.output
    from aligner.formats.beads import read_beads
    from aligner.translate import resolve_model

    assert score_pairs([(gold, read_beads(out))])["f1_strict"] == 1.0
    params = json.loads((tmp_path / "out.ref.params.json").read_text(encoding="utf-8"))
    source = params["translation"]
    assert source == {
        "kind": "model",
        "model": str(model),
        "revision": resolve_model(model).revision,
        "backend": "transformers",
        "beam": 1,
    }
    assert params["mt"]["used"]


def test_sentences_left_untranslated_give_no_mt_evidence():
    """None for a sentence (a failed or skipped translation): its beads get no MT cost and keep the confidence
    without MT; the rest of the translation still helps. With no sentence translated nothing changes."""
    src, tgt, gold, mt = short_sentence_task()
    partial = [t if k % 4 else None for k, t in enumerate(mt)]
    a = align_sentences(src, tgt, src_lang="fr", tgt_lang="en", keep_features=True, translations=partial)
    assert a.params["mt"]["used"]
    assert f1(gold, a) > f1(gold, align_sentences(src, tgt, src_lang="fr", tgt_lang="en"))
    for bead, values in zip(a.beads, a.params["mt"]["bead_features"]):
        if any(k % 4 == 0 for k in bead.src):
            assert values["mt_evidence"] is None and bead.score == round(values["base_confidence"], 4)
    nothing = align_sentences(src, tgt, src_lang="fr", tgt_lang="en", translations=[None] * len(src))
    assert same_output(nothing, align_sentences(src, tgt, src_lang="fr", tgt_lang="en"))
    assert nothing.params["mt"]["used"] is False
