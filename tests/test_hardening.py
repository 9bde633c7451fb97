"""Bad, hostile and unlucky input: property tests, hostile XML, huge files, killed and concurrent runs, odd paths."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import FormatError, InputError
from aligner.formats.po import read_po, render_po
from aligner.formats.tmx import TranslationUnit, read_tmx, write_tmx
from aligner.model import Origin, ReleaseUnit
from aligner.run.lock import run_lock
from aligner.segment import segment_text
from aligner.textio import read_text

from .runs import run
from .tools import msgfmt_check, xmllint_valid

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]

# Text that releases and word processors produce: letters of several scripts, RTL, combining marks, astral
# characters, no-break spaces, quotes, control characters (U+000B from Word), and sentence punctuation.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("«»“”’'.!?… \u00a0\u202f\x0b\x01\u200f\u05d0\u0627e\u0301\U0001f600M.")),
    ),
    max_size=200,
)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.sampled_from(["fr", "en"]))
def test_segmentation_keeps_every_character(text, lang):
    doc = segment_text(text.replace("\r", "\n"), lang)
    src = text.replace("\r", "\n")
    assert "".join("".join(s.text for s in doc.sentences).split()) == "".join(src.split())
    assert all(src[s.start : s.end] == s.text for s in doc.sentences)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXT.filter(lambda t: t.strip()), TEXT)
def test_tmx_round_trip_of_any_unicode_stays_valid(tmp_path, src, tgt):
    path = tmp_path / "p.tmx"
    write_tmx(path, [TranslationUnit(src, tgt, props=[("x-note", src[:20])])])
    res = xmllint_valid(path)
    assert res.returncode == 0, res.stderr
    _, units = read_tmx(path)
    assert (units[0].src, units[0].tgt) == (src, tgt)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXT.filter(lambda t: t.strip()), TEXT)
def test_po_round_trip_of_any_unicode_passes_msgfmt(tmp_path, src, tgt):
    unit = ReleaseUnit("r", 0, src, tgt or None, 0.9, "1-1", Origin.ALIGNED, 1, "20260101T000000Z")
    path = tmp_path / "p.po"
    path.write_text(render_po([unit], "r", "fr/r.txt", "20260101T000000Z"), encoding="utf-8")
    res = msgfmt_check(path)
    assert res.returncode == 0, res.stderr
    ((_, msgid, msgstr, _),) = read_po(path)
    lossy = str.maketrans({"\x00": "\ufffd", "\x04": "\ufffd"})  # the two characters a PO file cannot carry
    assert msgid == src.translate(lossy)
    # msgfmt's rule: a translation starts and ends with a newline exactly when the source does
    assert msgstr.strip("\n") == (tgt or "").translate(lossy).strip("\n") or not msgstr.strip("\n")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TEXT, min_size=1, max_size=6), st.lists(TEXT, min_size=0, max_size=6))
def test_run_on_arbitrary_releases_writes_parseable_outputs(tmp_path_factory, src_lines, en_lines):
    root = tmp_path_factory.mktemp("corpus")
    (root / "fr").mkdir()
    (root / "en").mkdir()
    clean = lambda lines: "\n".join(x.replace("\n", " ").replace("\r", " ").replace("\x00", "") for x in lines)  # noqa: E731
    (root / "fr" / "r.txt").write_text(clean(src_lines), encoding="utf-8")
    (root / "en" / "r.txt").write_text(clean(en_lines), encoding="utf-8")
    out = root / "out"
    run(root, out)
    json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert xmllint_valid(out / "memory.tmx").returncode == 0
    assert msgfmt_check(out / "po" / "r.po").returncode == 0


# ---------------------------------------------------------------- hostile files


def test_tbx_with_entities_is_refused(tmp_path):
    from aligner.formats.glossary import load_glossary

    bomb = tmp_path / "g.tbx"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;">]><martif><text><body>&c;</body></text></martif>',
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="refused"):
        load_glossary(bomb)


def test_remote_dtd_is_never_fetched(tmp_path):
    tmx = tmp_path / "r.tmx"
    tmx.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "http://192.0.2.1/tmx14.dtd"><tmx version="1.4">'
        '<header srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>a</seg></tuv><tuv xml:lang="en">'
        "<seg>b</seg></tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    t0 = time.perf_counter()
    _, units = read_tmx(tmx)
    assert time.perf_counter() - t0 < 1.0 and units[0].tgt == "b"


def test_external_entity_in_tmx_reads_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    tmx = tmp_path / "x.tmx"
    tmx.write_text(
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]><tmx version="1.4">'
        '<header srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>&x;</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="refused"):
        read_tmx(tmx)


def test_huge_release_is_refused_with_a_clear_message(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="file too large") as info:
        read_text(big)
    assert info.value.path == str(big)


def test_a_one_million_character_line_is_aligned(tmp_path):
    line = ("Le secrétaire général a parlé de la sécurité " * 25000)[:1_000_000]
    fr = tmp_path / "fr.txt"
    en = tmp_path / "en.txt"
    fr.write_text(line + "\n", encoding="utf-8")
    en.write_text(line.replace("Le secrétaire général a parlé", "The Secretary General spoke") + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    res = runner.invoke(app, ["align", str(fr), str(en)])
    assert res.exit_code == 0 and time.perf_counter() - t0 < 30
    assert res.stdout.startswith("[0]:[0]:")


# ---------------------------------------------------------------- runs


def _tico_corpus(root: Path, releases: int = 140, size: int = 10) -> None:
    """Release pairs cut from the TICO-19 fixture: overlapping windows of ``size`` lines, headline then paragraphs."""
    fixture = Path(__file__).parent / "fixtures" / "tico19"
    sides = {
        lang: (fixture / f"test-300.{ext}").read_text(encoding="utf-8").splitlines()
        for lang, ext in (("fr", "fr"), ("en", "en"))
    }
    for lang, lines in sides.items():
        (root / lang).mkdir(parents=True)
        for k in range(releases):
            window = lines[2 * k : 2 * k + size]
            body = [window[0]] + [" ".join(window[i : i + 3]) for i in range(1, len(window), 3)]
            (root / lang / f"r{k:03d}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")


def test_a_killed_run_leaves_the_previous_outputs_readable(tmp_path):
    corpus = tmp_path / "corpus"
    _tico_corpus(corpus)
    out = tmp_path / "out"
    aligner = Path(sys.executable).with_name("aligner")
    subprocess.run([str(aligner), "run", str(corpus), "--out", str(out), "-q", "--no-mt", "-j", "1"], check=True)
    for delay in (0.4, 1.0, 1.8):
        # change every release so the run has real work to be killed in
        for p in (corpus / "en").glob("*.txt"):
            p.write_text(p.read_text(encoding="utf-8") + f"Added {delay}.\n", encoding="utf-8")
        proc = subprocess.Popen([str(aligner), "run", str(corpus), "--out", str(out), "-q", "--no-mt", "-j", "1"])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _, units = read_tmx(out / "memory.tmx")
        assert units
        db = sqlite3.connect(str(out / "memory.sqlite"))
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
        json.loads((out / "report.json").read_text(encoding="utf-8"))
    res = subprocess.run(
        [str(aligner), "run", str(corpus), "--out", str(out), "-q", "--no-mt"], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr


def test_a_second_run_on_the_same_folder_is_stopped(corpus_dir, tmp_path):
    out = tmp_path / "out"
    with run_lock(out):
        res = runner.invoke(app, ["run", str(corpus_dir), "--out", str(out)])
    assert res.exit_code == 1 and "another aligner run is writing this output folder" in res.stderr
    assert runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "-q", "--no-mt"]).exit_code == 0


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS])
def test_full_disk_or_read_only_output_is_one_clear_error(corpus_dir, tmp_path, monkeypatch, err):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "-q", "--no-mt"]).exit_code == 0
    before = (out / "report.json").read_bytes()
    (out / "cache" / "state.json").unlink()

    def refuse(*a, **k):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(os, "replace", refuse)
    res = runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "-q", "--no-mt"])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and os.strerror(err) in lines[0] and str(out) in lines[0]
    assert (out / "report.json").read_bytes() == before
    assert not list(out.rglob(".*.tmp"))


# ---------------------------------------------------------------- paths


def test_odd_release_names_and_links_stay_inside_the_output(corpus_dir, tmp_path):
    root = tmp_path / "corpus"
    (root / "fr").mkdir(parents=True)
    (root / "en").mkdir()
    text_fr = (corpus_dir / "fr" / "tico19_wikinews_6.txt").read_text(encoding="utf-8")
    text_en = (corpus_dir / "en" / "tico19_wikinews_6.txt").read_text(encoding="utf-8")
    for name in ("release with spaces", "été 2023 – bilan", "-dash", "a..b", "..hidden"):
        (root / "fr" / f"{name}.txt").write_text(text_fr, encoding="utf-8")
        (root / "en" / f"{name}.txt").write_text(text_en, encoding="utf-8")
    (root / "fr" / ".hidden.txt").write_text(text_fr, encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret outside the corpus.\n", encoding="utf-8")
    (root / "fr" / "link.txt").symlink_to(outside)
    out = tmp_path / "out"
    res = runner.invoke(app, ["run", str(root), "--out", str(out), "-q", "--no-mt"])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in report["releases"]) == [
        "-dash",
        "a..b",
        "release with spaces",
        "été 2023 – bilan",
    ]  # names starting with "." are hidden
    assert any("link.txt" in s["path"] and "outside the corpus" in s["reason"] for s in report["skipped"])
    real_out = out.resolve()
    for p in out.rglob("*"):
        assert p.resolve().is_relative_to(real_out)
    assert (out / "po" / "-dash.po").exists() and (out / "xliff" / "a..b.xlf").exists()


def test_outputs_follow_the_umask(corpus_dir, tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "out"
        assert runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "--no-mt", "-q"]).exit_code == 0
    finally:
        os.umask(old)
    for name in ("report.json", "report.md", "junit.xml", "memory.tmx", "po/news_211270.po", "review/index.html"):
        assert (out / name).stat().st_mode & 0o777 == 0o644, name


def test_a_killed_worker_is_retried_and_no_release_is_lost(tmp_path):
    corpus = tmp_path / "corpus"
    _tico_corpus(corpus, releases=60)
    out = tmp_path / "out"
    aligner = Path(sys.executable).with_name("aligner")
    proc = subprocess.Popen(
        [str(aligner), "run", str(corpus), "--out", str(out), "-q", "--no-mt", "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and proc.poll() is None and time.monotonic() < deadline:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        if len(pids) >= 2:  # the pool's workers have started: kill one in the middle of its work
            time.sleep(0.3)
            killed = int(pids[-1])
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.05)
    _, err = proc.communicate(timeout=300)
    assert killed is not None, "the run ended before a worker could be killed"
    assert proc.returncode == 0, err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["releases"]) == 60 and report["failed"] == []
    ids = [u.prop("x-release") for u in read_tmx(out / "memory.tmx")[1]]
    assert len(set(ids)) == 60  # every release in the memory
    assert len(ids) == len({(u.prop("x-release"), u.prop("x-bead")) for u in read_tmx(out / "memory.tmx")[1]})


def test_report_md_keeps_html_and_links_from_release_text_inert(tmp_path):
    root = tmp_path / "c"
    for lang, text in (
        ("fr", "Voir [ici](javascript:alert(1)) <img src=x onerror=alert(1)> **gras**.\n"),
        ("en", "See [here](http://evil) <script>x</script> **bold**.\n"),
    ):
        (root / lang).mkdir(parents=True)
        (root / lang / "r.txt").write_text(text, encoding="utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text("gras\tfat\t\n", encoding="utf-8")
    out = tmp_path / "out"
    assert (
        runner.invoke(app, ["run", str(root), "--out", str(out), "-q", "--no-mt", "-g", str(glossary)]).exit_code == 0
    )
    md = (out / "report.md").read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)\]\(", md)  # no Markdown link
    assert "<img" not in md and "<script" not in md and "&lt;script&gt;" in md
    assert "**bold**" not in md and "\\*\\*bold\\*\\*" in md


def test_stale_temporary_files_of_a_killed_run_are_removed(corpus_dir, tmp_path):
    out = tmp_path / "out"
    (out / "tmx").mkdir(parents=True)
    (out / ".memory.tmx.abc123.tmp").write_text("half", encoding="utf-8")
    (out / "tmx" / ".x.tmx.def456.tmp").write_text("half", encoding="utf-8")
    assert runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "-q", "--no-mt"]).exit_code == 0
    assert not list(out.rglob("*.tmp"))


def test_a_batch_that_fails_renames_nothing_and_leaves_no_temporary_files(tmp_path, monkeypatch):
    from aligner import fsutil

    (tmp_path / "a.txt").write_text("old a", encoding="utf-8")
    (tmp_path / "b.txt").write_text("old b", encoding="utf-8")
    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith("b.txt"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", replace)
    with pytest.raises(fsutil.AlignerError, match="cannot write"):
        with fsutil.durable_batch():
            fsutil.atomic_write_text(tmp_path / "b.txt", "new b")
            fsutil.atomic_write_text(tmp_path / "c.txt", "new c")
            assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "old b"  # nothing renamed before the commit
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "old b"
    assert not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(RuntimeError):
        with fsutil.durable_batch():
            fsutil.atomic_write_text(tmp_path / "a.txt", "new a")
            raise RuntimeError("killed, say")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "old a" and not list(tmp_path.glob(".*.tmp"))
