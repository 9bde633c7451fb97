"""Feature names as small integers, kept for the life of the process, and the features of each word looked up once.

A run aligns thousands of short releases in each worker process; most of their words, and all of the lexicon, come
back release after release. Giving every feature name (``w:maison``, ``p:gouve``, ``n:2016``, ``x:?``) a number once
lets a short document pair be turned into dense arrays with a few numpy calls (``dense.py``). When the process has
seen too many names, the vocabulary starts again (``generation`` changes, and the caches built on it follow).
"""

from __future__ import annotations

import numpy as np

from .features import PREFIX, Tokens

MAX_NAMES = 2_000_000  # about 200 MB of names and caches; a run of thousands of releases uses a few hundred thousand

_IDS: dict[str, int] = {}
_ALWAYS = bytearray()  # 1 for a feature any translation shows: a number, punctuation, a fragment shape
_WORD_IDS: dict[str, tuple[int, ...]] = {}
_generation = [0]


def generation() -> int:
    """Changes whenever the vocabulary starts again: caches of feature ids must be rebuilt then."""
    return _generation[0]


def start_document() -> None:
    """Called before each alignment: start the vocabulary again when it has grown too large."""
    if len(_IDS) > MAX_NAMES:
        _IDS.clear()
        _ALWAYS.clear()
        _WORD_IDS.clear()
        _generation[0] += 1


def feature_id(name: str) -> int:
    got = _IDS.get(name)
    if got is None:
        got = _IDS[name] = len(_IDS)
        _ALWAYS.append(name[:2] in ("n:", "x:", "f:"))
    return got


def always_shown(ids: np.ndarray) -> np.ndarray:
    """For each feature id: a number, punctuation or a fragment shape (a translation shows it whatever it says)."""
    return np.frombuffer(_ALWAYS, dtype=np.uint8)[ids] > 0  # the view is gone before the vocabulary grows


def word_ids(word: str) -> tuple[int, ...]:
    """The features a (folded) word gives its sentence: the word, and for a long word its cognate key."""
    got = _WORD_IDS.get(word)
    if got is None:
        w = feature_id("w:" + word)
        got = _WORD_IDS[word] = (w, feature_id("p:" + word[:PREFIX])) if len(word) >= PREFIX else (w,)
    return got


def own_ids(tok: Tokens) -> list[int]:
    """``features._own_features`` of a sentence as feature ids (a name may repeat: callers keep one of each)."""
    known = _WORD_IDS.get
    out = [i for w in tok.words for i in (known(w) or word_ids(w))]
    out += [feature_id("n:" + x) for x in tok.numbers]
    out += [feature_id(p) for p in tok.punct]
    if tok.shape:
        out.append(feature_id("f:" + tok.shape))
    return out


def translation_ids(cands) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The features a word's lexicon entries ``cands`` add to its sentence (as ``features.sentence_features``), and
    their weights."""
    ids: list[int] = []
    weights: list[float] = []
    for t, weight in cands:
        own = word_ids(t)  # the same features as the word itself gives a sentence of the other side
        ids += own
        weights += [weight] * len(own)
    return tuple(ids), tuple(weights)
