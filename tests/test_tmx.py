"""TMX 1.4b writing and reading, checked with xmllint against the TMX DTD."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import FormatError
from aligner.formats.tmx import TmxHeader, TmxReader, TranslationUnit, read_tmx, tmx_date, write_tmx
from aligner.xmlsafe import MAX_SUBTREE_CHARS

from .tools import TMX_DTD_REL, xmllint_valid


def test_written_tmx_is_valid_and_reads_back(tmp_path, shared):
    units = [
        TranslationUnit(
            "M.\u00a0Stoltenberg a parlé\u202f: «\u00a0oui\u00a0».",
            "Mr Stoltenberg said: “yes”.",
            props=[("x-release", "news_1"), ("x-origin", "aligned"), ("x-custom", "kept")],
            notes=["a note"],
            attrs={"tuid": "news_1:0", "creationdate": "20260101T000000Z"},
        ),
        TranslationUnit("L’OTAN & <l'UE>", "NATO & <the EU>", props=[("x-origin", "aligned")]),
    ]
    path = tmp_path / "m.tmx"
    write_tmx(path, units, TmxHeader(creationdate="20260101T000000Z"))
    res = xmllint_valid(path, shared / TMX_DTD_REL)
    assert res.returncode == 0, res.stderr
    header, back = read_tmx(path)
    assert header.srclang == "fr" and header.creationtool == "aligner" and header.segtype == "sentence"
    assert [(u.src, u.tgt) for u in back] == [(u.src, u.tgt) for u in units]
    assert back[0].props == units[0].props and back[0].notes == ["a note"] and back[0].attrs["tuid"] == "news_1:0"


def test_characters_xml_cannot_carry_survive_as_placeholders(tmp_path, shared):
    text = "ligne\x0bsuivante\x01 fin"
    path = tmp_path / "c.tmx"
    write_tmx(path, [TranslationUnit(text, "line\x0bnext")])
    raw = path.read_text(encoding="utf-8")
    assert "\x0b" not in raw and "\x01" not in raw
    assert xmllint_valid(path, shared / TMX_DTD_REL).returncode == 0
    _, back = read_tmx(path)
    assert back[0].src == text and back[0].tgt == "line\x0bnext"


def test_reads_other_tools_tmx(tmp_path):
    """An OmegaT-style 1.1 file and a Trados-style file with region codes and inline codes."""
    omegat = tmp_path / "omegat.tmx"
    omegat.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n<tmx version="1.1">\n'
        '<header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"'
        ' creationtoolversion="3.6" segtype="sentence" srclang="FR-FR"/>\n<body>\n'
        '<tu><tuv lang="FR-FR"><seg>Bonjour.</seg></tuv><tuv lang="EN-GB"><seg>Hello.</seg></tuv></tu>\n'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    _, units = read_tmx(omegat)
    assert [(u.src, u.tgt, u.tgt_lang) for u in units] == [("Bonjour.", "Hello.", "EN-GB")]
    trados = tmp_path / "trados.tmx"
    trados.write_text(
        '<?xml version="1.0" encoding="utf-8"?><tmx version="1.4"><header creationtool="SDL" creationtoolversion="8"'
        ' o-tmf="SDL TM8" segtype="sentence" adminlang="en-US" srclang="fr-FR" datatype="xml"/><body>'
        '<tu creationdate="20200101T101010Z" changeid="jdoe"><prop type="x-Domain:SinglePicklist">Press</prop>'
        '<tuv xml:lang="fr-FR"><seg>Cliquez <bpt i="1">&lt;b&gt;</bpt>ici<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>'
        '<tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    _, units = read_tmx(trados, src_lang="fr", tgt_lang="en")
    assert (units[0].src, units[0].tgt) == ("Cliquez ici.", "Click here.")
    assert units[0].props == [("x-Domain:SinglePicklist", "Press")] and units[0].attrs["changeid"] == "jdoe"


@pytest.mark.parametrize(
    "content, needle, line",
    [
        (
            '<tmx version="1.4"><header/><body>\n<tu><tuv xml:lang="fr"><seg>x</seg></tu>\n</body></tmx>',
            "malformed XML",
            2,
        ),
        ('<tmx version="1.4">\n<body/></tmx>', "no <header>", 2),
        ("<html><body/></html>", "not a TMX file", None),
        ('<tmx version="1.4"><header/><body>\n<tu>\n</tu></body></tmx>', "has no <tuv>", 2),
        ('<tmx version="1.4"><header/><body>\n\n<tu><tuv xml:lang="fr"></tuv></tu></body></tmx>', "without <seg>", 3),
        ('<tmx version="1.4"><header/></tmx>', "no <body>", None),
    ],
)
def test_malformed_tmx_is_one_clear_error(tmp_path, content, needle, line):
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=needle) as info:
        read_tmx(path)
    assert info.value.path == str(path) and info.value.line == line


def test_entities_are_refused(tmp_path):
    path = tmp_path / "bomb.tmx"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="fr"><seg>&b;</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="refused"):
        read_tmx(path)


def test_tmx_dates():
    assert len(tmx_date()) == 16 and tmx_date().endswith("Z") and tmx_date()[8] == "T"


FIXTURES = Path(__file__).parent / "fixtures" / "tm"


def test_languages_come_from_each_tuv_not_from_the_header():
    """translate-toolkit's header says srclang="en" whatever the units hold; each <tuv> says its own language."""
    reader = TmxReader(FIXTURES / "translate-toolkit.tmx", "fr", "en")
    units = list(reader)
    assert [(u.src, u.tgt, u.src_lang, u.tgt_lang) for u in units] == [
        ("Le conseil se réunit lundi.", "The council meets on Monday.", "fr", "en"),
        ("Enregistrer le rapport", "Save the report", "fr-FR", "en-GB"),
        ("Le budget a été adopté.", "The budget was adopted.", "fr", "en"),
    ]
    assert reader.read == 4 and reader.skipped == 1  # the en/de unit has no French side
    assert units[1].attrs["srclang"] == "fr-FR" and units[1].line == 16
    # without a pair, each unit's own srclang wins over the header's
    _, plain = read_tmx(FIXTURES / "translate-toolkit.tmx")
    assert [u.src_lang for u in plain] == ["en", "en-GB", "fr", "en"]


def test_tuv_attributes_survive_a_round_trip(tmp_path, shared):
    src = tmp_path / "in.tmx"
    src.write_text(
        '<tmx version="1.4"><header srclang="fr"/><body><tu tuid="7">'
        '<tuv xml:lang="fr" creationid="anne" changedate="20250102T030405Z"><seg>Oui.</seg></tuv>'
        '<tuv xml:lang="en" changeid="bob" changedate="20250607T080910Z" usagecount="3"><seg>Yes.</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    _, (u,) = read_tmx(src)
    assert u.src_attrs == {"creationid": "anne", "changedate": "20250102T030405Z"}
    assert u.tgt_attrs == {"changeid": "bob", "changedate": "20250607T080910Z", "usagecount": "3"}
    out = tmp_path / "out.tmx"
    write_tmx(out, [u])
    assert xmllint_valid(out, shared / TMX_DTD_REL).returncode == 0
    _, (back,) = read_tmx(out)
    assert (back.src_attrs, back.tgt_attrs, back.attrs["tuid"]) == (u.src_attrs, u.tgt_attrs, "7")


def test_nesting_is_read_to_a_limit_and_refused_beyond(tmp_path):
    def tmx(depth):
        seg = "<hi>" * depth + "profond" + "</hi>" * depth
        return (
            '<tmx version="1.4"><header srclang="fr"/><body>\n<tu><tuv xml:lang="fr"><seg>très '
            f'{seg} ici</seg></tuv><tuv xml:lang="en"><seg>deep</seg></tuv></tu></body></tmx>'
        )

    ok = tmp_path / "ok.tmx"
    ok.write_text(tmx(80), encoding="utf-8")
    assert read_tmx(ok)[1][0].src == "très profond ici"
    deep = tmp_path / "deep.tmx"
    deep.write_text(tmx(5000), encoding="utf-8")
    with pytest.raises(FormatError, match="nested deeper than 100 levels") as info:
        read_tmx(deep)
    assert info.value.path == str(deep) and info.value.line == 2


def test_a_unit_larger_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "big.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="fr"/><body>\n\n<tu><tuv xml:lang="fr"><seg>'
        + "a" * (MAX_SUBTREE_CHARS + 10)
        + "</seg></tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="characters of text in one <tu>") as info:
        read_tmx(path)
    assert info.value.line == 3


def test_units_are_read_before_the_end_of_the_file(tmp_path):
    """The reader streams: units come out long before a fault at the end of a large file is reached."""
    path = tmp_path / "long.tmx"
    tu = '<tu><tuv xml:lang="fr"><seg>Bonjour numéro {k}.</seg></tuv><tuv xml:lang="en"><seg>Hello {k}.</seg></tuv></tu>\n'
    with path.open("w", encoding="utf-8") as fh:
        fh.write('<tmx version="1.4"><header srclang="fr"/><body>\n')
        for k in range(20_000):
            fh.write(tu.format(k=k))
        fh.write("<tu></body></tmx>\n")
    units = iter(TmxReader(path))
    assert next(units).src == "Bonjour numéro 0."
    with pytest.raises(FormatError, match="malformed XML") as info:
        for _ in units:
            pass
    assert info.value.line == 20_002


def test_a_lone_surrogate_placeholder_is_restored_on_reading(tmp_path):
    path = tmp_path / "s.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>caf'
        '<ph type="x-aligner-char">U+DC80</ph></seg></tuv><tuv xml:lang="en"><seg>cafe</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    assert read_tmx(path)[1][0].src == "caf\udc80"
