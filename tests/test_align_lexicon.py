"""Lexicons: the shipped prior, a user's hunalign .dic or TSV dictionary, a corpus lexicon, and what they change."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aligner.align import AlignParams, Lexicon, align_sentences, learn_corpus_lexicon, read_lexicon
from aligner.align.lexfile import prior_lexicon
from aligner.cli import app
from aligner.errors import FormatError

runner = CliRunner()

# Written for these tests: the French side lacks the English first sentence, and the two sides share no name, number
# or cognate that would tell which English sentence is the one left out.
FR = [
    "Son corps a été découvert environ une heure plus tard.",
    "La police a ouvert une enquête.",
    "Les voisins disent avoir entendu des cris pendant la nuit.",
    "Le maire a demandé aux habitants de rester calmes.",
]
EN = [
    "The weather was cold and the streets were empty.",
    "His body was found about an hour later.",
    "Police have opened an investigation.",
    "Neighbours say they heard screams during the night.",
    "The mayor asked residents to remain calm.",
]
RIGHT = [((), (0,)), ((0,), (1,)), ((1,), (2,)), ((2,), (3,)), ((3,), (4,))]


def pairs(alignment):
    return [(b.src, b.tgt) for b in alignment.beads]


def test_the_prior_lexicon_finds_the_omitted_sentence_that_length_alone_misses():
    without = align_sentences(FR, EN, src_lang="fr", tgt_lang="en", params=AlignParams(prior_lexicon=False))
    assert pairs(without) != RIGHT
    with_prior = align_sentences(FR, EN, src_lang="fr", tgt_lang="en")
    assert pairs(with_prior) == RIGHT
    used = with_prior.params["lexicons"]
    assert [u["name"] for u in used] == ["prior-fr-en"] and used[0]["origin"] == "builtin"
    assert used[0]["entries"] > 1000 and len(used[0]["sha256"]) == 64 and "CC BY-SA" in used[0]["licence"]


def test_the_prior_belongs_to_its_pair_and_turns_around():
    fr_en = prior_lexicon("fr", "en")
    en_fr = prior_lexicon("en", "fr")
    assert fr_en is not None and en_fr is not None
    assert ("body", fr_en.entries["corps"][0][1]) in fr_en.entries["corps"]
    assert any(t == "corps" for t, _ in en_fr.entries["body"])
    assert prior_lexicon("de", "fr") is None and prior_lexicon(None, "en") is None
    # German-French text gets no French-English prior, and says so
    a = align_sentences(["Der Berg ist hoch."], ["La montagne est haute."], src_lang="de", tgt_lang="fr")
    assert a.params["lexicons"] == []


def test_hunalign_dic_is_target_at_source(tmp_path):
    dic = tmp_path / "fr-en.dic"
    dic.write_text("# a comment\nbody @ corps\nfound @ découvert\nan hour @ une heure\n\n", encoding="utf-8")
    lex = read_lexicon(dic, "fr", "en")
    assert lex.entries["corps"] == (("body", 1.0),)
    assert lex.entries["decouvert"] == (("found", 1.0),)  # folded as the aligner compares words
    assert ("hour", 0.5) in lex.entries["heure"]  # phrases: each word to each word, at half weight
    assert lex.describe()["origin"] == str(dic) and lex.describe()["entries"] == len(lex)


def test_tsv_with_and_without_weights(tmp_path):
    tsv = tmp_path / "lex.tsv"
    tsv.write_text("corps\tbody\t0.8\nenquête\tinvestigation\n", encoding="utf-8")
    lex = read_lexicon(tsv, "fr", "en")
    assert lex.entries == {"corps": (("body", 0.8),), "enquete": (("investigation", 1.0),)}
    assert lex.inverted().entries["body"] == (("corps", 0.8),)
    assert lex.for_pair("en", "fr").src_lang == "en" and lex.for_pair("de", "fr") is None


@pytest.mark.parametrize(
    "name, text, line",
    [
        ("a.tsv", "corps\tbody\nchien dog\n", 2),
        ("b.tsv", "corps\tbody\t1.5\n", 1),
        ("c.tsv", "corps\tbody\tmany\n", 1),
        ("d.tsv", "\n\ncorps\t\n", 3),
        ("e.dic", "body @ corps\nfound = découvert\n", 2),
        ("f.dic", "body @ \n", 1),
    ],
)
def test_malformed_lexicon_names_file_and_line(tmp_path, name, text, line):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_lexicon(p, "fr", "en")
    assert info.value.path == str(p) and info.value.line == line


def test_empty_lexicon_is_refused(tmp_path):
    p = tmp_path / "empty.tsv"
    p.write_text("# nothing here\n", encoding="utf-8")
    with pytest.raises(FormatError, match="no lexicon entries"):
        read_lexicon(p, "fr", "en")


def test_cli_lexicon_is_used_and_recorded(tmp_path):
    fr = tmp_path / "fr.txt"
    en = tmp_path / "en.txt"
    fr.write_text("\n".join(FR) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    tsv = tmp_path / "mine.tsv"
    # a user's dictionary that knows the words of the English sentence the French leaves out: their absence from
    # every French sentence is then evidence that it is left out (without it, the sentence would join its neighbour)
    words = "corps body\ndécouvert found\nheure hour\ntard later\ntemps weather\nfroid cold\nrues streets\nvides empty"
    tsv.write_text(words.replace(" ", "\t") + "\n", encoding="utf-8")
    out = tmp_path / "out.ref"
    res = runner.invoke(
        app, ["align", "--presegmented", "--no-prior-lexicon", "--lexicon", str(tsv), str(fr), str(en), "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert [line.rsplit(":", 1)[0] for line in out.read_text().splitlines()] == [
        "[]:[0]", "[0]:[1]", "[1]:[2]", "[2]:[3]", "[3]:[4]"
    ]  # fmt: skip
    params = json.loads((tmp_path / "out.ref.params.json").read_text())
    assert [lex["name"] for lex in params["lexicons"]] == ["mine.tsv"]
    assert params["aligner"]["prior_lexicon"] is False


def test_cli_malformed_lexicon_is_one_line_and_writes_nothing(tmp_path):
    fr = tmp_path / "fr.txt"
    en = tmp_path / "en.txt"
    fr.write_text("Bonjour.\n", encoding="utf-8")
    en.write_text("Hello.\n", encoding="utf-8")
    bad = tmp_path / "bad.dic"
    bad.write_text("hello @ bonjour\nbroken line\n", encoding="utf-8")
    out = tmp_path / "out.ref"
    out.write_text("previous\n", encoding="utf-8")
    res = runner.invoke(app, ["align", "--lexicon", str(bad), str(fr), str(en), "-o", str(out)])
    assert res.exit_code == 1
    assert res.stderr.strip().splitlines() == [res.stderr.strip()]
    assert f"{bad}:2:" in res.stderr
    assert out.read_text() == "previous\n" and not (tmp_path / "out.ref.params.json").exists()


def test_corpus_lexicon_learns_from_units_and_helps_the_next_release():
    units = [
        ("Le corps a été retrouvé.", "The body was found."),
        ("Un corps sans vie.", "A lifeless body."),
        ("Son corps repose ici.", "His body rests here."),
        ("Une heure plus tard.", "An hour later."),
        ("Après une heure.", "After an hour."),
        ("Dans une heure.", "In an hour."),
        ("Trop tard.", "Too late."),
        ("Plus tard.", "Later."),
        ("Il était tard, bien plus tard.", "It was late, much later."),
    ] * 2  # duplicates count once
    lex = learn_corpus_lexicon(units, "fr", "en", min_count=2)
    assert isinstance(lex, Lexicon) and lex.origin == "corpus" and (lex.src_lang, lex.tgt_lang) == ("fr", "en")
    assert lex.entries["corps"][0][0] == "body" and "hour" in dict(lex.entries["heure"])
    a = align_sentences(FR, EN, src_lang="fr", tgt_lang="en", params=AlignParams(prior_lexicon=False), lexicons=[lex])
    assert pairs(a) == RIGHT
    assert a.params["lexicons"][0]["origin"] == "corpus"
    assert a.params["lexicons"][0]["sha256"] == lex.sha256


def test_a_lexicon_for_another_pair_is_left_out():
    lex = Lexicon("de", "fr", {"berg": (("montagne", 1.0),)}, name="de-fr")
    a = align_sentences(FR, EN, src_lang="fr", tgt_lang="en", lexicons=[lex])
    assert [u["name"] for u in a.params["lexicons"]] == ["prior-fr-en"]


def test_confident_pairs_feed_a_corpus_lexicon_release_after_release():
    from aligner.align import confident_pairs

    a = align_sentences(FR, EN, src_lang="fr", tgt_lang="en")
    got = list(confident_pairs(a, FR, EN, threshold=0.5))
    assert (FR[0], EN[1]) in got and all(s and t for s, t in got)
    assert all(b.score >= 0.5 for b in a.beads if b.src and b.tgt and (FR[b.src[0]], EN[b.tgt[0]]) in got)
    assert list(confident_pairs(a, FR, EN, threshold=1.01)) == []
