"""Review pages: ``OUT/review/index.html`` and a page per release, built from the release's units.

A page is rewritten only when its release, fills, terminology issues or MT flags changed, which keeps re-runs fast.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..fsutil import atomic_write_text
from ..report.html import ReviewRow, render_index, render_release_page
from ..report.model import ReleaseReport, RunReport
from .cache import read_json
from .state import ReleaseState


def review_rows(state: ReleaseState, report: ReleaseReport) -> list[ReviewRow]:
    issues: dict[int, list[str]] = {}
    for i in report.terminology:
        issues.setdefault(i.bead, []).append(f"{i.kind}: {i.term} → {' / '.join(i.expected)}")
    flags: dict[int, list[str]] = {}
    for f in report.mt_quality.flags if report.mt_quality else []:
        flags.setdefault(f.bead, []).append(f"{f.kind} (chrF {f.chrf:.0f})")
    return [
        ReviewRow(
            index=u.bead,
            src=u.src_ids,
            tgt=u.tgt_ids,
            src_text=u.src,
            tgt_text=u.tgt or "",
            score=u.score,
            origin=u.origin,
            origin_label=u.origin_label,
            kind=u.kind,
            issues=issues.get(u.bead, []),
            flags=flags.get(u.bead, []),
        )
        for u in state.filled_units()
    ]


def _signature(state: ReleaseState, report: ReleaseReport) -> str:
    basis = {k: v for k, v in report.to_json().items() if k not in ("cached", "outputs")}
    fills = {str(k): [f.text, f.label] for k, f in state.fills.items()}
    return hashlib.sha256(json.dumps([state.key, fills, basis], sort_keys=True, default=str).encode()).hexdigest()


def write_review(out: Path, report: RunReport, states: dict[str, ReleaseState]) -> None:
    atomic_write_text(out / "review" / "index.html", render_index(report))
    sig_path = out / "cache" / "review.json"
    previous = read_json(sig_path, {})
    signatures = {}
    for r in report.releases:
        state = states[r.id]
        sig = signatures[r.id] = _signature(state, r)
        page = out / "review" / f"{r.id}.html"
        if previous.get(r.id) == sig and page.exists():
            continue
        data = state.result
        html = render_release_page(r, review_rows(state, r), state.key, len(data.fr), len(data.en or []))
        atomic_write_text(page, html)
    if signatures != previous:
        atomic_write_text(sig_path, json.dumps(signatures))
