"""The offline sentence aligner: features, calibration, banded DP, lexicon bootstrapping, confidence.

Pass 1 aligns on what the texts share by themselves (names, numbers, cognates, punctuation) plus sentence length and
paragraph structure. Its confident beads teach a bilingual lexicon; pass 2 aligns again with it. Similarity and length
scales, the deletion cost and the length model are calibrated on the documents themselves, and every value used is
returned in ``Alignment.params``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..model import Alignment, Bead
from .dp import Band, run_dp
from .features import Tokens, build_space, gc_length_cost, sentence_features, tokenize
from .lexicon import Lexicon, learn_lexicon
from .params import BEAD_TYPES, AlignParams


def align_sentences(
    src: Sequence[str],
    tgt: Sequence[str],
    src_paragraphs: Sequence[int] | None = None,
    tgt_paragraphs: Sequence[int] | None = None,
    params: AlignParams | None = None,
) -> Alignment:
    """Align two lists of sentences. Every sentence ends up in exactly one bead, in order."""
    params = params or AlignParams()
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        beads = tuple(Bead((i,), (), 1.0) for i in range(n)) + tuple(Bead((), (j,), 1.0) for j in range(m))
        return Alignment(beads, n, m, {"aligner": params.as_dict(), "note": "one side is empty"})
    st = [tokenize(s) for s in src]
    tt = [tokenize(t) for t in tgt]
    ctx = _Context(st, tt, src, tgt, src_paragraphs, tgt_paragraphs, params)
    lexicon: Lexicon = {}
    run = None
    history = []
    for p in range(max(1, params.passes)):
        run = ctx.align(lexicon)
        history.append({"pass": p + 1, "lexicon_entries": len(lexicon), "mean_confidence": run.mean_conf})
        if p + 1 < params.passes:
            lexicon = learn_lexicon(
                run.confident_word_pairs(st, tt), params.lex_min_count, params.lex_min_dice, params.lex_top
            )
            ctx.refit_length(run)
    assert run is not None
    info = {
        "aligner": params.as_dict(),
        "calibration": run.calibration,
        "band_width": int(ctx.band.width),
        "full_search": bool(ctx.band.width == m + 1),
        "passes": history,
    }
    return Alignment(tuple(run.beads), n, m, info)


@dataclass
class _Run:
    beads: list[Bead]
    calibration: dict
    learn_scores: list[float] = field(default_factory=list)  # margin confidences that pass 2 learns from

    @property
    def mean_conf(self) -> float:
        return round(float(np.mean([b.score for b in self.beads])) if self.beads else 0.0, 4)

    def confident_word_pairs(self, st: list[Tokens], tt: list[Tokens], threshold: float = 0.5, limit: int = 1500):
        """Word sets of confident beads (evenly sampled down to ``limit`` beads for long documents)."""
        beads = [b for b, s in zip(self.beads, self.learn_scores) if b.src and b.tgt and s >= threshold]
        step = max(1, -(-len(beads) // limit))
        for b in beads[::step]:
            yield (
                {w for i in b.src for w in st[i].words},
                {w for j in b.tgt for w in tt[j].words},
            )


class _Context:
    """Everything about one document pair that does not change between passes."""

    def __init__(self, st, tt, src_text, tgt_text, sp, tp, params: AlignParams) -> None:
        self.st, self.tt, self.params = st, tt, params
        self.n, self.m = len(st), len(tt)
        self.ls = np.array([t.length for t in st], dtype=np.float64)
        self.lt = np.array([t.length for t in tt], dtype=np.float64)
        # Document length ratio, kept in a plausible range: one side may hold much that the other lacks.
        self.ratio = float(np.clip(self.lt.sum() / max(self.ls.sum(), 1.0), 0.8, 1.25))
        self.var = 6.8 * self.ratio
        self.sp = np.asarray(sp if sp is not None else np.zeros(self.n), dtype=np.int64)
        self.tp = np.asarray(tp if tp is not None else np.zeros(self.m), dtype=np.int64)
        self.band = _estimate_band(st, tt, self.ls, self.lt, params)
        self.tgt_feats = None
        self.type_cost = dict(params.type_cost)
        self.del_cost = params.del_cost
        self.sempty = np.array([not (t.words or t.numbers) for t in st], dtype=np.float64)
        self.tempty = np.array([not (t.words or t.numbers) for t in tt], dtype=np.float64)
        self.sfrag = _continues(src_text)
        self.tfrag = _continues(tgt_text)

    def refit_length(self, run: _Run) -> None:
        """Re-estimate the length model from the confident 1-1 beads of a pass."""
        pairs = [(b.src[0], b.tgt[0]) for b, s in zip(run.beads, run.learn_scores) if b.kind == "1-1" and s >= 0.5]
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

    def align(self, lexicon: Lexicon) -> _Run:
        p = self.params
        src_feats = [sentence_features(t, lexicon) for t in self.st]
        if self.tgt_feats is None:
            self.tgt_feats = [sentence_features(t) for t in self.tt]
        tgt_feats = self.tgt_feats
        space = build_space(src_feats, tgt_feats)
        A = space.src.to_scipy()
        B = space.tgt.to_scipy()
        band = self.band
        n, m, w = self.n, self.m, band.width
        D = _BandDots(A, B, band)
        src_n2 = _group_norms(A)
        tgt_n2 = _group_norms(B)
        mu_r, mu_t = _calibrate(A, B, src_n2[1], tgt_n2[1], D, band, p.seed)
        scale = max(mu_t - mu_r, 1e-3)

        R = np.arange(n + 1)[:, None].repeat(w, axis=1)
        J = band.columns()
        valid_state = J <= m
        src_len = _group_sums(self.ls)
        tgt_len = _group_sums(self.lt)
        src_pb = _boundaries(self.sp)
        tgt_pb = _boundaries(self.tp)
        costs: dict[tuple[int, int], np.ndarray] = {}
        sims: dict[tuple[int, int], np.ndarray] = {}
        Jc = np.minimum(J, m)
        for a, b in BEAD_TYPES:
            ok = valid_state & (R - a >= 0) & (J - b >= 0)
            if b == 0:
                costs[(a, b)] = np.where(ok, self.del_cost, np.inf)
                continue
            cells = {(da, db): D.get(R - da, J - db) for da in range(1, a + 1) for db in range(1, b + 1)}
            dot = sum(cells.values())
            ns = src_n2[a][np.clip(R, 0, n)]
            nt = tgt_n2[b][Jc]
            denom = np.sqrt(ns * nt)
            sim = np.divide(dot, denom, out=np.zeros_like(dot), where=denom > 0)
            csim = np.clip((mu_t - sim) / scale, p.sim_floor, 1.5)
            lcost = gc_length_cost(src_len[a][np.clip(R, 0, n)], tgt_len[b][Jc], self.ratio, self.var)
            lcost = np.minimum(lcost, p.len_cap)
            cost = (
                p.sim_weight * (np.maximum(csim, 0.0) * _scale(p.group_scale, a, b) + np.minimum(csim, 0.0))
                + p.len_weight * lcost
                + self.type_cost.get((a, b), 1.0)
            )
            cost = cost + p.para_mismatch * (src_pb[np.clip(R, 0, n)] != tgt_pb[Jc])
            if a > 1:
                cost = cost + p.para_span * (self.sp[np.clip(R - a, 0, n - 1)] != self.sp[np.clip(R - 1, 0, n - 1)])
            if b > 1:
                cost = cost + p.para_span * (self.tp[np.clip(J - b, 0, m - 1)] != self.tp[np.clip(J - 1, 0, m - 1)])
            if a + b > 2:
                # continuation segments after the first of their group
                frags = _group_sums(self.sempty)[a][np.clip(R, 0, n)] + _group_sums(self.tempty)[b][Jc]
                cont = np.zeros_like(cost)
                if a > 1:
                    cont += _group_sums(self.sfrag)[a - 1][np.clip(R, 0, n)]
                if b > 1:
                    cont += _group_sums(self.tfrag)[b - 1][Jc]
                cost = cost - p.fragment_bonus * np.minimum(frags, a + b - 2)
                cost = cost - p.continuation_bonus * np.minimum(cont, a + b - 2)
            if p.member_weight and (a > 1 or b > 1):
                cost = cost + p.member_weight * self._unsupported(
                    a, b, cells, R, Jc, ns, nt, src_n2, tgt_n2, mu_t, scale
                )
            costs[(a, b)] = np.where(ok, cost, np.inf)
            sims[(a, b)] = sim
        path, _ = run_dp(band, BEAD_TYPES, costs, self.del_cost)
        csim11 = np.where(np.isfinite(costs[(1, 1)]), (mu_t - sims[(1, 1)]) / scale, np.inf)
        # Absolute evidence: the calibration above takes the document's own best matches as "translations"; when the
        # two texts are not translations of each other those are weak, so confidence also asks for a similarity
        # clearly above random pairs (at least ``min_evidence`` over their mean).
        ref = max(mu_t, mu_r + p.min_evidence)
        evidence = {t: (ref - v) / max(ref - mu_r, 1e-3) for t, v in sims.items()}
        beads, learn = self._beads_with_confidence(path, costs, csim11, evidence)
        calibration = {
            "length_ratio": round(self.ratio, 4),
            "length_variance": round(self.var, 3),
            "similarity_random": round(mu_r, 4),
            "similarity_true": round(mu_t, 4),
            "lexicon_entries": len(lexicon),
            "deletion_cost": round(self.del_cost, 3),
            "type_costs": {f"{a}-{b}": round(c, 3) for (a, b), c in self.type_cost.items()},
        }
        return _Run(beads, calibration, learn)

    def _unsupported(self, a, b, cells, R, Jc, ns, nt, src_n2, tgt_n2, mu_t, scale) -> np.ndarray:
        """How far the members of a group bead fall below the similarity of a translation to the other side.

        A sentence merged into a bead should be supported by the other side; one that looks like a random pair (and
        is not a fragment) is better left unaligned.
        """
        n, m = self.n, self.m
        out = np.zeros(R.shape)
        thr = self.params.member_threshold
        if a > 1:
            for da in range(1, a + 1):
                r = np.clip(R - da, 0, n - 1)
                dm = sum(cells[(da, db)] for db in range(1, b + 1))
                den = np.sqrt(src_n2[1][r + 1] * nt)
                sim = np.divide(dm, den, out=np.zeros_like(dm), where=den > 0)
                excess = np.clip((mu_t - sim) / scale - thr, 0.0, 1.0)
                out += excess * (1 - np.maximum(self.sempty[r], self.sfrag[r]))
        if b > 1:
            for db in range(1, b + 1):
                c = np.clip(Jc - db, 0, m - 1)
                dm = sum(cells[(da, db)] for da in range(1, a + 1))
                den = np.sqrt(tgt_n2[1][c + 1] * ns)
                sim = np.divide(dm, den, out=np.zeros_like(dm), where=den > 0)
                excess = np.clip((mu_t - sim) / scale - thr, 0.0, 1.0)
                out += excess * (1 - np.maximum(self.tempty[c], self.tfrag[c]))
        return out

    def _beads_with_confidence(self, path, costs, csim11: np.ndarray, evidence: dict) -> tuple[list[Bead], list[float]]:
        """Confidence of each bead, in [0, 1].

        A bead with both sides: a logistic of how much cheaper it is than leaving its sentences unaligned, capped by
        a logistic of its absolute similarity evidence (low when the texts are not translations of each other).
        A one-sided bead: a logistic of how unlike its sentence is to every sentence it could have been paired with
        (its best calibrated similarity cost in the band; 0 is a typical translation, 1 a random pair).
        """
        lo = self.band.lo
        d = self.del_cost
        tau = d / 2.5
        J = self.band.columns()
        best_src = np.min(csim11, axis=1)
        best_tgt = np.full(self.m + 1, np.inf)
        np.minimum.at(best_tgt, np.minimum(J, self.m).ravel(), np.where(J <= self.m, csim11, np.inf).ravel())

        def logistic(x: float) -> float:
            if not np.isfinite(x):
                return 1.0 if x > 0 else 0.0
            return 1.0 / (1.0 + math.exp(-min(max(x, -50.0), 50.0)))

        beads, learn = [], []
        ev_at = self.params.evidence_threshold
        for a, b, i, j in path:
            if a and b:
                margin = ((a + b) * d - float(costs[(a, b)][i, j - lo[i]])) / tau
                ev = float(evidence[(a, b)][i, j - lo[i]])
                # pass 2 learns from beads with some evidence (a looser cap), so a misfiled pair teaches little
                learn.append(logistic(min(margin, (ev_at + self.params.learn_evidence_slack - ev) / 0.12)))
                margin = min(margin, (ev_at - ev) / 0.12)
            else:
                best = float(best_src[i] if a else best_tgt[j])
                margin = (best - 0.6) / 0.12
                learn.append(logistic(margin))
            beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), round(float(logistic(margin)), 4)))
        return beads, learn


def _continues(texts) -> np.ndarray:
    """1.0 for segments that read as the continuation of the previous one (a lower-case or comma start)."""
    out = np.zeros(len(texts))
    for k, text in enumerate(texts):
        body = text.lstrip()
        if body and (body[0].islower() or body[0] in ",;)]}"):
            out[k] = 1.0
    return out


def _scale(kind: str, a: int, b: int) -> float:
    return {"mean": (a + b) / 2, "min": min(a, b), "max": max(a, b)}[kind]


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


class _BandDots:
    """Dot products of source row r with target rows near the band, stored as a dense band."""

    def __init__(self, A, B, band: Band) -> None:
        n, m = A.shape[0], B.shape[0]
        lo = band.lo
        nxt = lo[np.minimum(np.arange(n) + 3, n)]
        self.dlo = np.maximum(lo[1:] - 3, 0) if n else np.zeros(0, dtype=np.int64)
        self.width = int(min(m, band.width + 3 + int(np.max(nxt - lo[1:])) if n else 0))
        self.n, self.m = n, m
        self.vals = np.zeros((n, max(self.width, 1)))
        Bt = B.T.tocsc()
        chunk = 512
        for r0 in range(0, n, chunk):
            r1 = min(n, r0 + chunk)
            c0 = int(self.dlo[r0])
            c1 = int(min(m, self.dlo[r1 - 1] + self.width))
            sub = (A[r0:r1] @ Bt[:, c0:c1]).toarray()
            k = self.dlo[r0:r1, None] - c0 + np.arange(self.width)[None, :]
            okk = k < sub.shape[1]
            rows = np.arange(r1 - r0)[:, None].repeat(self.width, axis=1)
            self.vals[r0:r1] = np.where(okk, sub[rows, np.minimum(k, sub.shape[1] - 1)], 0.0)

    def get(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        rr = np.clip(r, 0, self.n - 1)
        k = c - self.dlo[rr]
        ok = (r >= 0) & (r < self.n) & (c >= 0) & (c < self.m) & (k >= 0) & (k < self.width)
        return np.where(ok, self.vals[rr, np.clip(k, 0, self.width - 1)], 0.0)


def _calibrate(A, B, src_n2, tgt_n2, D: _BandDots, band: Band, seed: int) -> tuple[float, float]:
    """Typical 1-1 similarity of unrelated sentences (random pairs) and of translations (best match in the band)."""
    n, m = A.shape[0], B.shape[0]
    rng = np.random.default_rng(seed)
    k = min(2000, n * m)
    rs = rng.integers(0, n, k)
    cs = rng.integers(0, m, k)
    dots = np.asarray(A[rs].multiply(B[cs]).sum(axis=1)).ravel()
    den = np.sqrt(src_n2[rs + 1] * tgt_n2[cs + 1])
    rand = np.divide(dots, den, out=np.zeros_like(dots), where=den > 0)
    # best match of each source sentence among band columns
    cols = D.dlo[:, None] + np.arange(D.width)[None, :]
    den_b = np.sqrt(src_n2[1:, None] * tgt_n2[np.minimum(cols, m - 1) + 1])
    simb = np.divide(D.vals, den_b, out=np.zeros_like(D.vals), where=(den_b > 0) & (cols < m))
    best = simb.max(axis=1)
    mu_r = float(np.mean(rand))
    mu_t = float(np.median(best))
    if mu_t <= mu_r:
        mu_t = mu_r + 0.1
    return mu_r, mu_t


def _estimate_band(st, tt, ls, lt, params: AlignParams) -> Band:
    """Full search for documents of moderate size; otherwise a band around a path through anchor sentences.

    Anchors are sentence pairs sharing a word of 5+ letters or a number that occurs exactly once in each document; the
    longest chain of anchors increasing on both sides gives the path, linearly interpolated between anchors.
    """
    n, m = len(st), len(tt)
    if (n + 1) * (m + 1) <= params.full_cells:
        return Band.full(n, m)
    ai, aj = _anchor_chain(st, tt)
    ai = np.concatenate([[0], ai, [n]]).astype(np.float64)
    aj = np.concatenate([[0], aj, [m]]).astype(np.float64)
    # gaps between consecutive anchors where the two sides advance differently need a wider band
    dev = np.abs(np.diff(aj) - np.diff(ai) * (m / max(n, 1)))
    # the band must also be wider than the steepest slope of the path, or no path fits in it
    slope = int(np.max(np.diff(aj) / np.maximum(np.diff(ai), 1))) if len(ai) > 1 else 1
    half = int(min(max(params.min_band, np.max(dev) / 2 + 10, slope + 10), max(n, m)))
    centre = np.interp(np.arange(n + 1), ai, aj)
    lo = np.clip(np.round(centre).astype(np.int64) - half, 0, m)
    lo = np.maximum.accumulate(lo)
    lo[0] = 0
    width = 2 * half + 1
    lo = np.minimum(lo, m)  # the last row must reach m
    if lo[-1] + width <= m:
        lo[-1] = m - width + 1
        lo = np.minimum.accumulate(lo[::-1])[::-1]
        lo[0] = 0
    return Band(lo, width, n, m)


def _anchor_chain(st, tt) -> tuple[np.ndarray, np.ndarray]:
    def rare(toks):
        where: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            for f in {("w", w) for w in t.words if len(w) >= 5} | {("n", x) for x in t.numbers if len(x) >= 2}:
                where.setdefault(f, []).append(i)
        return {f: rows[0] for f, rows in where.items() if len(rows) == 1}

    rs, rt = rare(st), rare(tt)
    pairs = sorted({(i, rt[f]) for f, i in rs.items() if f in rt})
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # longest chain strictly increasing in both i and j (patience sorting on j, ties in i broken by j descending)
    pairs.sort(key=lambda p: (p[0], -p[1]))
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tails_idx.append(k)
        else:
            tails[pos] = j
            tails_idx[pos] = k
        prev[k] = tails_idx[pos - 1] if pos else -1
    chain = []
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        chain.append(pairs[k])
        k = prev[k]
    chain.reverse()
    return np.array([c[0] for c in chain]), np.array([c[1] for c in chain])
