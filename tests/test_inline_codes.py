"""Inline codes from a release into its units (offsets, codes cut by unit boundaries), and how TMX, XLIFF 2.0 and
1.2 and PO write them: valid against the TMX DTD and the XLIFF schemas, and read back as text and codes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.formats.po import render_po
from aligner.formats.tmx import TranslationUnit, read_tmx, render_tmx
from aligner.formats.xliff import read_xliff, render_xliff
from aligner.ingest import parse_release
from aligner.model import Bead, CodeKind, InlineCode, Origin, ReleaseText, ReleaseUnit
from aligner.segment import segment_text
from aligner.units import release_units

from .tools import XLIFF_XSD, msgfmt_check, xmllint_schema, xmllint_valid

FR = (
    "<h1>Le <b>titre</b></h1>"
    "<p>Un <b>gras. Deux</b> phrases.<br>Trois <i>x</i> fin.</p>"
    '<p><a href="/a">Lien sur. </a></p><p><a href="/b">deux paragraphes.</a> Suite <img src="i.png">ici.</p>'
)
EN = "<h1>The <b>title</b></h1><p>One <b>bold. Two</b> sentences. Three <i>x</i> end.</p><p>Link on.</p>"


def read(source: str, name: str = "r.html") -> ReleaseText:
    return parse_release(source.encode("utf-8"), name)


def units_of(fr: ReleaseText, en: ReleaseText, beads: list[Bead]) -> list[ReleaseUnit]:
    fr_s = segment_text(fr.text, "fr").sentences
    en_s = segment_text(en.text, "en").sentences
    return release_units(
        "r", fr.text, fr_s, en.text, en_s, beads, "20260101T000000Z", src_markup=fr.codes, tgt_markup=en.codes
    )


def shown(text: str, codes: tuple[InlineCode, ...]) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.tag, text[c.start : c.end]) for c in codes]


def test_units_get_the_codes_inside_them_and_codes_cut_by_a_unit_boundary_become_opening_and_closing():
    fr, en = read(FR), read(EN)
    assert [s.text for s in segment_text(fr.text, "fr").sentences] == [
        "Le titre",
        "Un gras.",
        "Deux phrases.",
        "Trois x fin.",
        "Lien sur.",
        "deux paragraphes.",
        "Suite ici.",
    ]
    beads = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2, 3), (2, 3)), Bead((4, 5), (4,)), Bead((6,), ())]
    units = units_of(fr, en, beads)
    assert shown(units[0].src, units[0].src_codes) == [("paired", "b", "titre")]
    assert shown(units[0].tgt or "", units[0].tgt_codes) == [("paired", "b", "title")]
    assert shown(units[1].src, units[1].src_codes) == [("opening", "b", "")]
    assert units[1].src_codes[0].start == 3 and units[1].src_codes[0].native_open == "<b>"
    assert [(c.kind, c.tag, c.start) for c in units[2].src_codes] == [
        (CodeKind.CLOSING, "b", 4),
        (CodeKind.STANDALONE, "br", 13),
        (CodeKind.PAIRED, "i", 20),
    ]
    assert units[2].src == "Deux phrases. Trois x fin." and units[2].src[13] == " "
    # a link over two paragraphs joined in one unit (a space between them) is one paired code again
    assert units[3].src == "Lien sur. deux paragraphes."
    assert [(c.kind, units[3].src[c.start : c.end]) for c in units[3].src_codes] == [
        (CodeKind.PAIRED, "Lien sur."),
        (CodeKind.PAIRED, "deux paragraphes."),
    ]
    assert [(c.kind, c.start) for c in units[4].src_codes] == [(CodeKind.STANDALONE, 6)]


def test_a_code_between_two_sentences_without_space_goes_with_the_sentence_it_opens_or_closes():
    zh = read("<p><b>第一句。</b><i>第二句。</i></p>")
    sentences = segment_text(zh.text, "zh").sentences
    assert [s.text for s in sentences] == ["第一句。", "第二句。"]
    units = release_units(
        "r", zh.text, sentences, None, None, [Bead((0,), ()), Bead((1,), ())], "d", src_markup=zh.codes
    )
    assert [(c.kind, c.tag, c.start, c.end) for c in units[0].src_codes] == [(CodeKind.PAIRED, "b", 0, 4)]
    assert [(c.kind, c.tag, c.start, c.end) for c in units[1].src_codes] == [(CodeKind.PAIRED, "i", 0, 4)]


def test_fills_and_a_reviewers_english_carry_no_codes_of_the_original():
    fr, en = read(FR), read(EN)
    units = units_of(fr, en, [Bead((0,), (0,))])
    fr_s = segment_text(fr.text, "fr").sentences
    en_s = segment_text(en.text, "en").sentences
    edited = release_units(
        "r",
        fr.text,
        fr_s,
        en.text,
        en_s,
        [Bead((0,), (0,))],
        "d",
        {0: "Edited"},
        src_markup=fr.codes,
        tgt_markup=en.codes,
    )
    assert units[0].tgt_codes and edited[0].tgt == "Edited" and edited[0].tgt_codes == ()
    assert edited[0].src_codes == units[0].src_codes


def code(kind: CodeKind, start: int, end: int, tag: str, native_open: str = "", native_close: str = "") -> InlineCode:
    return InlineCode(kind, start, end, tag, native_open, native_close)


# "Un <b>gras <i>et</b> italique</i> fin<br>x <img>" with crossing codes, and codes cut by the unit's ends
TEXT = "Un gras et italique fin x & < y"
CODES = (
    code(CodeKind.CLOSING, 0, 0, "a", native_close="</a>"),
    code(CodeKind.PAIRED, 3, 10, "b", "<b>", "</b>"),
    code(CodeKind.PAIRED, 8, 19, "i", "<i>", "</i>"),
    code(CodeKind.STANDALONE, 23, 24, "br", "<br>"),
    code(CodeKind.STANDALONE, 26, 26, "img", '<img src="a&b.png" alt="<x>">'),
    code(CodeKind.PAIRED, 26, 26, "span", '<span id="e">', "</span>"),
    code(CodeKind.OPENING, 31, 31, "em", "<em>"),
)
TARGET_CODES = (code(CodeKind.PAIRED, 3, 6, "i", "<i>", "</i>"), code(CodeKind.PAIRED, 7, 10, "u", "<u>", "</u>"))


def test_tmx_writes_native_codes_valid_against_the_dtd_and_reads_them_back(tmp_path):
    unit = TranslationUnit(TEXT, "An eel and more", src_codes=CODES, tgt_codes=TARGET_CODES)
    path = tmp_path / "codes.tmx"
    path.write_text("".join(render_tmx([unit])), encoding="utf-8")
    assert xmllint_valid(path).returncode == 0, xmllint_valid(path).stderr
    raw = path.read_text(encoding="utf-8")
    assert '<it pos="end" x="1" type="link">&lt;/a&gt;</it>Un ' in raw
    assert '<bpt i="2" x="2" type="bold">&lt;b&gt;</bpt>gras <bpt i="3" x="3" type="italic">&lt;i&gt;</bpt>et' in raw
    assert '<ept i="2">&lt;/b&gt;</ept> italique<ept i="3">&lt;/i&gt;</ept> fin<ph x="4" type="lb">' in raw
    assert '<ph x="5" type="image">&lt;img src="a&amp;b.png" alt="&lt;x&gt;"&gt;</ph><bpt i="6" x="6"' in raw
    assert '&lt; y<it pos="begin" x="7" type="italic">&lt;em&gt;</it></seg>' in raw
    # the target's <i> corresponds to the source's (x="3"); its <u> has no counterpart (a new number)
    assert (
        '<seg>An <bpt i="3" x="3" type="italic">&lt;i&gt;</bpt>eel<ept i="3">&lt;/i&gt;</ept> <bpt i="8" x="8" type="ulined">'
        in raw
    )
    back = read_tmx(path)[1][0]
    assert back.src == TEXT and back.tgt == "An eel and more"
    assert back.src_codes == CODES and back.tgt_codes == TARGET_CODES


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_xliff_writes_codes_valid_against_the_schema_and_reads_targets_back_as_plain_text(tmp_path, version):
    units = [
        ReleaseUnit(
            "r",
            0,
            TEXT,
            "An eel and more",
            0.95,
            "1-1",
            Origin.ALIGNED,
            1,
            "d",
            "",
            (0,),
            (0,),
            None,
            CODES,
            TARGET_CODES,
        ),
        ReleaseUnit("r", 1, "Sans code.", None, 0.0, "1-0", Origin.NONE, 2, "d", "", (1,), ()),
    ]
    path = tmp_path / "codes.xlf"
    path.write_text("".join(render_xliff(units, "r", "ab" * 32, "fr/r.html", version)), encoding="utf-8")
    res = xmllint_schema(path, XLIFF_XSD[version])
    assert res.returncode == 0, res.stderr
    raw = path.read_text(encoding="utf-8")
    if version == "2.0":
        assert '<ec id="1" isolated="yes" dataRef="d1" type="link"/>Un ' in raw
        # <b> and <i> cross: start and end codes; a well-nested pair is <pc>
        assert '<sc id="2" dataRef="d2" type="fmt" subType="xlf:b"/>gras <pc id="3" dataRefStart="d3" ' in raw
        assert '<ec startRef="2" dataRef="d5" type="fmt" subType="xlf:b"/> italique</pc> fin' in raw
        assert '<ph id="4" dataRef="d6" type="fmt" subType="xlf:lb"/>x <ph id="5" dataRef="d7" type="image"/>' in raw
        assert '<pc id="6" dataRefStart="d8" dataRefEnd="d9" type="fmt"></pc>&amp; &lt; y' in raw
        assert '<sc id="7" isolated="yes" dataRef="d10" type="fmt" subType="xlf:i"/></source>' in raw
        assert '<data id="d7">&lt;img src="a&amp;b.png" alt="&lt;x&gt;"&gt;</data>' in raw
        assert '<target>An <pc id="3" dataRefStart="d3" dataRefEnd="d4" type="fmt" subType="xlf:i">eel</pc>' in raw
    else:
        assert 'datatype="html"' in raw and '<it id="1" pos="close" ctype="link">&lt;/a&gt;</it>Un ' in raw
        assert '<bpt id="2" ctype="bold">&lt;b&gt;</bpt>gras <bpt id="3" ctype="italic">&lt;i&gt;</bpt>et' in raw
        assert '<ph id="4" ctype="lb">&lt;br&gt;</ph>x <ph id="5" ctype="image">' in raw
        assert '<target state="translated">An <bpt id="3" ctype="italic">&lt;i&gt;</bpt>eel<ept id="3">' in raw
    back = read_xliff(path)
    assert back.targets == {0: "An eel and more", 1: None}


def test_po_entries_are_plain_text_and_name_the_markup_for_the_translator(tmp_path):
    units = units_of(read(FR), read(EN), [Bead((0,), (0,)), Bead((1,), (1,))])
    po = tmp_path / "r.po"
    po.write_text(render_po(units, "r", "fr/r.html", "20260101T000000Z"), encoding="utf-8")
    assert msgfmt_check(po).returncode == 0
    text = po.read_text(encoding="utf-8")
    assert 'msgid "Le titre"' in text and 'msgstr "The title"' in text
    assert '#. markup in the release (left out here): <b>…</b>\n#: fr/r.html:1\nmsgid "Le titre"' in text
    assert '#. markup in the release (left out here): <b>…\n#: fr/r.html:2\nmsgid "Un gras."' in text


def test_the_fixture_pages_read_as_their_text_releases():
    fixtures = Path(__file__).parent / "fixtures" / "releases"
    corpora = Path(__file__).parents[1] / "corpora"
    for page, txt in [
        ("fr/tico19_wikinews_4.html", "fr/tico19_wikinews_4.txt"),
        ("en/tico19_wikinews_4.html", "en/tico19_wikinews_4.txt"),
        ("fr/tico19_wikinews_6.md", "fr/tico19_wikinews_6.txt"),
    ]:
        r = parse_release((fixtures / page).read_bytes(), page)
        assert r.text == (corpora / txt).read_text(encoding="utf-8").rstrip("\n"), page
        assert r.codes, page


# ---------------------------------------------------------------- property: any inline markup, any unit boundaries

WORDS = st.sampled_from(["Un", "deux.", "trois", "Quatre!", "cinq", "«\u00a0six\u00a0»", "7,5\u00a0%", "huit?", "x"])
SPACE = st.sampled_from(["", " ", "  ", "\n  ", "\t"])


def _inline(depth: int) -> st.SearchStrategy[tuple[str, str]]:
    """(html, the same html with its inline markup removed and <br> as a space)."""
    leaf = st.one_of(
        st.tuples(SPACE, WORDS, SPACE).map(lambda t: ("".join(t), "".join(t))),
        st.just(("<br>", " ")),
        st.just(('<img src="i.png">', "")),
    )
    if depth == 0:
        return leaf

    def element(parts: tuple[str, list[tuple[str, str]]]) -> tuple[str, str]:
        tag, inner = parts
        opening = '<a href="/x?a=1&amp;b=2">' if tag == "a" else f"<{tag}>"
        return opening + "".join(h for h, _ in inner) + f"</{tag}>", "".join(t for _, t in inner)

    nested = st.tuples(st.sampled_from(["b", "i", "a", "span"]), st.lists(_inline(depth - 1), max_size=4))
    return st.one_of(leaf, nested.map(element))


PARAGRAPHS = st.lists(st.lists(_inline(3), min_size=1, max_size=6), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PARAGRAPHS, st.randoms(use_true_random=False))
def test_any_inline_markup_keeps_the_text_and_survives_any_units_through_tmx_and_xliff(tmp_path, paragraphs, rnd):
    page = "".join("<p>" + "".join(h for h, _ in p) + "</p>" for p in paragraphs)
    stripped = "".join("<p>" + "".join(t for _, t in p) + "</p>" for p in paragraphs)
    marked, plain_page = read(page), read(stripped)
    assert marked.text == plain_page.text  # markup changes nothing a reader sees
    assert all(marked.text[c.start] == " " for c in marked.codes if c.placeholder)
    sentences = segment_text(marked.text, "fr").sentences
    beads, k = [], 0
    while k < len(sentences):  # random groups of consecutive sentences, as an alignment makes them
        n = rnd.randint(1, 3)
        beads.append(Bead(tuple(range(k, min(k + n, len(sentences)))), ()))
        k += n
    units = release_units("r", marked.text, sentences, None, None, beads, "d", src_markup=marked.codes)
    for u in units:
        for c in u.src_codes:
            assert 0 <= c.start <= c.end <= len(u.src)
            assert not c.placeholder or u.src[c.start] == " "
    tmx = tmp_path / "p.tmx"
    tmx.write_text("".join(render_tmx([TranslationUnit(u.src, u.src, src_codes=u.src_codes) for u in units])))
    assert xmllint_valid(tmx).returncode == 0, xmllint_valid(tmx).stderr
    back = read_tmx(tmx)[1]
    assert [(b.src, b.src_codes) for b in back] == [(u.src, strip_attrs(u.src_codes)) for u in units]
    xlf = tmp_path / "p.xlf"
    xlf.write_text("".join(render_xliff([replace(u, tgt=u.src, tgt_codes=u.src_codes) for u in units], "r", "k", "f")))
    assert xmllint_schema(xlf, XLIFF_XSD["2.0"]).returncode == 0, xmllint_schema(xlf, XLIFF_XSD["2.0"]).stderr
    assert read_xliff(xlf).targets == {u.bead: u.src for u in units}


def strip_attrs(codes: tuple[InlineCode, ...]) -> tuple[InlineCode, ...]:
    """What TMX keeps of a code: its kind, place, element and native markup (attributes live in the native tag)."""
    return tuple(replace(c, attrs=()) for c in codes)
