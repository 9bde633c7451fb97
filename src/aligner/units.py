"""From an aligned release to translation units: the text of each bead exactly as in the release, with its origin."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Bead, Sentence

ORIGIN_ALIGNED = "aligned"
ORIGIN_REVIEWED = "reviewed"  # a bead a reviewer corrected or confirmed (aligner apply)
HUMAN = (ORIGIN_ALIGNED, ORIGIN_REVIEWED)  # pairs of the releases' own text, as opposed to filled ones


@dataclass(frozen=True, slots=True)
class ReleaseUnit:
    """One bead of a release as a translation unit. ``tgt`` is None when the French has no English counterpart."""

    release: str
    bead: int
    src: str
    tgt: str | None
    score: float
    kind: str
    origin: str
    src_line: int  # 1-based line of the release file where the French text starts
    created: str  # TMX date


def span_text(text: str, sentences: list[Sentence]) -> str:
    """The text of consecutive sentences as written: the original slice within a paragraph, a space across them."""
    if not sentences:
        return ""
    parts = []
    start = sentences[0]
    prev = sentences[0]
    for s in sentences[1:]:
        if s.paragraph != prev.paragraph:
            parts.append(text[start.start : prev.end])
            start = s
        prev = s
    parts.append(text[start.start : prev.end])
    return " ".join(parts)


def release_units(
    release: str,
    fr_text: str,
    fr_sentences: list[Sentence],
    en_text: str | None,
    en_sentences: list[Sentence] | None,
    beads: list[Bead],
    created: str,
    reviewed: bool = False,
) -> list[ReleaseUnit]:
    """Units for every bead with French text (English-only beads have nothing to translate from)."""
    out = []
    for k, b in enumerate(beads):
        if not b.src:
            continue
        src_s = [fr_sentences[i] for i in b.src]
        src = span_text(fr_text, src_s)
        tgt = span_text(en_text, [en_sentences[j] for j in b.tgt]) if (b.tgt and en_text is not None) else None
        line = fr_text.count("\n", 0, src_s[0].start) + 1
        out.append(
            ReleaseUnit(
                release,
                k,
                src,
                tgt,
                b.score,
                b.kind,
                (ORIGIN_REVIEWED if reviewed else ORIGIN_ALIGNED) if tgt else "none",
                line,
                created,
            )
        )
    return out
