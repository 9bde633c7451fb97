"""Bilingual term candidates from aligned sentence pairs, ranked by association over beads.

French and English n-grams (1-3 words, not starting or ending with a function word) are counted per bead; a pair's
score is the Dice coefficient of the beads it occurs in, times log2 of its co-occurrence count, so a frequent and
consistent pair ranks first. Each French candidate keeps its best English partner, and each English term is used by
one French term at most (competitive linking), which removes most pairs of a term with its neighbours' words.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from . import fold

STOP_FR = set(
    """le la les l un une des du de d et ou en au aux à a ce cette ces son sa ses leur leurs qui que qu
dans par pour sur avec sans se s est sont été être a ont il elle ils elles on nous vous je ne pas plus mais
comme lui y dont où très aussi ainsi entre après avant depuis contre sous selon tout tous toute toutes autre
autres même cela celui celle ceux été avait avoir fait faire peut doit c n m t""".split()
)
STOP_EN = set(
    """the a an and or of to in on at for with by from as is are was were be been being it its this that
these those he she they we you i his her their our not no but if so than then there which who whom whose what
when where how all any some such into over under about after before between also has have had do does did can
could will would should may might must more most other only its""".split()
)


@dataclass(frozen=True)
class Candidate:
    source: str
    target: str
    score: float
    frequency: int
    example_src: str
    example_tgt: str


def _ngrams(text: str, lang: str, n_max: int = 3) -> set[str]:
    import re

    words = re.findall(r"[^\W\d_][^\W_]*(?:[-’'][^\W_]+)*", text)
    stops = STOP_FR if lang == "fr" else STOP_EN
    out = set()
    low = [fold(w) for w in words]
    for i in range(len(words)):
        for n in range(1, n_max + 1):
            if i + n > len(words):
                break
            gram = low[i : i + n]
            if gram[0] in stops or gram[-1] in stops or any(len(g) < 2 for g in gram):
                continue
            if n == 1 and len(gram[0]) < 4:
                continue
            out.add(" ".join(words[i : i + n]).lower())
    return out


def extract(pairs: Iterable[tuple[str, str]], top: int = 200, min_count: int = 2) -> list[Candidate]:
    """Term candidates from (French, English) pairs: 1-3-word n-grams ranked by Dice x log frequency, each French and
    English n-gram used once (competitive linking, best first)."""
    beads = [(_ngrams(s, "fr"), _ngrams(t, "en"), s, t) for s, t in pairs]
    cf: Counter[str] = Counter()
    ce: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], tuple[str, str]] = {}
    for f, e, s, t in beads:
        cf.update(f)
        ce.update(e)
        for a in f:
            for b in e:
                joint[(a, b)] += 1
                example.setdefault((a, b), (s, t))
    scored = []
    for (a, b), c in joint.items():
        if c < min_count:
            continue
        dice = 2 * c / (cf[a] + ce[b])
        if dice < 0.3:
            continue
        bonus = 1.0 + 0.15 * (len(a.split()) - 1)  # multi-word terms are what reviewers miss most
        if len(a.split()) == len(b.split()):
            bonus *= 1.2  # terms tend to keep their number of words across French and English
        scored.append((dice * math.log2(1 + c) * bonus, c, a, b))
    scored.sort(key=lambda x: (-x[0], x[2], x[3]))
    used_f: set[str] = set()
    used_e: set[str] = set()
    out = []
    for score, c, a, b in scored:
        if a in used_f or b in used_e:
            continue
        used_f.add(a)
        used_e.add(b)
        s, t = example[(a, b)]
        out.append(Candidate(a, b, round(score, 4), c, s, t))
        if len(out) >= top:
            break
    return out
