#!/usr/bin/env python3
"""Translation memory: lookup speed against 100,000 units, and the memory and time of importing a 200 MB TMX.

Units: the French/English sentence pairs of newstest 2013/2014, newsdiscusstest 2015, NTREX-128, FLORES-200 and
TICO-19 (about 12,000 real pairs), plus variants of them with one word left out, until 100,000 units. Queries: 200 real
sentences with one word changed (fuzzy) and 100 unchanged (exact). Prints median and 95th percentile per lookup, and
how many fuzzy queries found their source sentence, and the database's size by table and index (SQLite's dbstat).

Import: a TMX of ``--import-mb`` MB (units built the same way, with aligner's props and <tuv> attributes) is written
to a temporary folder and imported by ``aligner tm import`` in a child process; its peak RSS comes from
``resource.getrusage(RUSAGE_CHILDREN)``. The peer, in another child: parsing the same file into one tree, as the
reader did before it streamed (parse only, no database). ``--check`` exits 1 when the import peaks at 300 MB or more,
or fewer than 190 of 200 fuzzy queries find their source.

    python scripts/bench_tm.py [--shared ../shared] [--units 100000] [--import-mb 200] [--no-peer] [--check]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aligner.formats.tmx import TranslationUnit, render_tmx  # noqa: E402
from aligner.tm import TranslationMemory  # noqa: E402

RSS_GOAL_MB = 300
CHILD_ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
}
FOUND_FLOOR = 190


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


def memory_units(real: list[tuple[str, str]], count: int, rng: random.Random) -> list[TranslationUnit]:
    units = [TranslationUnit(f, e, props=[("x-origin", "aligned")]) for f, e in real]
    seen = {f for f, _ in real}
    while len(units) < count:
        f, e = real[rng.randrange(len(real))]
        v = variant(variant(f, rng), rng) if rng.random() < 0.5 else variant(f, rng)
        if v not in seen:
            seen.add(v)
            units.append(TranslationUnit(v, e, props=[("x-origin", "aligned")]))
    return units[:count]


def bench_lookup(real: list[tuple[str, str]], count: int, rng: random.Random) -> int:
    units = memory_units(real, count, rng)
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
        from aligner.tm import store

        store._VERIFIED.clear()  # what a fresh process does: quick_check on opening
        t0 = time.perf_counter()
        TranslationMemory(Path(tmp) / "tm.sqlite").close()
        check_ms = (time.perf_counter() - t0) * 1000
        size = (Path(tmp) / "tm.sqlite").stat().st_size
        tables = table_sizes(Path(tmp) / "tm.sqlite")
    found = sum(1 for src, res in zip(fuzzy_src, rf) if any(m.src == src for m in res))
    exact_ok = sum(1 for res in re_ if res and res[0].exact)
    q = lambda xs: statistics.quantiles(xs, n=20)[18]  # noqa: E731
    print(f"translation memory: {n} units (built in {build:.1f} s, {size / 2**20:.0f} MiB)")
    print(f"opening it with quick_check: {check_ms:.0f} ms")
    print(f"database by table and index: {tables}")
    print(f"exact lookups: median {statistics.median(te):.2f} ms, p95 {q(te):.2f} ms, {exact_ok}/{len(te)} exact hits")
    print(
        f"fuzzy lookups: median {statistics.median(tf):.2f} ms, p95 {q(tf):.2f} ms, "
        f"{found}/{len(tf)} found their source sentence"
    )
    return found


def table_sizes(path: Path) -> str:
    """MiB per table and index, largest first (empty when this SQLite has no dbstat)."""
    import sqlite3

    db = sqlite3.connect(str(path))
    try:
        rows = db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    except sqlite3.OperationalError:
        return "(no dbstat in this SQLite)"
    finally:
        db.close()
    return ", ".join(f"{name} {size / 2**20:.1f}" for name, size in rows if size >= 2**20 / 10)


def write_big_tmx(path: Path, real: list[tuple[str, str]], megabytes: int, rng: random.Random) -> int:
    """Units with aligner's props and <tuv> attributes until the file holds ``megabytes`` MB."""

    def units():
        k = 0
        while True:
            f, e = real[rng.randrange(len(real))]
            k += 1
            yield TranslationUnit(
                variant(f, rng),
                e,
                props=[("x-release", f"release_{k // 40}"), ("x-bead", str(k % 40)), ("x-origin", "aligned")],
                attrs={"tuid": f"u{k}", "creationdate": "20260101T000000Z"},
                src_attrs={"changedate": "20260102T000000Z"},
                tgt_attrs={"changedate": "20260103T000000Z", "changeid": "bench"},
            )

    limit, written, count = megabytes * 1_000_000, 0, 0
    with path.open("w", encoding="utf-8") as fh:
        for chunk in render_tmx(units()):
            fh.write(chunk)
            written += len(chunk.encode("utf-8"))
            count += chunk.startswith("    <tu ")
            if written >= limit and chunk == "    </tu>\n":
                break
        fh.write("  </body>\n</tmx>\n")
    return count


def child_peak(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run ``cmd``; its wall time in seconds and peak RSS in MiB (this must be the first child of this process for
    RUSAGE_CHILDREN to be its own figure, so the peer uses wait4)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=CHILD_ENV)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    return (
        wall,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        subprocess.CompletedProcess(cmd, proc.returncode, out, err),
    )


def peer_peak(cmd: list[str]) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, proc.returncode


def bench_import(real: list[tuple[str, str]], megabytes: int, peer: bool, rng: random.Random) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        tmx, db = Path(tmp) / "big.tmx", Path(tmp) / "tm.sqlite"
        n = write_big_tmx(tmx, real, megabytes, rng)
        size = tmx.stat().st_size
        wall, peak, res = child_peak([sys.executable, "-m", "aligner", "tm", "import", str(tmx), "--db", str(db)])
        if res.returncode != 0:
            print(f"tm import failed: {res.stderr.strip()}")
            return float("inf")
        print(
            f"tm import of a {size / 1e6:.0f} MB TMX ({n} units): {wall:.1f} s ({n / wall:,.0f} units/s), "
            f"peak RSS {peak:.0f} MiB (goal < {RSS_GOAL_MB} MB), database {db.stat().st_size / 2**20:.0f} MiB"
        )
        if peer:
            code = (
                "import sys; from aligner.xmlsafe import parse_xml; r = parse_xml(sys.argv[1]); "
                "print(len(r.find('body')))"
            )
            pwall, ppeak, rc = peer_peak([sys.executable, "-c", code, str(tmx)])
            state = "" if rc == 0 else f" (exit {rc})"
            print(
                f"peer, whole-tree parse of the same file (no database): {pwall:.1f} s, peak RSS {ppeak:.0f} MiB{state}"
            )
    return peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--import-mb", type=int, default=200, help="size of the TMX to import (0: skip)")
    ap.add_argument("--no-peer", action="store_true", help="skip the whole-tree parse")
    ap.add_argument("--check", action="store_true", help=f"exit 1 at {RSS_GOAL_MB} MB peak or below the floors")
    args = ap.parse_args()
    real = pairs(args.shared)
    peak = 0.0
    if args.import_mb:  # first: RUSAGE_CHILDREN must see the import as this process's first child
        peak = bench_import(real, args.import_mb, not args.no_peer, random.Random(7))
    found = bench_lookup(real, args.units, random.Random(5))
    failures = []
    if args.import_mb and peak * 1.048576 >= RSS_GOAL_MB:
        failures.append(f"import peak RSS {peak:.0f} MiB is not under {RSS_GOAL_MB} MB")
    if found < FOUND_FLOOR:
        failures.append(f"{found}/200 fuzzy queries found their source (floor {FOUND_FLOOR})")
    for f in failures:
        print(f"check failed: {f}")
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
