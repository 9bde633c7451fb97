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

from dataclasses import dataclass

import numpy as np

from .band import estimate_band, similarity_scale
from .dense import DENSE_SENTENCES, DenseFeatures
from .features import Tokens, build_space, capped_length_cost, is_leader, sentence_features
from .lextable import LexiconTable
from .params import BEAD_TYPES, AlignParams
from .scripts import cross_script, length_ratio_prior, with_skeletons
from .vectors import DenseVectors, FullDots, SparseVectors


class PairContext:
    """Everything about one document pair that does not change between passes."""

    def __init__(
        self,
        st: list[Tokens],
        tt: list[Tokens],
        src_text,
        tgt_text,
        sp,
        tp,
        params: AlignParams,
        langs: tuple[str | None, str | None] = (None, None),
    ) -> None:
        if cross_script(st, tt):  # names and borrowed words, compared by their consonants across alphabets
            st, tt = with_skeletons(st), with_skeletons(tt)
        self.st, self.tt, self.params = st, tt, params
        self.n, self.m = len(st), len(tt)
        self.ls = np.array([t.length for t in st], dtype=np.float64)
        self.lt = np.array([t.length for t in tt], dtype=np.float64)
        # Document length ratio, kept in a plausible range around what the two scripts' densities lead one to expect:
        # one side may hold much that the other lacks.
        expected = length_ratio_prior(*langs)
        doc_ratio = float(self.lt.sum() / max(self.ls.sum(), 1.0))
        self.ratio = min(max(doc_ratio, 0.8 * expected), 1.25 * expected)
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
        self.grid = StateGrid(self)
        short = self.band.is_full and self.n + self.m <= DENSE_SENTENCES
        self.dense = DenseFeatures(st, tt) if short else None

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

    def costs(self, lexicon: LexiconTable) -> BeadCosts:
        """The cost of every bead type in every band state, with the similarities behind them."""
        vectors, knowable = self._vectors(lexicon)
        bc = BeadCosts(self, vectors.band_dots(self.band), *vectors.group_norms())
        mu_r, mu_t = similarity_scale(vectors, bc.src_n2[1], bc.tgt_n2[1], bc.D, self.params.seed)
        bc.mu_r, bc.mu_t = mu_r, mu_t
        bc.scale = max(mu_t - mu_r, 1e-3)
        bc.src_known, bc.tgt_known = vectors.known_shares(knowable)
        bc.add_all()
        return bc

    def _vectors(self, lexicon: LexiconTable) -> tuple[DenseVectors | SparseVectors, np.ndarray]:
        """The sentence vectors of this pass (dense for a short pair), and which features a translation could show."""
        if self.dense is not None:
            A, B, knowable = self.dense.matrices(lexicon)
            return DenseVectors(A, B), knowable
        if self.tgt_feats is None:
            self.tgt_feats = [sentence_features(t) for t in self.tt]
            self.src_base = [sentence_features(t) for t in self.st]
        src_feats = [sentence_features(t, lexicon, base) for t, base in zip(self.st, self.src_base)]
        space = build_space(src_feats, self.tgt_feats)
        return SparseVectors(space), lexicon.knowable(space.names)


KEEP_FIXED_CELLS = 200_000  # band states up to which the pass-independent terms are kept for the next pass


@dataclass(frozen=True)
class FixedTerms:
    """Terms of the costs of some bead types that stay the same in every pass, stacked over the types."""

    ok: np.ndarray  # where each type may end
    paragraph: np.ndarray  # paragraph ends and spans
    groups: list[int]  # positions of the group types (more than one sentence on a side)
    group: np.ndarray  # their leader and continuation bonuses
    size: np.ndarray  # (a + b) / 2
    type_cost: np.ndarray  # how rare a bead of that shape is


class StateGrid:
    """Source and target positions of the band states, and the terms of each bead type that stay the same in every
    pass (where it may end, paragraph terms, leader and continuation bonuses).

    ``R`` is (n + 1, 1) and ``J`` is (1, m + 1) for a full search, (n + 1, width) otherwise: every array over the
    states is made by broadcasting them, so a short document needs no index arrays at all."""

    def __init__(self, ctx: PairContext) -> None:
        self.ctx = ctx
        band, n, m = ctx.band, ctx.n, ctx.m
        self.R = np.arange(n + 1)[:, None]
        self.J = np.arange(m + 1)[None, :] if band.is_full else band.columns()
        self.Jc = np.minimum(self.J, m)
        self.shape = (n + 1, band.width)
        self.src_len = _group_sums(ctx.ls)  # by group size 1..3, as rows 0..2
        self.tgt_len = _group_sums(ctx.lt)
        self._fixed: dict[tuple[tuple[int, int], ...], FixedTerms] = {}

    def fixed(self, types: tuple[tuple[int, int], ...]) -> FixedTerms:
        """What does not change between passes for beads of ``types``, stacked in their order (kept for the next pass
        when the band is small; a long document's would take more memory than they save time)."""
        got = self._fixed.get(types)
        if got is None:
            got = self._fixed_terms(types)
            if self.shape[0] * self.shape[1] <= KEEP_FIXED_CELLS:
                self._fixed[types] = got
        return got

    def _fixed_terms(self, types: tuple[tuple[int, int], ...]) -> FixedTerms:
        ctx, p, R, J = self.ctx, self.ctx.params, self.R, self.J
        column = (len(types), 1, 1)
        a = np.array([t[0] for t in types]).reshape(column)
        b = np.array([t[1] for t in types]).reshape(column)
        ok = (J <= ctx.m) & (R - a >= 0) & (J - b >= 0)
        mismatch = p.para_mismatch * (_boundaries(ctx.sp)[R] != _boundaries(ctx.tp)[self.Jc])
        spans = self._by_side(
            types,
            lambda k: p.para_span * (self._src_at(ctx.sp, k) != self._src_at(ctx.sp, 1)),
            lambda k: p.para_span * (self._tgt_at(ctx.tp, k) != self._tgt_at(ctx.tp, 1)),
        )
        groups = [k for k, (x, y) in enumerate(types) if x + y > 2]
        return FixedTerms(
            np.broadcast_to(ok, (len(types), *self.shape)),
            (mismatch + spans[0]) + spans[1],
            groups,
            self._group_bonus(tuple(types[k] for k in groups)),
            ((a + b) / 2).astype(np.float64),
            np.array([p.type_cost.get(t, 1.0) for t in types]).reshape(column),
        )

    def _by_side(self, types, src_term, tgt_term) -> tuple[np.ndarray, np.ndarray]:
        """``src_term(a)`` for the types with more than one source sentence, ``tgt_term(b)`` for those with more than
        one target sentence, 0 for the others: stacked over the types (source terms vary by row, target by column)."""
        n1, w = self.shape
        src = np.zeros((len(types), n1, 1))
        tgt = np.zeros((len(types), *self.J.shape))
        for k, (a, b) in enumerate(types):
            if a > 1:
                src[k] = src_term(a)
            if b > 1:
                tgt[k] = tgt_term(b)
        return src, tgt

    def _group_bonus(self, types: tuple[tuple[int, int], ...]) -> np.ndarray:
        """Bonuses for continuations and for sides that start with a leader, stacked over group ``types``."""
        ctx, p = self.ctx, self.ctx.params
        if not types:
            return np.zeros((0, *self.shape))
        zero = np.zeros((len(types), *self.shape))
        lead = self._by_side(types, lambda k: self._src_at(ctx.slead, k), lambda k: self._tgt_at(ctx.tlead, k))
        scont, tcont = _group_sums(ctx.scont), _group_sums(ctx.tcont)
        cont = self._by_side(types, lambda k: scont[k - 2][self.R], lambda k: tcont[k - 2][self.Jc])
        extra = np.array([a + b - 2 for a, b in types]).reshape(len(types), 1, 1)
        return -p.fragment_bonus * ((zero + lead[0]) + lead[1]) - p.continuation_bonus * np.minimum(
            (zero + cont[0]) + cont[1], extra
        )

    def _src_at(self, values: np.ndarray, back: int) -> np.ndarray:
        """``values`` of source sentence i - back for each state row i (clipped to the document)."""
        return values[np.minimum(np.maximum(self.R - back, 0), self.ctx.n - 1)]

    def _tgt_at(self, values: np.ndarray, back: int) -> np.ndarray:
        """``values`` of target sentence j - back for each state column j (clipped to the document)."""
        return values[np.minimum(np.maximum(self.J - back, 0), self.ctx.m - 1)]


class BeadCosts:
    """Cost arrays over the band for each bead type, and what they were made of."""

    def __init__(self, ctx: PairContext, D, src_n2: dict[int, np.ndarray], tgt_n2: dict[int, np.ndarray]) -> None:
        self.ctx, self.D, self.grid = ctx, D, ctx.grid
        self.src_n2, self.tgt_n2 = src_n2, tgt_n2
        self.costs: dict[tuple[int, int], np.ndarray] = {}
        self.sims: dict[tuple[int, int], np.ndarray] = {}
        self.stacked = np.zeros(0)
        self.mu_r = self.mu_t = self.scale = 0.0
        self.src_known = self.tgt_known = np.zeros(0)
        self._member_cache: dict[tuple[str, int], np.ndarray] = {}
        self._dots: dict[tuple[int, int], np.ndarray | int] = {}
        self._src_n2 = np.stack([src_n2[1], src_n2[2], src_n2[3]])  # by group size, as rows 0..2
        self._tgt_n2 = np.stack([tgt_n2[1], tgt_n2[2], tgt_n2[3]])

    def add_all(self) -> None:
        """Fill ``costs`` (and ``stacked``, the same arrays as one (n + 1, types, width) array for the search) and
        ``sims`` for every bead type: in one go for a full search, a type at a time in a band (less memory)."""
        g, p = self.grid, self.ctx.params
        self.stacked = np.empty((self.ctx.n + 1, len(BEAD_TYPES), g.shape[1]))
        two_sided = tuple(t for t in BEAD_TYPES if t[0] and t[1])
        groups = [two_sided] if isinstance(self.D, FullDots) else [(t,) for t in two_sided]
        for types in groups:
            cost, sim = self.bead_costs(types)
            for k, t in enumerate(types):
                self.stacked[:, BEAD_TYPES.index(t)] = cost[k]
                self.sims[t] = sim[k]
        for k, t in enumerate(BEAD_TYPES):
            if not (t[0] and t[1]):
                self.stacked[:, k] = np.where(g.fixed((t,)).ok[0], p.del_cost, np.inf)
            self.costs[t] = self.stacked[:, k]

    def restack(self) -> None:
        """Copy ``costs`` back into ``stacked`` after a caller replaced some of its arrays (the MT costs)."""
        for k, t in enumerate(BEAD_TYPES):
            if self.costs[t] is not self.stacked[:, k]:
                self.stacked[:, k] = self.costs[t]

    def bead_costs(self, types: tuple[tuple[int, int], ...]) -> tuple[np.ndarray, np.ndarray]:
        """The cost of two-sided beads of ``types`` ending in each state, and their similarity (both stacked over the
        types): all that decides a two-sided bead is added up here.

        Similarity (calibrated on the document, scaled with the bead's size), length, type and paragraph terms, and
        for a group the leader and continuation bonuses and the members the other side does not support. Every term
        is an array over (types, band states): a further per-bead cost is one more such array added to ``cost``.
        ``types`` is every two-sided type for a full search, one type at a time in a band."""
        ctx, p, g = self.ctx, self.ctx.params, self.grid
        fixed = g.fixed(types)
        dot = np.stack([self._dot(a, b) for a, b in types])
        a_rows = [a - 1 for a, _ in types]
        b_rows = [b - 1 for _, b in types]
        ns = self._src_n2[a_rows][:, :, None]
        nt = self._tgt_n2[b_rows][:, g.Jc]
        denom = np.sqrt(ns * nt)
        sim = np.divide(dot, denom, out=np.zeros(dot.shape), where=denom > 0)
        csim = np.minimum(np.maximum((self.mu_t - sim) / self.scale, p.sim_floor), 1.5)
        ls, lt = g.src_len[a_rows][:, :, None], g.tgt_len[b_rows][:, g.Jc]
        lcost = capped_length_cost(ls, lt, ctx.ratio, ctx.var, p.len_cap)
        cost = (
            p.sim_weight * (np.maximum(csim, 0.0) * fixed.size + np.minimum(csim, 0.0))
            + p.len_weight * lcost
            + fixed.type_cost
            + fixed.paragraph
        )
        if fixed.groups:
            extra = fixed.group
            if p.member_weight:
                unsupported = [self._unsupported(*types[k], ns[k], nt[k]) for k in fixed.groups]
                extra = extra + p.member_weight * np.stack(unsupported)
            cost[fixed.groups] = cost[fixed.groups] + extra
        return np.where(fixed.ok, cost, np.inf), sim

    def _dot(self, a: int, b: int) -> np.ndarray | int:
        """Dot product of the two sides of a bead (a, b) in each state: the sum of its cells, source row by source
        row (as ``sum`` over the cells would take them), each sum kept for the larger beads that extend it."""
        if a == 0:
            return 0
        if (a, b) not in self._dots:
            acc = self._dot(a - 1, b)
            for db in range(1, b + 1):
                acc = acc + self.D.cell(a, db)
            self._dots[(a, b)] = acc
        return self._dots[(a, b)]

    def _unsupported(self, a: int, b: int, ns, nt) -> np.ndarray:
        """How far the members of a group bead fall below the similarity of a translation to the other side, each
        weighted by the share of it that could be recognised on the other side at all."""
        if isinstance(self.D, FullDots):
            return self._unsupported_full(a, b)
        ctx, g = self.ctx, self.grid
        n, m = ctx.n, ctx.m
        out = np.zeros(g.shape)
        for side, size, other in (("src", a, b), ("tgt", b, a)):
            if size < 2:
                continue
            for d in range(1, size + 1):
                if side == "src":
                    k = np.clip(g.R - d, 0, n - 1)
                    dm = sum(self.D.cell(d, e) for e in range(1, other + 1))
                    den = np.sqrt(self.src_n2[1][k + 1] * nt)
                    known, free = self.src_known[k], np.maximum(ctx.sfrag[k], ctx.scont[k])
                else:
                    k = np.clip(g.Jc - d, 0, m - 1)
                    dm = sum(self.D.cell(e, d) for e in range(1, other + 1))
                    den = np.sqrt(self.tgt_n2[1][k + 1] * ns)
                    known, free = self.tgt_known[k], np.maximum(ctx.tfrag[k], ctx.tcont[k])
                out = out + self._shortfall(dm, den) * known * (1 - free)
        return out

    def _shortfall(self, dm: np.ndarray | float, den: np.ndarray) -> np.ndarray:
        """How far below a typical translation a member's similarity falls, in [0, 1]."""
        sim = np.divide(dm, den, out=np.zeros(np.shape(dm)), where=den > 0)
        return np.minimum(np.maximum((self.mu_t - sim) / self.scale - self.ctx.params.member_threshold, 0.0), 1.0)

    def _unsupported_full(self, a: int, b: int) -> np.ndarray:
        """``_unsupported`` for a full search: a member's shortfall depends on the member and the other side's group
        only, so it is computed once per group size and shifted into place for each bead type."""
        ctx = self.ctx
        n, m = ctx.n, ctx.m
        out = np.zeros(self.grid.shape)
        if a >= 2:
            src = self._members("src", b)
            for d in range(1, a + 1):
                out = out + src[3 - d : 4 - d + n]
        if b >= 2:
            tgt = self._members("tgt", a)
            for d in range(1, b + 1):
                out = out + tgt[:, 3 - d : 4 - d + m]
        return out

    def _members(self, side: str, other: int) -> np.ndarray:
        """Weighted shortfall of every sentence of ``side`` against every group of ``other`` sentences on the other
        side, padded with three rows (source) or columns (target) in front, as the states see them shifted."""
        key = (side, other)
        if key not in self._member_cache:
            ctx, D = self.ctx, self.D
            assert isinstance(D, FullDots)
            n, m = ctx.n, ctx.m
            if side == "src":  # row r: source sentence r; column j: target group j - other .. j - 1
                dm = sum(D.cell(0, e)[:n] for e in range(1, other + 1))
                den = np.sqrt(self.src_n2[1][1:, None] * self.tgt_n2[other][None, :])
                known, free = self.src_known[:, None], np.maximum(ctx.sfrag, ctx.scont)[:, None]
                out = np.zeros((n + 3, m + 1))
                out[3:] = self._shortfall(dm, den) * known * (1 - free)
            else:  # row i: source group i - other .. i - 1; column c: target sentence c
                dm = sum(D.cell(e, 0)[:, :m] for e in range(1, other + 1))
                den = np.sqrt(self.tgt_n2[1][None, 1:] * self.src_n2[other][:, None])
                known, free = self.tgt_known[None, :], np.maximum(ctx.tfrag, ctx.tcont)[None, :]
                out = np.zeros((n + 1, m + 3))
                out[:, 3:] = self._shortfall(dm, den) * known * (1 - free)
            self._member_cache[key] = out
        return self._member_cache[key]


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


def _group_sums(x: np.ndarray) -> np.ndarray:
    """sums[a - 1, i] = x[i-a] + ... + x[i-1] for states i = 0..n and a = 1..3 (0 where the group would start
    before 0)."""
    cs = np.concatenate([[0.0], np.cumsum(x)])
    out = np.zeros((3, len(x) + 1))
    for a in (1, 2, 3):
        if len(x) >= a:
            out[a - 1, a:] = cs[a:] - cs[:-a]
    return out
