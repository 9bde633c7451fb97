"""The end-to-end corpus job behind ``aligner run``: pair releases, segment both sides, write the outputs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .corpus import SRC_LANG, TGT_LANG, Release, discover
from .fsutil import atomic_write_text
from .model import Document
from .segment import segment_text
from .textio import read_text


@dataclass
class ReleaseResult:
    id: str
    fr_sentences: int
    en_sentences: int | None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "fr_sentences": self.fr_sentences, "en_sentences": self.en_sentences, "notes": self.notes}


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
    """Segment every release of the corpus into ``out/segments/<lang>/<id>.txt`` and write ``out/report.json``."""
    corpus = discover(root)
    out = Path(out)
    results = []
    for release in corpus.releases:
        if release.fr is None:
            continue
        fr, en = load_release(release)
        atomic_write_text(out / "segments" / SRC_LANG / f"{release.id}.txt", _segments_text(fr))
        if en is not None:
            atomic_write_text(out / "segments" / TGT_LANG / f"{release.id}.txt", _segments_text(en))
        res = ReleaseResult(release.id, len(fr.sentences), None if en is None else len(en.sentences))
        if en is None:
            res.notes.append("no English original")
        results.append(res)
    report = {
        "tool": {"name": "aligner", "version": __version__},
        "corpus": str(corpus.root),
        "releases": [r.as_dict() for r in results],
        "unpaired": {
            "french_only": [r.id for r in corpus.french_only],
            "english_only": [r.id for r in corpus.english_only],
        },
    }
    atomic_write_text(out / "report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return report
