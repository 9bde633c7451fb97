"""Review pages: ``OUT/review/index.html`` and a page per release, built from the release's units.

A page is rewritten only when its release, fills, terminology issues or MT flags changed, which keeps re-runs fast.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import AlignerError
from ..fsutil import atomic_write_text
from ..report.html import assets, render_index, render_release_page
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
    for name, text in assets().items():
        path = out / "review" / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write_text(path, text)
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
            r, state.source_key, [x.text for x in data.src], [x.text for x in data.tgt or []], review_rows(state, r)
        )
        atomic_write_text(page, render_release_page(view))
    if signatures != previous:
        atomic_write_text(sig_path, json.dumps(signatures))


def current_release(out: Path, release_id: str) -> ReleaseState:
    """A release as the run in ``out`` last wrote it (its beads and fills); it must not have changed since."""
    from ..errors import InputError
    from .cache import ReleaseCache
    from .config import load_run_config
    from .state import read_inputs, require_release

    state = require_release(read_inputs(load_run_config(out)), release_id)
    state.data = ReleaseCache(out).load(state.id, state.key)
    if state.data is None:
        raise InputError(f"release {release_id!r} changed since the last run: run `aligner run` again first", out)
    state.set_fills(state.data.fills or {})
    return state


def export_corrections(out: Path, release_id: str) -> dict:
    """The corrections document of a release as the run last aligned it: what its review page downloads untouched."""
    from .corrections import CorrectedBead, corrections_document

    state = current_release(out, release_id)
    data = state.result
    beads = [
        CorrectedBead(b.src, b.tgt, k in data.reviewed, b.score, data.reviewed.get(k))
        for k, b in enumerate(data.all_beads())
    ]
    return corrections_document(state.id, state.source_key, len(data.src), len(data.tgt or []), beads)


def corrections_from_xliff(path: Path, out: Path) -> dict:
    """A corrections document from an XLIFF a CAT tool gave back: every target changed there becomes reviewed."""
    from ..errors import FormatError
    from ..formats.xliff import read_xliff

    edited = read_xliff(path)
    try:
        doc = export_corrections(out, edited.release)
    except AlignerError as exc:
        raise FormatError(f"names release {edited.release!r}: {exc.message}", path) from None
    if edited.source_key != doc["source_key"]:
        raise FormatError("the release changed since this XLIFF was written: export it again and redo the work", path)
    units = {u.bead: u for u in current_release(out, edited.release).filled_units() if u.translatable}
    for k, target in edited.targets.items():
        if k not in units:
            raise FormatError(f"unit b{k} is not a bead with French in release {edited.release!r}", path)
        if target is not None and target.strip() and target.strip() != (units[k].tgt or "").strip():
            bead = doc["beads"][k]
            bead.update(reviewed=True, text=target.strip())
            bead.pop("score", None)
    return doc
