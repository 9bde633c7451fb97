"""Sentence-level chrF (sacrebleu's ``CHRF()``: character 6-grams, beta 2, white space removed, effective-order
averaging) for every cell of an alignment band at once.

sacrebleu scores one hypothesis against one reference with Python counters; the aligner needs the score of every
source group (its machine translation) against every target group the search may pair it with, hundreds of thousands
of pairs per document. The numbers are the same, computed with sparse matrix products:

- the matched n-gram count of two texts is ``sum over n-grams g of min(count_h(g), count_r(g))``; giving each text one
  binary feature per *occurrence* ``(g, k)`` (its k-th ``g``, k = 1..count) turns that sum into a dot product;
- the n-gram counts of each side give the precision and recall of each order, and the F-score follows sacrebleu's
  ``_compute_f_score`` operation for operation, so the floating-point result is the same.

``tests/test_chrf.py`` checks equality with ``sacrebleu.CHRF().sentence_score`` on many pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

ORDER = 6  # sacrebleu's CHRF.CHAR_ORDER
BETA = 2  # sacrebleu's CHRF.BETA
_EPS = 1e-16


@dataclass
class NgramRows:
    """Occurrence features of texts for each n-gram order, in one feature space shared by every text given."""

    mats: list  # per order n = 1..ORDER: scipy CSR (texts x features), 1.0 per n-gram occurrence
    counts: np.ndarray  # (ORDER, texts): number of n-grams of each order in each text

    def rows(self, start: int, stop: int) -> NgramRows:
        return NgramRows([m[start:stop] for m in self.mats], self.counts[:, start:stop])


def ngram_rows(texts: Sequence[str], order: int = ORDER) -> NgramRows:
    """Character n-gram occurrence features of ``texts``, white space removed as sacrebleu removes it."""
    from scipy.sparse import csr_matrix

    stripped = ["".join(t.split()) for t in texts]
    lengths = np.array([len(s) for s in stripped], dtype=np.int64)
    rows = len(stripped)
    counts = np.maximum(lengths[None, :] - np.arange(order)[:, None], 0)
    total = int(lengths.sum())
    if total == 0:
        return NgramRows([csr_matrix((rows, 1)) for _ in range(order)], counts)
    chars = np.frombuffer("".join(stripped).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    row_of = np.repeat(np.arange(rows), lengths)
    left = lengths[row_of] - (np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths))  # chars to row end
    base = int(chars.max()) + 1
    gram = np.zeros(total, dtype=np.int64)  # compact id of the (n-1)-gram starting at each position
    mats = []
    for n in range(1, order + 1):
        p = np.flatnonzero(left >= n)
        key = gram[p] * base + chars[p + n - 1]  # the n-gram at p: the (n-1)-gram at p, then the character at p+n-1
        ids, mat = _occurrences(key, row_of[p], rows, csr_matrix)
        gram[p] = ids
        mats.append(mat)
    return NgramRows(mats, counts)


def _occurrences(key: np.ndarray, row: np.ndarray, rows: int, csr_matrix):
    """Compact n-gram ids of ``key`` (in its order) and the occurrence matrix: the k-th occurrence of n-gram g in a
    text sets column (g, k). One stable sort: positions come in text order, so equal keys stay sorted by text."""
    if len(key) == 0:
        return np.zeros(0, dtype=np.int64), csr_matrix((rows, 1))
    order = np.argsort(key, kind="stable")
    skey, srow = key[order], row[order]
    new_gram = np.r_[True, skey[1:] != skey[:-1]]
    gid = np.cumsum(new_gram) - 1
    idx = np.arange(len(skey))
    run_start = np.maximum.accumulate(np.where(new_gram | np.r_[True, srow[1:] != srow[:-1]], idx, 0))
    rank = idx - run_start
    width = np.maximum.reduceat(rank + 1, np.flatnonzero(new_gram))  # the most occurrences of each n-gram in a text
    offset = np.cumsum(width) - width
    col = offset[gid] + rank
    ids = np.empty(len(key), dtype=np.int64)
    ids[order] = gid
    mat = csr_matrix((np.ones(len(srow), dtype=np.float32), (srow, col)), shape=(rows, int(width.sum())))
    return ids, mat


def band_dots(H, R, lo: np.ndarray, width: int, chunk: int = 256) -> np.ndarray:
    """``out[i, k] = H[i] . R[lo[i] + k]`` (0 past the last row of R): dot products over a band of columns."""
    nh, nr = H.shape[0], R.shape[0]
    out = np.zeros((nh, width))
    for r0 in range(0, nh, chunk):
        r1 = min(nh, r0 + chunk)
        c0 = int(lo[r0])
        c1 = int(min(nr, lo[r1 - 1] + width))
        if c0 >= c1:
            continue
        sub = _dots(H[r0:r1], R[c0:c1])
        k = lo[r0:r1, None] - c0 + np.arange(width)[None, :]
        ok = k < sub.shape[1]
        got = np.take_along_axis(sub, np.minimum(k, sub.shape[1] - 1), axis=1)
        out[r0:r1] = np.where(ok, got, 0.0)
    return out


def _dots(H, R) -> np.ndarray:
    """``H @ R.T`` as a dense array: through BLAS when the product is large and its features few and dense enough
    (character unigrams and bigrams of long documents), else as a sparse product."""
    cells = H.shape[1] * (H.shape[0] + R.shape[0])
    if H.shape[0] * R.shape[0] >= 10_000 and cells <= 8_000_000 and H.nnz + R.nnz >= 0.01 * cells:
        return H.toarray() @ R.toarray().T
    return (H @ R.T).toarray()


def band_chrf(hyp: NgramRows, ref: NgramRows, lo: np.ndarray, width: int) -> PrecRec:
    """chrF statistics of hypothesis row i against reference row ``lo[i] + k``, for every band cell ``(i, k)``."""
    cols = np.minimum(lo[:, None] + np.arange(width)[None, :], ref.counts.shape[1] - 1)
    order = len(hyp.mats)
    matches = [band_dots(hyp.mats[n], ref.mats[n], lo, width) for n in range(order)]
    n_hyp = [np.broadcast_to(hyp.counts[n][:, None], cols.shape) for n in range(order)]
    n_ref = [ref.counts[n][cols] for n in range(order)]
    return averaged(matches, n_hyp, n_ref)


@dataclass
class PrecRec:
    """Character n-gram precision and recall averaged over the effective orders, as sacrebleu averages them."""

    prec: np.ndarray
    rec: np.ndarray

    def f(self, beta: int = BETA) -> np.ndarray:
        """chrF (0-100): the last step of sacrebleu's ``CHRF._compute_f_score``."""
        factor = beta**2
        den = factor * self.prec + self.rec
        top = (1 + factor) * self.prec * self.rec
        score = np.divide(top, den, out=np.zeros(np.shape(top)), where=(self.prec + self.rec) > 0)
        return 100 * score


def averaged(matches, n_hyp, n_ref) -> PrecRec:
    """sacrebleu's ``CHRF._compute_f_score`` up to the F-score (effective-order averaging), element-wise."""
    shape = np.shape(matches[0])
    avg_prec = np.zeros(shape)
    avg_rec = np.zeros(shape)
    effective = np.zeros(shape)
    for match, nh, nr in zip(matches, n_hyp, n_ref):
        nh = np.where(nr > 0, nh, 0)  # sacrebleu counts no hypothesis n-grams where the reference has none
        both = (nh > 0) & (nr > 0)
        prec = np.divide(match, nh, out=np.zeros(shape), where=both)
        rec = np.divide(match, nr, out=np.zeros(shape), where=both)
        avg_prec = avg_prec + prec
        avg_rec = avg_rec + rec
        effective = effective + both
    avg_prec = np.divide(avg_prec, effective, out=np.zeros(shape), where=effective > 0)
    avg_rec = np.divide(avg_rec, effective, out=np.zeros(shape), where=effective > 0)
    return PrecRec(avg_prec, avg_rec)


def pairwise_chrf(hyps: Sequence[str], refs: Sequence[str], beta: int = BETA) -> np.ndarray:
    """chrF (0-100) of ``hyps[k]`` against ``refs[k]`` for every k."""
    k = len(hyps)
    if k == 0:
        return np.zeros(0)
    rows = ngram_rows([*hyps, *refs])
    H, R = rows.rows(0, k), rows.rows(k, 2 * k)
    matches = [np.asarray(h.multiply(r).sum(axis=1)).ravel() for h, r in zip(H.mats, R.mats)]
    return averaged(matches, list(H.counts), list(R.counts)).f(beta)


def sentence_chrf(hyp: str, ref: str, beta: int = BETA) -> float:
    """chrF of one pair, through the same code as the band (equal to ``sacrebleu.CHRF().sentence_score``)."""
    rows = ngram_rows([hyp, ref])
    matches = [np.array((m[0] @ m[1].T).toarray()[0, 0]) for m in rows.mats]
    return float(averaged(matches, list(rows.counts[:, 0]), list(rows.counts[:, 1])).f(beta))
