"""The lexicons a run aligns with, besides the prior the aligner ships: the user's dictionaries, and a corpus lexicon
learned from the run's translation memory, so that alignment improves as the memory grows.

The corpus lexicon is learned at the start of a run from the aligned and reviewed units earlier runs left in
``OUT/memory.sqlite`` (never from machine translation or memory fills), and used for the releases this run computes.
Releases computed earlier keep their alignment (the cache is keyed by the corpus, the rules, the code and the user's
lexicons, not by what the memory has learned since); every alignment records the lexicons it used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..settings import SRC_LANG, TGT_LANG

if TYPE_CHECKING:
    from ..align import Lexicon

MIN_MEMORY_UNITS = 100  # fewer translation units than this teach a lexicon too little to be worth it


def user_lexicons(paths: tuple[Path, ...]) -> tuple[Lexicon, ...]:
    """The dictionaries given with --lexicon or [alignment] lexicons (a malformed one fails before the run starts)."""
    if not paths:
        return ()
    from ..align import read_lexicon

    return tuple(read_lexicon(p, SRC_LANG, TGT_LANG) for p in paths)


def corpus_lexicons(memory: Path, pairs: set[tuple[str, str]]) -> tuple[Lexicon, ...]:
    """For each language pair, a lexicon learned from the trusted units of the run's memory (none for a pair whose
    memory holds too few)."""
    if not memory.exists():
        return ()
    from ..align import learn_corpus_lexicon
    from ..tm import TranslationMemory
    from ..tm.query import UnitFilter

    texts: dict[tuple[str, str], list[tuple[str, str]]] = {pair: [] for pair in pairs}
    with TranslationMemory(memory) as tm:
        for u in tm.units(UnitFilter(origins=("aligned", "reviewed"))):
            pair = (u.src_lang.split("-")[0], u.tgt_lang.split("-")[0])
            if u.tgt and pair in texts:
                texts[pair].append((u.src, u.tgt))
    learned = []
    for (src, tgt), units in sorted(texts.items()):
        if len(units) >= MIN_MEMORY_UNITS:
            lexicon = learn_corpus_lexicon(units, src, tgt, name=f"corpus-{src}-{tgt}")
            if len(lexicon):
                learned.append(lexicon)
    return tuple(learned)
