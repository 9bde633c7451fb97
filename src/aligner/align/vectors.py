"""The sentence vectors of one document pair, and what the bead costs take from them: dot products of the sentence
pairs in the band, squared norms of groups of consecutive sentences, dot products of random pairs, and how much of
each sentence the other side could show.

Long documents keep sparse matrices (scipy) and a banded store of dot products. A short document pair (a release of a
few dozen sentences) uses small dense arrays instead: a handful of numpy calls, none of the set-up that sparse
matrices cost. The two give the same numbers up to the last bits of a float (sums are taken in another order).
"""

from __future__ import annotations

import numpy as np

from .band import BandDots
from .dp import Band
from .features import FeatureSpace


class FullDots:
    """Dot products of every source row with every target row (the band holds every state)."""

    def __init__(self, vals: np.ndarray) -> None:
        self.n, self.m = vals.shape
        self.vals = vals
        self.dlo = np.zeros(self.n, dtype=np.int64)
        self.width = self.m
        self._padded = np.zeros((self.n + 3, self.m + 3))
        self._padded[3:, 3:] = vals

    def cell(self, da: int, db: int) -> np.ndarray:
        """(n + 1, m + 1): the dot product of source row i - da with target row j - db in state (i, j), 0 outside."""
        return self._padded[3 - da : 4 - da + self.n, 3 - db : 4 - db + self.m]


class SparseVectors:
    """Scipy CSR matrices of both sides (row = sentence, column = feature)."""

    def __init__(self, space: FeatureSpace) -> None:
        self.A, self.B = space.src.to_scipy(), space.tgt.to_scipy()

    def band_dots(self, band: Band) -> BandDots | FullDots:
        dots = BandDots(self.A, self.B, band)
        return FullDots(dots.vals) if band.is_full and dots.width == band.m else dots

    def group_norms(self) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        return _sparse_group_norms(self.A), _sparse_group_norms(self.B)

    def pair_dots(self, rs: np.ndarray, cs: np.ndarray, dots: BandDots | FullDots) -> np.ndarray:
        return np.asarray(self.A[rs].multiply(self.B[cs]).sum(axis=1)).ravel()

    def known_shares(self, knowable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return _sparse_known_share(self.A, self.B, knowable), _sparse_known_share(self.B, self.A, knowable)


class DenseVectors:
    """Dense arrays of both sides (``dense.DenseFeatures``), for a short document pair searched without a band."""

    def __init__(self, A: np.ndarray, B: np.ndarray) -> None:
        self.A, self.B = A, B

    def band_dots(self, band: Band) -> FullDots:
        return FullDots(self.A @ self.B.T)

    def group_norms(self) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        return _dense_group_norms(self.A), _dense_group_norms(self.B)

    def pair_dots(self, rs: np.ndarray, cs: np.ndarray, dots: BandDots | FullDots) -> np.ndarray:
        return dots.vals[rs, cs]

    def known_shares(self, knowable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        sq_a, sq_b = self.A * self.A, self.B * self.B
        return _known(sq_a, sq_b.any(axis=0) | knowable), _known(sq_b, sq_a.any(axis=0) | knowable)


def _known(sq: np.ndarray, present: np.ndarray) -> np.ndarray:
    """``_sparse_known_share`` on dense squared weights and the mask of columns a translation could show."""
    total = sq.sum(axis=1)
    known = sq[:, present].sum(axis=1)
    return _relative_share(total, known)


def _relative_share(total: np.ndarray, known: np.ndarray) -> np.ndarray:
    typical = float(np.median(np.sqrt(total))) if len(total) else 1.0
    return np.minimum(np.sqrt(known) / max(typical, 1e-9), 1.0)


def _sparse_known_share(A, B, knowable: np.ndarray) -> np.ndarray:
    """For each row of A: how much evidence its absence on the other side would be, in [0, 1].

    What a translation of the sentence would have to show (features the lexicon can produce, forms the other document
    uses), as a vector norm relative to the document's typical sentence: a short sentence, or one made of words nobody
    can translate, is little evidence for leaving it out, however unlike its neighbours it looks."""
    present = (np.asarray((abs(B) > 0).sum(axis=0)).ravel() > 0) | knowable
    total = np.asarray(A.multiply(A).sum(axis=1)).ravel()
    Ak = A[:, np.flatnonzero(present)]
    known = np.asarray(Ak.multiply(Ak).sum(axis=1)).ravel()
    return _relative_share(total, known)


def _sparse_group_norms(M) -> dict[int, np.ndarray]:
    """Squared norm of the sum of rows i-a .. i-1, for states i = 0..n and a = 1..3."""
    n = M.shape[0]
    g0 = np.asarray(M.multiply(M).sum(axis=1)).ravel()
    g1 = np.zeros(n)
    g2 = np.zeros(n)
    if n > 1:
        g1[:-1] = np.asarray(M[:-1].multiply(M[1:]).sum(axis=1)).ravel()
    if n > 2:
        g2[:-2] = np.asarray(M[:-2].multiply(M[2:]).sum(axis=1)).ravel()
    return _combine_norms(g0, g1, g2)


def _dense_group_norms(M: np.ndarray) -> dict[int, np.ndarray]:
    n = M.shape[0]
    g0 = (M * M).sum(axis=1)
    g1 = np.zeros(n)
    g2 = np.zeros(n)
    if n > 1:
        g1[:-1] = (M[:-1] * M[1:]).sum(axis=1)
    if n > 2:
        g2[:-2] = (M[:-2] * M[2:]).sum(axis=1)
    return _combine_norms(g0, g1, g2)


def _combine_norms(g0: np.ndarray, g1: np.ndarray, g2: np.ndarray) -> dict[int, np.ndarray]:
    """From squared row norms (g0) and dot products of rows one (g1) and two (g2) apart, to group norms by size."""
    n = len(g0)
    out = {a: np.zeros(n + 1) for a in (1, 2, 3)}
    out[1][1:] = g0
    if n >= 2:
        out[2][2:] = g0[:-1] + g0[1:] + 2 * g1[:-1]
    if n >= 3:
        out[3][3:] = g0[:-2] + g0[1:-1] + g0[2:] + 2 * (g1[:-2] + g1[1:-1] + g2[:-2])
    return out
