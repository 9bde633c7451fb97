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


# ---------------------------------------------------------------- confidence calibration


@dataclass(frozen=True)
class ReliabilityBin:
    lo: float
    hi: float
    beads: int
    mean_confidence: float
    accuracy: float


@dataclass(frozen=True)
class CalibrationReport:
    """How well bead confidences predict strict correctness (the bead is exactly a gold bead)."""

    beads: int
    excluded: int  # beads touching sentences the gold does not mention (neither right nor wrong)
    accuracy: float
    auroc: float
    ece: float
    precision_at_09: float  # share of beads with confidence >= 0.9 that are right
    beads_at_09: int
    bins: tuple[ReliabilityBin, ...]

    def as_dict(self) -> dict:
        d = {k: getattr(self, k) for k in ("beads", "excluded", "accuracy", "auroc", "ece")}
        d["precision_at_0.9"] = self.precision_at_09
        d["beads_at_0.9"] = self.beads_at_09
        d["bins"] = [b.__dict__ for b in self.bins]
        return d


def judged_beads(gold: Iterable, pred: Iterable) -> tuple[list[tuple[float, bool]], int]:
    """(confidence, strictly right) for each predicted bead the gold can judge, and how many were left out.

    A bead is right when it is exactly a gold bead; a one-sided bead is right when the gold leaves its sentence
    unaligned too. A bead touching a sentence the gold never mentions (Text+Berg gold does not cover every sentence) is
    left out rather than counted as wrong.
    """
    links = _as_links(gold)
    covered_src = {i for s, _ in links for i in s}
    covered_tgt = {j for _, t in links for j in t}
    rows, excluded = [], 0
    for b in pred:
        src, tgt = (b.src, b.tgt) if isinstance(b, Bead) else b
        if not (set(src) <= covered_src and set(tgt) <= covered_tgt):
            excluded += 1
            continue
        score = b.score if isinstance(b, Bead) else 1.0
        rows.append((float(score), (tuple(src), tuple(tgt)) in links))
    return rows, excluded


def calibration_report(rows: Sequence[tuple[float, bool]], bins: int = 10, excluded: int = 0) -> CalibrationReport:
    """Reliability table (equal-width bins), AUROC, expected calibration error and precision at >= 0.9."""
    n = len(rows)
    table = []
    ece = 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        sel = [(c, ok) for c, ok in rows if lo <= c < hi or (k == bins - 1 and c == 1.0)]
        if not sel:
            continue
        conf = sum(c for c, _ in sel) / len(sel)
        acc = sum(ok for _, ok in sel) / len(sel)
        ece += len(sel) / n * abs(conf - acc)
        table.append(ReliabilityBin(lo, hi, len(sel), conf, acc))
    high = [ok for c, ok in rows if c >= 0.9]
    return CalibrationReport(
        beads=n,
        excluded=excluded,
        accuracy=sum(ok for _, ok in rows) / n if n else 0.0,
        auroc=auroc(rows),
        ece=ece,
        precision_at_09=sum(high) / len(high) if high else 0.0,
        beads_at_09=len(high),
        bins=tuple(table),
    )


def auroc(rows: Sequence[tuple[float, bool]]) -> float:
    """Probability that a right bead has a higher confidence than a wrong one (ties count half); 0.5 if undefined."""
    pos = sum(1 for _, ok in rows if ok)
    neg = len(rows) - pos
    if not pos or not neg:
        return 0.5
    ordered = sorted(rows, key=lambda r: r[0])
    rank_sum = 0.0
    k = 0
    while k < len(ordered):
        end = k
        while end + 1 < len(ordered) and ordered[end + 1][0] == ordered[k][0]:
            end += 1
        mid = (k + end) / 2 + 1  # average 1-based rank of the tie group
        rank_sum += mid * sum(1 for _, ok in ordered[k : end + 1] if ok)
        k = end + 1
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)
