#!/usr/bin/env python3
"""``aligner run`` on a corpus of 123 release pairs (the NTREX-128 documents), first run against re-run.

Each NTREX document becomes fr/<id>.txt and en/<id>.txt (headline line, then paragraphs of three sentences). The
whole command is timed as a fresh process: the first run into an empty output folder, then a re-run on the unchanged
corpus (which must reuse everything), then a run after one release changed. Also compares ``--jobs 1`` and ``--jobs 2``.

With ``--check`` it exits 1 when the unchanged re-run is less than 10x faster than the first run.

    python scripts/bench_run.py [--shared ../shared] [--check]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RERUN_FLOOR = 10.0


def build_corpus(shared: Path, root: Path) -> int:
    nt = shared / "eval" / "ntrex128-en-fr"
    ids = (nt / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    en = (nt / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    fr = (nt / "newstest2019-ref.fra.txt").read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[tuple[str, str]]] = {}
    for d, e, f in zip(ids, en, fr):
        docs.setdefault(d, []).append((f.strip(), e.strip()))
    for lang in ("fr", "en"):
        (root / lang).mkdir(parents=True)
    for d, pairs in docs.items():
        for k, lang in enumerate(("fr", "en")):
            sents = [p[k] for p in pairs]
            body = [" ".join(sents[i : i + 3]) for i in range(1, len(sents), 3)]
            (root / lang / f"{d}.txt").write_text("\n".join([sents[0], *body]) + "\n", encoding="utf-8")
    return len(docs)


def timed_run(corpus: Path, out: Path, jobs: int) -> float:
    aligner = Path(sys.executable).with_name("aligner")
    t0 = time.perf_counter()
    cmd = [str(aligner), "run", str(corpus), "--out", str(out), "--jobs", str(jobs), "--quiet", "--no-mt"]
    subprocess.run(cmd, check=True)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--check", action="store_true", help="exit 1 when a re-run is not 10x faster than the first run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        n = build_corpus(args.shared, corpus)
        first = timed_run(corpus, Path(tmp) / "out", jobs=2)
        rerun = timed_run(corpus, Path(tmp) / "out", jobs=2)
        one = sorted((corpus / "en").glob("*.txt"))[0]
        one.write_text(one.read_text(encoding="utf-8") + "An added closing sentence.\n", encoding="utf-8")
        changed = timed_run(corpus, Path(tmp) / "out", jobs=2)
        serial = timed_run(corpus, Path(tmp) / "out1", jobs=1)
    print(f"corpus: {n} release pairs")
    print(f"first run (--jobs 2):          {first:6.2f} s")
    print(f"re-run, nothing changed:       {rerun:6.2f} s   ({first / rerun:.1f}x faster)")
    print(f"re-run, one release changed:   {changed:6.2f} s")
    print(f"first run (--jobs 1):          {serial:6.2f} s   (--jobs 2 is {serial / first:.2f}x faster)")
    if args.check and first / rerun < RERUN_FLOOR:
        print(f"check failed: re-run only {first / rerun:.1f}x faster (floor {RERUN_FLOOR}x)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
