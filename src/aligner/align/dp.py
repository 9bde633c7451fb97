"""Banded dynamic programming over bead costs, and traceback.

States are (i, j): ``i`` source and ``j`` target sentences consumed. Row ``i`` of the band holds the columns
``lo[i] .. lo[i] + width - 1`` (clipped to ``0..m``); ``lo`` never decreases, so memory is ``(n + 1) * width``.
A bead of type (a, b) ending in state (i, j) covers source sentences ``i-a .. i-1`` and target ``j-b .. j-1``.
Costs are given per type as arrays over the band; the (0, 1) bead (a target sentence with no source) costs a constant,
which lets each row be finished with a cumulative minimum instead of a Python loop.

Each row is computed for all bead types at once: the state each bead starts from (or, going backwards, leads to) is
looked up through a table of flat band indices made once per search, so a row costs a dozen numpy operations whatever
the number of types. Ties go to the earlier type, and log-sums are taken over the types in their order, exactly as a
loop over the types would.
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

    @property
    def is_full(self) -> bool:
        """Every state is in the band: row ``i`` holds columns ``0 .. m``."""
        return self.width == self.m + 1 and not self.lo.any()

    def columns(self) -> np.ndarray:
        """(n + 1, width) target index of every band cell (may exceed m: such cells are invalid)."""
        return self.lo[:, None] + np.arange(self.width)[None, :]


_GEOMETRY: dict[tuple, tuple[np.ndarray, np.ndarray, dict[int, np.ndarray]]] = {}
_GEOMETRY_CELLS = 10_000  # bands up to this many states (100 x 100) keep their geometry: 0.6 MB at most each


def _geometry(band: Band, types: tuple[tuple[int, int], ...]) -> tuple[np.ndarray, np.ndarray, dict[int, np.ndarray]]:
    """The links of every state to the states its beads start from and lead to, and the partly valid rows: the same
    for every search of a band of that shape (both passes of a document, and every release of the same size)."""
    key = (band.n, band.m, band.width, band.lo.tobytes(), types)
    got = _GEOMETRY.get(key)
    if got is None:
        got = (_links(band, types, forward=True), _links(band, types, forward=False), _partial_rows(band))
        if (band.n + 1) * band.width <= _GEOMETRY_CELLS:
            if len(_GEOMETRY) >= 64:
                _GEOMETRY.clear()
            _GEOMETRY[key] = got
    return got


def _partial_rows(band: Band) -> dict[int, np.ndarray]:
    """The rows whose band runs past column ``m``, with the mask of their valid cells."""
    valid = band.columns() <= band.m
    return {int(i): valid[i] for i in np.flatnonzero(~valid.all(axis=1))}


def _links(band: Band, types: tuple[tuple[int, int], ...], forward: bool) -> np.ndarray:
    """(n + 1, T, width) flat band index (row * width + column) of the state a bead of each type starts from (forward)
    or leads to (backward), for every state; ``(n + 1) * width`` (a sentinel cell) where that state is outside."""
    n, w, lo = band.n, band.width, band.lo
    a = np.array([t[0] for t in types], dtype=np.int64)[None, :, None]
    b = np.array([t[1] for t in types], dtype=np.int64)[None, :, None]
    i = np.arange(n + 1)[:, None, None]
    k = np.arange(w)[None, None, :]
    other = i - a if forward else i + a
    inside = (other >= 0) & (other <= n)
    oc = np.clip(other, 0, n)
    col = k + lo[i] - lo[oc] + (-b if forward else b)
    ok = inside & (col >= 0) & (col < w)
    index = np.intp if (n + 1) * w >= 2**31 - 1 else np.int32
    return np.where(ok, oc * w + col, (n + 1) * w).astype(index)


def stack_costs(band: Band, types: tuple[tuple[int, int], ...], costs: dict[tuple[int, int], np.ndarray]) -> np.ndarray:
    """The cost arrays of ``types`` as one (n + 1, T, width) array (checking their shapes)."""
    n, w = band.n, band.width
    for t in types:
        if costs[t].shape != (n + 1, w):
            raise ValueError(f"cost array for bead {t} has shape {costs[t].shape}, expected {(n + 1, w)}")
    return np.stack([costs[t] for t in types], axis=1)


def run_dp(
    band: Band,
    types: tuple[tuple[int, int], ...],
    costs: dict[tuple[int, int], np.ndarray],
    ins_cost: float,
    stacked: np.ndarray | None = None,
):
    """Fill the band and return the beads of the cheapest path as [(a, b, i_end, j_end)], plus the cost table.

    ``costs[(a, b)]`` is an ``(n + 1, width)`` array: the cost of that bead ending in each state (``inf`` where it
    cannot end). ``types`` must not contain (0, 0) or (0, 1); (0, 1) costs ``ins_cost`` everywhere. ``stacked``, when
    given, holds the same arrays as ``stack_costs`` would make of them.
    """
    n, w = band.n, band.width
    stacked = stack_costs(band, types, costs) if stacked is None else stacked
    prev, _, partial = _geometry(band, types)
    flat = np.full((n + 1) * w + 1, INF)  # the cost table, row after row, and the sentinel
    C = flat[:-1].reshape(n + 1, w)
    arg = np.zeros((n + 1, w), dtype=np.intp)  # the cheapest bead type ending in each state
    ins = np.zeros((n + 1, w), dtype=bool)  # ... unless a (0, 1) bead is cheaper
    steps = np.arange(w) * ins_cost
    best = np.full(w, INF)
    best[0] = 0.0
    with np.errstate(invalid="ignore"):  # inf - inf where neither a bead nor a (0, 1) bead reaches a state
        for i in range(n + 1):
            if i:
                cand = stacked[i] + flat[prev[i]]
                cand.argmin(axis=0, out=arg[i])  # the first of equal candidates, as a loop over the types keeps
                best = cand.min(axis=0)
            # (0, 1) beads: C[k] = min(best[k], C[k-1] + ins) == k*ins + cummin(best[k] - k*ins)
            run = np.minimum.accumulate(best - steps) + steps
            use_ins = np.less(run, best - 1e-9 * (1.0 + np.abs(run)), out=ins[i])
            row = np.where(use_ins, run, best)
            C[i] = np.where(partial[i], row, INF) if i in partial else row
    return _traceback(band, types, C, arg, ins), C


def _traceback(band: Band, types, C: np.ndarray, arg: np.ndarray, ins: np.ndarray) -> list[tuple[int, int, int, int]]:
    n, m, w, lo = band.n, band.m, band.width, band.lo
    k = m - lo[n]
    if not (0 <= k < w) or not np.isfinite(C[n, k]):
        raise RuntimeError("no alignment path inside the band")
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        k = j - lo[i]
        if ins[i, k]:
            a, b = 0, 1
        elif i and np.isfinite(C[i, k]):
            a, b = types[arg[i, k]]
        else:
            raise RuntimeError("broken traceback")
        beads.append((a, b, i, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _row_scan(x: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """y[k] = logaddexp(x[k], y[k-1] - step) with ``steps = arange(len(x)) * step``: the (0, 1) beads of one row,
    in the log domain."""
    out = np.logaddexp.accumulate(x + steps) - steps
    # a NaN, once there, runs to the end of the row: the last value tells whether there is one
    return np.where(np.isnan(out), -INF, out) if np.isnan(out[-1]) else out


def bead_posteriors(
    band: Band,
    types: tuple[tuple[int, int], ...],
    costs: dict[tuple[int, int], np.ndarray],
    ins_cost: float,
    path: list[tuple[int, int, int, int]],
    temperature: float = 1.0,
    stacked: np.ndarray | None = None,
) -> list[float]:
    """Posterior probability of each bead of ``path`` over all alignments in the band, weighted by exp(-cost/T).

    The forward-backward counterpart of :func:`run_dp`: a bead that has a near-equal alternative (a 1-0 bead that
    could as well be half of a 2-1) gets a posterior near 0.5, one without any gets a posterior near 1.
    """
    n, m, lo = band.n, band.m, band.lo
    scores = -(stack_costs(band, types, costs) if stacked is None else stacked) / temperature
    ins = ins_cost / temperature
    prev, nxt, partial = _geometry(band, types)
    a, b, i, j = (np.array(x, dtype=np.int64) for x in zip(*path)) if path else [np.zeros(0, dtype=np.int64)] * 4
    kind = np.array([types.index(t) if t in types else -1 for t in zip(a.tolist(), b.tolist())], dtype=np.int64)
    inside = np.where(kind < 0, -ins, scores[i, np.maximum(kind, 0), j - lo[i]])
    F = _forward(band, scores, ins, prev, partial)
    Bk = _backward(band, scores, ins, nxt, partial)
    ip, jp = i - a, j - b
    logp = F[ip, jp - lo[ip]] + inside + Bk[i, j - lo[i]] - F[n, m - lo[n]]
    return np.exp(np.minimum(logp, 0.0)).tolist()


def _forward(band: Band, scores: np.ndarray, ins: float, prev: np.ndarray, partial: dict) -> np.ndarray:
    """Log-sum of the weights of all partial alignments ending in each state."""
    n, w = band.n, band.width
    steps = np.arange(w) * ins
    flat = np.full((n + 1) * w + 1, -INF)
    F = flat[:-1].reshape(n + 1, w)
    acc = np.full(w, -INF)
    acc[0] = 0.0
    with np.errstate(invalid="ignore"):
        for i in range(n + 1):
            if i:
                acc = np.logaddexp.reduce(scores[i] + flat[prev[i]], axis=0)
            row = _row_scan(acc, steps)
            F[i] = np.where(partial[i], row, -INF) if i in partial else row
    return F


def _backward(band: Band, scores: np.ndarray, ins: float, nxt: np.ndarray, partial: dict) -> np.ndarray:
    """Log-sum of the weights of all partial alignments from each state to the end."""
    n, m, w, lo = band.n, band.m, band.width, band.lo
    # the score of the bead that leads out of each state, by type: scores of the state it leads to
    T = scores.shape[1]
    by_type = np.concatenate([scores.transpose(1, 0, 2).reshape(T, -1), np.full((T, 1), -INF)], axis=1)
    out_scores = by_type[np.arange(T)[None, :, None], nxt]
    del by_type  # a long document's arrays are large: one less at a time
    steps = np.arange(w) * ins
    flat = np.full((n + 1) * w + 1, -INF)
    Bk = flat[:-1].reshape(n + 1, w)
    acc = np.full(w, -INF)
    acc[m - lo[n]] = 0.0
    with np.errstate(invalid="ignore"):
        for i in range(n, -1, -1):
            if i < n:
                acc = np.logaddexp.reduce(out_scores[i] + flat[nxt[i]], axis=0)
            row = _row_scan(acc[::-1], steps)[::-1]
            Bk[i] = np.where(partial[i], row, -INF) if i in partial else row
    return Bk
