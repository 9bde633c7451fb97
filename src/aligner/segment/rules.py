"""Built-in sentence boundary rules for French, English and German release text.

A boundary is proposed after a terminator (``.``, ``!``, ``?``, ``…``) and any closing quotes or brackets that follow it,
when white space and the start of a sentence (a capital, a digit, an opening quote, bracket or dash) come next. The
proposal is then withdrawn for abbreviations, initials, list numbers and ellipses inside brackets. Everything is decided
from the characters around the candidate, so the returned spans are exact slices of the input.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

TERMINATORS = ".!?…‽"
# Characters that close a quotation or a bracket and may follow a terminator inside the same sentence.
CLOSERS = "»”’\"')]}›"
# Characters that may open a sentence besides a capital letter or a digit.
OPENERS = "«“‘\"'([{‹¿¡–—-•*·▪►"

# Titles and other abbreviations that are (almost) never the end of a sentence.
_NEVER_FINAL_COMMON = {
    "Dr",
    "Drs",
    "Pr",
    "Prof",
    "St",
    "Ste",
    "Mgr",
    "Me",
    "Mlle",
    "Mlles",
    "Mme",
    "Mmes",
    "MM",
    "Mr",
    "Mrs",
    "Ms",
    "Messrs",
    "Sr",
    "Jr",
    "Gen",
    "Gén",
    "Lt",
    "Col",
    "Capt",
    "Cpt",
    "Cmdr",
    "Sgt",
    "Maj",
    "Adm",
    "Gov",
    "Sen",
    "Rep",
    "Reps",
    "Sens",
    "Rev",
    "Hon",
    "Pres",
    "Supt",
    "Insp",
    "Det",
    "Fr",
    "cf",
    "Cf",
    "vs",
    "v",
    "etc.",
    "e.g",
    "i.e",
    "approx",
    "ca",
    "op",
    "vol",
    "Vol",
    "fig",
    "Fig",
    "ibid",
    "al",
    "éd",
    "ed",
    "eds",
    "trad",
    "chap",
    "Mt",
    "Ft",
}
# Abbreviations that are never final when a number follows (No. 5, art. 3, p. 12, n° 4).
_BEFORE_NUMBER = {
    "No",
    "no",
    "Nos",
    "nos",
    "N",
    "n",
    "Art",
    "art",
    "p",
    "pp",
    "para",
    "paras",
    "sect",
    "ch",
    "Ch",
    "Vol",
    "vol",
    "n°",
    "Nr",
    "nr",
    "Abs",
    "Bd",
    "bd",
    "tél",
    "Tél",
    "tel",
    "Tel",
    "ext",
    "env",
    "c",
}
# Abbreviations that end a sentence only when a typical sentence opener follows.
_MAYBE_FINAL_COMMON = {
    "etc",
    "Inc",
    "Ltd",
    "Corp",
    "Co",
    "Bros",
    "plc",
    "SA",
    "S.A",
    "U.S",
    "U.K",
    "U.N",
    "E.U",
    "a.m",
    "p.m",
    "av",
    "apr",
    "J.-C",
    "hab",
    "env",
    "min",
    "max",
    "km",
    "kg",
    "cm",
    "mm",
    "ha",
    "h",
    "sq",
    "ft",
    "oz",
    "lb",
    "lbs",
    "Mass",
    "Calif",
    "Fla",
    "Ill",
    "Conn",
    "Penn",
    "Va",
    "Wash",
    "Tex",
    "Ariz",
    "Colo",
    "Ga",
    "Md",
    "Mich",
    "Minn",
    "Ky",
    "La",
    "Okla",
    "Ore",
    "Tenn",
    "Wis",
    "Ala",
    "Ark",
    "Neb",
    "Nev",
}
_GERMAN_NEVER_FINAL = {"z.B", "bzw", "ca", "Nr", "usw", "vgl", "u.a", "d.h", "evtl", "ggf", "inkl", "St", "Hr", "Fr"}

# Month abbreviations: not final before a day number ("Oct. 5"), final before a capitalised word.
_MONTHS = {
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "janv",
    "févr",
    "avr",
    "juil",
    "sept",
    "oct",
    "nov",
    "déc",
    "Janv",
    "Févr",
    "Avr",
    "Juil",
    "Déc",
}
# Verbs of saying that follow a quotation ending in ? or ! without starting a new sentence ("Ready?" CNN reported.).
_ATTRIBUTION = {
    "said",
    "says",
    "added",
    "asked",
    "reported",
    "told",
    "wrote",
    "explained",
    "replied",
    "tweeted",
    "shouted",
    "insisted",
    "continued",
    "recalled",
    "declared",
    "demanded",
    "cried",
    "noted",
    "warned",
    "stated",
}

# Words that typically open a sentence: after a "maybe final" abbreviation, one of these means a boundary.
_OPENERS_EN = {
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Its",
    "His",
    "Her",
    "Their",
    "Our",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "However",
    "Some",
    "Many",
    "Most",
    "For",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Last",
    "Next",
    "Shares",
    "What",
    "Why",
    "How",
}
_OPENERS_FR = {
    "Le",
    "La",
    "Les",
    "L",
    "Un",
    "Une",
    "Des",
    "Il",
    "Elle",
    "Ils",
    "Elles",
    "On",
    "Nous",
    "Vous",
    "Je",
    "Ce",
    "Cette",
    "Ces",
    "Cela",
    "Ceci",
    "Mais",
    "Et",
    "En",
    "Dans",
    "Au",
    "Aux",
    "Du",
    "De",
    "Pour",
    "Par",
    "Selon",
    "Son",
    "Sa",
    "Ses",
    "Leur",
    "Leurs",
    "Après",
    "Avant",
    "Lors",
    "Si",
    "Quand",
    "Alors",
    "Cependant",
    "Toutefois",
    "M",
    "Mme",
}


@dataclass(frozen=True)
class LanguageRules:
    lang: str
    never_final: frozenset[str]
    before_number: frozenset[str]
    maybe_final: frozenset[str]
    openers: frozenset[str]
    # French sets a (no-break) space before » and before ? ! : ; — a space then » still closes the sentence.
    spaced_closing_guillemet: bool
    # German ordinals ("3. Oktober") are written with a period.
    ordinal_period: bool


def _rules(lang: str) -> LanguageRules:
    never = set(_NEVER_FINAL_COMMON)
    maybe = set(_MAYBE_FINAL_COMMON)
    if lang == "de":
        never |= _GERMAN_NEVER_FINAL
    return LanguageRules(
        lang=lang,
        never_final=frozenset(never),
        before_number=frozenset(_BEFORE_NUMBER),
        maybe_final=frozenset(maybe),
        openers=frozenset(_OPENERS_FR | _OPENERS_EN if lang == "fr" else _OPENERS_EN),
        spaced_closing_guillemet=lang in ("fr", "de"),
        ordinal_period=lang == "de",
    )


LANGUAGES = {code: _rules(code) for code in ("fr", "en", "de")}

# The token right before a terminator: letters, digits, inner periods and apostrophes (U.S, J.-C, e.g).
_TOKEN_BEFORE = regex.compile(r"[\p{L}\p{N}°](?:[\p{L}\p{N}°.\-]*[\p{L}\p{N}°])?$")
_WORD_AFTER = regex.compile(r"[\p{L}\p{N}]+")
_CANDIDATE = regex.compile(r"[.!?…‽]+")


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _starts_sentence(text: str, i: int) -> bool:
    ch = text[i]
    if ch.isupper() or ch.istitle() or ch.isdigit():
        return True
    if ch in OPENERS:
        return True
    return False


def boundaries(text: str, rules: LanguageRules) -> list[int]:
    """Return the offsets in ``text`` (one paragraph) where a new sentence starts, excluding 0."""
    cuts: list[int] = []
    n = len(text)
    for m in _CANDIDATE.finditer(text):
        term = m.group()
        start, end = m.start(), m.end()
        # Extend over closing quotes and brackets, and a terminator after a closing quote (« … ». / "…").
        j = end
        while j < n:
            ch = text[j]
            if ch in CLOSERS:
                j += 1
            elif rules.spaced_closing_guillemet and _is_space(ch) and j + 1 < n and text[j + 1] == "»":
                j += 2
            elif ch in TERMINATORS and j > end:
                j += 1
            else:
                break
        # Need white space, then the start of a sentence.
        k = j
        while k < n and _is_space(text[k]):
            k += 1
        if k == j or k >= n:
            continue
        if not _starts_sentence(text, k):
            continue
        if not _keep(text, start, term, j, k, rules):
            continue
        cuts.append(k)
    return cuts


def _keep(text: str, start: int, term: str, j: int, k: int, rules: LanguageRules) -> bool:
    """Decide whether a candidate boundary after ``text[start:j]`` (next sentence at ``k``) is real."""
    before = text[:start]
    if term in ("…", "...") or (len(term) >= 2 and set(term) == {"."}):
        # An ellipsis inside brackets marks an omission: (…) or […].
        if before.endswith(("(", "[")) and text[j - 1 : j] in ")]":
            return False
        return True
    if term[-1] in "?!" and j > start + 1 and text[j - 1] in CLOSERS and _attribution_follows(text, k):
        # "Are you ready?" CNN reported. — the quotation is the object of the verb that follows.
        return False
    if term != ".":
        return True
    if j > start + 1:
        # Closing quote or bracket right after the period: the quotation ended the sentence.
        return True
    tm = _TOKEN_BEFORE.search(before)
    if tm is None:
        return True
    token = tm.group()
    wm = _WORD_AFTER.match(text, k)
    next_word = wm.group() if wm else ""
    if token in rules.never_final or token.rstrip(".") in rules.never_final:
        return False
    if token in rules.before_number and next_word[:1].isdigit():
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():
        # An initial (J. K. Rowling, M. Stoltenberg) unless a typical opener follows a lone capital after a digit.
        return next_word in rules.openers and len(next_word) > 2 and _is_lone_letter_word(before, tm.start())
    if token.isdigit():
        # A list number opening the paragraph ("1. Introduction"), or a German ordinal ("3. Oktober").
        if not before[: tm.start()].strip() and len(token) <= 2:
            return False
        if rules.ordinal_period and next_word[:1].islower():
            return False
        return True
    if token in _MONTHS:
        return not next_word[:1].isdigit()
    if token in rules.maybe_final or token.rstrip(".") in rules.maybe_final:
        return next_word in rules.openers
    # Dotted acronyms (U.S.A, O.N.U): final only before a typical opener.
    if "." in token and all(len(p) <= 2 for p in token.split(".") if p):
        return next_word in rules.openers
    return True


def _attribution_follows(text: str, k: int) -> bool:
    words = _WORD_AFTER.findall(text, k, min(len(text), k + 40))[:4]
    if not words or words[0] in _OPENERS_EN or words[0] in _OPENERS_FR:
        return False
    return any(w in _ATTRIBUTION for w in words[1:])


def _is_lone_letter_word(before: str, pos: int) -> bool:
    """True when the single capital before the period is a word of its own in prose ("vitamin C", "Plan B")."""
    prev = before[:pos].rstrip()
    return bool(prev) and prev[-1].islower()
