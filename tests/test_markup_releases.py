"""HTML and Markdown releases through ``aligner run``: they align as the same text given as ``.txt``, their markup
reaches ``memory.tmx`` and ``xliff/`` as inline codes (valid against the DTD and schemas), and bad pages are one line.

The fixtures (``tests/fixtures/releases/``) are web-page versions of two releases of ``corpora/``.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from typer.testing import CliRunner

from aligner.cli import app
from aligner.formats.tmx import read_tmx
from aligner.formats.xliff import read_xliff

from .runs import run
from .tools import XLIFF_XSD, msgfmt_check, release_units, xmllint_schema, xmllint_valid

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures" / "releases"
CORPORA = Path(__file__).parents[1] / "corpora"
RELEASES = ("tico19_wikinews_4", "tico19_wikinews_6")


def text_corpus(root: Path) -> Path:
    for lang in ("fr", "en"):
        (root / lang).mkdir(parents=True)
        for rid in RELEASES:
            shutil.copy(CORPORA / lang / f"{rid}.txt", root / lang)
    return root


def markup_corpus(root: Path) -> Path:
    """The same releases as web pages: an HTML pair, and a Markdown French with its .txt English."""
    for lang in ("fr", "en"):
        (root / lang).mkdir(parents=True)
    shutil.copy(FIXTURES / "fr" / "tico19_wikinews_4.html", root / "fr")
    shutil.copy(FIXTURES / "en" / "tico19_wikinews_4.html", root / "en")
    shutil.copy(FIXTURES / "fr" / "tico19_wikinews_6.md", root / "fr")
    shutil.copy(CORPORA / "en" / "tico19_wikinews_6.txt", root / "en")
    return root


def beads(out: Path, rid: str) -> list[dict]:
    return [json.loads(line) for line in (out / "align" / f"{rid}.jsonl").read_text(encoding="utf-8").splitlines()]


def test_html_and_markdown_releases_align_like_the_same_text_given_as_txt(tmp_path):
    plain = run(text_corpus(tmp_path / "plain"), tmp_path / "plain-out")
    marked = run(markup_corpus(tmp_path / "marked"), tmp_path / "marked-out")
    assert [r["id"] for r in marked["releases"]] == list(RELEASES) and all(r["paired"] for r in marked["releases"])
    for rid in RELEASES:
        expected = beads(tmp_path / "plain-out", rid)
        assert len(expected) > 5
        assert beads(tmp_path / "marked-out", rid) == expected  # the same sentences, in the same beads
    assert plain["corpus"] == marked["corpus"]


def test_markup_reaches_memory_tmx_and_xliff_as_inline_codes(tmp_path):
    corpus, out = markup_corpus(tmp_path / "corpus"), tmp_path / "out"
    run(corpus, out)
    memory = out / "memory.tmx"
    assert xmllint_valid(memory).returncode == 0, xmllint_valid(memory).stderr
    raw = memory.read_text(encoding="utf-8")
    assert '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Woolworths<ept i="1">&lt;/b&gt;</ept> et ' in raw
    assert '<bpt i="2" x="2" type="link">&lt;a href="https://www.coles.com.au/?a=1&amp;amp;b=2"&gt;</bpt>' in raw
    assert 'réduit leurs<ph x="3" type="lb">&lt;br&gt;</ph>restrictions' in raw
    assert '(<bpt i="1" x="1" type="bold">**</bpt>OMS<ept i="1">**</ept>)' in raw  # Markdown's own markup
    # the English side's codes correspond to the French ones (same x)
    assert 'chains <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Woolworths<ept i="1">' in raw
    units = {u.prop("x-bead"): u for u in read_tmx(memory)[1] if u.prop("x-release") == "tico19_wikinews_4"}
    first = next(u for u in units.values() if "Woolworths" in u.src and u.src_codes)
    assert [first.src[c.start : c.end] for c in first.src_codes] == ["Woolworths", "Coles", " "]
    assert [first.tgt[c.start : c.end] for c in first.tgt_codes] == ["Woolworths", "Coles", " "]
    for version in ("2.0", "1.2"):
        if version == "1.2":
            assert (
                runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt", "--xliff", "1.2"]).exit_code
                == 0
            )
        for rid in RELEASES:
            xlf = out / "xliff" / f"{rid}.xlf"
            res = xmllint_schema(xlf, XLIFF_XSD[version])
            assert res.returncode == 0, (xlf, res.stderr)
        text = (out / "xliff" / "tico19_wikinews_4.xlf").read_text(encoding="utf-8")
        if version == "2.0":
            assert '<pc id="1" dataRefStart="d1" dataRefEnd="d2" type="fmt" subType="xlf:b">Woolworths</pc>' in text
            assert '<data id="d1">&lt;b&gt;</data>' in text
        else:
            assert '<bpt id="1" ctype="bold">&lt;b&gt;</bpt>Woolworths<ept id="1">&lt;/b&gt;</ept>' in text
            assert 'datatype="html"' in text
    for po in (out / "po").glob("*.po"):
        assert msgfmt_check(po).returncode == 0
    po_text = (out / "po" / "tico19_wikinews_4.po").read_text(encoding="utf-8")
    assert "#. markup in the release (left out here): <b>…</b>" in po_text
    assert '#: fr/tico19_wikinews_4.html:14\nmsgid "Dimanche et samedi soir' in po_text  # the line in the page


def test_a_cat_tools_target_that_keeps_the_codes_is_applied_as_the_reviewers_plain_english(tmp_path):
    corpus, out = markup_corpus(tmp_path / "corpus"), tmp_path / "out"
    run(corpus, out)
    xlf = out / "xliff" / "tico19_wikinews_4.xlf"
    source = xlf.read_text(encoding="utf-8")
    old = '<pc id="1" dataRefStart="d1" dataRefEnd="d2" type="fmt" subType="xlf:b">Woolworths</pc> and'
    assert source.count(old) == 1  # in the English target of the bead whose French has <b>Woolworths</b> et
    edited = tmp_path / "edited.xlf"
    source = source.replace(old, old.replace(">Woolworths<", ">Woolies<"))
    edited.write_text(source, encoding="utf-8")
    changed = read_xliff(edited).targets
    unchanged = read_xliff(xlf).targets
    bead = next(k for k in changed if changed[k] != unchanged[k])
    assert "<" not in (changed[bead] or "") and "Woolies and" in (changed[bead] or "")
    res = runner.invoke(app, ["apply", str(edited), "--out", str(out)])
    assert res.exit_code == 0, res.output
    units = {u.prop("x-bead"): u for u in release_units(out, "tico19_wikinews_4")}
    assert units[str(bead)].tgt == changed[bead] and units[str(bead)].prop("x-origin") == "reviewed"
    assert units[str(bead)].tgt_codes == () and units[str(bead)].src_codes  # the French keeps its markup


def test_each_markup_release_file_is_read_once_per_run(tmp_path):
    corpus = markup_corpus(tmp_path / "corpus")
    files = {str(p) for p in corpus.rglob("*.*")}
    opened: list[str] = []

    def hook(event: str, args: tuple) -> None:
        if event == "open" and args and str(args[0]) in files:
            opened.append(str(args[0]))

    sys.addaudithook(hook)  # audit hooks cannot be removed: this one only records this corpus's files
    run(corpus, tmp_path / "out")
    assert sorted(opened) == sorted(files)


def test_one_release_in_two_formats_keeps_the_txt_and_lists_the_other_as_skipped(tmp_path):
    corpus = text_corpus(tmp_path / "corpus")
    shutil.copy(FIXTURES / "fr" / "tico19_wikinews_4.html", corpus / "fr")
    (corpus / "en" / "notes.HTM").write_text("<h1>Notes</h1>", encoding="utf-8")
    (corpus / "en" / "readme.rst").write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["corpus", "list", str(corpus), "--json"])
    data = json.loads(res.stdout)
    assert data["pairs"] == list(RELEASES) and data["untranslated_originals"] == ["notes"]
    assert {(Path(s["path"]).name, s["reason"]) for s in data["skipped"]} == {
        ("tico19_wikinews_4.html", "a second file of release 'tico19_wikinews_4' (kept: tico19_wikinews_4.txt)"),
        ("readme.rst", "not a release file (expected .txt, .html, .htm, .md, .markdown)"),
    }


def test_bad_pages_are_one_line_and_an_empty_page_is_an_empty_release(tmp_path):
    corpus = markup_corpus(tmp_path / "corpus")
    bad = corpus / "fr" / "tico19_wikinews_4.html"
    bad.write_bytes(b"<html><body><p>\xff\xfe</p>")
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt"])
    assert res.exit_code == 1 and not out.exists()
    assert res.stderr.strip() == f"aligner: error: {bad}:1: not UTF-8 text (byte 0xff at offset 15)"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    res = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", "--no-mt"])
    assert res.exit_code == 1 and len(res.stderr.strip().splitlines()) == 1 and str(bad) in res.stderr
    bad.write_text("<html><head><title></title><script>x()</script></head><body><nav>Menu</nav></body>")
    report = run(corpus, out)
    empty = next(r for r in report["releases"] if r["id"] == "tico19_wikinews_4")
    assert empty["src_sentences"] == 0 and empty["beads"] == empty["tgt_sentences"] > 0
