"""Figures of each release, the run report, and the files it is written to (JSON, Markdown, JUnit)."""

from __future__ import annotations

import json
from pathlib import Path

from ..fsutil import atomic_write_text
from ..model import Origin, ReleaseUnit
from ..report.model import AlignmentStats, ReleaseStats, RunReport, Untranslated
from ..settings import LOW_CONFIDENCE
from .cache import ReleaseData


def release_stats(data: ReleaseData, units: list[ReleaseUnit], mt_status: str = "") -> ReleaseStats:
    """The figures of one release from its (filled) units; ``mt_status`` says why MT filled nothing, if it did not."""
    reason = untranslated_reason(data, mt_status)
    french = [u for u in units if u.translatable]
    left = [u for u in french if not u.tgt]
    filled: dict[str, int] = {}
    for u in french:
        if u.origin.filled:
            kind = u.origin.value if u.origin.value.startswith("tm-") else "mt"
            filled[kind] = filled.get(kind, 0) + u.src_count
    return ReleaseStats(
        src_sentences=len(data.src),
        tgt_sentences=None if data.tgt is None else len(data.tgt),
        untranslated_sentences=sum(u.src_count for u in left),
        untranslated=[Untranslated(u.bead, u.src_line, u.src, reason) for u in left],
        filled_sentences=dict(sorted(filled.items())),
        alignment=None if data.beads is None else _alignment_stats(data),
        no_counterpart=[(u.bead, u.src) for u in french if not u.origin.human],
        reviewed_sentences=sum(u.src_count for u in french if u.origin is Origin.REVIEWED),
    )


def untranslated_reason(data: ReleaseData, mt_status: str) -> str:
    base = "no English counterpart" if data.tgt is not None else "no English original"
    return base + (f"; {mt_status}" if mt_status else "")


def _alignment_stats(data: ReleaseData) -> AlignmentStats:
    beads = data.beads or []
    kinds: dict[str, int] = {}
    for b in beads:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    aligned = sum(len(b.src) for b in beads if b.src and b.tgt and b.score >= LOW_CONFIDENCE)
    low = [k for k, b in enumerate(beads) if b.score < LOW_CONFIDENCE]
    return AlignmentStats(
        beads=len(beads),
        beads_by_type=dict(sorted(kinds.items())),
        aligned_sentences=aligned,
        aligned_share=round(aligned / len(data.src), 4) if data.src else 0.0,
        low_confidence_beads=len(low),
        low_confidence_share=round(len(low) / len(beads), 4) if beads else 0.0,
        low_confidence=low,
        calibration=data.params.get("calibration", {}),
    )


def write_reports(out: Path, report: RunReport) -> None:
    """``report.json``, ``report.md`` and ``junit.xml``: the JSON is made here, at the edge, and nowhere else."""
    from ..report.junit import render_junit
    from ..report.markdown import render_markdown

    atomic_write_text(out / "report.json", json.dumps(report.to_json(), indent=1, ensure_ascii=False) + "\n")
    atomic_write_text(out / "report.md", render_markdown(report))
    atomic_write_text(out / "junit.xml", render_junit(report))
