"""Review pages in headless Chromium, and corrections applied with ``aligner apply``."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from typer.testing import CliRunner

from aligner.cli import app

from .tools import need

runner = CliRunner()
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


@pytest.fixture(scope="module")
def run_out(corpus_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("review")
    glossary = root / "g.txt"
    glossary.write_text("pandémie\tepidemic\t\n", encoding="utf-8")
    out = root / "out"
    res = runner.invoke(app, ["run", str(corpus_dir), "--out", str(out), "--no-mt", "-q", "--glossary", str(glossary)])
    assert res.exit_code == 0, res.output
    return out


def chromium(tmp_path, *args, timeout=90):
    exe = need("chromium")
    profile = tmp_path / "profile"
    return subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_pages_are_static_and_offline(run_out):
    for page in (run_out / "review").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', html), page  # no CDN, no network request


def test_release_page_renders_every_bead_and_the_filters_work(run_out, tmp_path):
    report = json.loads((run_out / "report.json").read_text(encoding="utf-8"))
    rel = next(r for r in report["releases"] if r["id"] == "tico19_wikinews_6")
    page = run_out / "review" / "tico19_wikinews_6.html"
    res = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", f"file://{page}#selftest")
    assert res.returncode == 0, res.stderr[-500:]
    dom = res.stdout
    assert len(re.findall(r'<tr class="bead', dom)) == rel["beads"]
    m = re.search(r'<pre id="selftest-result">([^<]*)</pre>', dom)
    assert m, "the page script did not run"
    result = json.loads(m.group(1))
    assert result["total"] == rel["beads"] and result["all"] == rel["beads"]
    assert result["low"] == rel["low_confidence_beads"]
    assert 0 < result["issues"] < rel["beads"]  # the terminology filter narrows the view
    assert result["mt"] == 0 and result["after_merge"] == rel["beads"] - 1 and "focused" in result
    assert not re.search(r"Uncaught|CONSOLE.*(Error|error)", res.stderr)
    # a screenshot under the run's output, for a person to look at
    shot = run_out / "review" / "tico19_wikinews_6.png"
    res = chromium(tmp_path, "--window-size=1280,900", f"--screenshot={shot}", f"file://{page}")
    assert res.returncode == 0 and shot.stat().st_size > 10_000


def test_index_has_a_chart_and_links(run_out, tmp_path):
    index = run_out / "review" / "index.html"
    res = chromium(tmp_path, "--dump-dom", f"file://{index}")
    assert "<svg" in res.stdout and 'href="tico19_wikinews_4.html"' in res.stdout
    assert "<title" in res.stdout  # the chart is labelled for screen readers
