"""Alignment across writing systems: densities, consonant skeletons, and Chinese words."""

from __future__ import annotations

from aligner.align import align_sentences
from aligner.align.features import tokenize
from aligner.align.scripts import cross_script, length_ratio_prior, skeleton, with_skeletons


def test_a_name_keeps_its_consonants_across_alphabets():
    assert skeleton("Трамп") == skeleton("Trump") == "trmp"
    assert skeleton("парламент") == skeleton("parliament")[:5]


def test_skeletons_are_added_only_between_different_alphabets():
    ru = [tokenize("Трамп выступил в парламенте.")]
    en = [tokenize("Trump spoke in parliament.")]
    fr = [tokenize("Trump a parlé au parlement.")]
    assert cross_script(ru, en) and not cross_script(fr, en)
    words = with_skeletons(ru)[0].words
    assert "~trmp" in words and set(tokenize("Трамп выступил в парламенте.").words) <= set(words)


def test_chinese_is_expected_about_three_times_denser_than_english():
    assert 0.25 < length_ratio_prior("zh", "en") ** -1 < 0.4
    assert length_ratio_prior("fr", "en") == 1.0


def test_chinese_sentences_align_one_to_one_despite_their_length():
    zh = ["特朗普周二在白宫会见了法国总统。", "双方讨论了贸易问题。", "会谈持续了两个小时。", "记者会随后举行。"]
    en = [
        "Trump met the French president at the White House on Tuesday.",
        "The two sides discussed trade issues.",
        "The talks lasted two hours.",
        "A press conference followed.",
    ]
    beads = align_sentences(zh, en, src_lang="zh", tgt_lang="en").beads
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(4)]
