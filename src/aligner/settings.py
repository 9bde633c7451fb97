"""Thresholds and defaults shared by every stage, so that reports, review pages, gates and the CLI agree."""

from __future__ import annotations

LOW_CONFIDENCE = 0.5  # a bead below this confidence is "low": counted, filtered and gated
CONFIDENT = 0.9  # beads at or above this are trusted enough to score MT against
FUZZY_THRESHOLD = 75.0  # lowest memory match (%) used to fill French text without a counterpart
DEFAULT_MODEL = "Helsinki-NLP/opus-mt-fr-en"  # MarianMT model for French text without an English original
PAIR_MODEL = "Helsinki-NLP/opus-mt-{src}-{tgt}"  # a run's default: the model of each language pair...
MUL_MODEL = "Helsinki-NLP/opus-mt-mul-{tgt}"  # ...or, where the pair has none on this machine, the multilingual one
SRC_LANG = "fr"  # the language of the translated releases
TGT_LANG = "en"  # the language of the originals
MT_USABLE_BLEU = (
    10.0  # corpus BLEU of MT against the originals below this: the MT is called unusable, not flagged per bead
)
MT_VERDICT_MIN_BEADS = 10  # fewer confident beads than this: too few to judge the MT
# The languages aligner segments and aligns, by ISO 639-1 code (corpus folders, --lang, --langs, --pivot).
LANGUAGE_NAMES = {
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "uk": "Ukrainian",
    "zh": "Chinese",
}


def check_language(code: str) -> str:
    """An ISO 639-1 code aligner knows, lower case; anything else is a :class:`UsageError` listing the known ones."""
    from .errors import UsageError

    c = code.strip().lower()
    if c not in LANGUAGE_NAMES:
        raise UsageError(f"unknown language {code!r} (known: {', '.join(sorted(LANGUAGE_NAMES))})")
    return c
