"""What the memory compares: NFC-normalised text, word tokens, word-level similarity, language keys."""

from __future__ import annotations

import re
import unicodedata

import regex

_WORDS = regex.compile(r"\w+|[^\w\s]", regex.UNICODE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_HANT_REGIONS = {"tw", "hk", "mo"}


def match_key(text: str) -> str:
    """The form exact matching compares: NFC, so "été" typed precomposed or decomposed is the same sentence."""
    return unicodedata.normalize("NFC", text)


def tokens(text: str) -> list[str]:
    """Lower-cased words and punctuation marks of ``text`` (NFC-normalised first)."""
    return [t.lower() for t in _WORDS.findall(match_key(text))]


def index_terms(toks: list[str]) -> set[str]:
    """The tokens worth indexing: those with a letter or digit."""
    return {t for t in toks if any(ch.isalnum() for ch in t)}


def similarity(a: list[str], b: list[str]) -> float:
    """Word-level edit distance as a percentage of the longer side (100 = identical)."""
    if a == b:
        return 100.0
    n, m = len(a), len(b)
    if not n or not m:
        return 0.0
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        ai = a[i - 1]
        for j in range(1, m + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai != b[j - 1]))
        prev = cur
    return max(0.0, 100.0 * (1 - prev[m] / max(n, m)))


def lang_key(tag: str | None) -> str:
    """The part of a language tag a memory matches on: the primary subtag, lower case (``FR-ca`` -> ``fr``).

    Chinese keeps its script, which readers cannot swap: ``zh-Hant``, ``zh-TW``, ``zh-HK``, ``zh-MO`` are
    ``zh-hant``; every other ``zh`` is ``zh-hans``. An empty tag stays empty (it matches nothing but itself).
    """
    parts = (tag or "").strip().lower().replace("_", "-").split("-")
    base = parts[0]
    if base == "zh":
        rest = set(parts[1:])
        return "zh-hant" if "hant" in rest or rest & _HANT_REGIONS else "zh-hans"
    return base


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate in ``text`` (which SQLite, as UTF-8, cannot store), or None."""
    m = _SURROGATE.search(text)
    return m.group() if m else None
