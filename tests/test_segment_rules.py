"""Built-in French and English segmentation: what releases contain."""

from __future__ import annotations

import pytest

from aligner.segment import segment_text, splitter_for

NBSP = "\u00a0"
NNBSP = "\u202f"


def sents(text: str, lang: str = "fr") -> list[str]:
    return [s.text for s in segment_text(text, lang).sentences]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("M. Stoltenberg est arrivé. Il a parlé.", ["M. Stoltenberg est arrivé.", "Il a parlé."]),
        ("MM. Dupont et Durand ont signé. Mme Leroy aussi.", ["MM. Dupont et Durand ont signé.", "Mme Leroy aussi."]),
        ("Le Dr. Martin a opéré. Tout va bien.", ["Le Dr. Martin a opéré.", "Tout va bien."]),
        ("J. K. Rowling a écrit. Elle lit.", ["J. K. Rowling a écrit.", "Elle lit."]),
        ("Le taux est de 3.5 % et 12.5%. Il baisse.", ["Le taux est de 3.5 % et 12.5%.", "Il baisse."]),
        (f"Un montant de 1{NNBSP}000,5 euros. Voilà.", [f"Un montant de 1{NNBSP}000,5 euros.", "Voilà."]),
        (
            "Il a rencontré ce lundi (30 janvier 2023) le président. Les deux dirigeants ont parlé.",
            ["Il a rencontré ce lundi (30 janvier 2023) le président.", "Les deux dirigeants ont parlé."],
        ),
        (
            f"Il a dit{NBSP}: «{NBSP}Ce qui se passe est important{NBSP}». Il a indiqué que tout va bien.",
            [f"Il a dit{NBSP}: «{NBSP}Ce qui se passe est important{NBSP}».", "Il a indiqué que tout va bien."],
        ),
        (
            f"«{NBSP}Nous savons que la Corée contribue. Nous sommes liés{NBSP}», a-t-il déclaré. Le secrétaire a parlé.",
            [
                f"«{NBSP}Nous savons que la Corée contribue.",
                f"Nous sommes liés{NBSP}», a-t-il déclaré.",
                "Le secrétaire a parlé.",
            ],
        ),
        (
            f"Il a crié{NBSP}: «{NBSP}Partez{NBSP}!{NBSP}» Personne ne bougea.",
            [f"Il a crié{NBSP}: «{NBSP}Partez{NBSP}!{NBSP}»", "Personne ne bougea."],
        ),
        ("Et alors… Rien ne se passa. Puis… plus rien.", ["Et alors…", "Rien ne se passa.", "Puis… plus rien."]),
        ("Le texte (…) Continue ici.", ["Le texte (…) Continue ici."]),
        (
            "Voir www.nato.int pour plus. Écrivez à presse@hq.nato.int. Merci.",
            ["Voir www.nato.int pour plus.", "Écrivez à presse@hq.nato.int.", "Merci."],
        ),
        ("Pourquoi ? Parce que. Vraiment ?", ["Pourquoi ?", "Parce que.", "Vraiment ?"]),
        ("Est-ce possible ? demanda-t-il.", ["Est-ce possible ? demanda-t-il."]),
        ("1. Introduction du texte", ["1. Introduction du texte"]),
        ("Il a vu l’art. 5 du traité. Rien de plus.", ["Il a vu l’art. 5 du traité.", "Rien de plus."]),
    ],
)
def test_french_boundaries(text, expected):
    assert sents(text, "fr") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("He lives on St. Mark's Place. It is busy.", ["He lives on St. Mark's Place.", "It is busy."]),
        (
            "The meeting is on Jan. 5 in Brussels. It was moved.",
            ["The meeting is on Jan. 5 in Brussels.", "It was moved."],
        ),
        (
            "Shares of Apple Inc. rose 3.5% on Monday. The index fell.",
            ["Shares of Apple Inc. rose 3.5% on Monday.", "The index fell."],
        ),
        ("It grew in the U.S. The rest of the world lagged.", ["It grew in the U.S.", "The rest of the world lagged."]),
        ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
        ('"We are ready." The minister left.', ['"We are ready."', "The minister left."]),
        ('"Are you ready?" CNN reported. Nobody was.', ['"Are you ready?" CNN reported.', "Nobody was."]),
        ("See No. 5 for details. Thanks.", ["See No. 5 for details.", "Thanks."]),
        ("Visit https://www.nato.int/cps/en. Then write.", ["Visit https://www.nato.int/cps/en.", "Then write."]),
        ("Sen. Graham and Sens. Lee spoke. Done.", ["Sen. Graham and Sens. Lee spoke.", "Done."]),
    ],
)
def test_english_boundaries(text, expected):
    assert sents(text, "en") == expected


def test_headline_and_paragraphs_are_kept():
    text = "Titre sans point final\n\nPremier paragraphe. Deuxième phrase.\n- un élément de liste\n- un autre\n"
    doc = segment_text(text, "fr")
    assert [s.text for s in doc.sentences] == [
        "Titre sans point final",
        "Premier paragraphe.",
        "Deuxième phrase.",
        "- un élément de liste",
        "- un autre",
    ]
    assert [s.paragraph for s in doc.sentences] == [0, 1, 1, 2, 3]


def test_offsets_point_at_the_exact_text():
    text = f"  Intro\u2019s l’OTAN{NBSP}: ok.  Suite{NNBSP}!\nAutre ligne.\n"
    doc = segment_text(text, "fr")
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
    assert doc.sentences[0].text == f"Intro\u2019s l’OTAN{NBSP}: ok."


def test_seed_release_has_the_sixteen_sentences_a_reader_sees(corpus_dir):
    text = (corpus_dir / "fr" / "news_211270.txt").read_text(encoding="utf-8")
    doc = segment_text(text, "fr")
    assert len(doc.sentences) == 16
    assert doc.sentences[0].text.startswith("En visite en République de Corée")
    assert doc.sentences[13].text.endswith("», a-t-il déclaré.")
    assert doc.paragraph_count == 7


def test_every_character_is_kept(corpus_dir):
    for path in sorted(corpus_dir.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        lang = path.parent.name
        doc = segment_text(text, lang)
        rebuilt = "".join(s.text for s in doc.sentences)
        assert "".join(rebuilt.split()) == "".join(text.split())


def test_splitter_returns_offsets_inside_the_paragraph():
    split = splitter_for("en")
    para = "One. Two. Three."
    assert split(para) == [5, 10]
