"""SRX rules run as OmegaT runs them, and user rules run under limits (issues #16 and #19)."""

from __future__ import annotations

import time
import tracemalloc
import zipfile

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import FormatError
from aligner.segment import segment_text
from aligner.segment.srx import SrxLimits, load_srx
from aligner.segment.srx_regex import PatternLimits

from .omegat_segments import OMEGAT_JAR

runner = CliRunner()
SEED = "fr/news_211270.txt"


@pytest.fixture
def omegat_rules(tmp_path):
    """OmegaT's own rule file, exactly as OmegaT 3.6 ships it inside OmegaT.jar (installed by scripts/setup.sh)."""
    if not OMEGAT_JAR.exists():
        pytest.fail("OmegaT is not installed: run scripts/setup.sh as root (it installs the Debian package omegat)")
    path = tmp_path / "defaultRules.srx"
    path.write_bytes(zipfile.ZipFile(OMEGAT_JAR).read("org/omegat/core/segmentation/defaultRules.srx"))
    return path


def srx_file(tmp_path, rules: str, header: str = '<header segmentsubflows="yes" cascade="yes"/>', maps: str = ""):
    maps = maps or '<languagemap languagepattern="FR.*" languagerulename="X"/>'
    path = tmp_path / "rules.srx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<srx xmlns="http://www.lisa.org/srx20" version="2.0">\n'
        f"{header}\n<body>\n<languagerules>\n"
        f'<languagerule languagerulename="X">\n{rules}\n</languagerule>\n'
        '<languagerule languagerulename="Default">\n'
        '<rule break="yes"><beforebreak>[\\.\\?!]+</beforebreak><afterbreak>\\s</afterbreak></rule>\n'
        "</languagerule>\n</languagerules>\n"
        f"<maprules>\n{maps}\n</maprules>\n</body>\n</srx>\n",
        encoding="utf-8",
    )
    return path


def rule(before: str, after: str, brk: str = "yes") -> str:
    return f'<rule break="{brk}"><beforebreak>{before}</beforebreak><afterbreak>{after}</afterbreak></rule>'


# ---------------------------------------------------------------- limits


def test_catastrophic_backtracking_stops_at_the_paragraph_budget(tmp_path):
    path = srx_file(tmp_path, rule("a", "(a|aa)+b"))
    split = load_srx(path, SrxLimits(seconds_per_paragraph=0.3, seconds_per_million_chars=0)).splitter("fr")
    t0 = time.monotonic()
    with pytest.raises(FormatError) as info:
        split("a" * 60)
    assert time.monotonic() - t0 < 10
    message = str(info.value)
    assert message.startswith(f"{path}:7: ") and "languagerule 'X', rule 1" in message and "(a|aa)+b" in message
    assert "\n" not in message


def test_the_command_line_stops_a_backtracking_rule_with_the_default_budget(tmp_path):
    path = srx_file(tmp_path, rule("a", "(a|aa)+b"))
    text = tmp_path / "release.txt"
    text.write_text("Titre\n" + "a" * 60 + "\n", encoding="utf-8")
    t0 = time.monotonic()
    res = runner.invoke(app, ["segment", "--srx", str(path), str(text)])
    assert res.exit_code == 1 and time.monotonic() - t0 < 60
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{path}:7:" in lines[0] and "(a|aa)+b" in lines[0]


def test_a_pattern_that_would_take_gigabytes_to_compile_is_refused_at_once(tmp_path):
    path = srx_file(tmp_path, "\n" + rule("x", "") + "\n" + rule("((a{200}){200}){200}", "\\s"))
    tracemalloc.start()
    t0 = time.monotonic()
    with pytest.raises(FormatError) as info:
        load_srx(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert time.monotonic() - t0 < 2 and peak < 50_000_000
    message = str(info.value)
    assert message.startswith(f"{path}:9: ") and "rule 2 beforebreak" in message and "expands to more than" in message


def test_deep_nesting_is_a_format_error_not_a_traceback(tmp_path):
    path = srx_file(tmp_path, rule("(" * 500 + "a" + ")" * 500, ""))
    with pytest.raises(FormatError, match=r"nests groups 500 deep"):
        load_srx(path)
    res = runner.invoke(app, ["segment", "--srx", str(path), str(tmp_path / "rules.srx")])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert len(res.stderr.strip().splitlines()) == 1 and str(path) in res.stderr


def test_overlong_and_broken_patterns_name_the_rule(tmp_path):
    path = srx_file(tmp_path, rule("a" * 50, ""))
    with pytest.raises(FormatError, match="longer than 20 characters"):
        load_srx(path, SrxLimits(patterns=PatternLimits(max_pattern_chars=20)))
    path = srx_file(tmp_path, rule("\\.", "([a-z"))
    with pytest.raises(FormatError, match=r"bad rule pattern in languagerule 'X', rule 1 afterbreak") as info:
        load_srx(path)
    assert info.value.line == 7


def test_ordinary_rule_files_stay_within_the_limits(omegat_rules):
    rules = load_srx(omegat_rules)  # LanguageTool's 1,701 rules load too (test_srx.py)
    assert sum(len(r) for r in rules.rules.values()) > 1000


def test_a_long_paragraph_with_ordinary_rules_is_within_its_budget(omegat_rules):
    split = load_srx(omegat_rules).splitter("fr")
    text = "M. Dupont est venu hier. Il a dit non ! Le 3 mai, rien. " * 10_000  # 560 kB
    assert len(split(text)) > 20_000


# ---------------------------------------------------------------- OmegaT's reading


def test_a_file_without_cascade_applies_every_matching_map_like_omegat(tmp_path):
    exceptions = rule("\\bM\\.", "\\s", "no")  # the French map only has exceptions, as OmegaT's own file
    maps = '<languagemap languagepattern="FR.*" languagerulename="X"/><languagemap languagepattern=".*" languagerulename="Default"/>'
    path = srx_file(tmp_path, exceptions, header="<header></header>", maps=maps)
    rules = load_srx(path)
    assert rules.cascade and rules.notes
    doc = segment_text("M. Dupont est venu. Il a parlé. Fin.", "fr", split=rules.splitter("fr"))
    assert [s.text for s in doc.sentences] == ["M. Dupont est venu.", "Il a parlé.", "Fin."]
    explicit = srx_file(tmp_path, exceptions, header='<header segmentsubflows="yes" cascade="no"/>', maps=maps)
    assert not load_srx(explicit).cascade


def test_omegat_default_rules_as_shipped_segment_the_seed_release(omegat_rules, corpus_dir):
    rules = load_srx(omegat_rules)
    assert not rules.notes or "cascade" in rules.notes[0]
    text = (corpus_dir / SEED).read_text(encoding="utf-8")
    warnings: list[str] = []
    doc = segment_text(text, "fr", split=rules.splitter("fr"), warnings=warnings)
    assert len(doc.sentences) == 16 and not warnings  # read before as one sentence per paragraph: 7
    assert all(text[s.start : s.end] == s.text for s in doc.sentences)


def test_rules_that_make_no_break_in_a_text_with_many_sentence_ends_give_a_warning(tmp_path, corpus_dir):
    maps = '<languagemap languagepattern="FR.*" languagerulename="X"/><languagemap languagepattern=".*" languagerulename="Default"/>'
    path = srx_file(tmp_path, rule("\\bM\\.", "\\s", "no"), header='<header cascade="no"/>', maps=maps)
    split = load_srx(path).splitter("fr")
    seed = corpus_dir / SEED
    warnings: list[str] = []
    segment_text(seed.read_text(encoding="utf-8"), "fr", split=split, source=str(seed), warnings=warnings)
    assert len(warnings) == 1 and str(seed) in warnings[0] and str(path) in warnings[0]
    quiet: list[str] = []
    segment_text("Titre\nUne seule phrase.\n", "fr", split=split, warnings=quiet)
    assert quiet == []
    res = runner.invoke(app, ["segment", "--srx", str(path), str(seed)])
    assert res.exit_code == 0 and res.stderr.count("aligner: warning:") == 1


def test_breaks_are_found_like_omegat_with_successive_matches(tmp_path):
    # OmegaT takes the successive matches of beforebreak: "a+" ends once per run of a's, not after every a.
    split = load_srx(srx_file(tmp_path, rule("a+", ""))).splitter("fr")
    assert split("aaa baa") == [3]


def test_java_classes_keep_their_java_meaning(tmp_path):
    # Without (?U), Java's \s is ASCII: a no-break space after a period is no break for OmegaT.
    split = load_srx(srx_file(tmp_path, rule("\\.", "\\s"))).splitter("fr")
    assert split("Un.\u00a0Deux. Trois") == [9]
    split = load_srx(srx_file(tmp_path, rule("\\.", "(?U)\\s"))).splitter("fr")
    assert split("Un.\u00a0Deux. Trois") == [3, 9]
