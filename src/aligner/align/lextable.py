"""The lexicons of an alignment as one lookup table, built once per process and overlaid per document.

The prior of the language pair and the caller's lexicons are the same for every release of a run: they are merged
once (``merge_entries``) and kept, with an index of the words they can produce, for as long as the same lexicon
objects come back. What pass 1 learns from one document pair is laid over that table without copying it:
``LexiconTable.with_learned`` gives what ``merge_entries([base, learned])`` would, for a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from . import vocab
from .features import PREFIX
from .lexicon import Entries, Lexicon, merge_entries

_NOTHING: tuple[tuple[int, ...], tuple[float, ...]] = ((), ())
_ALWAYS = ("n:", "x:", "f:")  # numbers, punctuation and fragment shapes survive any translation


@dataclass
class _Base:
    """A merged table and what every lookup over all of it needs: counts and which source words reach a form."""

    entries: Entries
    pairs: int  # (source word, translation) pairs
    by_target: dict[str, list[str]] = field(default_factory=dict)  # "w:" / "p:" feature -> source words reaching it
    _ids: dict[str, tuple[tuple[int, ...], tuple[float, ...]]] = field(default_factory=dict)  # word -> its additions
    _reach: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # feature id -> in by_target
    _generation: int = -1

    def ids(self) -> tuple[dict[str, tuple[tuple[int, ...], tuple[float, ...]]], np.ndarray]:
        """Per word, the feature ids its entries add and their weights (filled as words come); and by feature id,
        whether some entry produces it. Both follow the vocabulary (``vocab.generation``)."""
        if self._generation != vocab.generation():
            self._ids = {}
            reach = np.fromiter(map(vocab.feature_id, self.by_target), dtype=np.int64, count=len(self.by_target))
            self._reach = np.zeros(int(reach.max()) + 1 if len(reach) else 0, dtype=bool)
            self._reach[reach] = True
            self._generation = vocab.generation()
        return self._ids, self._reach

    @classmethod
    def of(cls, entries: Entries) -> _Base:
        base = cls(entries, sum(len(v) for v in entries.values()))
        for src, cands in entries.items():
            for name in _reached(cands):
                base.by_target.setdefault(name, []).append(src)
        return base


def _reached(cands) -> set[str]:
    """The word and cognate-key features the translations ``cands`` produce."""
    out = set()
    for t, _ in cands:
        out.add("w:" + t)
        if len(t) >= PREFIX:
            out.add("p:" + t[:PREFIX])
    return out


class LexiconTable:
    """A merged lookup table (``Entries``-like: ``get``, ``len``) over a shared base and a per-document overlay."""

    def __init__(self, base: _Base, overlay: Entries | None = None) -> None:
        self._base = base
        self._overlay: Entries = overlay or {}
        self._overlay_ids: dict[str, tuple[tuple[int, ...], tuple[float, ...]]] = {}
        self._overlay_reach = set().union(*map(_reached, self._overlay.values())) if self._overlay else set()
        # forms of the base that only words now overlaid could produce
        by_target, over = base.by_target, self._overlay
        self._lost = {
            name
            for src in over
            for name in _reached(base.entries.get(src, ()))
            if all(s in over for s in by_target[name])
        }

    @property
    def shared(self) -> object:
        """The merged lexicons under the overlay, the same object for every document while they are the same."""
        return self._base

    def shared_table(self) -> LexiconTable:
        """This table without what was learned from the document."""
        return LexiconTable(self._base) if self._overlay else self

    @property
    def learned(self) -> Entries:
        """What was learned from the document and laid over the shared table."""
        return self._overlay

    def get(self, word: str, default=()) -> tuple[tuple[str, float], ...]:
        got = self._overlay.get(word)
        return got if got is not None else self._base.entries.get(word, default)

    def __len__(self) -> int:
        """Source words, as ``len`` of the merged dictionary."""
        return len(self._base.entries) + sum(1 for w in self._overlay if w not in self._base.entries)

    def __bool__(self) -> bool:
        return bool(self._base.entries) or bool(self._overlay)

    def pairs(self) -> int:
        """(source word, translation) pairs, as ``sum(len(v) for v in merged.values())``."""
        base = self._base.entries
        changed = sum(len(v) for v in self._overlay.values()) - sum(len(base.get(w, ())) for w in self._overlay)
        return self._base.pairs + changed

    def knowable(self, names: Sequence[str]) -> np.ndarray:
        """For each feature name: would a translation show it whatever the other document says? Numbers, punctuation
        and fragment shapes always; a word or cognate key when some entry of the table translates into it."""
        reach, lost, base = self._overlay_reach, self._lost, self._base.by_target
        return np.fromiter(
            (name[:2] in _ALWAYS or name in reach or (name in base and name not in lost) for name in names),
            dtype=bool,
            count=len(names),
        )

    def translation_ids(self, words: Sequence[str]) -> list[tuple[tuple[int, ...], tuple[float, ...]]]:
        """For each word: the feature ids its entries add to its sentence, and their weights (see ``vocab``)."""
        base_memo, _ = self._base.ids()
        entries, over, over_memo = self._base.entries, self._overlay, self._overlay_ids
        out: list[tuple[tuple[int, ...], tuple[float, ...]]] = []
        for word in words:
            if word in over:
                memo = over_memo
            elif word in entries:
                memo = base_memo
            else:
                out.append(_NOTHING)
                continue
            got = memo.get(word)
            if got is None:
                got = memo[word] = vocab.translation_ids(self.get(word))
            out.append(got)
        return out

    def knowable_ids(self, ids: np.ndarray) -> np.ndarray:
        """``knowable`` for feature ids (sorted, unique, of the current vocabulary)."""
        _, reach = self._base.ids()
        inside = ids < len(reach)
        out = np.zeros(len(ids), dtype=bool)
        out[inside] = reach[ids[inside]]
        if self._lost:
            out[_positions(ids, self._lost)] = False
        out |= vocab.always_shown(ids)
        if self._overlay_reach:
            out[_positions(ids, self._overlay_reach)] = True
        return out

    def with_learned(self, learned: Entries, top: int = 5) -> LexiconTable:
        """This table with the lexicon learned from a document merged in (``merge_entries([self, learned])``)."""
        if self._overlay:
            raise ValueError("a table with a learned lexicon already laid over it")
        changed = {w: self._base.entries[w] for w in learned if w in self._base.entries}
        return LexiconTable(self._base, merge_entries([changed, learned], top) if learned else {})


def _positions(ids: np.ndarray, names: set[str]) -> np.ndarray:
    """Where the features ``names`` are among the sorted ``ids`` (names that are not there are left out)."""
    wanted = np.fromiter(map(vocab.feature_id, names), dtype=np.int64, count=len(names))
    at = np.minimum(np.searchsorted(ids, wanted), max(len(ids) - 1, 0))
    return at[ids[at] == wanted] if len(ids) else at[:0]


_TABLES: dict[tuple, tuple[list[Lexicon], _Base]] = {}
_MAX_TABLES = 8


def lexicon_table(lexicons: Sequence[Lexicon]) -> LexiconTable:
    """The merged table of ``lexicons``, kept per process while lexicons with the same entries come back.

    A run's worker gets the same lexicons again with every batch of releases, as new objects (unpickled): they are
    matched by their sha256 and, the first time an object is seen, by their entries, so the table is built once."""
    key = tuple((lex.sha256, lex.src_lang, lex.tgt_lang) for lex in lexicons)
    hit = _TABLES.get(key)
    if hit is not None:
        kept, base = hit
        if all(a is b for a, b in zip(kept, lexicons)):
            return LexiconTable(base)
        if all(a.entries == b.entries for a, b in zip(kept, lexicons)):
            kept[:] = lexicons  # the new objects from now on, so that the old ones can go
            return LexiconTable(base)
    if len(_TABLES) >= _MAX_TABLES:
        _TABLES.clear()
    base = _Base.of(merge_entries(lexicons))
    _TABLES[key] = (list(lexicons), base)
    return LexiconTable(base)
