#!/usr/bin/env python3
"""Terminology: glossary-check speed, and how well term extraction recovers a glossary.

Speed: 10,000 French/English sentence pairs (NTREX-128 and newstest) checked against a 5,000-term glossary (the 30
real entries of scripts/data/ntrex-news-glossary.tsv plus French n-grams of newstest2013 with placeholder targets, so
that terms occur as often as in real text). Extraction: the 1,997 NTREX line pairs as beads; the share of the 30
hand-written glossary pairs found among the top 50 and top 200 candidates, and the first wrong candidates.

    python scripts/bench_terms.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aligner.formats.glossary import load_glossary  # noqa: E402
from aligner.terms import Term, normalise  # noqa: E402
from aligner.terms.check import GlossaryChecker  # noqa: E402
from aligner.terms.extract import extract  # noqa: E402

GLOSSARY = ROOT / "scripts" / "data" / "ntrex-news-glossary.tsv"


def lines(p: Path) -> list[str]:
    return p.read_text(encoding="utf-8").splitlines()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    ev = args.shared / "eval"
    nt_fr = lines(ev / "ntrex128-en-fr" / "newstest2019-ref.fra.txt")
    nt_en = lines(ev / "ntrex128-en-fr" / "newstest2019-src.eng.txt")
    ns_fr = lines(ev / "newstest-fr-en" / "newstest2014.fra") + lines(ev / "newstest-fr-en" / "newstest2013.fra")
    ns_en = lines(ev / "newstest-fr-en" / "newstest2014.eng") + lines(ev / "newstest-fr-en" / "newstest2013.eng")
    more_fr = lines(ev / "newstest-fr-en" / "newsdiscusstest2015.fra") + lines(
        ev / "flores200-fr-en" / "fra_Latn.devtest"
    )
    more_en = lines(ev / "newstest-fr-en" / "newsdiscusstest2015.eng") + lines(
        ev / "flores200-fr-en" / "eng_Latn.devtest"
    )
    pairs = list(zip(nt_fr + ns_fr + more_fr, nt_en + ns_en + more_en))[:10_000]
    real = load_glossary(GLOSSARY)
    rng = random.Random(3)
    grams: Counter[str] = Counter()
    for line in lines(ev / "newstest-fr-en" / "newstest2013.fra"):
        w = re.findall(r"\w+", line.lower())
        for n in (1, 2, 3):
            grams.update(" ".join(w[i : i + n]) for i in range(len(w) - n + 1) if len(w[i]) > 3)
    filler = [g for g, c in grams.most_common(20000) if c >= 2]
    rng.shuffle(filler)
    terms = real + [Term(g, [f"term{k}"]) for k, g in enumerate(filler[: 5000 - len(real)])]
    t0 = time.perf_counter()
    checker = GlossaryChecker(terms)
    issues = checker.check_pairs(("bench", k, s, t) for k, (s, t) in enumerate(pairs))
    secs = time.perf_counter() - t0
    print(f"check: {len(pairs)} pairs x {len(terms)} terms in {secs:.2f} s ({len(issues)} issues)")

    cands = extract(list(zip(nt_fr, nt_en)), top=200)
    gold = {
        (tuple(normalise(t.source, "fr")), tuple(normalise(x, "en"))) for t in real for x in (t.targets or [t.source])
    }  # same-spelling entries load as do-not-translate
    key = [(tuple(normalise(c.source, "fr")), tuple(normalise(c.target, "en"))) for c in cands]
    hit50 = len(gold & set(key[:50]))
    hit200 = len(gold & set(key))
    print(
        f"extraction on {len(nt_fr)} NTREX pairs: {hit50}/{len(gold)} glossary pairs in the top 50, "
        f"{hit200}/{len(gold)} in the top 200"
    )
    src_only = {g[0] for g in gold}
    wrong = [(c.source, c.target) for c, k in zip(cands[:50], key[:50]) if k not in gold and k[0] in src_only]
    print("glossary terms paired with the wrong English in the top 50:", wrong[:10])
    print(
        "other top-50 candidates (not in the glossary, may be right):",
        [(c.source, c.target) for c, k in zip(cands[:50], key[:50]) if k[0] not in src_only][:15],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
