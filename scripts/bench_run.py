#!/usr/bin/env python3
"""``aligner run`` as a whole command: first run against re-run, and throughput on a large corpus.

Default: the 123 NTREX-128 documents as release pairs (headline line, then paragraphs of three sentences). The whole
command is timed as a fresh process: the first run into an empty output folder, a re-run on the unchanged corpus
(which must find it up to date), a run after one release changed, and ``--jobs 1`` against ``--jobs 2``; then the
same documents in all ten NTREX languages (1,230 release pairs), first run and re-run. ``--check`` exits 1 when the
unchanged re-run of the ten languages is less than 10x faster than their first run. On the French releases alone the
whole first run takes about 3 s, so their re-run mostly measures the CLI's start (printed too: ``aligner --version``).

``--releases N``: N release pairs of 6-30 sentences cut from WMT newstest (headline, then paragraphs of 2-5 sentences,
fixed seed). Prints releases/s and releases/s per core, peak memory (RSS of the process tree) and the size of the
outputs against the corpus. For scale, a baseline runs in the same session on the same corpus: sentence-splitter to
segment, galechurch to align and a plain TMX writer (no memory, no report, no review pages). ``--executor dask``
measures a local Dask cluster instead of the process pool.

    python scripts/bench_run.py [--shared ../shared] [--check]
    python scripts/bench_run.py --releases 2000 [--jobs 2] [--no-baseline] [--check]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from align_tasks import NTREX_FILES, ntrex_ids, ntrex_lines

ROOT = Path(__file__).resolve().parents[1]
RERUN_FLOOR = 10.0
RELEASES_PER_S_FLOOR = 150.0  # with --releases 2000 --check on 2 cores
OUTPUT_RATIO_FLOOR = 8.0


def build_ntrex_corpus(shared: Path, root: Path, langs: tuple[str, ...] = ("fr",)) -> int:
    """The 123 NTREX documents as releases in English and each of ``langs``; returns the number of release pairs."""
    ids = ntrex_ids(shared)
    texts = {lang: ntrex_lines(shared, lang) for lang in ("en", *langs)}
    docs: dict[str, list[int]] = {}
    for k, d in enumerate(ids):
        docs.setdefault(d, []).append(k)
    for lang, lines in texts.items():
        (root / lang).mkdir(parents=True)
        for d, rows in docs.items():
            sents = [lines[k].strip() for k in rows]
            body = [" ".join(sents[i : i + 3]) for i in range(1, len(sents), 3)]
            (root / lang / f"{d}.txt").write_text("\n".join([sents[0], *body]) + "\n", encoding="utf-8")
    return len(docs) * len(langs)


def build_newstest_corpus(shared: Path, root: Path, n: int, seed: int = 17) -> int:
    """``n`` release pairs of 6-30 consecutive newstest sentences; returns the corpus size in bytes."""
    ns = shared / "eval" / "newstest-fr-en"
    fr: list[str] = []
    en: list[str] = []
    for name in ("newstest2014", "newstest2013", "newsdiscusstest2015"):
        fr += (ns / f"{name}.fra").read_text(encoding="utf-8").splitlines()
        en += (ns / f"{name}.eng").read_text(encoding="utf-8").splitlines()
    rng = random.Random(seed)
    size = 0
    for lang in ("fr", "en"):
        (root / lang).mkdir(parents=True)
    for k in range(n):
        count = rng.randint(6, 30)
        start = rng.randrange(0, len(fr) - count)
        cuts = [start + 1]
        while cuts[-1] < start + count:
            cuts.append(min(start + count, cuts[-1] + rng.randint(2, 5)))
        for lang, lines in (("fr", fr), ("en", en)):
            paras = [lines[start]] + [" ".join(lines[a:b]) for a, b in zip(cuts, cuts[1:])]
            data = ("\n".join(p.strip() for p in paras) + "\n").encode("utf-8")
            (root / lang / f"r{k:06d}.txt").write_bytes(data)
            size += len(data)
    return size


def timed(cmd: list[str], **run: object) -> tuple[float, float]:
    """Wall time of a command and the peak RSS (MiB) of the largest process it ran."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, **run)  # type: ignore[call-overload]
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def aligner_cmd(corpus: Path, out: Path, jobs: int, *extra: str) -> list[str]:
    aligner = Path(sys.executable).with_name("aligner")
    return [str(aligner), "run", str(corpus), "--out", str(out), "--jobs", str(jobs), "--quiet", "--no-mt", *extra]


def folder_size(path: Path, allocated: bool = True) -> int:
    """Bytes on disk (allocated blocks, as ``du`` counts them: what a folder costs), or the files' apparent sizes."""
    files = [p.lstat() for p in path.rglob("*") if p.is_file()]
    return sum(st.st_blocks * 512 if allocated else st.st_size for st in files)


def rerun_bench(args: argparse.Namespace) -> int:
    """First run against re-runs, on the French releases and on all ten languages' (the floor applies to those)."""
    with tempfile.TemporaryDirectory() as tmp:
        start, _ = timed([str(Path(sys.executable).with_name("aligner")), "--version"], stdout=subprocess.DEVNULL)
        corpus, out = Path(tmp) / "fr", Path(tmp) / "out-fr"
        n = build_ntrex_corpus(args.shared, corpus)
        first, _ = timed(aligner_cmd(corpus, out, 2))
        rerun, _ = timed(aligner_cmd(corpus, out, 2))
        one = sorted((corpus / "en").glob("*.txt"))[0]
        one.write_text(one.read_text(encoding="utf-8") + "An added closing sentence.\n", encoding="utf-8")
        changed, _ = timed(aligner_cmd(corpus, out, 2))
        serial, _ = timed(aligner_cmd(corpus, Path(tmp) / "out1", 1))
        corpus, out = Path(tmp) / "all", Path(tmp) / "out-all"
        n_all = build_ntrex_corpus(args.shared, corpus, tuple(lang for lang in NTREX_FILES if lang != "en"))
        first_all, _ = timed(aligner_cmd(corpus, out, 2))
        rerun_all, _ = timed(aligner_cmd(corpus, out, 2))
    print(f"aligner --version (the CLI's start): {start:6.2f} s")
    print(f"French, {n} release pairs")
    print(f"  first run (--jobs 2):          {first:6.2f} s")
    print(f"  re-run, nothing changed:       {rerun:6.2f} s   ({first / rerun:.1f}x faster)")
    print(f"  re-run, one release changed:   {changed:6.2f} s")
    print(f"  first run (--jobs 1):          {serial:6.2f} s   (--jobs 2 is {serial / first:.2f}x faster)")
    print(f"ten languages, {n_all} release pairs")
    print(f"  first run (--jobs 2):          {first_all:6.2f} s")
    print(f"  re-run, nothing changed:       {rerun_all:6.2f} s   ({first_all / rerun_all:.1f}x faster)")
    if args.check and first_all / rerun_all < RERUN_FLOOR:
        print(f"check failed: re-run only {first_all / rerun_all:.1f}x faster (floor {RERUN_FLOOR}x)", file=sys.stderr)
        return 1
    return 0


def baseline(corpus: Path, out: Path) -> float:
    """sentence-splitter + galechurch + a plain TMX writer over the same corpus, in a fresh process."""
    code = f"""
import sys
sys.path.insert(0, {str(ROOT / "src")!r})
from pathlib import Path
import galechurch
from sentence_splitter import SentenceSplitter
from aligner.formats.tmx import TranslationUnit, write_tmx
fr_ss, en_ss = SentenceSplitter(language="fr"), SentenceSplitter(language="en")
corpus, out = Path({str(corpus)!r}), Path({str(out)!r})
units = []
for f in sorted((corpus / "fr").glob("*.txt")):
    src = [s for line in f.read_text(encoding="utf-8").splitlines() for s in fr_ss.split(line) if s.strip()]
    e = corpus / "en" / f.name
    tgt = [s for line in e.read_text(encoding="utf-8").splitlines() for s in en_ss.split(line) if s.strip()]
    for b in galechurch.align(src, tgt).beads:
        s = " ".join(src[b.source_start:b.source_end]); t = " ".join(tgt[b.target_start:b.target_end])
        if s and t:
            units.append(TranslationUnit(s, t))
write_tmx(out / "memory.tmx", units)
"""
    out.mkdir(parents=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def throughput_bench(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        build_newstest_corpus(args.shared, corpus, args.releases)
        size, apparent = folder_size(corpus), folder_size(corpus, allocated=False)
        extra = ["--executor", args.executor] if args.executor != "local" else []
        wall, peak = timed(aligner_cmd(corpus, Path(tmp) / "out", args.jobs, *extra))
        out_size, out_apparent = folder_size(Path(tmp) / "out"), folder_size(Path(tmp) / "out", allocated=False)
        base = None if args.no_baseline else baseline(corpus, Path(tmp) / "baseline")
    rate = args.releases / wall
    cores = min(args.jobs, os.cpu_count() or 1)
    print(
        f"corpus: {args.releases} release pairs, {size / 1e6:.1f} MB on disk, {apparent / 1e6:.1f} MB of text "
        "(newstest, seed 17)"
    )
    print(
        f"aligner run --jobs {args.jobs} ({args.executor}): {wall:7.2f} s   {rate:7.1f} releases/s   "
        f"{rate / cores:6.1f} releases/s per core"
    )
    print(f"peak memory (largest process):   {peak:7.0f} MiB")
    print(
        f"outputs: {out_size / 1e6:.1f} MB on disk = {out_size / size:.1f}x the corpus "
        f"({out_apparent / 1e6:.1f} MB of bytes = {out_apparent / apparent:.1f}x)"
    )
    if base is not None:
        print(
            f"baseline (sentence-splitter + galechurch + TMX, 1 process): {base:7.2f} s   "
            f"{args.releases / base:7.1f} releases/s"
        )
    failures = []
    if args.check and args.releases >= 2000 and rate < RELEASES_PER_S_FLOOR:
        failures.append(f"{rate:.0f} releases/s, floor {RELEASES_PER_S_FLOOR:.0f}")
    if args.check and out_size / size > OUTPUT_RATIO_FLOOR:
        failures.append(f"outputs {out_size / size:.1f}x the corpus, ceiling {OUTPUT_RATIO_FLOOR:.0f}x")
    for f in failures:
        print(f"check failed: {f}", file=sys.stderr)
    return 1 if failures else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--releases", type=int, help="throughput on this many newstest release pairs")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--executor", default="local", help="local (process pool) or dask (a local Dask cluster)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the sentence-splitter + galechurch baseline")
    ap.add_argument("--check", action="store_true", help="exit 1 below the floors in this script")
    args = ap.parse_args()
    return throughput_bench(args) if args.releases else rerun_bench(args)


if __name__ == "__main__":
    raise SystemExit(main())
