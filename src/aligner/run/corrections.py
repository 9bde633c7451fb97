"""A reviewer's corrected beads, downloaded from a review page and stored with the corpus.

``CORPUS/corrections/<release>.json`` is an input of every run: while it fits the release, its beads replace the
aligner's and are marked ``reviewed``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AlignerError
from ..model import Bead


@dataclass(frozen=True)
class Corrections:
    path: Path
    release: str
    beads: tuple[Bead, ...]
    document: dict[str, Any]  # the file as read, stored as is


def corrections_path(root: Path, release_id: str) -> Path:
    """Where a reviewer's corrections for a release live: with the corpus, as an input of every run."""
    return Path(root) / "corrections" / f"{release_id}.json"


def parse_corrections(data: bytes | str, path: Path) -> Corrections:
    """A corrections document; anything malformed is an :class:`AlignerError` naming the file."""
    try:
        doc = json.loads(data)
        beads = tuple(Bead(tuple(int(i) for i in b["src"]), tuple(int(j) for j in b["tgt"]), 1.0) for b in doc["beads"])
        release = doc["release"]
        if not isinstance(release, str):
            raise TypeError("release is not a string")
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise AlignerError(f"not a corrections file ({type(exc).__name__}: {exc})", path) from None
    return Corrections(Path(path), release, beads, doc)


def read_corrections(path: Path) -> Corrections:
    from ..textio import read_text

    return parse_corrections(read_text(path), Path(path))


def corrected_beads(corrections: Corrections, n_src: int, n_tgt: int) -> list[Bead]:
    """The corrected beads, checked against the release as it is now: every sentence once and in order."""
    src = [i for b in corrections.beads for i in b.src]
    tgt = [j for b in corrections.beads for j in b.tgt]
    if src != list(range(n_src)) or tgt != list(range(n_tgt)):
        raise AlignerError(
            f"corrections do not cover the release as it is now ({n_src} French and {n_tgt} English sentences, "
            "each once and in order): review the release again",
            corrections.path,
        )
    return list(corrections.beads)


def check_release(corrections: Corrections, release: str) -> None:
    if corrections.release != release:
        raise AlignerError(f"corrections are for release {corrections.release!r}, not {release!r}", corrections.path)
