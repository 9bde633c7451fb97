"""The translation memory: a SQLite store (:class:`TranslationMemory`), streaming import of TMX and PO files, and
rebuilding a damaged store from a TMX file."""

from __future__ import annotations

from .query import Match, UnitFilter
from .schema import SCHEMA_VERSION, CorruptMemoryError
from .store import DEFAULT_SRC_LANG, DEFAULT_TGT_LANG, TranslationMemory
from .text import lang_key, match_key, similarity, tokens

__all__ = [
    "DEFAULT_SRC_LANG",
    "DEFAULT_TGT_LANG",
    "SCHEMA_VERSION",
    "CorruptMemoryError",
    "Match",
    "TranslationMemory",
    "UnitFilter",
    "lang_key",
    "match_key",
    "similarity",
    "tokens",
]
