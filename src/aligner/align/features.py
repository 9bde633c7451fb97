"""Sentence features for alignment: what two texts share without any model.

Each sentence becomes a sparse, IDF-weighted vector over shared features:
- ``w:`` a word form (lower-cased, accents stripped): names, acronyms, borrowed words, and — through the bilingual
  lexicon learned from the documents — translations;
- ``p:`` a cognate key (the first letters of longer words: ``président``/``president``, ``Expedition``/``expédition``);
- ``n:`` a number, digits only, so ``1 000,5`` and ``1,000.5`` match;
- ``x:`` punctuation that survives translation: question and exclamation marks, quotes, parentheses, colons, %;
- ``f:`` the shape of a fragment line (leader dots, a rule, a page number), so that fragments pair with fragments.
Source-side words are mapped through the lexicon into target words, so the dot product of two vectors measures how much
of one sentence is found in the other.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import regex

# A token is a word (a letter, then letters and marks), a number (digit groups and a decimal part) or one other
# character. The three kinds never share a character, so each is found by a scan of its own, in the text's order.
# Han characters make words of their own: a name in Latin letters inside Chinese text ("BBC报道") is a word apart.
_WORD = r"\p{Han}+|[\p{L}--\p{Han}][\p{L}\p{M}--\p{Han}]*"
_NUMBER = r"\p{N}+(?:[.,\u00a0\u202f ]\p{N}{3})*(?:[.,]\p{N}+)?"
_TOKEN = regex.compile(rf"{_WORD}|{_NUMBER}|[^\s\p{{L}}\p{{N}}]", regex.V1)
_WORDS = regex.compile(_WORD, regex.V1)
_HAN = regex.compile(r"\p{Han}")
_NUMBERS = regex.compile(_NUMBER)
_PUNCT = {
    "?": "x:?",
    "!": "x:!",
    ":": "x::",
    "(": "x:(",
    ")": "x:)",
    "%": "x:%",
    ";": "x:;",
    "«": "x:q",
    "»": "x:q",
    "“": "x:q",
    "”": "x:q",
    '"': "x:q",
    "„": "x:q",
    "‹": "x:q",
    "›": "x:q",
    "€": "x:€",
    "$": "x:$",
    "£": "x:£",
    "–": "x:-",
    "—": "x:-",
}
_PUNCTS = regex.compile("[" + regex.escape("".join(_PUNCT)) + "]")
PREFIX = 5
_SPACES = regex.compile(r"\s+")
_NOT_SPACE_TO_REGEX = "\x1c\x1d\x1e\x1f"  # str.isspace() but not the regex module's \s


_FOLDED: dict[str, str] = {}


def fold(word: str) -> str:
    """Lower-case and strip accents: the form words are compared in."""
    out = _FOLDED.get(word)
    if out is None:
        if word.isascii():
            out = word.lower()  # nothing to decompose, no mark to strip
        else:
            w = unicodedata.normalize("NFKD", word.lower())
            out = "".join(ch for ch in w if not unicodedata.combining(ch)).replace("ß", "ss").replace("œ", "oe")
        if len(_FOLDED) < 200_000:
            _FOLDED[word] = out
    return out


_ROMAN = regex.compile(r"^[ivxlc]{1,6}$")
_SHAPE_RUNS = regex.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class Tokens:
    words: tuple[str, ...]  # folded word forms
    numbers: tuple[str, ...]  # digits only
    punct: tuple[str, ...]  # feature names of translatable punctuation
    length: int  # characters, white space excluded
    shape: str = ""  # for a fragment (no word of two letters or more): its characters by class, runs collapsed

    @property
    def fragment(self) -> bool:
        """A line with no content word: page and section numbers, list marks ("a)", "iii"), rules ("-----").

        Leader dots and ellipses are not fragments but leaders (see ``is_leader``): they join what follows them.
        """
        return bool(self.shape)


def tokenize(text: str) -> Tokens:
    """Words (folded), numbers (digits only), translatable punctuation and length of one sentence: what ``_TOKEN``
    finds, token by token (a word must start with a letter Python knows, a number with a digit)."""
    folded = _FOLDED.get
    # Han runs are left out: without a dictionary they never match the other side and only dilute the sentence
    words = [folded(w) or fold(w) for w in _WORDS.findall(text) if w[0].isalpha() and not _HAN.match(w)]
    numbers = ["".join(filter(str.isdigit, x)) for x in _NUMBERS.findall(text) if x[0].isdigit()]
    punct = [_PUNCT[c] for c in _PUNCTS.findall(text)]
    # characters other than white space (as the regex module's \s has it)
    length = len("".join(text.split()))
    if not text.isprintable():  # a printable text has no control character, \x1c-\x1f among them
        length += sum(text.count(c) for c in _NOT_SPACE_TO_REGEX)
    shape = ""
    if words or numbers:
        if not any(len(w) >= 2 and not _ROMAN.match(w) for w in words):
            shape = _shape(text)
    elif length and not is_leader(text):
        shape = _shape(text)  # a rule ("-----", "* * *"): a unit of its own, like the other side's rule
    return Tokens(tuple(words), tuple(numbers), tuple(punct), length, shape)


def is_leader(text: str) -> bool:
    """Dots or an ellipsis without a letter or digit (". . . .", "...", "=> ..."): not a unit of its own but the
    lead into the segment after it (omitted text, a leader to a page number)."""
    return ("." in text or "…" in text) and not any(c.isalnum() for c in text)


def _shape(text: str) -> str:
    """``12`` -> ``9``, ``2.1.`` -> ``9.9.``, ``iii`` -> ``a``, ``a)`` -> ``a)``."""
    classes = "".join("9" if c.isdigit() else "a" if c.isalpha() else c for c in text if not c.isspace())
    return _SHAPE_RUNS.sub(r"\1", classes)[:12]


class WordLookup(Protocol):
    """A lexicon as ``sentence_features`` reads it: a dictionary of entries or a ``lextable.LexiconTable``."""

    def get(self, word: str, default: tuple = (), /) -> tuple[tuple[str, float], ...]: ...

    def __len__(self) -> int: ...


def sentence_features(
    tok: Tokens, lexicon: WordLookup | None = None, base: dict[str, float] | None = None
) -> dict[str, float]:
    """Feature name -> raw weight (before IDF) for one sentence. ``base`` (the features without a lexicon, computed
    once per document) saves recomputing them on every pass."""
    feats = dict(base) if base is not None else _own_features(tok)
    if lexicon:
        for w in tok.words:
            for t, weight in lexicon.get(w, ()):
                for name in ("w:" + t, "p:" + t[:PREFIX]) if len(t) >= PREFIX else ("w:" + t,):
                    if feats.get(name, 0.0) < weight:
                        feats[name] = weight
    return feats


def _own_features(tok: Tokens) -> dict[str, float]:
    feats: dict[str, float] = {}
    for w in tok.words:
        feats["w:" + w] = 1.0
        if len(w) >= PREFIX:
            feats["p:" + w[:PREFIX]] = 1.0
    for n in tok.numbers:
        feats["n:" + n] = 1.0
    for p in tok.punct:
        feats[p] = 1.0
    if tok.shape:
        feats["f:" + tok.shape] = 1.0
    return feats


@dataclass
class FeatureSpace:
    """IDF-weighted sparse vectors of both sides, in one feature index."""

    src: SparseRows
    tgt: SparseRows
    names: list[str]  # feature name of each column


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


def build_space(src_feats: Sequence[dict[str, float]], tgt_feats: Sequence[dict[str, float]]) -> FeatureSpace:
    """Index the features of both sides and weight them by inverse document frequency over both documents."""
    index: dict[str, int] = {}
    sides = []
    for side in (src_feats, tgt_feats):
        lengths = np.fromiter((len(f) for f in side), dtype=np.int64, count=len(side))
        ids = np.fromiter(
            (index.setdefault(name, len(index)) for feats in side for name in feats),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        raw = np.fromiter((w for feats in side for w in feats.values()), dtype=np.float64, count=len(ids))
        sides.append((lengths, ids, raw))
    n_feat = len(index)
    df = np.zeros(n_feat)
    for _, ids, _ in sides:
        df += np.bincount(ids, minlength=n_feat)
    n_docs = len(src_feats) + len(tgt_feats)
    idf = np.maximum(np.log((n_docs + 1) / (df + 0.5)), 0.05)

    def rows(lengths: np.ndarray, ids: np.ndarray, raw: np.ndarray) -> SparseRows:
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        return SparseRows(indptr, ids, raw * idf[ids], n_feat)

    return FeatureSpace(rows(*sides[0]), rows(*sides[1]), list(index))


def capped_length_cost(ls: np.ndarray, lt: np.ndarray, ratio: float, var: float, cap: float) -> np.ndarray:
    """``np.minimum(gc_length_cost(ls, lt, ratio, var), cap)``, with the tail probability computed only where the
    cost can be under the cap (most pairs of sentences are far from the length model)."""
    from scipy.special import erfc

    ls = np.maximum(ls, 1.0)
    x = np.abs((lt - ratio * ls) / np.sqrt(var * ls)) / math.sqrt(2.0)
    out = np.full(x.shape, float(cap))
    near = x < _far(cap)
    out[near] = np.minimum(-np.log(np.maximum(erfc(x[near]), 1e-12)), cap)
    return out


_FAR: dict[float, float] = {}


def _far(cap: float) -> float:
    """A bound on |delta| / sqrt(2) from which the length cost is at least ``cap``, with a margin far larger than the
    rounding of erfc (the cost grows with |delta|); infinite when the cost never reaches the cap."""
    if cap not in _FAR:
        from scipy.special import erfc

        def cost(x: float) -> float:
            return -math.log(max(float(erfc(x)), 1e-12))

        lo, hi = 0.0, 8.0  # erfc(8) < 1e-12: the cost there is the floor's, 27.6
        if cost(hi) < cap:
            _FAR[cap] = math.inf
        else:
            for _ in range(80):
                mid = (lo + hi) / 2
                lo, hi = (lo, mid) if cost(mid) >= cap else (mid, hi)
            _FAR[cap] = hi + 1e-6
    return _FAR[cap]


def gc_length_cost(ls: np.ndarray, lt: np.ndarray, ratio: float, var: float) -> np.ndarray:
    """Gale–Church length cost: -log P(|delta|) of the target length given the source length."""
    ls = np.maximum(ls, 1.0)
    delta = (lt - ratio * ls) / np.sqrt(var * ls)
    # two-sided tail probability of a standard normal, floored to keep the log finite
    from scipy.special import erfc

    p = np.maximum(erfc(np.abs(delta) / math.sqrt(2.0)), 1e-12)
    return -np.log(p)
