"""Reading lexicon files: the shipped prior, hunalign ``.dic`` dictionaries and TSV word lists.

- ``.dic`` (hunalign): one entry per line, ``TARGET @ SOURCE`` (hunalign puts the target-language phrase first);
- TSV (any other name): ``SOURCE<TAB>TARGET[<TAB>WEIGHT]``, weight in (0, 1], 1 when absent.
Blank lines and lines starting with ``#`` are skipped. Words are folded as the aligner compares them; a phrase of
several words maps each of its words to each word of the other phrase, at half weight. A malformed line is a
:class:`~aligner.errors.FormatError` naming the file and line; an entry-less file is refused too.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import FormatError
from ..textio import read_text
from .lexicon import Lexicon

DATA = Path(__file__).with_name("data")
PRIORS = {("fr", "en"): ("prior-fr-en.tsv", "CC BY-SA 4.0 (learned from TICO-19 and FLORES-200 devtest)")}


def read_lexicon(path: str | Path, src_lang: str, tgt_lang: str, name: str | None = None) -> Lexicon:
    """A user's dictionary for ``src_lang`` -> ``tgt_lang``: hunalign ``.dic`` or TSV (chosen by the file name)."""
    p = Path(path)
    text = read_text(p)
    dic = p.suffix.lower() == ".dic"
    raw: dict[str, dict[str, float]] = {}
    for lineno, line in enumerate(text.split("\n"), 1):
        body = line.strip()
        if not body or body.startswith("#"):
            continue
        src, tgt, weight = _parse_dic(body, p, lineno) if dic else _parse_tsv(line, p, lineno)
        _add(raw, src, tgt, weight)
    if not raw:
        raise FormatError("no lexicon entries (expected 'TARGET @ SOURCE' or 'SOURCE<TAB>TARGET' lines)", p)
    entries = {s: tuple(sorted(c.items(), key=lambda x: (-x[1], x[0]))[:10]) for s, c in raw.items()}
    return Lexicon(src_lang, tgt_lang, entries, name=name or p.name, origin=str(p))


def _parse_dic(body: str, p: Path, lineno: int) -> tuple[str, str, float]:
    if " @ " not in body:
        raise FormatError(f"not a hunalign dictionary line (expected 'TARGET @ SOURCE'): {body[:60]!r}", p, lineno)
    tgt, src = (x.strip() for x in body.split(" @ ", 1))
    if not src or not tgt:
        raise FormatError("empty phrase on one side of ' @ '", p, lineno)
    return src, tgt, 1.0


def _parse_tsv(line: str, p: Path, lineno: int) -> tuple[str, str, float]:
    cols = line.rstrip("\n").split("\t")
    if len(cols) not in (2, 3) or not cols[0].strip() or not cols[1].strip():
        raise FormatError(f"expected 'SOURCE<TAB>TARGET[<TAB>WEIGHT]', got {line[:60]!r}", p, lineno)
    weight = 1.0
    if len(cols) == 3:
        try:
            weight = float(cols[2])
        except ValueError:
            raise FormatError(f"weight is not a number: {cols[2][:20]!r}", p, lineno) from None
        if not 0.0 < weight <= 1.0:
            raise FormatError(f"weight must be in (0, 1], got {weight}", p, lineno)
    return cols[0].strip(), cols[1].strip(), weight


def _add(raw: dict[str, dict[str, float]], src: str, tgt: str, weight: float) -> None:
    from .features import fold, tokenize

    sw: tuple[str, ...]
    tw: tuple[str, ...]
    if src.isalpha() and tgt.isalpha():  # one word each side (the common case, and the whole shipped prior)
        sw, tw = (fold(src),), (fold(tgt),)
    else:
        sw, tw = tokenize(src).words, tokenize(tgt).words
    if not sw or not tw:
        return
    w = weight if len(sw) == 1 and len(tw) == 1 else weight / 2
    for s in sw:
        slot = raw.setdefault(s, {})
        for t in tw:
            if t != s and w > slot.get(t, 0.0):
                slot[t] = w


_PRIOR_CACHE: dict[tuple[str, str], Lexicon | None] = {}


def prior_lexicon(src_lang: str | None, tgt_lang: str | None) -> Lexicon | None:
    """The lexicon shipped for this language pair (either direction), or None."""
    if src_lang is None or tgt_lang is None:
        return None
    key = (src_lang.lower().split("-")[0], tgt_lang.lower().split("-")[0])
    if key not in _PRIOR_CACHE:
        _PRIOR_CACHE[key] = _load_prior(*key)
    return _PRIOR_CACHE[key]


def _load_prior(src: str, tgt: str) -> Lexicon | None:
    for (a, b), (fname, licence) in PRIORS.items():
        if {a, b} != {src, tgt}:
            continue
        lex = read_lexicon(DATA / fname, a, b, name=f"prior-{a}-{b}")
        lex = Lexicon(a, b, lex.entries, name=lex.name, origin="builtin", licence=licence)
        return lex.for_pair(src, tgt)
    return None
