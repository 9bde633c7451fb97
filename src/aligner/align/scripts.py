"""What alignment needs to know about writing systems: how dense a script is, and how to compare words across scripts.

- **Density.** Chinese writes in a character what English writes in about three, so a length model in characters
  must expect that ratio; the document's own ratio then refines it.
- **Across scripts.** A name in Cyrillic (``Трамп``, ``парламент``) shares no letter with its English form, but its
  transliteration's consonants do (``trmp``, ``prlm``): for a pair of texts in different alphabets each word longer than
  three letters also gives its consonant skeleton, compared as a word of its own. Texts in the same alphabet are left
  as they are, so French-English alignment does not change.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from .features import Tokens

# Characters of the script per character of an English sentence of the same content (measured on NTREX-128).
DENSITY = {"zh": 0.31, "ja": 0.4, "ko": 0.45}

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_VOWELS = set("aeiouy")


def length_ratio_prior(src_lang: str | None, tgt_lang: str | None) -> float:
    """The expected ratio of target to source length in characters, from the scripts' densities."""
    return DENSITY.get(tgt_lang or "", 1.0) / DENSITY.get(src_lang or "", 1.0)


def script_of(words: Sequence[str]) -> str:
    """The main alphabet of a sentence's words: ``latin``, ``cyrillic``, ``greek``, or ``other``."""
    counts: dict[str, int] = {}
    for w in words[:50]:
        name = unicodedata.name(w[0], "")
        kind = next((k for k in ("LATIN", "CYRILLIC", "GREEK") if name.startswith(k)), "OTHER").lower()
        counts[kind] = counts.get(kind, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else "other"


def skeleton(word: str) -> str:
    """A word's consonants in Latin letters, doubled ones once: what a name keeps across alphabets."""
    latin = "".join(_CYRILLIC.get(c, c) for c in word.lower())
    out: list[str] = []
    for c in latin:
        if c.isascii() and c.isalpha() and c not in _VOWELS and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)[:5]


def with_skeletons(tokens: Sequence[Tokens]) -> list[Tokens]:
    """Tokens with each long word's skeleton as one more word (``~trmp``), for texts in different alphabets."""
    out = []
    for t in tokens:
        extra = tuple(f"~{k}" for w in t.words if len(w) >= 4 and len(k := skeleton(w)) >= 3)
        out.append(replace(t, words=t.words + extra) if extra else t)
    return out


def cross_script(src: Sequence[Tokens], tgt: Sequence[Tokens]) -> bool:
    """True when the two texts are mostly written in different alphabets."""
    s = script_of([w for t in src for w in t.words])
    t = script_of([w for t in tgt for w in t.words])
    return s != t and "other" not in (s, t)
