"""Segmentation work grows linearly with the paragraph (issue #19: one line of short sentences took minutes).

No test here times anything: the work is counted (characters the rules read from the text) and decisions are shown to
be local (a long paragraph segments exactly as the concatenation of its parts).
"""

from __future__ import annotations

import pytest

from aligner.segment import SUPPORTED_LANGS, paragraph_spans, segment_text, splitter_for

from .test_segment_languages import CASES

ENGLISH_FRENCH = {
    "en": [
        "Mr. Smith met Dr. Jones. They talked.",
        '"Are you ready?" CNN reported. Nobody was.',
        "It grew in the U.S.",
    ],
    "fr": ["M. Dupont est venu. Il a parlé.", "Il a crié\u00a0: «\u00a0Partez\u00a0!\u00a0» Personne ne bougea."],
}


def parts_for(lang: str) -> list[str]:
    return ENGLISH_FRENCH.get(lang) or [text for text, _ in CASES[lang]]


class CountingStr(str):
    """A string that counts the characters read through indexing and slicing."""

    read = 0

    def __getitem__(self, key):  # type: ignore[override]
        piece = str.__getitem__(self, key)
        type(self).read += len(piece)
        return piece


def long_paragraph(lang: str, repeat: int) -> str:
    joiner = "" if lang == "zh" else " "
    return joiner.join(parts_for(lang) * repeat)


@pytest.mark.parametrize("lang", SUPPORTED_LANGS)
def test_characters_read_grow_linearly(lang):
    split = splitter_for(lang)
    per_char = []
    for repeat in (50, 800):
        text = CountingStr(long_paragraph(lang, repeat))
        CountingStr.read = 0
        cuts = split(text)
        assert len(cuts) >= repeat  # the input really is many sentences
        per_char.append(CountingStr.read / len(text))
    # The rules read each character a bounded number of times: the same ratio at 16 times the length. The quadratic
    # scan of issue #19 read the whole prefix before every candidate (hundreds of characters per character here).
    assert per_char[1] <= 3 and per_char[1] <= per_char[0] * 1.05 + 0.01


@pytest.mark.parametrize("lang", SUPPORTED_LANGS)
def test_a_long_paragraph_segments_as_its_parts(lang):
    parts = parts_for(lang) * 40
    joiner = "" if lang == "zh" else " "
    whole = [s.text for s in segment_text(joiner.join(parts), lang).sentences]
    pieces = [s.text for part in parts for s in segment_text(part, lang).sentences]
    assert whole == pieces


def test_paragraph_spans_of_many_lines_read_each_character_once():
    text = "Une ligne. Deux phrases.\n  \n" * 5000
    spans = list(paragraph_spans(text))
    assert len(spans) == 5000
    assert all(text[a:b] == "Une ligne. Deux phrases." for a, b in spans)


def test_a_one_megabyte_line_of_short_sentences_is_segmented():
    text = "Il a dit non. M. Dupont est venu. « Partez ! » " * 22_000
    doc = segment_text(text, "fr")
    assert len(doc.sentences) == 22_000 * 3
    assert doc.sentences[-1].text == "« Partez ! »"
