"""Sentence vectors of a short document pair as dense arrays, built from feature ids (``vocab.py``).

The same vectors as ``features.sentence_features`` and ``features.build_space`` make (each sentence's own features
with weight 1, the lexicon's translations of its words with their weight, the highest where a feature comes twice,
then IDF over both sides), without a dictionary per sentence or an index per pass: the ids of a sentence's own
features are found once per document, those a lexicon adds to a word once per process, and each pass is a handful of
numpy calls over a few thousand ids. Columns are in id order, not in order of appearance: sums over them may differ
from the sparse path in the last bits of a float.
"""

from __future__ import annotations

import numpy as np

from . import vocab
from .features import Tokens
from .lextable import LexiconTable

DENSE_SENTENCES = 120  # documents pairs with at most this many sentences in all (and searched in full) go dense


class DenseFeatures:
    """The own features of every sentence of a document pair, as (row, feature id) pairs, one of each; and which
    source sentences hold which words, for the lexicon's translations."""

    def __init__(self, st: list[Tokens], tt: list[Tokens]) -> None:
        self.n, self.m = len(st), len(tt)
        self.src_rows, self.src_ids = _own(st)
        self.tgt_rows, self.tgt_ids = _own(tt)
        index: dict[str, int] = {}
        self.occ_words = np.array([index.setdefault(w, len(index)) for t in st for w in t.words], dtype=np.int64)
        self.occ_rows = np.repeat(np.arange(self.n, dtype=np.int64), [len(t.words) for t in st])
        self.words = list(index)
        self._index = index
        self._base_ids: tuple[object, list] = (None, [])  # the translations of the words under the shared table

    def matrices(self, lexicon: LexiconTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """IDF-weighted dense vectors of both sides under ``lexicon``, and which columns a translation could show
        whatever the other side says (``LexiconTable.knowable``)."""
        rows, ids, weights = self._translations(lexicon)
        k1, k2 = len(self.src_ids), len(self.src_ids) + len(ids)
        every = np.concatenate([self.src_ids, ids, self.tgt_ids])
        columns = _unique(every)
        col = np.searchsorted(columns, every)
        A = np.zeros((self.n, len(columns)))
        A[self.src_rows, col[:k1]] = 1.0
        np.maximum.at(A, (rows, col[k1:k2]), weights)
        B = np.zeros((self.m, len(columns)))
        B[self.tgt_rows, col[k2:]] = 1.0
        df = (A > 0).sum(axis=0) + (B > 0).sum(axis=0)
        idf = np.maximum(np.log((self.n + self.m + 1) / (df + 0.5)), 0.05)
        A *= idf
        B *= idf
        return A, B, lexicon.knowable_ids(columns)

    def _translations(self, lexicon: LexiconTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, feature id, weight) of what the lexicon adds to each source sentence, through each of its words."""
        if not lexicon:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        per_word = self._per_word(lexicon)
        lens = np.array([len(ids) for ids, _ in per_word], dtype=np.int64)
        flat_ids = np.array([i for ids, _ in per_word for i in ids], dtype=np.int64)
        flat_w = np.array([w for _, ws in per_word for w in ws], dtype=np.float64)
        # each occurrence of a word in a sentence takes the word's run of ids
        runs = lens[self.occ_words]
        starts = np.cumsum(lens) - lens
        at = np.arange(int(runs.sum())) + np.repeat(starts[self.occ_words] - (np.cumsum(runs) - runs), runs)
        return np.repeat(self.occ_rows, runs), flat_ids[at], flat_w[at]

    def _per_word(self, lexicon: LexiconTable) -> list[tuple[tuple[int, ...], tuple[float, ...]]]:
        """What the lexicon adds for each word of the source side: looked up once per document in the shared table,
        then again only for the words a later pass has learned."""
        shared, per_word = self._base_ids
        if shared is not lexicon.shared:
            per_word = lexicon.shared_table().translation_ids(self.words)
            self._base_ids = (lexicon.shared, per_word)
        learned = [w for w in lexicon.learned if w in self._index]
        if learned:
            per_word = list(per_word)
            for w, got in zip(learned, lexicon.translation_ids(learned)):
                per_word[self._index[w]] = got
        return per_word


def _own(toks: list[Tokens]) -> tuple[np.ndarray, np.ndarray]:
    """(row, feature id) of each sentence's own features (a feature twice in a sentence is there twice)."""
    per_row = [vocab.own_ids(t) for t in toks]
    rows = np.repeat(np.arange(len(toks), dtype=np.int64), [len(x) for x in per_row])
    return rows, np.array([i for x in per_row for i in x], dtype=np.int64)


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (``np.unique`` without its set-up, which costs more than the sort on a few hundred)."""
    s = np.sort(values)
    return s[np.concatenate(([True], s[1:] != s[:-1]))] if len(s) else s
