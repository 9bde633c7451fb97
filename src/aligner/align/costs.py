"""Bead costs of one document pair: what a bead of each type costs in every state of the band.

A bead's cost adds up (all in the same units as the deletion cost):
- its similarity: the cosine of the summed vectors of its two sides, calibrated on the document (0 for a typical
  translation, 1 for a random pair), weighted by ``sim_weight`` and scaled with the size of the bead;
- its length: the Gale-Church cost of the two lengths under the document's length model;
- its type: how rare a bead of that shape is (``type_cost``), plus paragraph boundaries it crosses or breaks;
- for a group bead, each member that the other side does not support, in proportion to how much of that member a
  translation would have to show (numbers, punctuation, words the lexicons can translate, forms the other document
  uses), relative to a typical sentence: a short sentence, or one with nothing recognisable, is little evidence for
  leaving it out, so it may join its neighbour;
- minus a bonus for members that continue the previous segment (lower-case or comma start), and for each side of a
  group that starts with a leader (dots or an ellipsis without letters or digits, such as ". . . ." or "=> ..."): a
  leader is part of what follows it, never a unit of its own nor the tail of a heading. A rule ("-----") is a unit
  of its own and pairs with the other side's rule through its shape feature.
"""

from __future__ import annotations

import numpy as np

from .band import BandDots, estimate_band, similarity_scale
from .features import PREFIX, Tokens, build_space, gc_length_cost, is_leader, sentence_features
from .lexicon import Entries
from .params import BEAD_TYPES, AlignParams


class PairContext:
    """Everything about one document pair that does not change between passes."""

    def __init__(self, st: list[Tokens], tt: list[Tokens], src_text, tgt_text, sp, tp, params: AlignParams) -> None:
        self.st, self.tt, self.params = st, tt, params
        self.n, self.m = len(st), len(tt)
        self.ls = np.array([t.length for t in st], dtype=np.float64)
        self.lt = np.array([t.length for t in tt], dtype=np.float64)
        # Document length ratio, kept in a plausible range: one side may hold much that the other lacks.
        self.ratio = float(np.clip(self.lt.sum() / max(self.ls.sum(), 1.0), 0.8, 1.25))
        self.var = 6.8 * self.ratio
        self.sp = np.asarray(sp if sp is not None else np.zeros(self.n), dtype=np.int64)
        self.tp = np.asarray(tp if tp is not None else np.zeros(self.m), dtype=np.int64)
        self.band = estimate_band(st, tt, self.ls, self.lt, params)
        self.sfrag = np.array([t.fragment for t in st], dtype=np.float64)
        self.tfrag = np.array([t.fragment for t in tt], dtype=np.float64)
        self.slead = leaders(src_text)
        self.tlead = leaders(tgt_text)
        self.scont = continues(src_text)
        self.tcont = continues(tgt_text)
        self.tgt_feats: list[dict[str, float]] | None = None
        self.src_base: list[dict[str, float]] = []

    def refit_length(self, pairs: list[tuple[int, int]]) -> None:
        """Re-estimate the length model from the confident 1-1 beads of a pass."""
        if not pairs:
            return
        ls = self.ls[[p[0] for p in pairs]]
        lt = self.lt[[p[1] for p in pairs]]
        k, prior = len(pairs), 10.0  # few pairs: stay close to the first estimate
        ratio = float(lt.sum() / max(ls.sum(), 1.0))
        ratio = (k * ratio + prior * self.ratio) / (k + prior)
        resid = (lt - ratio * ls) ** 2 / np.maximum(ls, 1.0)
        var = (k * float(np.mean(resid)) + prior * self.var) / (k + prior)
        self.ratio, self.var = ratio, max(var, self.params.min_len_var)

    def costs(self, lexicon: Entries) -> BeadCosts:
        """The cost of every bead type in every band state, with the similarities behind them."""
        p = self.params
        if self.tgt_feats is None:
            self.tgt_feats = [sentence_features(t) for t in self.tt]
            self.src_base = [sentence_features(t) for t in self.st]
        src_feats = [sentence_features(t, lexicon, base) for t, base in zip(self.st, self.src_base)]
        space = build_space(src_feats, self.tgt_feats)
        A, B = space.src.to_scipy(), space.tgt.to_scipy()
        D = BandDots(A, B, self.band)
        bc = BeadCosts(self, A, B, D)
        mu_r, mu_t = similarity_scale(A, B, bc.src_n2[1], bc.tgt_n2[1], D, self.band, p.seed)
        bc.mu_r, bc.mu_t = mu_r, mu_t
        bc.scale = max(mu_t - mu_r, 1e-3)
        knowable = _knowable_features(space.names, lexicon)
        bc.src_known = _known_share(A, B, knowable)
        bc.tgt_known = _known_share(B, A, knowable)
        for a, b in BEAD_TYPES:
            bc.add(a, b)
        return bc


class BeadCosts:
    """Cost arrays over the band for each bead type, and what they were made of."""

    def __init__(self, ctx: PairContext, A, B, D: BandDots) -> None:
        self.ctx, self.D = ctx, D
        self.src_n2 = _group_norms(A)
        self.tgt_n2 = _group_norms(B)
        band = ctx.band
        self.R = np.arange(ctx.n + 1)[:, None].repeat(band.width, axis=1)
        self.J = band.columns()
        self.Jc = np.minimum(self.J, ctx.m)
        self.Rc = np.clip(self.R, 0, ctx.n)
        self.src_len = _group_sums(ctx.ls)
        self.tgt_len = _group_sums(ctx.lt)
        self.costs: dict[tuple[int, int], np.ndarray] = {}
        self.sims: dict[tuple[int, int], np.ndarray] = {}
        self.mu_r = self.mu_t = self.scale = 0.0
        self.src_known = self.tgt_known = np.zeros(0)

    def add(self, a: int, b: int) -> None:
        ctx, p, R, J = self.ctx, self.ctx.params, self.R, self.J
        ok = (J <= ctx.m) & (R - a >= 0) & (J - b >= 0)
        if b == 0:
            self.costs[(a, b)] = np.where(ok, p.del_cost, np.inf)
            return
        cells = {(da, db): self.D.get(R - da, J - db) for da in range(1, a + 1) for db in range(1, b + 1)}
        dot = sum(cells.values())
        ns = self.src_n2[a][self.Rc]
        nt = self.tgt_n2[b][self.Jc]
        denom = np.sqrt(ns * nt)
        sim = np.divide(dot, denom, out=np.zeros_like(dot), where=denom > 0)
        csim = np.clip((self.mu_t - sim) / self.scale, p.sim_floor, 1.5)
        lcost = gc_length_cost(self.src_len[a][self.Rc], self.tgt_len[b][self.Jc], ctx.ratio, ctx.var)
        size = (a + b) / 2
        cost = (
            p.sim_weight * (np.maximum(csim, 0.0) * size + np.minimum(csim, 0.0))
            + p.len_weight * np.minimum(lcost, p.len_cap)
            + p.type_cost.get((a, b), 1.0)
            + self._paragraph_terms(a, b)
        )
        if a + b > 2:
            cost = cost + self._group_terms(a, b, cells, ns, nt)
        self.costs[(a, b)] = np.where(ok, cost, np.inf)
        self.sims[(a, b)] = sim

    def _paragraph_terms(self, a: int, b: int) -> np.ndarray:
        ctx, p = self.ctx, self.ctx.params
        n, m = ctx.n, ctx.m
        out = p.para_mismatch * (_boundaries(ctx.sp)[self.Rc] != _boundaries(ctx.tp)[self.Jc])
        if a > 1:
            out = out + p.para_span * (ctx.sp[np.clip(self.R - a, 0, n - 1)] != ctx.sp[np.clip(self.R - 1, 0, n - 1)])
        if b > 1:
            out = out + p.para_span * (ctx.tp[np.clip(self.J - b, 0, m - 1)] != ctx.tp[np.clip(self.J - 1, 0, m - 1)])
        return out

    def _group_terms(self, a: int, b: int, cells, ns, nt) -> np.ndarray:
        """Bonuses for continuations and fragment runs, and the cost of members the other side does not support."""
        ctx, p = self.ctx, self.ctx.params
        extra = a + b - 2
        lead = np.zeros(self.R.shape)
        cont = np.zeros(self.R.shape)
        if a > 1:
            lead += ctx.slead[np.clip(self.R - a, 0, ctx.n - 1)]
            cont += _group_sums(ctx.scont)[a - 1][self.Rc]
        if b > 1:
            lead += ctx.tlead[np.clip(self.J - b, 0, ctx.m - 1)]
            cont += _group_sums(ctx.tcont)[b - 1][self.Jc]
        out = -p.fragment_bonus * lead - p.continuation_bonus * np.minimum(cont, extra)
        if p.member_weight:
            out = out + p.member_weight * self._unsupported(a, b, cells, ns, nt)
        return out

    def _unsupported(self, a: int, b: int, cells, ns, nt) -> np.ndarray:
        """How far the members of a group bead fall below the similarity of a translation to the other side, each
        weighted by the share of it that could be recognised on the other side at all."""
        ctx, thr = self.ctx, self.ctx.params.member_threshold
        n, m = ctx.n, ctx.m
        out = np.zeros(self.R.shape)
        for side, size, other in (("src", a, b), ("tgt", b, a)):
            if size < 2:
                continue
            for d in range(1, size + 1):
                if side == "src":
                    k = np.clip(self.R - d, 0, n - 1)
                    dm = sum(cells[(d, e)] for e in range(1, other + 1))
                    den = np.sqrt(self.src_n2[1][k + 1] * nt)
                    known, free = self.src_known[k], np.maximum(ctx.sfrag[k], ctx.scont[k])
                else:
                    k = np.clip(self.Jc - d, 0, m - 1)
                    dm = sum(cells[(e, d)] for e in range(1, other + 1))
                    den = np.sqrt(self.tgt_n2[1][k + 1] * ns)
                    known, free = self.tgt_known[k], np.maximum(ctx.tfrag[k], ctx.tcont[k])
                sim = np.divide(dm, den, out=np.zeros_like(dm), where=den > 0)
                excess = np.clip((self.mu_t - sim) / self.scale - thr, 0.0, 1.0)
                out += excess * known * (1 - free)
        return out


def _knowable_features(names: list[str], lexicon: Entries) -> np.ndarray:
    """Features that a translation would show whatever the other document says: numbers, punctuation, fragment shapes,
    and the words (and their cognate keys) that the lexicon can produce."""
    reachable = {t for cands in lexicon.values() for t, _ in cands}
    keys = {"w:" + t for t in reachable} | {"p:" + t[:PREFIX] for t in reachable if len(t) >= PREFIX}
    return np.array([n[:2] in ("n:", "x:", "f:") or n in keys for n in names], dtype=bool)


def _known_share(A, B, knowable: np.ndarray) -> np.ndarray:
    """For each row of A: how much evidence its absence on the other side would be, in [0, 1].

    What a translation of the sentence would have to show (features the lexicon can produce, forms the other document
    uses), as a vector norm relative to the document's typical sentence: a short sentence, or one made of words nobody
    can translate, is little evidence for leaving it out, however unlike its neighbours it looks."""
    present = (np.asarray((abs(B) > 0).sum(axis=0)).ravel() > 0) | knowable
    total = np.asarray(A.multiply(A).sum(axis=1)).ravel()
    Ak = A[:, np.flatnonzero(present)]
    known = np.asarray(Ak.multiply(Ak).sum(axis=1)).ravel()
    typical = float(np.median(np.sqrt(total))) if len(total) else 1.0
    return np.minimum(np.sqrt(known) / max(typical, 1e-9), 1.0)


def leaders(texts) -> np.ndarray:
    """1.0 for leader segments (". . . .", "=> ..."; see ``features.is_leader``): they lead into the segment after."""
    return np.array([is_leader(t) for t in texts], dtype=np.float64)


def continues(texts) -> np.ndarray:
    """1.0 for segments that read as the continuation of the previous one (a lower-case or comma start)."""
    out = np.zeros(len(texts))
    for k, text in enumerate(texts):
        body = text.lstrip()
        if body and (body[0].islower() or body[0] in ",;)]}"):
            out[k] = 1.0
    return out


def _boundaries(par: np.ndarray) -> np.ndarray:
    """For states 0..n: True where a paragraph ends (or the document starts/ends)."""
    n = len(par)
    out = np.ones(n + 1, dtype=bool)
    if n > 1:
        out[1:n] = par[:-1] != par[1:]
    return out


def _group_sums(x: np.ndarray) -> dict[int, np.ndarray]:
    """sums[a][i] = x[i-a] + ... + x[i-1] for states i = 0..n (0 where the group would start before 0)."""
    cs = np.concatenate([[0.0], np.cumsum(x)])
    out = {}
    for a in (1, 2, 3):
        s = np.zeros(len(x) + 1)
        s[a:] = cs[a:] - cs[:-a] if len(x) >= a else 0.0
        out[a] = s
    return out


def _group_norms(M) -> dict[int, np.ndarray]:
    """Squared norm of the sum of rows i-a .. i-1, for states i = 0..n and a = 1..3."""
    n = M.shape[0]
    g0 = np.asarray(M.multiply(M).sum(axis=1)).ravel()
    g1 = np.zeros(n)
    g2 = np.zeros(n)
    if n > 1:
        g1[:-1] = np.asarray(M[:-1].multiply(M[1:]).sum(axis=1)).ravel()
    if n > 2:
        g2[:-2] = np.asarray(M[:-2].multiply(M[2:]).sum(axis=1)).ravel()
    out = {a: np.zeros(n + 1) for a in (1, 2, 3)}
    out[1][1:] = g0
    if n >= 2:
        out[2][2:] = g0[:-1] + g0[1:] + 2 * g1[:-1]
    if n >= 3:
        out[3][3:] = g0[:-2] + g0[1:-1] + g0[2:] + 2 * (g1[:-2] + g1[1:-1] + g2[:-2])
    return out
