"""Review pages: ``OUT/review/index.html`` and a page per release, built from the release's units.

A page is rewritten only when its release, fills, terminology issues or MT flags changed, which keeps re-runs fast.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..fsutil import atomic_write_text
from ..report.html import render_index, render_release_page
from ..report.model import ReleaseReport, RunReport
from ..report.review_data import ReviewPage, ReviewRow
from .cache import read_json
from .state import ReleaseState


def review_rows(state: ReleaseState, report: ReleaseReport) -> list[ReviewRow]:
    issues: dict[int, list[str]] = {}
    for i in report.terminology:
        issues.setdefault(i.bead, []).append(f"{i.kind}: {i.term} → {' / '.join(i.expected)}")
    flags: dict[int, list[str]] = {}
    for f in report.mt_quality.flags if report.mt_quality else []:
        flags.setdefault(f.bead, []).append(f"{f.kind} (chrF {f.chrf:.0f})")
    reviewed = state.result.reviewed
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
            text=reviewed.get(u.bead),
            fill=u.tgt if u.origin.filled else None,
            reviewed=u.bead in reviewed,
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
        view = ReviewPage(
            r, state.source_key, [x.text for x in data.fr], [x.text for x in data.en or []], review_rows(state, r)
        )
        atomic_write_text(page, render_release_page(view))
    if signatures != previous:
        atomic_write_text(sig_path, json.dumps(signatures))


def export_corrections(out: Path, release_id: str) -> dict:
    """The corrections document of a release as the run last aligned it: what its review page downloads untouched.

    The release must be as the run saw it (its cache current); otherwise run ``aligner run`` again first.
    """
    from ..errors import InputError
    from .cache import ReleaseCache
    from .config import load_run_config
    from .corrections import CorrectedBead, corrections_document
    from .state import read_inputs, require_release

    config = load_run_config(out)
    state = require_release(read_inputs(config), release_id)
    data = ReleaseCache(out).load(state.id, state.key)
    if data is None:
        raise InputError(f"release {release_id!r} changed since the last run: run `aligner run` again first", out)
    beads = [
        CorrectedBead(b.src, b.tgt, k in data.reviewed, b.score, data.reviewed.get(k))
        for k, b in enumerate(data.all_beads())
    ]
    return corrections_document(state.id, state.source_key, len(data.fr), len(data.en or []), beads)
