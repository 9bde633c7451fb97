"""A bilingual lexicon learned from the documents being aligned.

The confident beads of a first pass are treated as a small parallel corpus; word pairs that keep occurring in the same
beads (Dice coefficient over beads) become translations for the next pass. Nothing is downloaded or shipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

Lexicon = dict[str, tuple[tuple[str, float], ...]]


def learn_lexicon(
    pairs: Iterable[tuple[set[str], set[str]]],
    min_count: int = 2,
    min_dice: float = 0.3,
    top: int = 3,
    min_len: int = 2,
) -> Lexicon:
    """Word translations with their Dice score, from (source words, target words) of aligned beads."""
    src_count: Counter[str] = Counter()
    tgt_count: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    for src, tgt in pairs:
        s = {w for w in src if len(w) >= min_len}
        t = {w for w in tgt if len(w) >= min_len}
        src_count.update(s)
        tgt_count.update(t)
        joint.update((a, b) for a in s for b in t if a != b)
    best: dict[str, list[tuple[float, str]]] = {}
    for (a, b), c in joint.items():
        if c < min_count:
            continue
        dice = 2.0 * c / (src_count[a] + tgt_count[b])
        if dice >= min_dice:
            best.setdefault(a, []).append((dice, b))
    lex: Lexicon = {}
    for a, cands in best.items():
        cands.sort(key=lambda x: (-x[0], x[1]))
        lex[a] = tuple((b, round(d, 4)) for d, b in cands[:top])
    return lex
