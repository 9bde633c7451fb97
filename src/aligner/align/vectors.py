"""The sentence vectors of one document pair, and what the bead costs take from them: dot products of the sentence
pairs in the band, squared norms of groups of consecutive sentences, dot products of random pairs, and how much of
each sentence the other side could show.

Long documents keep sparse matrices (scipy) and a banded store of dot products. A short document pair (a release of a
few dozen sentences) uses small dense arrays instead: a handful of numpy calls, none of the set-up that sparse
matrices cost. The two give the same numbers up to the last bits of a float (sums are taken in another order).
"""

from __future__ import annotations

import numpy as np

from .band import BandDots, median
from .blas import product
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

    def best_similarities(self, src_n2: np.ndarray, tgt_n2: np.ndarray) -> np.ndarray:
        """The best 1-1 similarity of each source sentence with any target sentence."""
        den = np.sqrt(src_n2[1:, None] * tgt_n2[None, 1:])
        return np.divide(self.vals, den, out=np.zeros_like(self.vals), where=den > 0).max(axis=1)

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
        self._gram_a, self._gram_b = product(A, A.T), product(B, B.T)  # row norms, neighbouring rows' dots

    def band_dots(self, band: Band) -> FullDots:
        return FullDots(product(self.A, self.B.T))

    def group_norms(self) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        return _gram_group_norms(self._gram_a), _gram_group_norms(self._gram_b)

    def pair_dots(self, rs: np.ndarray, cs: np.ndarray, dots: BandDots | FullDots) -> np.ndarray:
        return dots.vals[rs, cs]

    def known_shares(self, knowable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        in_a, in_b = self.A.any(axis=0), self.B.any(axis=0)
        return (
            _known(self.A, np.diagonal(self._gram_a), in_b | knowable),
            _known(self.B, np.diagonal(self._gram_b), in_a | knowable),
        )


def _known(M: np.ndarray, total: np.ndarray, present: np.ndarray) -> np.ndarray:
    """``_sparse_known_share`` for dense rows ``M`` with squared norms ``total``, and the mask of columns a
    translation could show."""
    return _relative_share(total, product(M * M, present.astype(np.float64)[:, None])[:, 0])


def _relative_share(total: np.ndarray, known: np.ndarray) -> np.ndarray:
    typical = median(np.sqrt(total)) if len(total) else 1.0
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


def _gram_group_norms(G: np.ndarray) -> dict[int, np.ndarray]:
    """``_sparse_group_norms`` from the Gram matrix of the rows."""
    n = len(G)
    g0 = np.diagonal(G)
    g1 = np.zeros(n)
    g2 = np.zeros(n)
    if n > 1:
        g1[:-1] = np.diagonal(G, 1)
    if n > 2:
        g2[:-2] = np.diagonal(G, 2)
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
