"""SRX 2.0 rule files: real ones from OmegaT and LanguageTool, and broken or hostile ones."""

from __future__ import annotations

import pytest

from aligner.errors import FormatError
from aligner.segment import segment_text
from aligner.segment.srx import java_to_python, load_srx

OMEGAT = "formats/omegat-3.6/defaultRules.cascade-yes.srx"
LANGUAGETOOL = "formats/languagetool/segment.srx"


@pytest.mark.parametrize("rel", [OMEGAT, LANGUAGETOOL])
def test_real_rule_files_segment_the_seed_release(shared, corpus_dir, rel):
    rules = load_srx(shared / rel)
    text = (corpus_dir / "fr" / "news_211270.txt").read_text(encoding="utf-8")
    doc = segment_text(text, "fr", split=rules.splitter("fr"))
    assert len(doc.sentences) == 16
    assert all(text[s.start : s.end] == s.text for s in doc.sentences)


def test_cascade_uses_rules_of_every_matching_map(shared):
    rules = load_srx(shared / OMEGAT)
    assert rules.cascade
    french = rules.rules_for("fr")
    assert len(french) > len(rules.rules["French"])  # French, then Default/Text/HTML rules


def test_no_break_rule_wins_when_it_comes_first(tmp_path):
    srx = tmp_path / "r.srx"
    srx.write_text(
        """<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="no"/>
<body><languagerules><languagerule languagerulename="X">
<rule break="no"><beforebreak>\\bDr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
<rule break="yes"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern="FR.*" languagerulename="X"/></maprules></body></srx>""",
        encoding="utf-8",
    )
    split = load_srx(srx).splitter("fr")
    doc = segment_text("Le Dr. Martin arrive. Il part.", "fr", split=split)
    assert [s.text for s in doc.sentences] == ["Le Dr. Martin arrive.", "Il part."]


def test_java_constructs_are_translated():
    assert java_to_python(r"\Qa.b\E") == r"a\.b"
    assert java_to_python(r"(?U)\b\p{Punct}") == r"\b\p{posix_punct}"
    assert java_to_python(r"(?iu)x") == "(?i:x)"
    assert "\\u00a0" in java_to_python(r"[\h\v]") and not java_to_python(r"[\h]").startswith("[[")


def test_malformed_srx_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.srx"
    bad.write_text('<srx version="2.0">\n<header>\n</srx>', encoding="utf-8")
    with pytest.raises(FormatError) as info:
        load_srx(bad)
    assert info.value.path == str(bad) and info.value.line == 3


def test_entity_expansion_is_refused(tmp_path):
    bomb = tmp_path / "bomb.srx"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE srx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<srx version="2.0"><header/><body>&b;</body></srx>',
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="refused"):
        load_srx(bomb)


def test_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    evil = tmp_path / "evil.srx"
    evil.write_text(
        f'<?xml version="1.0"?><!DOCTYPE srx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<srx version="2.0"><header/><body><languagerules/><maprules>'
        '<languagemap languagepattern=".*" languagerulename="&x;"/></maprules></body></srx>',
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="refused"):
        load_srx(evil)


def test_bad_pattern_is_a_format_error(tmp_path):
    srx = tmp_path / "r.srx"
    srx.write_text(
        '<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no"/><body><languagerules>'
        '<languagerule languagerulename="X"><rule><beforebreak>([</beforebreak></rule></languagerule>'
        '</languagerules><maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>',
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="bad rule pattern"):
        load_srx(srx)
