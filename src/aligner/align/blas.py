"""Products of small dense arrays, kept on the calling thread.

OpenBLAS splits a matrix product over threads once it holds about a million multiplications. On a machine whose cores
are busy (a run's other worker, other people's work) its threads spin while they wait for each other, and a product of
a fraction of a millisecond costs tens of milliseconds of CPU. The aligner's products are small: each is made of
products under that size, which OpenBLAS runs on one thread (equal to one product up to rounding: the kernels may sum
in another order).
"""

from __future__ import annotations

import numpy as np

ONE_THREAD = 500_000  # multiplications per product; OpenBLAS 0.3 goes multithreaded from about 1,000,000


def product(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """``X @ Y`` for 2-d arrays, in blocks of rows and columns small enough for one thread."""
    n, k = X.shape
    m = Y.shape[1]
    if n * m * k <= ONE_THREAD:
        return X @ Y
    cols = min(m, max(1, ONE_THREAD // max(k, 1)))
    rows = min(n, max(1, ONE_THREAD // max(cols * k, 1)))
    out = np.empty((n, m))
    for c in range(0, m, cols):
        Yc = np.ascontiguousarray(Y[:, c : c + cols])
        for r in range(0, n, rows):
            out[r : r + rows, c : c + cols] = X[r : r + rows] @ Yc
    return out
