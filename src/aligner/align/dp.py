"""Banded dynamic programming over bead costs, and traceback.

States are (i, j): ``i`` source and ``j`` target sentences consumed. Row ``i`` of the band holds the columns
``lo[i] .. lo[i] + width - 1`` (clipped to ``0..m``); ``lo`` never decreases, so memory is ``(n + 1) * width``.
A bead of type (a, b) ending in state (i, j) covers source sentences ``i-a .. i-1`` and target ``j-b .. j-1``.
Costs are given per type as arrays over the band; the (0, 1) bead (a target sentence with no source) costs a constant,
which lets each row be finished with a cumulative minimum instead of a Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INF = np.inf


@dataclass(frozen=True)
class Band:
    lo: np.ndarray  # (n + 1,) first column of each state row, non-decreasing
    width: int
    n: int
    m: int

    def __post_init__(self) -> None:
        if self.lo.shape != (self.n + 1,):
            raise ValueError("band lo must have n + 1 entries")
        if self.lo[0] != 0 or not (self.lo[-1] <= self.m < self.lo[-1] + self.width):
            raise ValueError("band must contain the start and end states")
        if np.any(np.diff(self.lo) < 0):
            raise ValueError("band lo must not decrease")

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        return cls(np.zeros(n + 1, dtype=np.int64), m + 1, n, m)

    def columns(self) -> np.ndarray:
        """(n + 1, width) target index of every band cell (may exceed m: such cells are invalid)."""
        return self.lo[:, None] + np.arange(self.width)[None, :]


def run_dp(band: Band, types: tuple[tuple[int, int], ...], costs: dict[tuple[int, int], np.ndarray], ins_cost: float):
    """Fill the band and return the beads of the cheapest path as [(a, b, i_end, j_end)], plus the cost table.

    ``costs[(a, b)]`` is an ``(n + 1, width)`` array: the cost of that bead ending in each state (``inf`` where it
    cannot end). ``types`` must not contain (0, 0) or (0, 1); (0, 1) costs ``ins_cost`` everywhere.
    """
    n, m, w = band.n, band.m, band.width
    for t, arr in costs.items():
        if arr.shape != (n + 1, w):
            raise ValueError(f"cost array for bead {t} has shape {arr.shape}, expected {(n + 1, w)}")
    lo = band.lo
    cols = np.arange(w)
    C = np.full((n + 1, w), INF)
    back = np.full((n + 1, w), -1, dtype=np.int8)
    ins_type = len(types)
    for i in range(n + 1):
        valid = lo[i] + cols <= m
        best = np.full(w, INF)
        arg = np.full(w, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0 if lo[0] == 0 else INF
        else:
            for k_type, (a, b) in enumerate(types):
                if a > i:
                    continue
                # prev[k] = C[i - a, k + s]: the state (i - a, j - b) for j = lo[i] + k
                s = int(lo[i] - lo[i - a] - b)
                k0, k1 = max(0, -s), min(w, w - s)
                if k0 >= k1:
                    continue
                cand = costs[(a, b)][i, k0:k1] + C[i - a, k0 + s : k1 + s]
                seg = best[k0:k1]
                better = cand < seg
                seg[better] = cand[better]
                arg[k0:k1][better] = k_type
        # (0, 1) beads: C[k] = min(best[k], C[k-1] + ins) == k*ins + cummin(best[k] - k*ins)
        shifted = best - cols * ins_cost
        run = np.minimum.accumulate(shifted) + cols * ins_cost
        use_ins = run < best - 1e-9 * (1.0 + np.abs(run))
        C[i] = np.where(valid, np.where(use_ins, run, best), INF)
        back[i] = np.where(use_ins, ins_type, arg)
    # traceback
    k = m - lo[n]
    if not (0 <= k < w) or not np.isfinite(C[n, k]):
        raise RuntimeError("no alignment path inside the band")
    beads = []
    i, j = n, m
    all_types = (*types, (0, 1))
    while i > 0 or j > 0:
        t = back[i, j - lo[i]]
        if t < 0:
            raise RuntimeError("broken traceback")
        a, b = all_types[t]
        beads.append((a, b, i, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads, C


def _row_scan(x: np.ndarray, step: float) -> np.ndarray:
    """y[k] = logaddexp(x[k], y[k-1] - step): the (0, 1) beads of one row, in the log domain."""
    k = np.arange(len(x)) * step
    with np.errstate(invalid="ignore"):
        out = np.logaddexp.accumulate(x + k) - k
    return np.where(np.isnan(out), -INF, out)


def bead_posteriors(
    band: Band,
    types: tuple[tuple[int, int], ...],
    costs: dict[tuple[int, int], np.ndarray],
    ins_cost: float,
    path: list[tuple[int, int, int, int]],
    temperature: float = 1.0,
) -> list[float]:
    """Posterior probability of each bead of ``path`` over all alignments in the band, weighted by exp(-cost/T).

    The forward-backward counterpart of :func:`run_dp`: a bead that has a near-equal alternative (a 1-0 bead that
    could as well be half of a 2-1) gets a posterior near 0.5, one without any gets a posterior near 1.
    """
    n, m, w = band.n, band.m, band.width
    lo = band.lo
    cols = np.arange(w)
    scores = {t: -c / temperature for t, c in costs.items()}
    ins = ins_cost / temperature
    F = np.full((n + 1, w), -INF)
    for i in range(n + 1):
        acc = np.full(w, -INF)
        if i == 0:
            acc[0] = 0.0
        for a, b in types:
            if a > i:
                continue
            s = int(lo[i] - lo[i - a] - b)
            k0, k1 = max(0, -s), min(w, w - s)
            if k0 < k1:
                acc[k0:k1] = np.logaddexp(acc[k0:k1], scores[(a, b)][i, k0:k1] + F[i - a, k0 + s : k1 + s])
        F[i] = np.where(lo[i] + cols <= m, _row_scan(acc, ins), -INF)
    Bk = np.full((n + 1, w), -INF)
    for i in range(n, -1, -1):
        acc = np.full(w, -INF)
        if i == n:
            acc[m - lo[n]] = 0.0
        for a, b in types:
            if i + a > n:
                continue
            # successor state (i + a, j + b) for j = lo[i] + k sits at column k - s of row i + a
            s = int(lo[i + a] - lo[i] - b)
            k0, k1 = max(0, s), min(w, w + s)
            if k0 < k1:
                nxt = scores[(a, b)][i + a, k0 - s : k1 - s] + Bk[i + a, k0 - s : k1 - s]
                acc[k0:k1] = np.logaddexp(acc[k0:k1], nxt)
        Bk[i] = np.where(lo[i] + cols <= m, _row_scan(acc[::-1], ins)[::-1], -INF)
    total = F[n, m - lo[n]]
    out = []
    for a, b, i, j in path:
        ip, jp = i - a, j - b
        inside = -ins if (a, b) == (0, 1) else scores[(a, b)][i, j - lo[i]]
        logp = F[ip, jp - lo[ip]] + inside + Bk[i, j - lo[i]] - total
        out.append(float(np.exp(min(logp, 0.0))))
    return out
