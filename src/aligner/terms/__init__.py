"""Terminology: glossaries (OmegaT TSV, CSV, TBX), consistency checks on aligned pairs, term candidates."""

from __future__ import annotations

import re
import unicodedata

from ..model import Term

__all__ = ["Term", "find", "fold", "normalise"]

_ELISION = re.compile(r"\b([ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’ʼ]", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("œ", "oe").replace("æ", "ae")


def _stem(tok: str, lang: str) -> str:
    """Light plural folding: French -aux/-eaux/-s/-x, English -ies/-es/-s."""
    if len(tok) <= 3:
        return tok
    if lang == "fr":
        if tok.endswith("aux") and len(tok) > 4:
            return tok[:-3] + "al"
        if tok.endswith(("s", "x")):
            return tok[:-1]
        return tok
    if tok.endswith("ies") and len(tok) > 4:
        return tok[:-3] + "y"
    if tok.endswith(("ses", "xes", "ches", "shes")):
        return tok[:-2]
    if tok.endswith("s") and not tok.endswith("ss"):
        return tok[:-1]
    return tok


def normalise(text: str, lang: str) -> list[str]:
    """Tokens as terms are compared: elision split off (l’, d’), accents and case folded, hyphens and apostrophes as
    separators, plurals folded."""
    if lang == "fr":
        text = _ELISION.sub(" ", text)
    return [_stem(t, lang) for t in _WORD.findall(fold(text))]


def find(tokens: list[str], term: list[str]) -> bool:
    n = len(term)
    if not n or n > len(tokens):
        return False
    first = term[0]
    return any(tokens[i] == first and tokens[i : i + n] == term for i in range(len(tokens) - n + 1))
