"""Where the search runs: the band of DP states around a path through anchor sentences, the dot products inside it,
and the document's own similarity scale (random pairs against best matches)."""

from __future__ import annotations

import bisect

import numpy as np

from .dp import Band
from .params import AlignParams


def median(x: np.ndarray) -> float:
    """``np.median`` of a small 1-d array without NaN (the same value, for a fraction of its set-up)."""
    s = np.sort(x)
    k = len(s) // 2
    return float(s[k]) if len(s) % 2 else float((s[k - 1] + s[k]) / 2)


class BandDots:
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
        self._rows = np.arange(n + 1)[:, None]
        self._cols = band.columns()

    def cell(self, da: int, db: int) -> np.ndarray:
        """(n + 1, width): the dot product of source row i - da with target row j - db in each band state, 0 outside."""
        return self.get(self._rows - da, self._cols - db)

    def best_similarities(self, src_n2: np.ndarray, tgt_n2: np.ndarray) -> np.ndarray:
        """The best 1-1 similarity of each source sentence among the band's columns."""
        m = self.m
        cols = self.dlo[:, None] + np.arange(self.width)[None, :]
        den_b = np.sqrt(src_n2[1:, None] * tgt_n2[np.minimum(cols, m - 1) + 1])
        simb = np.divide(self.vals, den_b, out=np.zeros_like(self.vals), where=(den_b > 0) & (cols < m))
        return simb.max(axis=1)

    def get(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        rr = np.clip(r, 0, self.n - 1)
        k = c - self.dlo[rr]
        ok = (r >= 0) & (r < self.n) & (c >= 0) & (c < self.m) & (k >= 0) & (k < self.width)
        return np.where(ok, self.vals[rr, np.clip(k, 0, self.width - 1)], 0.0)


def similarity_scale(vectors, src_n2, tgt_n2, D, seed: int) -> tuple[float, float]:
    """Typical 1-1 similarity of unrelated sentences (random pairs) and of translations (best match in the band)."""
    n, m = D.n, D.m
    rs, cs = _random_pairs(n, m, seed)
    dots = vectors.pair_dots(rs, cs, D)
    den = np.sqrt(src_n2[rs + 1] * tgt_n2[cs + 1])
    rand = np.divide(dots, den, out=np.zeros_like(dots), where=den > 0)
    best = D.best_similarities(src_n2, tgt_n2)
    mu_r = float(np.mean(rand))
    mu_t = median(best)
    if mu_t <= mu_r:
        mu_t = mu_r + 0.1
    return mu_r, mu_t


_PAIRS: dict[tuple[int, int, int], tuple[np.ndarray, np.ndarray]] = {}


def _random_pairs(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The random sentence pairs (source rows, target rows) that set the similarity of unrelated sentences: the same
    for every document of the same size, so drawn once per process and size (releases come in a few dozen sizes)."""
    key = (n, m, seed)
    if key not in _PAIRS:
        if len(_PAIRS) >= 256:
            _PAIRS.clear()
        rng = np.random.default_rng(seed)
        k = min(2000, n * m)
        _PAIRS[key] = (rng.integers(0, n, k), rng.integers(0, m, k))
    return _PAIRS[key]


def estimate_band(st, tt, ls, lt, params: AlignParams) -> Band:
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
        where: dict[tuple[str, str], list[int]] = {}
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
