"""A reviewer's corrections, downloaded from a review page (or ``aligner review export``) and stored with the corpus.

``CORPUS/corrections/<release>.json`` is an input of every run. It is bound to the release text by its content key:
while the key matches, its beads replace the aligner's; once the French, the English or the segmentation rules
change, the run leaves it unused and says so, and ``aligner apply`` refuses a stale, foreign or keyless file.

A corrections document (schema ``aligner-corrections/1``)::

    {"schema": "aligner-corrections/1", "release": "news_1", "source_key": "<64 hex>",
     "src_sentences": 12, "tgt_sentences": 11,
     "beads": [{"src": [0], "tgt": [0], "reviewed": false, "score": 0.97},
               {"src": [1, 2], "tgt": [1], "reviewed": true},
               {"src": [3], "tgt": [], "reviewed": true, "text": "English written by the reviewer."}],
     "operations": [{"op": "merge", "bead": 1}]}

A reviewed bead is a pair a person confirmed (origin ``reviewed``, confidence 1); ``text`` is English the reviewer wrote
or post-edited for the bead's French. A bead not reviewed keeps the aligner's confidence it had when exported.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AlignerError
from ..model import Bead
from ..report.review_data import CORRECTIONS_SCHEMA

_KEY = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class CorrectedBead:
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    reviewed: bool
    score: float
    text: str | None = None  # English written by the reviewer for this bead

    @property
    def bead(self) -> Bead:
        return Bead(self.src, self.tgt, 1.0 if self.reviewed else self.score)


@dataclass(frozen=True)
class Corrections:
    path: Path
    release: str
    source_key: str
    beads: tuple[CorrectedBead, ...]
    document: dict[str, Any]  # the file as read, stored as is


class CorrectionsError(AlignerError):
    """Corrections that are malformed or do not fit the release; nothing is stored."""


def corrections_path(root: Path, release_id: str) -> Path:
    """Where a reviewer's corrections for a release live: with the corpus, as an input of every run."""
    return Path(root) / "corrections" / f"{release_id}.json"


def parse_corrections(data: bytes | str, path: Path) -> Corrections:
    """A corrections document; anything malformed is a :class:`CorrectionsError` naming the file."""
    try:
        doc = json.loads(data, parse_constant=_no_constant)
        if not isinstance(doc, dict):
            raise TypeError("not a JSON object")
        release, key = doc.get("release"), doc.get("source_key")
        if not isinstance(release, str) or not release:
            raise KeyError("release")
        beads = tuple(_bead(b, k) for k, b in enumerate(_list(doc.get("beads"), "beads")))
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        reason = f"missing {exc}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__
        raise CorrectionsError(f"not a corrections file ({reason})", path) from None
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise CorrectionsError(
            "corrections without a valid content key (source_key): download them again from the review page "
            "or with `aligner review export`",
            path,
        )
    return Corrections(Path(path), release, key, beads, doc)


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def _list(value: Any, what: str) -> list:
    if not isinstance(value, list):
        raise TypeError(f"{what} must be a list")
    return value


def _indices(value: Any, where: str) -> tuple[int, ...]:
    items = _list(value, where)
    if not all(type(i) is int and i >= 0 for i in items):
        raise ValueError(f"{where} must hold sentence numbers")
    return tuple(items)


def _bead(b: Any, k: int) -> CorrectedBead:
    if not isinstance(b, dict):
        raise TypeError(f"bead {k} is not an object")
    src, tgt = _indices(b.get("src"), f"bead {k} src"), _indices(b.get("tgt"), f"bead {k} tgt")
    reviewed = b.get("reviewed", False)
    score = b.get("score", 1.0 if reviewed else None)
    text = b.get("text")
    if not isinstance(reviewed, bool):
        raise TypeError(f"bead {k}: reviewed must be true or false")
    if not isinstance(score, int | float) or isinstance(score, bool) or not (0.0 <= score <= 1.0):
        raise ValueError(f"bead {k}: a bead not reviewed needs its confidence (score, between 0 and 1)")
    if text is not None and (not isinstance(text, str) or not reviewed or not src):
        raise ValueError(f"bead {k}: English text belongs to a reviewed bead with French")
    if not src and not tgt:
        raise ValueError(f"bead {k} is empty")
    return CorrectedBead(src, tgt, reviewed, float(score) if math.isfinite(score) else 0.0, text)


def read_corrections(path: Path) -> Corrections:
    from ..textio import read_text

    return parse_corrections(read_text(path), Path(path))


def check_corrections(corrections: Corrections, release: str, source_key: str, n_src: int, n_tgt: int) -> None:
    """Corrections fit a release when they name it, carry its content key, and cover every sentence once, in order."""
    if corrections.release != release:
        raise CorrectionsError(
            f"corrections are for release {corrections.release!r}, not {release!r}", corrections.path
        )
    if corrections.source_key != source_key:
        raise CorrectionsError(
            "the release changed since these corrections were made (its text or segmentation rules): review it again",
            corrections.path,
        )
    src = [i for b in corrections.beads for i in b.src]
    tgt = [j for b in corrections.beads for j in b.tgt]
    if src != list(range(n_src)) or tgt != list(range(n_tgt)):
        raise CorrectionsError(
            f"corrections do not cover the release as it is now ({n_src} French and {n_tgt} English sentences, "
            "each once and in order): review the release again",
            corrections.path,
        )


def corrections_document(
    release: str, source_key: str, n_src: int, n_tgt: int, beads: list[CorrectedBead]
) -> dict[str, Any]:
    """The document the review page downloads, for the beads as they are (``aligner review export``)."""
    out = []
    for b in beads:
        d: dict[str, Any] = {"src": list(b.src), "tgt": list(b.tgt), "reviewed": b.reviewed}
        if not b.reviewed:
            d["score"] = b.score
        if b.text is not None:
            d["text"] = b.text
        out.append(d)
    return {
        "schema": CORRECTIONS_SCHEMA,
        "release": release,
        "source_key": source_key,
        "src_sentences": n_src,
        "tgt_sentences": n_tgt,
        "beads": out,
        "operations": [],
    }
