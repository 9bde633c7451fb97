"""The offline aligner: invariants, real data, band search, awkward inputs."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.align import AlignParams, align_documents, align_sentences
from aligner.formats.beads import read_beads
from aligner.score.aligneval import score_pairs
from aligner.segment import segment_text


def lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def assert_partition(alignment, n, m):
    src = [i for b in alignment.beads for i in b.src]
    tgt = [j for b in alignment.beads for j in b.tgt]
    assert src == list(range(n)) and tgt == list(range(m))
    assert all(b.src or b.tgt for b in alignment.beads)
    assert all(0.0 <= b.score <= 1.0 for b in alignment.beads)


WORDS = ["le", "la", "président", "OTAN", "2023", "Séoul", "guerre", "the", "war", "«", "»", "?", "Korea", "x"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join), max_size=25),
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join), max_size=25),
)
def test_every_sentence_is_in_exactly_one_bead_in_order(src, tgt):
    a = align_sentences(src, tgt)
    assert_partition(a, len(src), len(tgt))


def test_known_release_pair_with_untranslated_english_sentences(corpus_dir):
    """tico19_wikinews_1: French has 8 of the 15 English sentences (see corpora/README.md)."""
    fr = segment_text((corpus_dir / "fr/tico19_wikinews_1.txt").read_text(encoding="utf-8"), "fr")
    en = segment_text((corpus_dir / "en/tico19_wikinews_1.txt").read_text(encoding="utf-8"), "en")
    a = align_documents(fr, en)
    pairs = {(b.src, b.tgt) for b in a.beads if b.src and b.tgt}
    assert pairs == {
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), (2,)),
        ((3,), (3,)),
        ((4,), (4,)),
        ((5,), (11,)),
        ((6,), (12,)),
        ((7,), (14,)),
    }
    one_sided = [b for b in a.beads if not b.src]
    assert [b.tgt for b in one_sided] == [(5,), (6,), (7,), (8,), (9,), (10,), (13,)]


def test_baf_document_reaches_published_quality(shared):
    baf = shared / "eval" / "baf-fr-en"
    a = align_sentences(lines(baf / "tao2.fr.txt"), lines(baf / "tao2.en.txt"))
    res = score_pairs([(read_beads(baf / "gold" / "tao2.fr-en.ref"), a.beads)])
    assert res["f1_strict"] > 0.94  # Gale-Church scores 0.935 on tao1+tao2


def test_banded_search_matches_full_search(shared):
    baf = shared / "eval" / "baf-fr-en"
    src, tgt = lines(baf / "tao1.fr.txt"), lines(baf / "tao1.en.txt")
    full = align_sentences(src, tgt)
    banded = align_sentences(src, tgt, params=AlignParams(full_cells=0))
    assert not banded.params["full_search"] and banded.params["band_width"] < len(tgt)
    gold = read_beads(baf / "gold" / "tao1.fr-en.ref")
    f_full = score_pairs([(gold, full.beads)])["f1_strict"]
    f_band = score_pairs([(gold, banded.beads)])["f1_strict"]
    assert f_band >= f_full - 0.01


def test_band_stays_narrow_on_long_documents(shared):
    ns = shared / "eval" / "newstest-fr-en"
    fr, en = lines(ns / "newstest2014.fra")[:2500], lines(ns / "newstest2014.eng")[:2500]
    a = align_sentences(fr, en)
    assert a.params["band_width"] <= 200
    diagonal = sum(1 for b in a.beads if b.src == b.tgt and len(b.src) == 1)
    assert diagonal / 2500 > 0.99


def test_low_confidence_marks_the_one_sided_and_doubtful_beads():
    rng = random.Random(3)
    src = [f"Le rapport {k} présente {rng.randint(100, 999)} cas à Genève." for k in range(20)]
    tgt = [
        s.replace("Le rapport", "The report").replace("présente", "shows").replace("cas à Genève", "cases in Geneva")
        for s in src
    ]
    tgt.insert(10, "Completely unrelated filler about the weather tomorrow afternoon.")
    a = align_sentences(src, tgt)
    assert_partition(a, 20, 21)
    ins = [b for b in a.beads if b.tgt == (10,)]
    assert ins and not ins[0].src
    paired = [b.score for b in a.beads if b.src and b.tgt]
    assert min(paired) > 0.5


@pytest.mark.parametrize(
    "src, tgt",
    [
        ([], []),
        ([], ["Only English."]),
        (["Seulement du français.", "Deux."], []),
        (["Une seule phrase."], ["One.", "Two.", "Three.", "Four."]),
        (["a"] * 300, ["b"] * 3),
        (["mot " * 20000], ["word " * 18000]),
    ],
)
def test_awkward_inputs_give_a_valid_alignment(src, tgt):
    a = align_sentences(src, tgt)
    assert_partition(a, len(src), len(tgt))


def test_parameters_are_recorded():
    a = align_sentences(["Bonjour à tous.", "Merci."], ["Hello everyone.", "Thanks."])
    cal = a.params["calibration"]
    assert {"length_ratio", "length_variance", "similarity_random", "similarity_true"} <= set(cal)
    assert a.params["aligner"]["del_cost"] == AlignParams().del_cost
