"""Strict and lax alignment scores (Sennrich & Volk 2011), and the bead file format."""

from __future__ import annotations

import pytest

from aligner.errors import FormatError
from aligner.formats.beads import format_ref, parse_beads
from aligner.model import Alignment, Bead
from aligner.score.aligneval import score_pairs


def B(src, tgt, score=1.0):
    return Bead(tuple(src), tuple(tgt), score)


def test_perfect_alignment_scores_one():
    gold = [B([0], [0]), B([1, 2], [1]), B([], [2])]
    res = score_pairs([(gold, gold)])
    assert res["f1_strict"] == res["f1_lax"] == 1.0


def test_strict_and_lax_counts():
    gold = [B([0], [0]), B([1, 2], [1]), B([3], [2])]
    pred = [B([0], [0]), B([1], [1]), B([2], []), B([3], [2])]
    res = score_pairs([(gold, pred)])
    # precision over all 4 predicted beads: 2 strict hits; lax also credits [1]:[1] (overlaps gold [1,2]:[1])
    assert res["precision_strict"] == pytest.approx(2 / 4)
    assert res["precision_lax"] == pytest.approx(3 / 4)
    # recall over the 3 gold beads with both sides, against predicted beads with both sides
    assert res["recall_strict"] == pytest.approx(2 / 3)
    assert res["recall_lax"] == pytest.approx(1.0)


def test_counts_are_summed_over_documents():
    doc1 = ([B([0], [0])], [B([0], [0])])
    doc2 = ([B([0], [0]), B([1], [1]), B([2], [2])], [B([0, 1], [0, 1]), B([2], [2])])
    res = score_pairs([doc1, doc2])
    assert res["precision_strict"] == pytest.approx(2 / 3)
    assert res["recall_strict"] == pytest.approx(2 / 4)


def test_ref_format_round_trip():
    a = Alignment((B([0], [0], 0.9), B([1, 2], [], 0.25), B([], [1], 1.0)), 3, 2)
    text = format_ref(a)
    assert text.splitlines() == ["[0]:[0]:0.9000", "[1, 2]:[]:0.2500", "[]:[1]:1.0000"]
    assert parse_beads(text) == list(a.beads)


def test_gold_files_without_scores_parse():
    assert parse_beads("[0]:[0, 1]\n\n[]:[2]\n") == [B([0], [0, 1]), B([], [2])]


def test_malformed_bead_line_names_file_and_line():
    with pytest.raises(FormatError) as info:
        parse_beads("[0]:[0]\n[1]-[1]\n", "pred.ref")
    assert info.value.path == "pred.ref" and info.value.line == 2
