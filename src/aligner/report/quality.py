"""MT quality against the English originals: corpus and sentence scores through sacrebleu, with flagged beads."""

from __future__ import annotations

from .model import MtFlag, ReleaseQuality

MISALIGNED_CHRF = 15.0  # sentence chrF below this: MT and original disagree sharply
UNEDITED_CHRF = 95.0  # sentence chrF at or above this: the original reads like unedited MT


def mt_quality(pairs: list[tuple[int, str, str]], translations: dict[str, str]) -> ReleaseQuality:
    """Scores of MT against the English originals of confidently aligned beads ``(bead, French, English)``."""
    from ..score.mt import corpus_scores, sentence_scores

    rows = [(bead, src, ref, translations[src]) for bead, src, ref in pairs if translations.get(src)]
    if not rows:
        return ReleaseQuality()
    hyps = [r[3] for r in rows]
    refs = [r[2] for r in rows]
    per = sentence_scores(hyps, refs, ("chrf",))
    flags = []
    for (bead, src, ref, hyp), s in zip(rows, per):
        if s["chrf"] < MISALIGNED_CHRF:
            flags.append(MtFlag(bead, "possible misalignment", s["chrf"], src, ref, hyp))
        elif s["chrf"] >= UNEDITED_CHRF:
            flags.append(MtFlag(bead, "possible unedited MT", s["chrf"], src, ref, hyp))
    return ReleaseQuality(len(rows), corpus_scores(hyps, refs), flags, hyps, refs)
