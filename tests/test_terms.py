"""Terminology: glossary formats, checks on aligned pairs, candidates, and the run gate."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import FormatError
from aligner.formats.glossary import load_glossary
from aligner.terms import Term
from aligner.terms.check import GlossaryChecker

from .tools import need

runner = CliRunner()


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_omegat_tsv_with_several_targets_forbidden_and_dnt(tmp_path):
    g = write(
        tmp_path,
        "g.txt",
        "# comment\nsecrétaire général\tSecretary General\t\n"
        "secrétaire général\tSecretary-General\tUN spelling\nsecrétaire général\tgeneral secretary\tforbidden\n"
        "OTAN\tNATO\t\nCHEY Institute\tCHEY Institute\t\n",
    )
    terms = {t.source: t for t in load_glossary(g)}
    sg = terms["secrétaire général"]
    assert sg.targets == ["Secretary General", "Secretary-General"] and sg.forbidden == ["general secretary"]
    assert terms["CHEY Institute"].dnt and not terms["OTAN"].dnt


def test_csv_and_tbx_glossaries(tmp_path, shared):
    csv = write(
        tmp_path,
        "g.csv",
        "source,target,status,comment\nOTAN,NATO|the Alliance,approved,\n"
        "Alliance,Coalition,forbidden,not our usage\nJens Stoltenberg,,dnt,name\n",
    )
    terms = {t.source: t for t in load_glossary(csv)}
    assert terms["OTAN"].targets == ["NATO", "the Alliance"] and terms["Alliance"].forbidden == ["Coalition"]
    assert terms["Jens Stoltenberg"].dnt
    tbx = write(
        tmp_path,
        "g.tbx",
        """<?xml version="1.0"?><martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader><text><body>
<termEntry><langSet xml:lang="fr"><tig><term>pandémie</term></tig></langSet>
<langSet xml:lang="en"><tig><term>pandemic</term></tig><tig><term>plague</term>
<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>
</body></text></martif>""",
    )
    t = load_glossary(tbx)[0]
    assert t.source == "pandémie" and t.targets == ["pandemic"] and t.forbidden == ["plague"]
    res = subprocess.run(
        [need("xmllint"), "--noout", "--schema", str(shared / "formats/omegat-3.6/tbx.xsd"), str(tbx)],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr


@pytest.mark.parametrize(
    "name, content, line",
    [
        ("g.txt", "ok\tok\nno tab on this line\n", 2),
        ("g.csv", "source,target\nA,B\nC\n", 3),
        ("g.csv", "term,translation\nA,B\n", 1),
        ("g.tbx", "<martif>\n<text>\n<body>\n</text></martif>", 4),
    ],
)
def test_malformed_glossary_names_file_and_line(tmp_path, name, content, line):
    g = write(tmp_path, name, content)
    with pytest.raises(FormatError) as info:
        load_glossary(g)
    assert info.value.path == str(g) and info.value.line == line


def checker():
    return GlossaryChecker(
        [
            Term("secrétaire général", ["Secretary General"], ["general secretary"]),
            Term("Organisation mondiale de la santé", ["World Health Organization"]),
            Term("Maison-Blanche", ["White House"]),
            Term("décès", ["death"]),
            Term("CHEY Institute", dnt=True),
        ]
    )


def test_a_csv_field_over_the_csv_limit_is_one_error(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("source,target\nA,B\nC," + "x" * 140_000 + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="malformed CSV .*field larger than field limit") as info:
        load_glossary(path)
    assert info.value.path == str(path) and info.value.line == 3
    res = runner.invoke(app, ["terms", "check", str(tmp_path), "--glossary", str(path)])
    assert res.exit_code == 1 and res.stderr.count("\n") == 1 and f"{path}:3: malformed CSV" in res.stderr


def test_variants_of_the_french_term_are_found():
    c = checker()
    ok = [
        ("Les Secrétaires Généraux se sont réunis.", "The Secretary Generals met."),
        ("Selon l’Organisation mondiale de la santé, ...", "According to the World Health Organization, ..."),
        ("Selon l'Organisation mondiale de la Santé, ...", "According to the World Health Organization, ..."),
        ("À la Maison Blanche, hier.", "At the White House yesterday."),
        ("Deux décès ont été signalés.", "Two deaths were reported."),
        ("Au CHEY Institute for Advanced Studies.", "At the CHEY Institute for Advanced Studies."),
    ]
    for src, tgt in ok:
        assert c.check("r", 0, src, tgt) == [], src


def test_missing_forbidden_and_dnt_issues():
    c = checker()
    (issue,) = c.check("news_1", 3, "Le secrétaire général est arrivé.", "The head of NATO arrived.")
    assert (issue.kind, issue.term, issue.expected, issue.release, issue.bead) == (
        "missing-approved",
        "secrétaire général",
        ["Secretary General"],
        "news_1",
        3,
    )
    kinds = {i.kind for i in c.check("r", 0, "Le secrétaire général parle.", "The general secretary speaks.")}
    assert kinds == {"forbidden-used", "missing-approved"}
    (dnt,) = c.check("r", 0, "Au CHEY Institute.", "At the Chey institute.")
    assert dnt.kind == "dnt-changed"


def test_terms_check_json_on_the_corpus(corpus_dir, tmp_path):
    g = write(tmp_path, "g.txt", "papier toilette\ttoilet paper\t\npandémie\tepidemic\t\n")
    res = runner.invoke(app, ["terms", "check", str(corpus_dir), "--glossary", str(g), "--format", "json"])
    assert res.exit_code == 0, res.output
    issues = json.loads(res.stdout)["issues"]
    assert issues and {"release", "src", "tgt", "term", "expected", "kind"} <= set(issues[0])
    assert {i["term"] for i in issues} == {"pandémie", "papier toilette"}
    assert all(i["release"] in ("tico19_wikinews_4", "tico19_wikinews_6") for i in issues)


def test_run_gate_on_terminology(corpus_dir, tmp_path):
    g = write(tmp_path, "g.txt", "pandémie\tepidemic\t\n")
    out = tmp_path / "out"
    res = runner.invoke(
        app,
        ["run", str(corpus_dir), "--out", str(out), "--no-mt", "-q", "--glossary", str(g), "--max-term-issues", "0"],
    )
    assert res.exit_code == 1 and "tico19_wikinews_6: " in res.stderr and "terminology issues" in res.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["terminology"]["issues"] > 0
    junit = (out / "junit.xml").read_text(encoding="utf-8")
    assert 'classname="aligner.tico19_wikinews_6" name="terminology"><failure' in junit
    assert "## Terminology" in (out / "report.md").read_text(encoding="utf-8")


def test_malformed_glossary_stops_the_run_before_any_output(corpus_dir, tmp_path):
    g = write(tmp_path, "g.txt", "no tab\n")
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "--glossary", str(g)])
    assert res.exit_code == 1 and f"{g}:1:" in res.stderr and not out.exists()


def test_extract_finds_the_corpus_terms_and_exports(corpus_dir, tmp_path, shared):
    res = runner.invoke(app, ["terms", "extract", str(corpus_dir), "--format", "json"])
    cands = {(c["source"], c["target"]) for c in json.loads(res.stdout)}
    assert ("pandémie", "pandemic") in cands and ("papier toilette", "toilet paper") in cands
    res = runner.invoke(app, ["terms", "extract", str(corpus_dir)])
    first = res.stdout.splitlines()[0].split("\t")
    assert len(first) == 3 and first[2].startswith("score ")
    out = tmp_path / "c.tbx"
    assert runner.invoke(app, ["terms", "extract", str(corpus_dir), "-f", "tbx", "-o", str(out)]).exit_code == 0
    res = subprocess.run(
        [need("xmllint"), "--noout", "--schema", str(shared / "formats/omegat-3.6/tbx.xsd"), str(out)],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert load_glossary(out)  # our own export reads back as a glossary


def test_terms_check_shows_both_languages_and_the_origin_of_filled_english(corpus_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    (corpus / "fr" / "note_1.txt").write_text("Nous soutenons nos partenaires \x1b]0;x\x07.\n", encoding="utf-8")
    model = tmp_path / "model"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny-marian-fr-en", model)
    glossary = tmp_path / "g.tsv"
    glossary.write_text("partenaires\tallies\t\n", encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    assert (
        runner.invoke(
            app, ["run", str(corpus), "--out", str(out), "-m", str(model), "-b", "ctranslate2", "-q"]
        ).exit_code
        == 0
    )
    res = runner.invoke(app, ["terms", "check", "--glossary", str(glossary), "--out", str(out)])
    assert res.exit_code == 0, res.output
    block = res.stdout.split("note_1:0:")[1]
    assert "[English from mt:" in block.splitlines()[0]
    assert "    fr: Nous soutenons nos partenaires \\x1b]0;x\\x07." in block and "    en: " in block
    assert "\x1b" not in res.stdout
