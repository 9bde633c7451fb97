"""The band chrF of ``aligner.align.chrf`` gives exactly sacrebleu's sentence-level chrF, on every cell."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sacrebleu.metrics import CHRF

from aligner.align.chrf import _dots, band_chrf, ngram_rows, pairwise_chrf, sentence_chrf

TICO = Path(__file__).parent / "fixtures" / "tico19"
FR = (TICO / "test-300.fr").read_text(encoding="utf-8").splitlines()
EN = (TICO / "test-300.en").read_text(encoding="utf-8").splitlines()

EDGE = [
    ("", ""),
    ("a", ""),
    ("", "a"),
    ("   ", "a b"),
    ("a", "b"),
    ("ab", "ab"),
    ("aaaa", "aa"),
    ("x y z", "xyz"),
    ("l\u2019été\u00a0arrive", "l'été arrive"),
    ("emoji \U0001f600\U0001f600 ok", "\U0001f600 ok"),
    ("中文句子。", "中文的句子。"),
    ("The war is brutal.", "La guerre est brutale."),
]


def pairs() -> list[tuple[str, str]]:
    out = list(EDGE)
    out += list(zip(FR[:60], EN[:60]))  # translations
    out += list(zip(EN[:60], EN[1:61]))  # neighbours in one language
    out += [(" ".join(EN[k : k + 3]), EN[k + 1]) for k in range(0, 60, 7)]  # groups against one sentence
    return out


@pytest.mark.parametrize("beta", [2, 1])
def test_sentence_chrf_is_sacrebleus(beta):
    metric = CHRF(beta=beta)
    for hyp, ref in pairs():
        assert sentence_chrf(hyp, ref, beta) == metric.sentence_score(hyp, [ref]).score, (hyp, ref)


def test_pairwise_chrf_is_sacrebleus():
    metric = CHRF(beta=1)
    hyps, refs = zip(*pairs())
    got = pairwise_chrf(hyps, refs, beta=1)
    assert list(got) == [metric.sentence_score(h, [r]).score for h, r in zip(hyps, refs)]


def test_band_chrf_is_sacrebleus_on_every_cell_of_a_band():
    hyp, ref = FR[100:130], EN[95:135] + [""]
    lo = np.minimum(np.arange(len(hyp)) + np.arange(len(hyp)) // 3, len(ref) - 1)  # rows start further right
    width = 9
    rows = ngram_rows(hyp + ref)
    table = band_chrf(rows.rows(0, len(hyp)), rows.rows(len(hyp), len(hyp) + len(ref)), lo, width).f(2)
    metric = CHRF()
    checked = 0
    for i in range(len(hyp)):
        for k in range(width):
            j = lo[i] + k
            if j < len(ref):
                assert table[i, k] == metric.sentence_score(hyp[i], [ref[j]]).score, (i, j)
                checked += 1
            else:
                assert table[i, k] == 0.0
    assert checked > 200


def test_dense_and_sparse_products_agree():
    rows = ngram_rows(EN[:150] + FR[:150])
    for order, dense in ((0, True), (5, False)):  # unigrams go through BLAS, 6-grams through the sparse product
        H, R = rows.mats[order][:150], rows.mats[order][150:]
        cells = H.shape[1] * (H.shape[0] + R.shape[0])
        assert (H.nnz + R.nnz >= 0.01 * cells and H.shape[0] * R.shape[0] >= 10_000) == dense
        assert np.array_equal(_dots(H, R), (H @ R.T).toarray())
