"""Sentence features for alignment: what two texts share without any model.

Each sentence becomes a sparse, IDF-weighted vector over shared features:
- ``w:`` a word form (lower-cased, accents stripped): names, acronyms, borrowed words, and — through the bilingual
  lexicon learned from the documents — translations;
- ``p:`` a cognate key (the first letters of longer words: ``président``/``president``, ``Expedition``/``expédition``);
- ``n:`` a number, digits only, so ``1 000,5`` and ``1,000.5`` match;
- ``x:`` punctuation that survives translation: question and exclamation marks, quotes, parentheses, colons, %.
Source-side words are mapped through the lexicon into target words, so the dot product of two vectors measures how much
of one sentence is found in the other.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import regex

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}]*|\p{N}+(?:[.,\u00a0\u202f ]\p{N}{3})*(?:[.,]\p{N}+)?|[^\s\p{L}\p{N}]")
_PUNCT = {
    "?": "x:?", "!": "x:!", ":": "x::", "(": "x:(", ")": "x:)", "%": "x:%", ";": "x:;",
    "«": "x:q", "»": "x:q", "“": "x:q", "”": "x:q", '"': "x:q", "„": "x:q", "‹": "x:q", "›": "x:q",
    "€": "x:€", "$": "x:$", "£": "x:£", "–": "x:-", "—": "x:-",
}
PREFIX = 5


def fold(word: str) -> str:
    """Lower-case and strip accents: the form words are compared in."""
    w = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in w if not unicodedata.combining(ch)).replace("ß", "ss").replace("œ", "oe")


@dataclass(frozen=True, slots=True)
class Tokens:
    words: tuple[str, ...]  # folded word forms
    numbers: tuple[str, ...]  # digits only
    punct: tuple[str, ...]  # feature names of translatable punctuation
    length: int  # characters, white space excluded


def tokenize(text: str) -> Tokens:
    words, numbers, punct = [], [], []
    for tok in _TOKEN.findall(text):
        ch = tok[0]
        if ch.isalpha():
            words.append(fold(tok))
        elif ch.isdigit():
            numbers.append("".join(c for c in tok if c.isdigit()))
        elif tok in _PUNCT:
            punct.append(_PUNCT[tok])
    length = sum(1 for c in text if not c.isspace())
    return Tokens(tuple(words), tuple(numbers), tuple(punct), length)


def sentence_features(tok: Tokens, lexicon: dict[str, tuple[tuple[str, float], ...]] | None = None) -> dict[str, float]:
    """Feature name -> raw weight (before IDF) for one sentence."""
    feats: dict[str, float] = {}

    def add(name: str, w: float = 1.0) -> None:
        if feats.get(name, 0.0) < w:
            feats[name] = w

    for w in tok.words:
        add("w:" + w)
        if len(w) >= PREFIX:
            add("p:" + w[:PREFIX])
        if lexicon:
            for t, p in lexicon.get(w, ()):
                add("w:" + t, p)
                if len(t) >= PREFIX:
                    add("p:" + t[:PREFIX], p)
    for n in tok.numbers:
        add("n:" + n)
    for p in tok.punct:
        add(p)
    return feats


@dataclass
class FeatureSpace:
    """IDF-weighted sparse vectors of both sides, in one feature index."""

    src: "SparseRows"
    tgt: "SparseRows"


@dataclass
class SparseRows:
    """A CSR-like matrix: row i holds (feature index, weight) pairs; with its norms."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_features: int

    def to_scipy(self):
        from scipy.sparse import csr_matrix

        return csr_matrix((self.data, self.indices, self.indptr), shape=(len(self.indptr) - 1, self.n_features))


def build_space(
    src_feats: Sequence[dict[str, float]], tgt_feats: Sequence[dict[str, float]], only_shared: bool = False
) -> FeatureSpace:
    """Index the features of both sides and weight them by inverse document frequency over both documents."""
    index: dict[str, int] = {}
    df: list[int] = []
    for feats in (*src_feats, *tgt_feats):
        for name in feats:
            k = index.get(name)
            if k is None:
                index[name] = len(df)
                df.append(1)
            else:
                df[k] += 1
    n_docs = len(src_feats) + len(tgt_feats)
    idf = np.log((n_docs + 1) / (np.asarray(df, dtype=np.float64) + 0.5))
    idf = np.maximum(idf, 0.05)

    def rows(side: Iterable[dict[str, float]]) -> SparseRows:
        indptr, indices, data = [0], [], []
        for feats in side:
            for name, w in feats.items():
                k = index[name]
                indices.append(k)
                data.append(w * idf[k])
            indptr.append(len(indices))
        return SparseRows(
            np.asarray(indptr, dtype=np.int64),
            np.asarray(indices, dtype=np.int64),
            np.asarray(data, dtype=np.float64),
            len(df),
        )

    return FeatureSpace(rows(src_feats), rows(tgt_feats))


def gc_length_cost(ls: np.ndarray, lt: np.ndarray, ratio: float, var: float) -> np.ndarray:
    """Gale–Church length cost: -log P(|delta|) of the target length given the source length."""
    ls = np.maximum(ls, 1.0)
    delta = (lt - ratio * ls) / np.sqrt(var * ls)
    # two-sided tail probability of a standard normal, floored to keep the log finite
    from scipy.special import erfc

    p = np.maximum(erfc(np.abs(delta) / math.sqrt(2.0)), 1e-12)
    return -np.log(p)
