"""``aligner run`` aligns with the MT of the translated side when a model resolves; says so, caches, and never
translates a sentence twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import aligner.translate.fill as fill
from aligner.formats.tmx import read_tmx
from aligner.translate.fill import FillOptions

from .runs import run
from .test_align_mt import PAIRS

FIXTURE = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"
DROPPED = (3, 9, 17, 26, 33)  # French sentences the English leaves out
FUSED = (10, 24)  # two French sentences the English joins into one


def _release() -> tuple[str, str, set[tuple[str, str]]]:
    """A French release, its English original, and the units a perfect alignment gives."""
    fr: list[str] = []
    en: list[str] = []
    gold: set[tuple[str, str]] = set()
    k = 0
    while k < len(PAIRS):
        f, e = PAIRS[k]
        if k in DROPPED:
            fr.append(f)
            k += 1
        elif k in FUSED:
            f2, e2 = PAIRS[k + 1]
            fr += [f, f2]
            en.append(e[:-1] + "; " + e2[0].lower() + e2[1:])
            gold.add((f + " " + f2, en[-1]))
            k += 2
        else:
            fr.append(f)
            en.append(e)
            gold.add((f, e))
            k += 1
    return " ".join(fr) + "\n", " ".join(en) + "\n", gold


@pytest.fixture()
def corpus(tmp_path) -> Path:
    fr, en, _ = _release()
    root = tmp_path / "corpus"
    (root / "fr").mkdir(parents=True)
    (root / "en").mkdir()
    (root / "fr" / "short.txt").write_text(fr, encoding="utf-8")
    (root / "en" / "short.txt").write_text(en, encoding="utf-8")
    return root


@pytest.fixture()
def mt(tmp_path) -> FillOptions:
    shutil.copytree(FIXTURE, tmp_path / "model")
    return FillOptions(model=str(tmp_path / "model"), backend="ctranslate2")


@pytest.fixture()
def translated(monkeypatch) -> list[str]:
    """Every sentence the model is asked to translate in this test."""
    seen: list[str] = []
    real = fill.translate_here

    def counting(texts, options, warnings, keep):
        seen.extend(texts)
        return real(texts, options, warnings, keep)

    monkeypatch.setattr(fill, "translate_here", counting)
    return seen


def _units(out: Path) -> set[tuple[str, str]]:
    _, units = read_tmx(out / "memory.tmx")
    return {(u.src, u.tgt) for u in units}


def test_alignment_with_mt_finds_every_unit_and_says_so(corpus, mt, tmp_path, translated):
    gold = _release()[2]
    with_mt = run(corpus, tmp_path / "with", translation=mt)
    assert len(set(translated)) == len(translated)  # each sentence once: alignment, then MT quality from the cache
    without = run(corpus, tmp_path / "without", translation=mt, align_mt=False)
    assert _units(tmp_path / "with") >= gold
    assert len(_units(tmp_path / "without") & gold) < len(gold)  # length and words alone miss some of them
    used = with_mt["inputs"]["alignment_translation"]["fr"]
    assert used["status"] == "ok" and used["releases_aligned_with_mt"] == 1 and used["mt_used"] == 1
    assert used["model"]["backend"] == "ctranslate2" and used["cache"] == "cache/mt.json"
    release = with_mt["releases"][0]["alignment_translation"]
    assert release["used"] is True and release["reliability"] > 0.5
    off = without["inputs"]["alignment_translation"]["fr"]
    assert off["status"] == "switched off (--no-align-mt)" and off["releases_aligned_with_mt"] == 0
    assert "alignment_translation" not in without["releases"][0]


def test_rerun_and_fill_reuse_the_alignment_translations(corpus, mt, tmp_path, translated):
    out = tmp_path / "out"
    run(corpus, out, translation=mt)
    first = list(translated)
    assert len(first) == len(set(first)) and first
    again = run(corpus, out, translation=mt)
    assert translated == first and again["releases"][0]["cached"] is True
    # a French-only release of sentences the alignment translated: filled from memory or the MT cache, not the model
    fr, _, _ = _release()
    (corpus / "fr" / "note.txt").write_text(fr, encoding="utf-8")
    filled = run(corpus, out, translation=mt)
    assert translated == first
    note = next(r for r in filled["releases"] if r["id"] == "note")
    assert note["untranslated_sentences"] == 0


def test_no_model_aligns_as_before_and_says_why(corpus, tmp_path):
    missing = FillOptions(model=str(tmp_path / "no-such-model"), backend="ctranslate2")
    report = run(corpus, tmp_path / "out", translation=missing)
    run(corpus, tmp_path / "plain", align_mt=False)
    status = report["inputs"]["alignment_translation"]["fr"]["status"]
    assert status.startswith("no model:") and "no-such-model" in status
    assert _units(tmp_path / "out") == _units(tmp_path / "plain")


def test_a_model_that_appears_realigns_the_release(corpus, mt, tmp_path):
    out = tmp_path / "out"
    model = Path(mt.model or "")
    hidden = model.with_name("hidden")
    model.rename(hidden)
    before = run(corpus, out, translation=mt)
    assert before["inputs"]["alignment_translation"]["fr"]["status"].startswith("no model:")
    hidden.rename(model)
    after = run(corpus, out, translation=mt)
    assert after["releases"][0]["cached"] is False
    assert after["inputs"]["alignment_translation"]["fr"]["releases_aligned_with_mt"] == 1
    assert _units(out) >= _release()[2]
