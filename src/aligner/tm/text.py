"""What the memory compares: NFC-normalised text, word tokens, word-level similarity, language keys."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

import regex

_WORDS = regex.compile(r"\w+|[^\w\s]", regex.UNICODE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_HANT_REGIONS = {"tw", "hk", "mo"}
# What the word index depends on: when it changes, stored indexes are rebuilt (see schema.reindex).
TOKENIZER = f"1/regex {regex.__version__}/unicode {unicodedata.unidata_version}"


def match_key(text: str) -> str:
    """The form exact matching compares: NFC, so "été" typed precomposed or decomposed is the same sentence."""
    return unicodedata.normalize("NFC", text)


def key_hash(text: str) -> int:
    """What exact lookup searches by: a 48-bit hash of the NFC form of ``text`` (six bytes in SQLite, where the
    text itself would be stored again). Equal hashes are compared as text after, so a collision costs a row read."""
    digest = hashlib.blake2b(match_key(text).encode("utf-8", "surrogatepass"), digest_size=6).digest()
    return int.from_bytes(digest, "big", signed=True)


def tokens(text: str) -> list[str]:
    """Lower-cased words and punctuation marks of ``text`` (NFC-normalised first)."""
    return [t.lower() for t in _WORDS.findall(match_key(text))]


def index_terms(toks: list[str]) -> set[str]:
    """The tokens worth indexing: words (``tokens`` gives punctuation marks as single characters)."""
    return {t for t in toks if len(t) > 1 or t.isalnum()}


def similarity(a: list[str], b: list[str], cutoff: float = 0.0) -> float:
    """Word-level edit distance as a percentage of the longer side (100 = identical).

    With ``cutoff`` the computation stops as soon as the result is sure to fall below it, and returns 0.0.
    """
    if a == b:
        return 100.0
    n, m = len(a), len(b)
    if not n or not m:
        return 0.0
    longest = max(n, m)
    budget = longest * (100.0 - cutoff) / 100.0 + 1e-9  # the most edits that still reach the cutoff
    if abs(n - m) > budget:
        return 0.0
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        ai = a[i - 1]
        cur = [i] * (m + 1)
        low = i
        for j in range(1, m + 1):
            x = prev[j - 1] + (ai != b[j - 1])
            y = prev[j] + 1
            if y < x:
                x = y
            y = cur[j - 1] + 1
            if y < x:
                x = y
            cur[j] = x
            if x < low:
                low = x
        if low > budget:
            return 0.0
        prev = cur
    return max(0.0, 100.0 * (1 - prev[m] / longest))


def upper_bound(a: Counter[str], b: list[str], n_a: int) -> float:
    """A ceiling on :func:`similarity` from the words two texts share (each edit-free position is a shared word)."""
    longest = max(n_a, len(b))
    return 100.0 * sum((a & Counter(b)).values()) / longest if longest else 100.0


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
