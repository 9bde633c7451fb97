"""The end-to-end corpus job behind ``aligner run``: pair releases, segment both sides, write the outputs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .align import align_documents
from .corpus import SRC_LANG, TGT_LANG, Release, discover
from .formats.beads import format_jsonl
from .fsutil import atomic_write_text
from .model import Alignment, Document
from .segment import segment_text
from .textio import read_text


LOW_CONFIDENCE = 0.5


@dataclass
class ReleaseResult:
    id: str
    fr_sentences: int
    en_sentences: int | None
    alignment: Alignment | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        out = {"id": self.id, "fr_sentences": self.fr_sentences, "en_sentences": self.en_sentences, "notes": self.notes}
        if self.alignment is not None:
            out.update(alignment_summary(self.alignment))
        return out


def alignment_summary(a: Alignment) -> dict:
    """Beads by type, share of French sentences aligned to English, low-confidence beads, parameters."""
    kinds: dict[str, int] = {}
    for b in a.beads:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    aligned = sum(len(b.src) for b in a.beads if b.src and b.tgt)
    low = [i for i, b in enumerate(a.beads) if b.score < LOW_CONFIDENCE]
    return {
        "beads": len(a.beads),
        "beads_by_type": dict(sorted(kinds.items())),
        "aligned_share": round(aligned / a.src_len, 4) if a.src_len else 0.0,
        "low_confidence_beads": len(low),
        "low_confidence_share": round(len(low) / len(a.beads), 4) if a.beads else 0.0,
        "alignment_parameters": a.params,
    }


def load_release(release: Release) -> tuple[Document, Document | None]:
    fr = segment_text(read_text(release.fr), SRC_LANG, source=str(release.fr)) if release.fr else None
    en = segment_text(read_text(release.en), TGT_LANG, source=str(release.en)) if release.en else None
    return fr, en


def _segments_text(doc: Document) -> str:
    lines, prev = [], None
    for s in doc.sentences:
        if prev is not None and s.paragraph != prev:
            lines.append("")
        lines.append(s.text)
        prev = s.paragraph
    return "\n".join(lines) + ("\n" if lines else "")


def run_corpus(root: str | Path, out: str | Path) -> dict:
    """Segment and align every release of the corpus.

    Writes ``out/segments/<lang>/<id>.txt``, ``out/align/<id>.jsonl`` (one bead per line) and ``out/report.json``.
    """
    corpus = discover(root)
    out = Path(out)
    results = []
    for release in corpus.releases:
        if release.fr is None:
            continue
        fr, en = load_release(release)
        atomic_write_text(out / "segments" / SRC_LANG / f"{release.id}.txt", _segments_text(fr))
        res = ReleaseResult(release.id, len(fr.sentences), None if en is None else len(en.sentences))
        if en is None:
            res.notes.append("no English original")
        else:
            atomic_write_text(out / "segments" / TGT_LANG / f"{release.id}.txt", _segments_text(en))
            res.alignment = align_documents(fr, en)
            text = format_jsonl(res.alignment, [s.text for s in fr.sentences], [s.text for s in en.sentences])
            atomic_write_text(out / "align" / f"{release.id}.jsonl", text)
        results.append(res)
    report = {
        "tool": {"name": "aligner", "version": __version__},
        "low_confidence_threshold": LOW_CONFIDENCE,
        "corpus": str(corpus.root),
        "releases": [r.as_dict() for r in results],
        "unpaired": {
            "french_only": [r.id for r in corpus.french_only],
            "english_only": [r.id for r in corpus.english_only],
        },
    }
    atomic_write_text(out / "report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return report
