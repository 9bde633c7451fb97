"""Strict and lax precision, recall and F1 of sentence alignments (Sennrich & Volk 2011).

Precision is over every predicted bead (one-sided beads included); recall is over gold beads with sentences on both
sides, matched against predicted beads with sentences on both sides. A bead is a strict match when it is identical to a
gold bead, a lax match when it shares at least one source and one target sentence with a gold link. Counts are summed
over all document pairs before dividing (micro-average), as Vecalign and Bertalign report them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Bead

Link = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Counts:
    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __add__(self, o: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.astuple(), o.astuple())))

    def astuple(self) -> tuple[int, int, int, int]:
        return (self.tp_strict, self.fp_strict, self.tp_lax, self.fp_lax)


def _as_links(beads: Iterable[Bead | Link]) -> set[Link]:
    out = set()
    for b in beads:
        src, tgt = (b.src, b.tgt) if isinstance(b, Bead) else b
        if src or tgt:
            out.add((tuple(src), tuple(tgt)))
    return out


def _match(reference: set[Link], candidates: set[Link]) -> Counts:
    """How many candidates are in the reference exactly (strict) or overlap a reference link on both sides (lax)."""
    tgt_of_src: dict[int, set[int]] = {}
    for s, t in reference:
        for i in s:
            tgt_of_src.setdefault(i, set()).update(t)
    tps = fps = tpl = fpl = 0
    for s, t in candidates:
        if (s, t) in reference:
            tps += 1
            tpl += 1
            continue
        fps += 1
        reach = set()
        for i in s:
            reach |= tgt_of_src.get(i, set())
        if reach.intersection(t):
            tpl += 1
        else:
            fpl += 1
    return Counts(tps, fps, tpl, fpl)


def score_pairs(pairs: Sequence[tuple[Iterable, Iterable]]) -> dict[str, float]:
    """Score (gold, predicted) bead lists; returns precision/recall/F1, strict and lax."""
    p = Counts()
    r = Counts()
    for gold, pred in pairs:
        g = _as_links(gold)
        t = _as_links(pred)
        p = p + _match(g, t)
        r = r + _match({x for x in t if x[0] and x[1]}, {x for x in g if x[0] and x[1]})

    def ratio(a: int, b: int) -> float:
        return a / (a + b) if a + b else 0.0

    def f1(x: float, y: float) -> float:
        return 2 * x * y / (x + y) if x + y else 0.0

    ps, pl = ratio(p.tp_strict, p.fp_strict), ratio(p.tp_lax, p.fp_lax)
    rs, rl = ratio(r.tp_strict, r.fp_strict), ratio(r.tp_lax, r.fp_lax)
    return {
        "precision_strict": ps,
        "recall_strict": rs,
        "f1_strict": f1(ps, rs),
        "precision_lax": pl,
        "recall_lax": rl,
        "f1_lax": f1(pl, rl),
    }
