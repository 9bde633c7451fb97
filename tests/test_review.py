"""Review pages in headless Chromium, driven with real clicks and keys over the DevTools protocol (tests/cdp.py).

Pages come from a real ``aligner run`` of the shipped corpus; what a page downloads is given to ``aligner apply``.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.formats.po import read_po
from aligner.formats.tmx import read_tmx
from aligner.run.corrections import check_corrections, parse_corrections

from .cdp import Browser, CdpError
from .tools import need, release_units

runner = CliRunner()
RID = "tico19_wikinews_6"
MODEL = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"
NOTE = (  # a French-only release: an exact memory match, a fuzzy one, and a sentence only MT can do
    "Un total de 17 décès a été enregistré.\n"
    "Le 19 mars, ces trois personnes s’étaient déjà toutes rétablies.\n"
    "Nous soutenons nos partenaires.\n"
)
CTRL = 2  # the DevTools protocol's modifier bit for Control
ROWS_JS = """[...document.querySelectorAll('#review tbody tr.bead')].map(r=>({
  bead:Number(r.dataset.bead), num:r.querySelector('.num').textContent,
  fr:(r.querySelector('td.fr .text')||{}).textContent||'', en:(r.querySelector('td.en .text')||{}).textContent||'',
  conf:r.querySelector('.score').textContent, origin:r.querySelector('.badge').textContent,
  kind:r.querySelector('.kind').textContent, hidden:r.classList.contains('hidden'),
  flagged:r.classList.contains('flagged')}))"""


def aligner_run(corpus: Path, out: Path, *options: str) -> None:
    res = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q", *options])
    assert res.exit_code == 0, res.output


@pytest.fixture(scope="module")
def run_out(corpus_dir, tmp_path_factory) -> Path:
    """A run of the shipped corpus with a glossary (terminology issues to filter on); pages are only read."""
    root = tmp_path_factory.mktemp("review")
    glossary = root / "g.txt"
    glossary.write_text("pandémie\tepidemic\t\n", encoding="utf-8")
    aligner_run(corpus_dir, root / "out", "--no-mt", "--glossary", str(glossary))
    return root / "out"


@pytest.fixture()
def own_run(corpus_dir, tmp_path) -> Path:
    """A run on a copy of the corpus, for tests that apply corrections (which are stored with the corpus)."""
    shutil.copytree(corpus_dir, tmp_path / "corpus")
    aligner_run(tmp_path / "corpus", tmp_path / "out", "--no-mt")
    return tmp_path / "out"


@pytest.fixture()
def browser(tmp_path):
    """One headless Chromium per test; every test ends with no page error and no request off the machine."""
    (tmp_path / "chromium").mkdir()
    with Browser(need("chromium"), tmp_path / "chromium") as b:
        b.allow_downloads(tmp_path / "downloads")
        yield b
        assert b.errors == [], b.errors
        assert b.outside_requests() == []


def payload(page: Path) -> dict[str, Any]:
    """The data a page embeds (aligner-review/1)."""
    m = re.search(r'<script type="application/json" id="beads">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert m, page
    data = json.loads(m.group(1))
    for b in data["beads"]:  # the page leaves fields at their default out
        for key, default in (("text", None), ("fill", None), ("reviewed", False), ("issues", []), ("flags", [])):
            b.setdefault(key, default)
        b.setdefault("origin_label", b["origin"])
    return data


def rows(b: Browser) -> list[dict[str, Any]]:
    return b.js(ROWS_JS)


def content(rs: list[dict[str, Any]]) -> list[tuple]:
    """What a person reads in each row, without its number."""
    return [(r["fr"], r["en"], r["conf"], r["origin"], r["kind"]) for r in rs]


def row(i: int) -> str:
    return f'#review tbody tr.bead[data-bead="{i}"]'


def select_and(b: Browser, i: int, button: str) -> None:
    b.click(row(i))
    b.click(f"#b-{button}")


def as_shown(doc: dict[str, Any], data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The French, English and kind each downloaded bead stands for: a run's fill where the bead is as it was."""
    fills = {(tuple(b["src"]), tuple(b["tgt"])): b["fill"] for b in data["beads"] if not b["reviewed"]}
    out = []
    for b in doc["beads"]:
        text = b.get("text") if b["reviewed"] else fills[(tuple(b["src"]), tuple(b["tgt"]))]
        fr = " ".join(data["src_sentences"][i] for i in b["src"])
        en = text if text is not None else " ".join(data["tgt_sentences"][j] for j in b["tgt"])
        out.append((fr, en, f"{len(b['src'])}-{len(b['tgt'])}"))
    return out


def check_download(b: Browser, data: dict[str, Any]) -> tuple[dict[str, Any], Path]:
    """Download the corrections: a document ``aligner apply`` accepts, holding exactly the beads the table shows."""
    got = b.download("#b-download")
    assert got.suggested == f"{data['release']}.corrections.json"
    doc = got.json()
    parsed = parse_corrections(got.path.read_text(encoding="utf-8"), got.path)
    check_corrections(
        parsed, data["release"], data["source_key"], len(data["src_sentences"]), len(data["tgt_sentences"])
    )
    assert as_shown(doc, data) == [(r["fr"], r["en"], r["kind"]) for r in rows(b)]
    for bead in doc["beads"]:
        assert ("score" in bead) != bead["reviewed"] and ("text" not in bead or bead["reviewed"])
    return doc, got.path


def test_pages_are_static_and_offline(run_out):
    for page in (run_out / "review").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', html), page  # no CDN, no network request


def test_merge_then_unpair_on_a_later_row_acts_on_the_row_shown(run_out, browser):
    page = run_out / "review" / f"{RID}.html"
    data = payload(page)
    browser.open(page)
    before = rows(browser)
    assert [r["num"] for r in before] == [str(i) for i in range(len(data["beads"]))]
    k, m = 2, 5
    select_and(browser, k, "merge")
    merged = rows(browser)  # the table is drawn again: one row fewer, numbered afresh, later rows moved up
    assert len(merged) == len(before) - 1 and [r["num"] for r in merged] == [str(i) for i in range(len(merged))]
    assert merged[k]["fr"] == f"{before[k]['fr']} {before[k + 1]['fr']}"
    assert (merged[k]["kind"], merged[k]["conf"], merged[k]["origin"]) == ("2-2", "1.00", "reviewed")
    assert content(merged[k + 1 :]) == content(before[k + 2 :])
    shown = merged[m]  # row m now shows what was bead m + 1: unpair must act on it, not on the old bead m
    assert shown["fr"] == before[m + 1]["fr"] and shown["en"] and shown["fr"] != before[m]["fr"]
    select_and(browser, m, "unpair")
    final = rows(browser)
    assert len(final) == len(merged) + 1
    assert (final[m]["fr"], final[m]["en"], final[m]["kind"]) == (shown["fr"], "", "1-0")
    assert (final[m + 1]["fr"], final[m + 1]["en"], final[m + 1]["kind"]) == ("", shown["en"], "0-1")
    assert content(final[:m]) == content(merged[:m]) and content(final[m + 2 :]) == content(merged[m + 1 :])
    doc, _ = check_download(browser, data)
    original = data["beads"][m + 1]
    assert doc["beads"][m] == {"src": original["src"], "tgt": [], "reviewed": True}
    assert doc["beads"][m + 1] == {"src": [], "tgt": original["tgt"], "reviewed": True}
    assert doc["operations"] == [{"op": "merge", "bead": k}, {"op": "unpair", "bead": m}]


def test_split_then_undo_restores_the_beads_and_approve_marks_reviewed(run_out, browser):
    page = run_out / "review" / "tico19_wikinews_1.html"
    data = payload(page)
    browser.open(page)
    start = rows(browser)
    first, _ = check_download(browser, data)
    select_and(browser, 3, "merge")
    merged, (after_merge, _) = rows(browser), check_download(browser, data)
    select_and(browser, 3, "split")  # back to sentence pairs, now all reviewed
    split = rows(browser)
    assert len(split) == len(merged) + 1 and [r["origin"] for r in split[3:5]] == ["reviewed", "reviewed"]
    browser.click("#b-undo")
    assert rows(browser) == merged and check_download(browser, data)[0] == after_merge
    browser.click("#b-undo")
    assert rows(browser) == start and check_download(browser, data)[0] == first
    assert browser.js("document.getElementById('b-undo').disabled") is True  # nothing left to undo
    english_only = next(r["bead"] for r in start if r["kind"] == "0-1")
    browser.click(row(english_only))
    assert browser.js("document.getElementById('b-edit').disabled") is True  # no French: nothing to translate
    aligned = next(r for r in start if r["kind"] == "1-1" and r["conf"] != "1.00")
    select_and(browser, aligned["bead"], "approve")
    now = rows(browser)[aligned["bead"]]
    assert (now["origin"], now["conf"], now["en"]) == ("reviewed", "1.00", aligned["en"])
    doc, _ = check_download(browser, data)
    was = first["beads"][aligned["bead"]]
    assert doc["beads"][aligned["bead"]] == {"src": was["src"], "tgt": was["tgt"], "reviewed": True}  # no text
    others = [b for k, b in enumerate(doc["beads"]) if k != aligned["bead"]]
    assert others == [b for k, b in enumerate(first["beads"]) if k != aligned["bead"]]


def test_corrections_outlive_the_tab_and_leaving_unsaved_work_asks_first(run_out, browser, tmp_path):
    page = run_out / "review" / f"{RID}.html"
    data = payload(page)
    browser.open(page)
    start = rows(browser)
    select_and(browser, 2, "merge")
    merged = rows(browser)
    browser.open(page)  # the reviewer closes the tab, or reloads, before downloading
    assert browser.dialogs == ["beforeunload"]
    assert rows(browser) == merged and "restored 1 correction(s)" in browser.js(
        "document.getElementById('status').textContent"
    )
    doc, _ = check_download(browser, data)
    assert doc["operations"] == [{"op": "merge", "bead": 2}]
    browser.open(page)  # downloaded: leaving asks nothing, and the work is still there
    assert browser.dialogs == ["beforeunload"] and rows(browser) == merged
    browser.click("#b-undo")  # nothing to undo from a restored list: undo starts from the visit
    assert rows(browser) == merged
    # a page of other content (the release edited, or the run after `aligner apply`) does not take this list
    shutil.copytree(page.parent, tmp_path / "review")
    other = tmp_path / "review" / page.name
    text = page.read_text(encoding="utf-8")
    other.write_text(text.replace(data["source_key"], data["source_key"][::-1]), encoding="utf-8")
    browser.open(other)
    assert rows(browser) == start and browser.dialogs == ["beforeunload"]


def edit_english(b: Browser, i: int, text: str, *, keys: bool = False) -> None:
    """Open the English editor of row ``i``, replace its text by typing, and save (with Ctrl+Enter when ``keys``)."""
    select_and(b, i, "edit")
    b.click("#edit-text")
    b.key("a", modifiers=CTRL, commands=["selectAll"])
    b.type(text)
    if keys:
        b.key("Enter", vk=13, modifiers=CTRL)
    else:
        b.click("#b-save")


def test_edited_english_is_downloaded_and_applied_as_reviewed(own_run, browser):
    page = own_run / "review" / f"{RID}.html"
    data = payload(page)
    browser.open(page)
    before = rows(browser)
    select_and(browser, 4, "edit")  # Escape leaves the editor and changes nothing
    browser.click("#edit-text")
    browser.type("not kept")
    browser.key("Escape", vk=27)
    assert rows(browser) == before and browser.js("document.getElementById('edit-text')") is None
    edit_english(browser, 4, "English the reviewer wrote.")
    shown = rows(browser)[4]
    assert (shown["en"], shown["origin"], shown["conf"]) == ("English the reviewer wrote.", "reviewed", "1.00")
    doc, path = check_download(browser, data)
    assert doc["beads"][4] == {"src": [4], "tgt": [4], "reviewed": True, "text": "English the reviewer wrote."}
    res = runner.invoke(app, ["apply", str(path), "--out", str(own_run)])
    assert res.exit_code == 0, res.output
    units = {u.prop("x-bead"): u for u in release_units(own_run, RID)}
    assert (units["4"].tgt, units["4"].prop("x-origin")) == ("English the reviewer wrote.", "reviewed")
    po = {msgid: (msgstr, flags) for _, msgid, msgstr, flags in read_po(own_run / "po" / f"{RID}.po")}
    assert po[data["src_sentences"][4]] == ("English the reviewer wrote.", [])
    again = payload(page)["beads"][4]  # the page drawn by apply's run shows the reviewer's English as reviewed
    assert (again["text"], again["reviewed"]) == ("English the reviewer wrote.", True)


@pytest.fixture()
def mt_run(corpus_dir, tmp_path) -> Path:
    corpus, model = tmp_path / "corpus", tmp_path / "model"
    shutil.copytree(corpus_dir, corpus)
    shutil.copytree(MODEL, model)
    (corpus / "fr" / "note_1.txt").write_text(NOTE, encoding="utf-8")
    aligner_run(corpus, tmp_path / "out", "--model", str(model), "--backend", "ctranslate2")
    return tmp_path / "out"


FIGURES = ["machine-translated", "memory (fuzzy)", "memory (exact)", "reviewed", "untranslated"]


def overview(b: Browser, out: Path, release: str) -> tuple[list[str], list[str], dict[str, Any]]:
    """The overview's figures (FIGURES) for ``release`` and in total, and the release in report.json."""
    b.open(out / "review" / "index.html")
    cells = b.js("[...document.querySelectorAll('tr')].map(r=>[...r.children].map(c=>c.textContent))")
    head, line, total = cells[0], next(c for c in cells if c[0] == release), cells[-1]
    assert total[0] == "total"
    at = [head.index(h) for h in FIGURES]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return [line[i] for i in at], [total[i] for i in at], next(r for r in report["releases"] if r["id"] == release)


def test_french_only_page_offers_post_edit_and_approve_and_they_apply(mt_run, browser):
    note, total, rel = overview(browser, mt_run, "note_1")
    assert note == ["1", "1", "1", str(rel.get("reviewed_sentences", "–")), "0"]
    report = json.loads((mt_run / "report.json").read_text(encoding="utf-8"))
    raw_mt = sum(r["filled_sentences"].get("mt", 0) for r in report["releases"])
    assert total[0] == str(raw_mt) and raw_mt > 1  # news_211270, French-only too, is raw MT: the overview says so
    page = mt_run / "review" / "note_1.html"
    data = payload(page)
    browser.open(page)
    present = "['b-merge','b-split','b-unpair','b-approve','b-edit','b-undo'].map(i=>!!document.getElementById(i))"
    assert browser.js(present) == [False, False, False, True, True, True]
    browser.click("#f-mt")
    assert [r["origin"] for r in rows(browser) if not r["hidden"]] == [data["beads"][2]["origin_label"]]
    browser.click("#f-mt")
    edit_english(browser, 2, "We support all our partners.", keys=True)
    select_and(browser, 1, "approve")  # the fuzzy memory match, approved as shown
    doc, path = check_download(browser, data)
    assert doc["beads"] == [
        {"src": [0], "tgt": [], "reviewed": False, "score": 1.0},
        {"src": [1], "tgt": [], "reviewed": True, "text": data["beads"][1]["fill"]},
        {"src": [2], "tgt": [], "reviewed": True, "text": "We support all our partners."},
    ]
    res = runner.invoke(app, ["apply", str(path), "--out", str(mt_run)])
    assert res.exit_code == 0, res.output
    po = {msgid: (msgstr, flags) for _, msgid, msgstr, flags in read_po(mt_run / "po" / "note_1.po")}
    assert po["Nous soutenons nos partenaires."] == ("We support all our partners.", [])  # reviewed, not fuzzy
    assert po[data["src_sentences"][1]] == (data["beads"][1]["fill"], [])
    memory = {u.src: u.prop("x-origin") for u in read_tmx(mt_run / "memory.tmx")[1] if u.prop("x-release") == "note_1"}
    assert [memory.get(s) for s in data["src_sentences"]] == [None, "reviewed", "reviewed"]  # the exact match: no unit
    note, _, rel = overview(browser, mt_run, "note_1")  # the run made by apply: no raw MT or fuzzy match left
    assert note == ["0", "0", "1", str(rel.get("reviewed_sentences", "–")), "0"]


def test_filters_keys_and_screenshot(run_out, browser):
    page = run_out / "review" / f"{RID}.html"
    data = payload(page)
    report = json.loads((run_out / "report.json").read_text(encoding="utf-8"))
    rel = next(r for r in report["releases"] if r["id"] == RID)
    browser.open(page)
    visible = lambda: [r["bead"] for r in rows(browser) if not r["hidden"]]  # noqa: E731
    everything = visible()
    assert len(everything) == rel["beads"]
    browser.click("#f-low")
    assert visible() == [
        k for k, b in enumerate(data["beads"]) if b["score"] < report["parameters"]["low_confidence_threshold"]
    ]
    assert len(visible()) == rel["low_confidence_beads"]
    browser.click("#f-low")
    browser.click("#f-issues")
    with_issues = [k for k, b in enumerate(data["beads"]) if b["issues"] or b["flags"]]
    assert visible() == with_issues and 0 < len(with_issues) < rel["beads"]  # the terminology filter narrows
    browser.click("#f-issues")
    assert visible() == everything
    flagged = [r["bead"] for r in rows(browser) if r["flagged"]]
    assert len(flagged) >= 3
    focus = "Number(document.activeElement.dataset.bead)"
    seen = []
    for key in ("n", "j", "n"):
        browser.key(key)
        seen.append(browser.js(focus))
    browser.key("p")
    seen.append(browser.js(focus))
    browser.key("k")
    seen.append(browser.js(focus))
    assert seen == [flagged[0], flagged[1], flagged[2], flagged[1], flagged[0]]
    shot = run_out / "review" / f"{RID}.png"  # for a person to look at
    browser.screenshot(shot)
    assert shot.stat().st_size > 10_000
    browser.open(run_out / "review" / "index.html")
    assert browser.js(
        "!!document.querySelector('svg title') && !!document.querySelector('a[href=\"tico19_wikinews_4.html\"]')"
    )


def test_the_browser_client_sees_page_errors_and_requests(tmp_path):
    """The checks every test ends with can fail: an uncaught error and a request off the machine are both seen."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><img src="http://example.invalid/x.png" alt=""><script>console.error("boom");null.x;</script>',
        encoding="utf-8",
    )
    (tmp_path / "chromium").mkdir()
    with Browser(need("chromium"), tmp_path / "chromium") as b:
        b.open(page)
        assert any("boom" in e for e in b.errors) and any("TypeError" in e for e in b.errors)
        assert b.outside_requests() == ["http://example.invalid/x.png"]


def wait_for(b: Browser, expression: str, timeout: float = 15.0) -> Any:
    """The value of ``expression`` once a navigation has brought a page where it is no longer the index's."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        try:
            value = b.js(expression)
        except CdpError:  # the old page is going away
            value = None
        if value not in (None, "aligner review"):
            return value
        time.sleep(0.1)
    return value


HOSTILE = ["javascript:document.title='PWNED',{}", "<!--<script>", "a#b?c%d"]


def test_hostile_release_names_are_file_links_and_pages_keep_working(tmp_path, browser):
    corpus = tmp_path / "hostile"
    for name in HOSTILE:
        for lang, text in (("fr", "Bonjour. Merci beaucoup.\n"), ("en", "Hello. Thank you very much.\n")):
            (corpus / lang).mkdir(parents=True, exist_ok=True)
            (corpus / lang / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    aligner_run(corpus, out, "--no-mt")
    index = out / "review" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert 'href="javascript:' not in html and "<!--<script>" not in html
    mark = "[...document.querySelectorAll('a')].find(a=>a.textContent===%s).id='target'"
    for name in HOSTILE:
        page = out / "review" / f"{name}.html"
        assert payload(page)["release"] == name  # the embedded JSON reads back whole
        browser.open(index)
        assert set(browser.js("[...document.querySelectorAll('a')].map(a=>a.protocol)")) == {"file:"}
        browser.js(mark % json.dumps(name))
        browser.click("#target")  # a real click on the link
        heading = wait_for(browser, "document.querySelector('h1').textContent", timeout=5.0)
        if heading == "aligner review":  # a loaded machine can miss the first click: the page must still go
            browser.click("#target")
            heading = wait_for(browser, "document.querySelector('h1').textContent")
        assert heading == name
        assert browser.js("document.title") != "PWNED"
        rows_js = "document.querySelectorAll('#review tbody tr.bead').length || null"
        shown = wait_for(browser, rows_js)  # the page's script ran (it loads after the heading is shown)
        assert shown == len(payload(page)["beads"]) > 0
