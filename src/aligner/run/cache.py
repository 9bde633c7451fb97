"""What a run keeps between runs under ``OUT/cache/``: per-release results, keyed by content.

A release's key hashes its files, its corrections, the segmentation rules and aligner's own segmentation and
alignment code: an unchanged release is never recomputed. Cache files are private to the run and may be deleted.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..fsutil import atomic_write_bytes
from ..model import Bead, Fill, Origin, Sentence
from ..report.model import ReleaseStats

# The packages whose code decides the release text (ingest), segmentation and alignment (data files included): a
# change invalidates the cache.
_FINGERPRINTED = ("ingest", "segment", "align")


def code_fingerprint() -> str:
    h = hashlib.sha256(__version__.encode())
    base = Path(__file__).resolve().parent.parent
    for package in _FINGERPRINTED:
        for path in sorted((base / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(base)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


def release_key(*parts: str) -> str:
    """The cache key of a release from the hashes and identifiers that decide its result."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class ReleaseData:
    """Everything computed for one release: segmentation, beads, alignment parameters; then its figures and fills."""

    id: str
    key: str
    created: str
    src: list[Sentence]  # the translation's sentences
    tgt: list[Sentence] | None  # the original's, None without an original
    beads: list[Bead] | None
    params: dict[str, Any]
    stats: ReleaseStats | None = None  # filled once the release's units are built
    fills: dict[int, Fill] | None = None  # bead -> English from the memory or MT, as last written
    reviewed: dict[int, str | None] = field(default_factory=dict)  # bead -> English a reviewer wrote, or None
    corrections: str = ""  # "applied", "stale" (the release changed after review), or "" (none)
    warnings: list[str] = field(default_factory=list)  # what segmentation noticed (rules that never break)

    def all_beads(self) -> list[Bead]:
        """The beads, or one 1-0 bead per French sentence for a release without an English original."""
        return self.beads if self.beads is not None else [Bead((i,), (), 1.0) for i in range(len(self.src))]

    def to_json(self) -> dict[str, Any]:
        def sents(ss: list[Sentence] | None) -> list | None:
            return None if ss is None else [[s.text, s.paragraph, s.start, s.end] for s in ss]

        return {
            "id": self.id,
            "key": self.key,
            "created": self.created,
            "src": sents(self.src),
            "tgt": sents(self.tgt),
            "beads": None if self.beads is None else [[list(b.src), list(b.tgt), b.score] for b in self.beads],
            "params": self.params,
            "stats": None if self.stats is None else self.stats.to_json(),
            "fills": None if self.fills is None else {str(k): _fill_json(f) for k, f in self.fills.items()},
            "reviewed": {str(k): v for k, v in self.reviewed.items()},
            "corrections": self.corrections,
            "warnings": self.warnings,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ReleaseData:
        def sents(ss: list | None) -> list[Sentence] | None:
            return None if ss is None else [Sentence(t, p, a, b) for t, p, a, b in ss]

        beads = None if d["beads"] is None else [Bead(tuple(s), tuple(t), sc) for s, t, sc in d["beads"]]
        fills = None
        if d.get("fills") is not None:
            fills = {int(k): _fill_of(v) for k, v in d["fills"].items()}
        return cls(
            d["id"],
            d["key"],
            d["created"],
            sents(d["src"]) or [],
            sents(d["tgt"]),
            beads,
            d["params"],
            None if d.get("stats") is None else ReleaseStats.from_json(d["stats"]),
            fills,
            {int(k): v for k, v in d.get("reviewed", {}).items()},
            d.get("corrections", ""),
            list(d.get("warnings", [])),
        )


def _fill_json(f: Fill) -> list:
    return [f.text, f.label, f.source]


def _fill_of(v: list) -> Fill:
    text, label, *rest = v
    return Fill(text, *Origin.parse(label), source=rest[0] if rest else None)


class ReleaseCache:
    """``OUT/cache/releases/<id>.json.gz``: one compressed file per release, read back only while its key matches."""

    def __init__(self, out: Path) -> None:
        self.folder = Path(out) / "cache" / "releases"

    def path(self, release_id: str) -> Path:
        return self.folder / f"{release_id}.json.gz"

    def load(self, release_id: str, key: str) -> ReleaseData | None:
        try:
            d = json.loads(gzip.decompress(self.path(release_id).read_bytes()))
            if d.get("key") != key:
                return None
            return ReleaseData.from_json(d)
        except (OSError, EOFError, ValueError, KeyError, TypeError, gzip.BadGzipFile):
            return None  # missing or damaged: recompute

    def store(self, data: ReleaseData) -> None:
        raw = json.dumps(data.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write_bytes(self.path(data.id), gzip.compress(raw, compresslevel=6, mtime=0))

    def prune(self, keep: set[str]) -> int:
        """Delete the cache files of releases no longer in the corpus; returns how many."""
        removed = 0
        for p in self.folder.glob("*.json.gz") if self.folder.is_dir() else []:
            if p.name[: -len(".json.gz")] not in keep:
                p.unlink(missing_ok=True)
                removed += 1
        return removed


def read_json(path: Path, default: Any) -> Any:
    """A run-private JSON file, or ``default`` when it is missing or damaged."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default
