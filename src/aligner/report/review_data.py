"""What a review page shows and what it gives back: the page's data and the corrections document.

The page embeds :func:`page_payload` (schema ``aligner-review/1``) and downloads a corrections document (schema
``aligner-corrections/1``) that ``aligner apply`` reads. Both are described in the README ("Review pages").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Origin
from .model import ReleaseReport

PAGE_SCHEMA = "aligner-review/1"
CORRECTIONS_SCHEMA = "aligner-corrections/1"


@dataclass(frozen=True)
class ReviewRow:
    """One bead as the page shows it."""

    index: int
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str  # the English shown: the release's own, a reviewer's edit, or a fill
    score: float
    origin: Origin
    origin_label: str
    kind: str
    text: str | None = None  # English a reviewer wrote for the bead
    fill: str | None = None  # English from the memory or MT for French without a counterpart (not a translation)
    reviewed: bool = False
    issues: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        """The bead for the page script; fields at their default (no text, no fill, not reviewed, no notes, a label
        equal to the origin) are left out to keep pages small."""
        out: dict[str, Any] = {"src": list(self.src), "tgt": list(self.tgt), "score": self.score}
        out["origin"] = self.origin.value
        optional = {
            "origin_label": self.origin_label if self.origin_label != self.origin.value else None,
            "text": self.text,
            "fill": self.fill,
            "reviewed": self.reviewed or None,
            "issues": self.issues or None,
            "flags": self.flags or None,
        }
        out.update({k: v for k, v in optional.items() if v is not None})
        return out


@dataclass(frozen=True)
class ReviewPage:
    release: ReleaseReport
    source_key: str  # binds corrections to the release text and segmentation rules
    src_sentences: list[str]
    tgt_sentences: list[str]
    rows: list[ReviewRow]

    @property
    def paired(self) -> bool:
        return self.release.paired


def page_payload(page: ReviewPage) -> dict[str, Any]:
    """The JSON the page script works from (embedded in the page)."""
    return {
        "schema": PAGE_SCHEMA,
        "release": page.release.id,
        "source_key": page.source_key,
        "paired": page.paired,
        "src_sentences": page.src_sentences,
        "tgt_sentences": page.tgt_sentences,
        "beads": [r.payload() for r in page.rows],
    }
