#!/usr/bin/env python3
"""Translation memory lookup speed: exact and fuzzy lookups against 100,000 units.

Units: the French/English sentence pairs of newstest 2013/2014, newsdiscusstest 2015, NTREX-128, FLORES-200 and
TICO-19 (about 12,000 real pairs), plus variants of them with one word left out, until 100,000 units. Queries: 200 real
sentences with one word changed (fuzzy) and 100 unchanged (exact). Prints median and 95th percentile per lookup, and
how many fuzzy queries found their source sentence.

    python scripts/bench_tm.py [--shared ../shared] [--units 100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aligner.formats.tmx import TranslationUnit  # noqa: E402
from aligner.tm import TranslationMemory  # noqa: E402


def pairs(shared: Path) -> list[tuple[str, str]]:
    ev = shared / "eval"
    files = [
        (ev / "newstest-fr-en/newstest2013.fra", ev / "newstest-fr-en/newstest2013.eng"),
        (ev / "newstest-fr-en/newstest2014.fra", ev / "newstest-fr-en/newstest2014.eng"),
        (ev / "newstest-fr-en/newsdiscusstest2015.fra", ev / "newstest-fr-en/newsdiscusstest2015.eng"),
        (ev / "ntrex128-en-fr/newstest2019-ref.fra.txt", ev / "ntrex128-en-fr/newstest2019-src.eng.txt"),
        (ev / "flores200-fr-en/fra_Latn.devtest", ev / "flores200-fr-en/eng_Latn.devtest"),
        (ev / "tico19-en-fr/tico19-test.fr", ev / "tico19-en-fr/tico19-test.en"),
    ]
    out = []
    for fr, en in files:
        out += list(zip(fr.read_text(encoding="utf-8").splitlines(), en.read_text(encoding="utf-8").splitlines()))
    seen, uniq = set(), []
    for f, e in out:
        if f.strip() and f not in seen:
            seen.add(f)
            uniq.append((f.strip(), e.strip()))
    return uniq


def variant(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) < 4:
        return text + " ."
    k = rng.randrange(len(words))
    return " ".join(words[:k] + words[k + 1 :])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--units", type=int, default=100_000)
    args = ap.parse_args()
    rng = random.Random(5)
    real = pairs(args.shared)
    units = [TranslationUnit(f, e, props=[("x-origin", "aligned")]) for f, e in real]
    seen = {f for f, _ in real}
    while len(units) < args.units:
        f, e = real[rng.randrange(len(real))]
        v = variant(variant(f, rng), rng) if rng.random() < 0.5 else variant(f, rng)
        if v not in seen:
            seen.add(v)
            units.append(TranslationUnit(v, e, props=[("x-origin", "aligned")]))
    units = units[: args.units]
    queries_exact = [real[rng.randrange(len(real))][0] for _ in range(100)]
    fuzzy_src = [real[rng.randrange(len(real))][0] for _ in range(200)]
    queries_fuzzy = []
    for s in fuzzy_src:
        words = s.split()
        k = rng.randrange(len(words))
        words[k] = "remplacé"
        queries_fuzzy.append(" ".join(words))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with TranslationMemory(Path(tmp) / "tm.sqlite") as tm:
            tm.add_units(units)
            build = time.perf_counter() - t0
            n = len(tm)

            def timed(qs):
                times, results = [], []
                for q in qs:
                    t = time.perf_counter()
                    results.append(tm.lookup(q, threshold=75))
                    times.append((time.perf_counter() - t) * 1000)
                return times, results

            timed(queries_exact[:10])  # warm the page cache
            te, re_ = timed(queries_exact)
            tf, rf = timed(queries_fuzzy)
    found = sum(1 for src, res in zip(fuzzy_src, rf) if any(m.src == src for m in res))
    exact_ok = sum(1 for res in re_ if res and res[0].exact)
    q = lambda xs: statistics.quantiles(xs, n=20)[18]  # noqa: E731
    print(f"translation memory: {n} units (built in {build:.1f} s)")
    print(f"exact lookups: median {statistics.median(te):.2f} ms, p95 {q(te):.2f} ms, {exact_ok}/{len(te)} exact hits")
    print(
        f"fuzzy lookups: median {statistics.median(tf):.2f} ms, p95 {q(tf):.2f} ms, "
        f"{found}/{len(tf)} found their source sentence"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
