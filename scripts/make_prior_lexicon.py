#!/usr/bin/env python3
"""Rebuild the prior French-English lexicon shipped in ``src/aligner/align/data/prior-fr-en.tsv``.

Sources (both in ../shared/eval, both permissively licensed):
- TICO-19 test set, English-French, 2,100 sentence pairs (CC0);
- FLORES-200 devtest, French/English, 1,012 sentence pairs (CC BY-SA 4.0), so the derived file is CC BY-SA 4.0.
NTREX is NOT used: the release-like development tasks are built from it, and a lexicon learned from it would leak.

Method: IBM Model 1 in both directions (5 EM iterations each, with a NULL word) over folded word forms (the aligner's
own tokenizer), then each French word keeps up to three English words whose geometric mean of p(en|fr) and p(fr|en)
is at least ``--min-score``; both words must occur at least ``--min-count`` times. Identical forms are left out (the
aligner matches them anyway). Output: ``fr<TAB>en<TAB>weight`` sorted, with a header comment.

    python scripts/make_prior_lexicon.py [--shared ../shared] [--out src/aligner/align/data/prior-fr-en.tsv]
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aligner.align.features import tokenize  # noqa: E402

HEADER = """# aligner prior lexicon, French -> English (folded word forms), weight in (0, 1]
# Learned by scripts/make_prior_lexicon.py from TICO-19 (CC0) and FLORES-200 devtest (CC BY-SA 4.0).
# Licence of this file: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); see README.md beside it.
"""


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def corpus(shared: Path) -> list[tuple[list[str], list[str]]]:
    tico = shared / "eval" / "tico19-en-fr"
    flores = shared / "eval" / "flores200-fr-en"
    fr = read_lines(tico / "tico19-test.fr") + read_lines(flores / "fra_Latn.devtest")
    en = read_lines(tico / "tico19-test.en") + read_lines(flores / "eng_Latn.devtest")
    assert len(fr) == len(en)
    return [(list(tokenize(f).words), list(tokenize(e).words)) for f, e in zip(fr, en)]


def ibm1(pairs: list[tuple[list[str], list[str]]], iterations: int = 5) -> dict[tuple[str, str], float]:
    """t(e | f) of IBM Model 1 (f = first element of each pair), with a NULL source word."""
    t: dict[tuple[str, str], float] = defaultdict(lambda: 1.0)
    for _ in range(iterations):
        count: dict[tuple[str, str], float] = defaultdict(float)
        total: dict[str, float] = defaultdict(float)
        for fs, es in pairs:
            src = ["<null>", *fs]
            for e in es:
                z = sum(t[(f, e)] for f in src)
                for f in src:
                    c = t[(f, e)] / z
                    count[(f, e)] += c
                    total[f] += c
        t = defaultdict(float, {(f, e): c / total[f] for (f, e), c in count.items()})
    return dict(t)


def build(pairs, min_count: int, min_score: float, top: int) -> dict[str, list[tuple[str, float]]]:
    fr_count = Counter(w for fs, _ in pairs for w in set(fs))
    en_count = Counter(w for _, es in pairs for w in set(es))
    t_ef = ibm1(pairs)
    t_fe = ibm1([(es, fs) for fs, es in pairs])
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (f, e), p in t_ef.items():
        if f == "<null>" or f == e or fr_count[f] < min_count or en_count[e] < min_count:
            continue
        if len(f) < 2 or len(e) < 2:
            continue
        score = math.sqrt(p * t_fe.get((e, f), 0.0))
        if score >= min_score:
            out[f].append((e, score))
    return {f: sorted(c, key=lambda x: (-x[1], x[0]))[:top] for f, c in out.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "aligner" / "align" / "data" / "prior-fr-en.tsv")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-score", type=float, default=0.15)
    ap.add_argument("--top", type=int, default=3)
    args = ap.parse_args()
    lex = build(corpus(args.shared), args.min_count, args.min_score, args.top)
    rows = [f"{f}\t{e}\t{w:.3f}" for f in sorted(lex) for e, w in lex[f]]
    args.out.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(lex)} French words, {len(rows)} entries -> {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
