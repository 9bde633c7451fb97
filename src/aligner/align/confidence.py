"""Bead confidence: features of each bead on the chosen path, and the calibrated probability that it is right.

The features are the same for every language pair and every bead type:
- ``posterior``: the bead's posterior probability over all alignments in the band (forward-backward over the same
  costs the search used), as a logit: low when another segmentation of the same sentences costs about as much;
- ``evidence``: the bead's similarity on the document's scale (0 = random pair, 1 = typical translation); for a
  one-sided bead, the best similarity its sentence reaches with any sentence it could have been paired with;
- ``length``: log of the bead's characters; ``continued``: the segments around the bead continue a sentence on both
  sides (the bead boundary may cut a sentence); ``fragment``: the bead holds a fragment line;
- ``length_cost``: the Gale-Church cost of the bead's two lengths; ``neighbours``: the lower posterior logit of the
  beads before and after it (errors come in runs: a shifted bead drags its neighbours);
- ``similarity``: the bead's raw cosine similarity (or its sentence's best, for a one-sided bead): absolute, so on a
  misfiled pair it stays low however the document's own scale is set;
- ``copied``: the share of word forms both sides have in common: text copied unchanged (references, names, formulas,
  quotations) is where segmentation, and so a bead's extent, is least reliable.
A logistic model per bead class (``1-1``, ``group``, ``one-sided``) maps them to a probability; its coefficients are
fitted on development data by ``scripts/fit_calibration.py`` and shipped in ``data/calibration.json``
(see ``calibration.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FEATURES = (
    "posterior",
    "evidence",
    "length",
    "continued",
    "fragment",
    "length_cost",
    "neighbours",
    "similarity",
    "copied",
)


@dataclass(frozen=True)
class BeadFeatures:
    kind: str  # "1-1", "group" or "one-sided"
    values: tuple[float, ...]  # in the order of FEATURES

    def as_dict(self) -> dict:
        return {"class": self.kind, **{k: round(v, 4) for k, v in zip(FEATURES, self.values)}}


def bead_class(a: int, b: int) -> str:
    if a == 0 or b == 0:
        return "one-sided"
    return "1-1" if a == b == 1 else "group"


def logit(p: float, eps: float = 1e-4) -> float:
    p = min(max(p, eps), 1 - eps)
    return math.log(p / (1 - p))


def bead_features(bc, path, posteriors: list[float]) -> list[BeadFeatures]:
    """Features of each bead of ``path`` ([(a, b, i_end, j_end)]), from the costs of the pass that chose it."""
    ctx = bc.ctx
    lo = ctx.band.lo
    best_src, best_tgt = _best_matches(bc)
    ref = max(bc.mu_t, bc.mu_r + ctx.params.min_evidence)
    span = max(ref - bc.mu_r, 1e-3)
    out = []
    logits = [logit(p) for p in posteriors]
    # lengths are whole numbers: summed as Python floats they are exactly the numpy sums
    ls, lt = ctx.ls.tolist(), ctx.lt.tolist()
    sfrag, tfrag = ctx.sfrag.tolist(), ctx.tfrag.tolist()
    scont, tcont = ctx.scont.tolist(), ctx.tcont.tolist()
    for k, (a, b, i, j) in enumerate(path):
        if a and b:
            sim = float(bc.sims[(a, b)][i, j - lo[i]])
        else:
            sim = float(best_src[i - 1] if a else best_tgt[j - 1])
        evidence = min(max((sim - bc.mu_r) / span, -1.0), 3.0)
        src_chars, tgt_chars = sum(ls[i - a : i]), sum(lt[j - b : j])
        cont_next = _cont(scont, i, a) and _cont(tcont, j, b)
        frag = any(sfrag[i - a : i]) or any(tfrag[j - b : j])
        lcost = _length_cost(src_chars, tgt_chars, ctx) if a and b else 0.0
        near = min(logits[max(k - 1, 0)], logits[min(k + 1, len(logits) - 1)])
        values = (
            logits[k],
            evidence,
            math.log1p(src_chars + tgt_chars),
            float(cont_next),
            float(frag),
            min(lcost, 10.0),
            near,
            sim,
            _copied(ctx, a, b, i, j),
        )
        out.append(BeadFeatures(bead_class(a, b), values))
    return out


def pass_evidence(bc, path) -> list[float]:
    """Only the evidence feature of each two-sided bead (0 for one-sided ones): what an earlier pass needs."""
    lo = bc.ctx.band.lo
    span = max(max(bc.mu_t, bc.mu_r + bc.ctx.params.min_evidence) - bc.mu_r, 1e-3)
    return [(float(bc.sims[(a, b)][i, j - lo[i]]) - bc.mu_r) / span if a and b else 0.0 for a, b, i, j in path]


def _length_cost(ls: float, lt: float, ctx) -> float:
    """features.gc_length_cost for one bead (scalars, no numpy)."""
    ls = max(ls, 1.0)
    delta = (lt - ctx.ratio * ls) / math.sqrt(ctx.var * ls)
    return -math.log(max(math.erfc(abs(delta) / math.sqrt(2.0)), 1e-12))


def _copied(ctx, a: int, b: int, i: int, j: int) -> float:
    """Share of word and number forms the two sides have in common (Jaccard): 1 for text copied unchanged."""
    if not (a and b):
        return 0.0
    src = {w for k in range(i - a, i) for w in (*ctx.st[k].words, *ctx.st[k].numbers)}
    tgt = {w for k in range(j - b, j) for w in (*ctx.tt[k].words, *ctx.tt[k].numbers)}
    union = src | tgt
    return len(src & tgt) / len(union) if union else 0.0


def _cont(flags: list[float], end: int, size: int) -> bool:
    """The segment after the bead (or the bead's first one) continues a sentence; a side with no segments agrees."""
    if size == 0:
        return True
    after = end < len(flags) and flags[end] > 0
    return bool(after or flags[end - size] > 0)


def _best_matches(bc) -> tuple[np.ndarray, np.ndarray]:
    """For every source and target sentence: its best 1-1 similarity inside the band."""
    ctx = bc.ctx
    sim = np.where(np.isfinite(bc.costs[(1, 1)]), bc.sims[(1, 1)], -np.inf)
    best_src = np.max(sim, axis=1)[1:] if ctx.n else np.zeros(0)
    best_tgt = np.full(ctx.m + 1, -np.inf)
    J = ctx.band.columns()
    np.maximum.at(best_tgt, np.minimum(J, ctx.m).ravel(), np.where(J <= ctx.m, sim, -np.inf).ravel())
    return np.maximum(best_src, 0.0), np.maximum(best_tgt[1:], 0.0)
