"""Bead confidence is a calibrated probability that the bead is right; align-eval --calibration measures it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.align import align_sentences
from aligner.align.calibration import CALIBRATION_FILE, calibration_for
from aligner.align.confidence import FEATURES
from aligner.cli import app
from aligner.formats.beads import read_beads
from aligner.model import Bead
from aligner.score.aligneval import auroc, calibration_report, judged_beads, score_pairs

FIXTURE = Path(__file__).parent / "fixtures" / "baf-tao1-excerpt"
runner = CliRunner()


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def tao1():
    src, tgt = lines(FIXTURE / "tao1.fr.txt"), lines(FIXTURE / "tao1.en.txt")
    a = align_sentences(src, tgt, src_lang="fr", tgt_lang="en", keep_features=True)
    return a, read_beads(FIXTURE / "tao1.fr-en.ref")


def test_shipped_calibration_covers_the_pairs_and_falls_back():
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert {"default", "fr-en", "de-fr"} <= set(data["pairs"])
    assert calibration_for("fr", "en").pair == "fr-en"
    assert calibration_for("en", "fr").pair == "fr-en"  # a reversed pair uses its pair's fit
    assert calibration_for("es", "en").pair == "default"  # no fit of its own: the pooled one
    assert calibration_for(None, None).pair == "default"
    for pair in data["pairs"].values():
        assert set(pair) == {"1-1", "group", "one-sided"}


def test_every_bead_has_a_probability_and_its_features(tao1):
    a, _ = tao1
    assert all(0.0 <= b.score <= 1.0 for b in a.beads)
    feats = a.params["bead_features"]
    assert len(feats) == len(a.beads)
    assert {f["class"] for f in feats} <= {"1-1", "group", "one-sided"}
    assert a.params["confidence"]["calibration"] == "fr-en"


def test_confidence_ranks_right_beads_above_wrong_ones_on_real_data(tao1):
    a, gold = tao1
    assert score_pairs([(gold, a.beads)])["f1_strict"] > 0.94
    rows, excluded = judged_beads(gold, a.beads)
    assert excluded == 0 and len(rows) == len(a.beads)
    rep = calibration_report(rows, bins=3)
    # three bins: the more confident, the more often right
    accs = [b.accuracy for b in rep.bins]
    assert accs == sorted(accs) and len(accs) >= 2
    assert rep.auroc > 0.6 and rep.ece < 0.1  # seven wrong beads in this excerpt: AUROC is coarse here
    assert rep.precision_at_09 >= 0.95 and rep.beads_at_09 > 0.7 * len(rows)


def test_a_one_sided_bead_with_a_near_equal_alternative_is_not_confident():
    """The English splits one sentence in two; whatever the aligner does with the second half, it must not claim
    certainty for a one-sided bead there."""
    fr = [
        "Le comité a publié son rapport annuel mardi.",
        "Il recommande trois mesures pour réduire les délais, qui seront examinées le mois prochain.",
        "Le ministre a salué le travail accompli.",
    ]
    en = [
        "The committee published its annual report on Tuesday.",
        "It recommends three measures to reduce delays.",
        "They will be examined next month.",
        "The minister welcomed the work done.",
    ]
    a = align_sentences(fr, en, src_lang="fr", tgt_lang="en")
    one_sided = [b for b in a.beads if not (b.src and b.tgt)]
    assert all(b.score < 0.9 for b in one_sided)
    assert ((1,), (1, 2)) in [(b.src, b.tgt) for b in a.beads] or one_sided


def test_auroc_and_ece_by_hand():
    rows = [(0.9, True), (0.8, True), (0.3, False), (0.95, False), (0.2, True)]
    assert auroc(rows) == pytest.approx(2 / 6)
    assert auroc([(0.5, True), (0.5, False)]) == 0.5  # ties count half
    rep = calibration_report([(0.95, True), (0.95, True), (0.15, False), (0.15, True)], bins=10)
    assert [(b.beads, b.accuracy) for b in rep.bins] == [(2, 0.5), (2, 1.0)]
    assert rep.ece == pytest.approx(0.5 * abs(0.15 - 0.5) + 0.5 * abs(0.95 - 1.0))
    assert rep.precision_at_09 == 1.0 and rep.beads_at_09 == 2


def test_beads_the_gold_does_not_mention_are_left_out():
    gold = [Bead((0,), (0,)), Bead((2,), (1,))]  # sentence 1 of the source is in no gold bead
    pred = [Bead((0,), (0,), 0.9), Bead((1,), (), 0.8), Bead((2,), (1,), 0.7)]
    rows, excluded = judged_beads(gold, pred)
    assert excluded == 1 and rows == [(0.9, True), (0.7, True)]
    wrong = [Bead((0,), (0,), 0.9), Bead((1, 2), (1,), 0.7)]
    assert judged_beads(gold, wrong) == ([(0.9, True)], 1)


def test_align_eval_prints_a_reliability_table(tmp_path, tao1):
    a, _ = tao1
    pred = tmp_path / "pred.ref"
    pred.write_text("".join(f"{list(b.src)}:{list(b.tgt)}:{b.score:.4f}\n" for b in a.beads), encoding="utf-8")
    res = runner.invoke(app, ["align-eval", "--calibration", str(FIXTURE / "tao1.fr-en.ref"), str(pred)])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "mean conf" in out and "accuracy" in out
    assert "AUROC" in out and "ECE" in out and "confidence >= 0.9" in out
    res = runner.invoke(app, ["align-eval", "--calibration", "--json", str(FIXTURE / "tao1.fr-en.ref"), str(pred)])
    data = json.loads(res.stdout)
    cal = data["calibration"]
    assert cal["beads"] == len(a.beads) and 0.0 <= cal["ece"] <= 1.0 and 0.5 < cal["auroc"] <= 1.0
    assert sum(b["beads"] for b in cal["bins"]) == cal["beads"]
    assert all(0.0 <= b["mean_confidence"] <= 1.0 for b in cal["bins"])


def test_fingerprint_covers_the_shipped_data(tmp_path, monkeypatch):
    import shutil

    import aligner.align as align_pkg

    before = align_pkg.fingerprint()
    assert before == align_pkg.fingerprint() and len(before) == 16
    copy = tmp_path / "align"
    shutil.copytree(Path(align_pkg.__file__).parent, copy)
    monkeypatch.setattr(align_pkg, "__file__", str(copy / "__init__.py"))
    assert align_pkg.fingerprint() == before
    (copy / "data" / "calibration.json").write_text("{}", encoding="utf-8")
    assert align_pkg.fingerprint() != before
