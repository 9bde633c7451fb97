"""Bilingual lexicons: the shipped prior, a user's dictionary, one learned from a corpus, one learned from a pair.

A :class:`Lexicon` maps folded source words (lower case, accents stripped; see ``features.fold``) to target words with
a weight in (0, 1]. It knows its language pair, so a French-English lexicon is never applied to German-French text;
``for_pair`` turns it around when the pair is reversed. ``describe()`` gives what ``Alignment.params`` records: name,
origin, size and a sha256 of its entries.

Learning is shared by the pass-1 lexicon of one document pair, ``learn_corpus_lexicon`` (all releases of a run and a
translation memory) and ``scripts/make_prior_lexicon.py``: word pairs that keep occurring in the same aligned units,
scored by the Dice coefficient over units.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

Entries = dict[str, tuple[tuple[str, float], ...]]


@dataclass(frozen=True)
class Lexicon:
    """Word translations from ``src_lang`` to ``tgt_lang`` with weights in (0, 1]."""

    src_lang: str
    tgt_lang: str
    entries: Mapping[str, tuple[tuple[str, float], ...]]
    name: str = "lexicon"
    origin: str = "memory"  # "builtin", a file path, "corpus", "document"
    licence: str | None = None
    _sha: list[str] = field(default_factory=list, compare=False, repr=False)

    def __len__(self) -> int:
        return self.size

    @cached_property
    def size(self) -> int:
        """(source word, translation) pairs (counted once: ``describe`` reports it on every alignment)."""
        return sum(len(v) for v in self.entries.values())

    @property
    def sha256(self) -> str:
        if not self._sha:
            h = hashlib.sha256(f"{self.src_lang}\t{self.tgt_lang}\n".encode())
            for src in sorted(self.entries):
                for tgt, w in self.entries[src]:
                    h.update(f"{src}\t{tgt}\t{w:.4f}\n".encode())
            self._sha.append(h.hexdigest())
        return self._sha[0]

    def describe(self) -> dict:
        out = {
            "name": self.name,
            "origin": self.origin,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "entries": len(self),
            "sha256": self.sha256,
        }
        if self.licence:
            out["licence"] = self.licence
        return out

    def inverted(self) -> Lexicon:
        inv: dict[str, list[tuple[str, float]]] = {}
        for src, cands in self.entries.items():
            for tgt, w in cands:
                inv.setdefault(tgt, []).append((src, w))
        entries = {t: tuple(sorted(c, key=lambda x: (-x[1], x[0]))) for t, c in inv.items()}
        return Lexicon(self.tgt_lang, self.src_lang, entries, self.name, self.origin, self.licence)

    def for_pair(self, src_lang: str | None, tgt_lang: str | None) -> Lexicon | None:
        """This lexicon oriented from ``src_lang`` to ``tgt_lang``, or None when it is for another pair."""
        if src_lang is None or tgt_lang is None:
            return None
        s, t = _base(src_lang), _base(tgt_lang)
        if (_base(self.src_lang), _base(self.tgt_lang)) == (s, t):
            return self
        if (_base(self.src_lang), _base(self.tgt_lang)) == (t, s):
            return self.inverted()
        return None


def _base(lang: str) -> str:
    """``fr-CA`` and ``fr_ca`` count as ``fr``."""
    return lang.lower().replace("_", "-").split("-")[0]


def merge_entries(lexicons: Iterable[Lexicon | Mapping[str, tuple[tuple[str, float], ...]]], top: int = 5) -> Entries:
    """One lookup table: for each source word, its best ``top`` translations over all lexicons (highest weight).

    The first table is taken as it is (lexicon files are already sorted and cut); only the words that later tables
    also have are merged, so adding a small learned lexicon to a large prior costs little.
    """
    tables = [lex.entries if isinstance(lex, Lexicon) else lex for lex in lexicons]
    if not tables:
        return {}
    out: Entries = dict(tables[0])
    for table in tables[1:]:
        for src, cands in table.items():
            have = out.get(src)
            if not have:
                out[src] = tuple(cands)[:top]
                continue
            best = dict(have)
            for tgt, w in cands:
                if w > best.get(tgt, 0.0):
                    best[tgt] = w
            out[src] = tuple(sorted(best.items(), key=lambda x: (-x[1], x[0]))[:top])
    return out


def learn_lexicon(
    pairs: Iterable[tuple[set[str], set[str]]],
    min_count: int = 2,
    min_dice: float = 0.3,
    top: int = 3,
    min_len: int = 2,
) -> Entries:
    """Word translations with their Dice score, from (source words, target words) of aligned units.

    A few dozen units (the confident beads of one release) are counted with small arrays; more, with counters. Both
    give the same entries."""
    units = [({w for w in src if len(w) >= min_len}, {w for w in tgt if len(w) >= min_len}) for src, tgt in pairs]
    if len(units) <= DENSE_UNITS:
        return _learn_dense(units, min_count, min_dice, top)
    src_count: Counter[str] = Counter(w for s, _ in units for w in s)
    tgt_count: Counter[str] = Counter(w for _, t in units for w in t)
    joint: Counter[tuple[str, str]] = Counter()
    for s, t in units:
        # a pair can reach min_count only if each of its words occurs in that many units
        frequent_s = [a for a in s if src_count[a] >= min_count]
        frequent_t = [b for b in t if tgt_count[b] >= min_count]
        joint.update((a, b) for a in frequent_s for b in frequent_t if a != b)
    best: dict[str, list[tuple[float, str]]] = {}
    for (a, b), c in joint.items():
        if c < min_count:
            continue
        dice = 2.0 * c / (src_count[a] + tgt_count[b])
        if dice >= min_dice:
            best.setdefault(a, []).append((dice, b))
    lex: Entries = {}
    for a, cands in best.items():
        cands.sort(key=lambda x: (-x[0], x[1]))
        lex[a] = tuple((b, round(d, 4)) for d, b in cands[:top])
    return lex


DENSE_UNITS = 200  # learn_lexicon counts up to this many units with arrays


def _learn_dense(units: list[tuple[set[str], set[str]]], min_count: int, min_dice: float, top: int) -> Entries:
    """``learn_lexicon`` for a few units: co-occurrence counts as the product of two unit-by-word incidence arrays."""
    import numpy as np

    from .blas import product

    s_index: dict[str, int] = {}
    t_index: dict[str, int] = {}
    s_cols = [s_index.setdefault(w, len(s_index)) for s, _ in units for w in s]
    t_cols = [t_index.setdefault(w, len(t_index)) for _, t in units for w in t]
    if not s_cols or not t_cols:
        return {}
    s_words, t_words = list(s_index), list(t_index)
    s_rows = np.repeat(np.arange(len(units)), [len(s) for s, _ in units])
    t_rows = np.repeat(np.arange(len(units)), [len(t) for _, t in units])
    s_count = np.bincount(s_cols, minlength=len(s_index)).astype(np.float64)
    t_count = np.bincount(t_cols, minlength=len(t_index)).astype(np.float64)
    # only words in at least min_count units can make a pair that often: count the pairs of those
    s_keep, t_keep = np.flatnonzero(s_count >= min_count), np.flatnonzero(t_count >= min_count)
    Us = np.zeros((len(units), len(s_index)))
    Ut = np.zeros((len(units), len(t_index)))
    Us[s_rows, s_cols] = 1.0
    Ut[t_rows, t_cols] = 1.0
    joint = product(Us[:, s_keep].T, Ut[:, t_keep])  # small whole numbers: exact
    same = [(k, t_index[w]) for k, w in enumerate(s_words[i] for i in s_keep) if w in t_index]
    if same:
        t_pos = np.full(len(t_index), -1)
        t_pos[t_keep] = np.arange(len(t_keep))
        rows = np.array([k for k, _ in same])
        cols = t_pos[[j for _, j in same]]
        joint[rows[cols >= 0], cols[cols >= 0]] = 0.0  # a word is not its own translation
    a, b = np.nonzero((joint >= min_count) & (joint > 0))
    dice = 2.0 * joint[a, b] / (s_count[s_keep[a]] + t_count[t_keep[b]])
    keep = dice >= min_dice
    a, b, dice = s_keep[a[keep]], t_keep[b[keep]], dice[keep]
    rank = np.empty(len(t_words), dtype=np.int64)
    rank[sorted(range(len(t_words)), key=t_words.__getitem__)] = np.arange(len(t_words))
    order = np.lexsort((rank[b], -dice, a))  # by source word, then best first, ties by target word
    a, b, dice = a[order], b[order], dice[order]
    first = np.concatenate(([0], np.flatnonzero(a[1:] != a[:-1]) + 1))
    place = np.arange(len(a)) - np.repeat(first, np.diff(np.append(first, len(a))))
    best = place < top
    lex: dict[str, list[tuple[str, float]]] = {}
    for i, j, d in zip(a[best].tolist(), b[best].tolist(), dice[best].tolist()):
        lex.setdefault(s_words[i], []).append((t_words[j], round(d, 4)))
    return {w: tuple(c) for w, c in lex.items()}


def learn_corpus_lexicon(
    pairs: Iterable[tuple[str, str]],
    src_lang: str,
    tgt_lang: str,
    *,
    name: str = "corpus",
    min_count: int = 3,
    min_dice: float = 0.3,
    top: int = 3,
) -> Lexicon:
    """A lexicon learned from sentence pairs: confident beads of every release of a run and translation memory units.

    ``pairs`` are (source text, target text) in ``src_lang`` and ``tgt_lang``. A word pair must co-occur in at least
    ``min_count`` units with a Dice coefficient of at least ``min_dice``; each source word keeps its ``top`` best.
    Duplicate units count once, so a memory that repeats a boilerplate sentence does not outweigh the rest.
    """
    from .features import tokenize

    seen: set[tuple[str, str]] = set()

    def words() -> Iterable[tuple[set[str], set[str]]]:
        for src, tgt in pairs:
            key = (src.strip(), tgt.strip())
            if not key[0] or not key[1] or key in seen:
                continue
            seen.add(key)
            yield set(tokenize(src).words), set(tokenize(tgt).words)

    entries = learn_lexicon(words(), min_count, min_dice, top, min_len=2)
    return Lexicon(src_lang, tgt_lang, entries, name=name, origin="corpus")


def confident_pairs(
    alignment, src: Sequence[str], tgt: Sequence[str], threshold: float = 0.9
) -> Iterator[tuple[str, str]]:
    """(source text, target text) of the beads of ``alignment`` with both sides and a confidence of at least
    ``threshold``: what ``learn_corpus_lexicon`` learns from, release after release."""
    for bead in alignment.beads:
        if bead.src and bead.tgt and bead.score >= threshold:
            yield " ".join(src[i] for i in bead.src), " ".join(tgt[j] for j in bead.tgt)
