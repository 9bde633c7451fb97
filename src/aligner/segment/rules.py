"""Built-in sentence boundary rules for release text in languages that put spaces between sentences.

A boundary is proposed after a terminator (``.``, ``!``, ``?``, ``…``) and any closing quotes or brackets that follow it,
when white space and the start of a sentence (a capital, a digit, an opening quote, bracket or dash before a capital)
come next. The proposal is then withdrawn for abbreviations, initials, ordinals, list numbers and ellipses inside
brackets, using the word lists of :mod:`.lexicon`. Everything is decided from a bounded window of characters around
the candidate, so the work is linear in the length of the text and the returned offsets are exact positions in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .lexicon import LEXICONS, Lexicon

TERMINATORS = ".!?…‽"
# Characters that close a quotation or a bracket and may follow a terminator inside the same sentence
# (German closes „…“ and »…«, so “ and « close too).
CLOSERS = "»”’\"')]}›“‘«‹"
# Characters that may open a sentence besides a capital letter or a digit.
OPENERS = "«“‘\"'([{‹¿¡–—-•*·▪►„‚»›"
# Openers after which a lowercase letter means the text goes on ("? —preguntó", "? — спросил он").
_DASHES = "–—-"
_QUOTES = '«“‘"„‚»›'
WINDOW = 64  # characters looked at on either side of a candidate: no decision depends on more

_CANDIDATE = regex.compile(r"[.!?…‽]+")
# The token right before a terminator (letters, digits, inner periods and hyphens: U.S, J.-C, e.g), found by a
# reverse search that stops at the first character that cannot belong to it.
_TOKEN_BEFORE = regex.compile(r"(?r)[\p{L}\p{N}°.\-]+")
_WORD_AFTER = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(frozen=True)
class LanguageRules:
    lang: str
    lexicon: Lexicon
    # French sets a (no-break) space before » and before ? ! : ; — a space then » still closes the sentence.
    spaced_closing_guillemet: bool
    # German writes ordinals with a period ("am 3. Oktober", "im 20. Jahrhundert").
    ordinal_period: bool


def _rules(lang: str) -> LanguageRules:
    return LanguageRules(
        lang=lang,
        lexicon=LEXICONS[lang],
        spaced_closing_guillemet=lang == "fr",
        ordinal_period=lang == "de",
    )


LANGUAGES = {code: _rules(code) for code in LEXICONS}


# Python's str.isspace() characters (what str.strip() removes), as a regex class.
SPACE_CLASS = r"[\t\n\x0b\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def _candidate_pattern(spaced_closing_guillemet: bool) -> regex.Pattern:
    """A terminator run, the closing quotes and brackets after it (and a terminator after a closing quote: « … ». /
    "…"), then white space. French also closes with a space and » ("Partez ! »")."""
    closer = f"[{regex.escape(CLOSERS)}]" + (f"|{SPACE_CLASS}»" if spaced_closing_guillemet else "")
    term = f"[{regex.escape(TERMINATORS)}]"
    return regex.compile(f"(({term}+)(?:(?:{closer})(?:{closer}|{term})*)?){SPACE_CLASS}*")


_CANDIDATES = {flag: _candidate_pattern(flag) for flag in (False, True)}


def boundaries(text: str, rules: LanguageRules) -> list[int]:
    """Return the offsets in ``text`` (one paragraph) where a new sentence starts, excluding 0. Linear time."""
    cuts: list[int] = []
    n = len(text)
    first = n - len(text.lstrip())
    for m in _CANDIDATES[rules.spaced_closing_guillemet].finditer(text):
        j, k = m.end(1), m.end()
        if k == j or k >= n or not _starts_sentence(text, k):
            continue
        if _keep(text, m.start(), m.group(2), j, k, rules, first) or _inner_keeps(text, m.end(2), j, k, rules, first):
            cuts.append(k)
    return cuts


def _inner_keeps(text: str, end: int, j: int, k: int, rules: LanguageRules, first: int) -> bool:
    """A terminator among the closing marks after the first one decides when the first did not ("!» .")."""
    return end < j and any(
        _keep(text, t.start(), t.group(), j, k, rules, first) for t in _CANDIDATE.finditer(text, end, j)
    )


def _starts_sentence(text: str, k: int) -> bool:
    ch = text[k]
    if ch.isupper() or ch.istitle() or ch.isdigit():
        return True
    if ch not in OPENERS:
        return False
    # An opening quote or dash followed by a lowercase word continues the sentence ("? —preguntó él").
    i = k + 1
    limit = min(len(text), k + 4)
    while i < limit and (text[i] in OPENERS or text[i].isspace()):
        i += 1
    return not (i < len(text) and text[i].islower() and ch in _DASHES)


def _keep(text: str, start: int, term: str, j: int, k: int, rules: LanguageRules, first: int) -> bool:
    """Decide whether a candidate boundary after ``text[start:j]`` (terminator ``term``, next sentence at ``k``) is
    real."""
    if term != ".":
        if term == "…" or term == "..." or (len(term) >= 2 and not term.strip(".")):
            # An ellipsis inside brackets marks an omission: (…) or […].
            return not (start > 0 and text[start - 1] in "([" and text[j - 1 : j] in ")]")
        # "Are you ready?" CNN reported. — the quotation is the object of the verb that follows.
        closed = term[-1] in "?!" and j > start + 1 and text[j - 1] in CLOSERS
        return not (closed and _attribution_follows(text, k, rules))
    if j > start + 1:
        # Closing quote or bracket right after the period: the quotation ended the sentence.
        return True
    tm = _TOKEN_BEFORE.search(text, max(0, start - WINDOW), start)
    if tm is None or tm.end() != start or not _is_word_char(text[start - 1]):
        return True
    token = tm.group().lstrip(".-")
    return _period_ends_sentence(text, token, start - len(token), k, rules, first)


def _period_ends_sentence(text: str, token: str, t_start: int, k: int, rules: LanguageRules, first: int) -> bool:
    """The decision for ``token`` + ``.`` followed by white space and a capital at ``k``."""
    lex = rules.lexicon
    next_word = _next_word(text, k)
    if len(token) == 1 and t_start > 1 and text[t_start - 1] in "'’/" and _is_word_char(text[t_start - 2]):
        # Not an abbreviation but the end of a word: Sainsbury's, Wayde’a, сім’ї, km/h.
        return True
    if token in lex.never_final or token.rstrip(".") in lex.never_final:
        return False
    if token in lex.before_number and next_word[:1].isdigit():
        return False
    if len(token) == 1 and token.isalpha():
        if token.isupper():
            # An initial (J. K. Rowling, M. Stoltenberg) unless a typical opener follows a lone capital after a word.
            return next_word in lex.openers and len(next_word) > 1 and _is_lone_letter_word(text, t_start)
        # One lowercase letter: an abbreviation ("z. B.", "т. е."), a few of which may end a sentence ("2019 г.").
        if token in lex.maybe_final:
            return _opener_follows(text, k, next_word, lex)
        return token in lex.final_letters
    if token.isdigit():
        return _number_ends_sentence(text, token, t_start, next_word, rules, first)
    if token in lex.months:
        return not next_word[:1].isdigit()
    if token in lex.maybe_final or token.rstrip(".") in lex.maybe_final:
        return _opener_follows(text, k, next_word, lex)
    # Dotted acronyms (U.S.A, O.N.U): final only before a typical opener.
    if "." in token and all(len(p) <= 2 for p in token.split(".") if p):
        return _opener_follows(text, k, next_word, lex)
    return True


def _next_word(text: str, k: int) -> str:
    """The word the next sentence would start with, past opening quotes and brackets."""
    end = min(len(text), k + WINDOW)
    while k < end and text[k] in OPENERS:
        k += 1
    wm = _WORD_AFTER.match(text, k, end)
    return wm.group() if wm else ""


def _opener_follows(text: str, k: int, next_word: str, lex: Lexicon) -> bool:
    """After an abbreviation that may end a sentence: a typical opener, or a quotation, starts a new one."""
    return next_word in lex.openers or text[k] in _QUOTES


def _number_ends_sentence(
    text: str, token: str, t_start: int, next_word: str, rules: LanguageRules, first: int
) -> bool:
    # A list number opening the paragraph ("1. Introduction").
    if t_start == first and len(token) <= 2:
        return False
    if rules.ordinal_period:
        # A German ordinal: a short number standing alone ("am 3. Oktober", "im 20. Jahrhundert"), unless what
        # follows is a typical sentence opener ("… stieg auf 12. Die Polizei …").
        standalone = t_start == 0 or text[t_start - 1].isspace() or text[t_start - 1] in "(["
        if next_word[:1].islower() or next_word in rules.lexicon.months:
            return False
        if standalone and len(token) <= 3 and next_word not in rules.lexicon.openers:
            return False
    return True


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "°"


def _attribution_follows(text: str, k: int, rules: LanguageRules) -> bool:
    words = _WORD_AFTER.findall(text, k, min(len(text), k + 40))[:4]
    if not words or words[0] in rules.lexicon.openers:
        return False
    return any(w in rules.lexicon.attribution for w in words[1:])


def _is_lone_letter_word(text: str, pos: int) -> bool:
    """True when the single capital at ``pos`` is a word of its own in prose ("vitamin C", "Plan B") or ends an
    acronym written with spaces ("I. A.", "EE. UU.")."""
    i = pos - 1
    low = max(0, pos - WINDOW)
    while i >= low and text[i].isspace():
        i -= 1
    if i < low:
        return False
    if text[i].islower():
        return True
    return text[i] == "." and i >= 1 and text[i - 1].isupper() and (i == 1 or not text[i - 2].isalnum())
