"""Review pages: a static, offline side-by-side view of every release for translators.

No CDN, no network request, no build step: each page is one HTML file with its data inline; the pages share one
style sheet and one script written beside them. Beads are
rows (French | English) with their confidence as a number and a colour, origin badges, terminology issues and MT flags.
Filters show low-confidence, machine-translated or flagged beads; ``n``/``p`` (or ``j``/``k``) move between flagged
beads. A reviewer can merge a bead with the next, split it into sentence pairs, unpair it, approve it, edit its
English, undo, and download the beads as shown as ``<release>.corrections.json`` for ``aligner apply``. The rows are
drawn by the page script (:mod:`aligner.report.review_script`) from the embedded data (:mod:`.review_data`).
The overview counts, per release and in total, French sentences machine-translated, filled from the memory,
reviewed and left untranslated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import reduce
from html import escape
from operator import add
from urllib.parse import quote

from ..settings import CONFIDENT, LANGUAGE_NAMES, LOW_CONFIDENCE
from .model import ReleaseReport, ReleaseStats, RunReport
from .review_data import ReviewPage, page_payload
from .review_script import SCRIPT

STYLE_FILE = "aligner-review.css"
SCRIPT_FILE = "aligner-review.js"

CSS = """
:root{--bg:#fff;--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--low:#b00020;--mid:#8a5a00;--high:#1b5e20;--focus:#0b57d0}
body{font:15px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0 1.5rem 3rem}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);
padding:.35rem .5rem;vertical-align:top;text-align:left}th{background:#f3f3f3;position:sticky;top:0}
.score{font-variant-numeric:tabular-nums;font-weight:600;white-space:nowrap}.s-low{color:var(--low)}
.s-mid{color:var(--mid)}.s-high{color:var(--high)}tr.bead:focus{outline:3px solid var(--focus);outline-offset:-3px}
.badge{display:inline-block;font-size:.75rem;
padding:0 .35rem;border-radius:.25rem;border:1px solid currentColor;margin-right:.25rem}.o-aligned{color:#1b5e20}
.o-mt{color:#6a1b9a}.o-tm{color:#0d47a1}.o-reviewed{color:#004d40}.o-none{color:#555}.issue{background:#fff3cd;
color:#5c4400;display:block;font-size:.85rem;margin-top:.2rem}.empty{color:var(--muted);font-style:italic}
.controls{display:flex;gap:1rem;flex-wrap:wrap;align-items:center;margin:.75rem 0}button{font:inherit}
tr.hidden{display:none}tr.selected{background:#e8f0fe}.help{color:var(--muted);font-size:.85rem}
tbody th{background:none;font-weight:400}tbody th,tfoot th{position:static}tr.flagged>:first-child{border-left:4px solid var(--low)}
.editor{margin-top:.4rem}.editor label{display:block;font-size:.85rem;color:var(--muted)}
.editor textarea{display:block;width:100%;box-sizing:border-box;font:inherit;margin-bottom:.3rem}
.was{color:var(--muted)}tfoot td,tfoot th{font-weight:600;border-top:2px solid var(--line)}
"""


@dataclass(frozen=True)
class SentenceFigures:
    """French sentences by where their English comes from, for the overview and each page's summary."""

    mt: int
    tm_fuzzy: int
    tm_exact: int
    reviewed: int | None  # None: the report does not say
    untranslated: int

    def __add__(self, other: SentenceFigures) -> SentenceFigures:
        reviewed = None if self.reviewed is None or other.reviewed is None else self.reviewed + other.reviewed
        return SentenceFigures(
            self.mt + other.mt,
            self.tm_fuzzy + other.tm_fuzzy,
            self.tm_exact + other.tm_exact,
            reviewed,
            self.untranslated + other.untranslated,
        )

    def cells(self) -> str:
        reviewed = "–" if self.reviewed is None else self.reviewed
        return "".join(f"<td>{v}</td>" for v in (self.mt, self.tm_fuzzy, self.tm_exact, reviewed, self.untranslated))

    def sentence(self) -> str:
        reviewed = "" if self.reviewed is None else f", {self.reviewed} reviewed"
        return (
            f"{self.mt} machine-translated (raw MT), {self.tm_fuzzy} filled from fuzzy memory matches, "
            f"{self.tm_exact} from exact ones{reviewed}, {self.untranslated} untranslated"
        )


def _figures(stats: ReleaseStats) -> SentenceFigures:
    filled = stats.filled_sentences
    reviewed = getattr(stats, "reviewed_sentences", None)  # added to the report by the run; "–" until it is there
    return SentenceFigures(
        filled.get("mt", 0),
        filled.get("tm-fuzzy", 0),
        filled.get("tm-exact", 0),
        reviewed,
        stats.untranslated_sentences,
    )


FIGURE_HEADERS = "".join(
    f'<th scope="col">{h}</th>'
    for h in ("machine-translated", "memory (fuzzy)", "memory (exact)", "reviewed", "untranslated")
)

_CORRECTIONS = """<button type="button" id="b-merge">Merge with next bead</button>
<button type="button" id="b-split">Split into sentences</button>
<button type="button" id="b-unpair">Unpair</button>
"""


def render_release_page(page: ReviewPage) -> str:
    """The page of one release: its beads (drawn by the script from the embedded data), filters and corrections."""
    release = page.release
    rid = release.id
    up = "../" * rid.count("/")  # pages of a corpus of several languages are in a folder per language
    src, tgt = LANGUAGE_NAMES.get(release.lang, release.lang), LANGUAGE_NAMES.get(release.pivot, release.pivot)
    payload = script_json(page_payload(page))
    a = release.alignment
    stats = (
        f"{release.stats.src_sentences} {src} and {release.stats.tgt_sentences or 0} {tgt} sentences, "
        f"{len(page.rows)} beads, {a.low_confidence_beads if a else 0} below {LOW_CONFIDENCE} confidence. "
        f"{src} sentences: {_figures(release.stats).sentence()}."
    )
    structure = _CORRECTIONS if page.paired else ""
    scope = (
        f"merge, split or unpair it, approve it, or edit its {tgt}"
        if page.paired
        else f"post-edit (edit) or approve its {tgt}; this release has no {tgt} original, so it keeps one bead "
        f"per {src} sentence"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(rid)} – aligner review</title><link rel="stylesheet" href="{up}{STYLE_FILE}"></head>
<body><p><a href="{up}index.html">← all releases</a></p><h1>{escape(rid)}</h1><p>{escape(stats)}</p>
<div class="controls" role="group" aria-label="Filters">
<label><input type="checkbox" id="f-low"> low confidence</label>
<label><input type="checkbox" id="f-mt"> machine-translated</label>
<label><input type="checkbox" id="f-issues"> terminology issues and flags</label>
<span id="shown" aria-live="polite"></span></div>
<div class="controls" role="group" aria-label="Corrections to the selected bead">
<span id="selection">no bead selected</span>
{structure}<button type="button" id="b-approve">Approve</button>
<button type="button" id="b-edit">Edit {escape(tgt)}</button>
<button type="button" id="b-undo">Undo</button>
<button type="button" id="b-download">Download corrections</button>
<span id="status" aria-live="polite"></span></div>
<p class="help">Keys: <kbd>n</kbd>/<kbd>j</kbd> next flagged bead, <kbd>p</kbd>/<kbd>k</kbd> previous. Click or focus a
bead, then {escape(scope)}. Download the corrections and apply them with <code>aligner apply FILE</code>.</p>
<noscript><p>This page needs JavaScript to show the beads.</p></noscript>
<table id="review" data-low-confidence="{LOW_CONFIDENCE}" data-confident="{CONFIDENT}"
 data-src-lang="{escape(release.lang)}" data-src-name="{escape(src)}" data-tgt-lang="{escape(release.pivot)}"
 data-tgt-name="{escape(tgt)}">
<caption class="help">Beads of {escape(rid)}: {escape(src)}, {escape(tgt)}, confidence, origin</caption>
<thead><tr><th scope="col">#</th><th scope="col">{escape(src)}</th><th scope="col">{escape(tgt)}</th>
<th scope="col">Confidence</th><th scope="col">Origin</th></tr></thead><tbody></tbody></table>
<script type="application/json" id="beads">{payload}</script>
<script src="{up}{SCRIPT_FILE}"></script></body></html>
"""


def _chart(releases: list[ReleaseReport]) -> str:
    """Inline SVG: mean confidence proxy (aligned share) and BLEU per release, as horizontal bars."""
    paired = [r for r in releases if r.paired]
    if not paired:
        return ""
    h = 22 * len(paired) + 30
    parts = [
        f'<svg role="img" aria-labelledby="chart-title" width="640" height="{h}" viewBox="0 0 640 {h}">'
        '<title id="chart-title">Aligned share and BLEU per release</title>'
    ]
    for k, r in enumerate(paired):
        y = 20 + 22 * k
        share = r.alignment.aligned_share if r.alignment else 0.0
        parts.append(f'<text x="0" y="{y + 12}" font-size="12">{escape(r.id[:28])}</text>')
        parts.append(
            f'<rect x="220" y="{y}" width="{300 * share:.1f}" height="8" fill="#1b5e20">'
            f"<title>aligned {share:.1%}</title></rect>"
        )
        bleu = r.bleu
        if bleu is not None:
            parts.append(
                f'<rect x="220" y="{y + 9}" width="{3 * bleu:.1f}" height="8" fill="#6a1b9a">'
                f"<title>BLEU {bleu:.1f}</title></rect>"
            )
        parts.append(
            f'<text x="{530}" y="{y + 12}" font-size="12">{share:.0%}'
            f"{'' if bleu is None else f' · BLEU {bleu:.1f}'}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def page_href(release_id: str) -> str:
    """The relative link to a release's page: every character a URL gives a meaning to (``:``, ``#``, ``?``, ``%``,
    ``/``) percent-encoded, so a release named ``javascript:...`` is a file name, never a script."""
    return escape(quote(f"{release_id}.html", safe="/"))  # ids never hold "/" but for lang/ of several languages


def script_json(data: object) -> str:
    """JSON to embed in a <script> element: no ``</script>``, ``<!--`` or ``<script`` can appear in it.

    Three ``replace`` calls rather than ``str.translate``, which looks every character up in Python (20x slower on
    a release page's data); ``&`` first, as the escapes themselves hold none of the three characters."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_index(report: RunReport) -> str:
    rows = []
    for r in report.releases:
        link = f'<a href="{page_href(r.id)}">{escape(r.id)}</a>'
        a = r.alignment
        rows.append(
            f'<tr><th scope="row">{link}</th><td>{r.stats.src_sentences}</td><td>{r.stats.tgt_sentences or "–"}</td>'
            f"<td>{a.beads if a else '–'}</td><td>{f'{a.aligned_share:.1%}' if a else '–'}</td>"
            f"<td>{a.low_confidence_beads if a else '–'}</td>{_figures(r.stats).cells()}"
            f"<td>{'–' if r.term_issues is None else r.term_issues}</td></tr>"
        )
    c = report.corpus
    total = reduce(add, (_figures(r.stats) for r in report.releases), SentenceFigures(0, 0, 0, 0, 0))
    terms = [r.term_issues for r in report.releases if r.term_issues is not None]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>aligner review</title><link rel="stylesheet" href="{STYLE_FILE}"></head><body><h1>aligner review</h1>
<p>{c.releases} releases, {c.paired} paired, {c.aligned_share:.1%} of French sentences aligned,
{c.low_confidence_beads} low-confidence beads. French sentences: {escape(total.sentence())}.</p>
{_chart(report.releases)}
<table><caption class="help">Releases: sentences, beads, and where the English of each French sentence comes from
</caption><thead><tr><th scope="col">release</th><th scope="col">fr</th>
<th scope="col">en</th><th scope="col">beads</th><th scope="col">aligned</th><th scope="col">low confidence</th>
{FIGURE_HEADERS}<th scope="col">term issues</th></tr></thead><tbody>{"".join(rows)}</tbody>
<tfoot><tr><th scope="row">total</th><td>{c.src_sentences}</td><td>{c.tgt_sentences}</td><td>{c.beads}</td>
<td>{c.aligned_share:.1%}</td><td>{c.low_confidence_beads}</td>{total.cells()}
<td>{sum(terms) if terms else "–"}</td></tr></tfoot></table>
</body></html>
"""


def assets() -> dict[str, str]:
    """The style sheet and script every page of ``OUT/review/`` shares (written once, beside the pages)."""
    return {STYLE_FILE: CSS, SCRIPT_FILE: SCRIPT}
