#!/usr/bin/env python3
"""Sentence alignment benchmark: aligner against galechurch (PyPI), measured in the same run, on every set.

The tasks are built by ``align_tasks.py`` (BAF tao1, tao2, citi2; Text+Berg dev and test; NTREX-128 release-like
tasks). Development sets, where every parameter was chosen: BAF tao1, tao2, citi2, Text+Berg dev, NTREX release-like.
Held out, never used to choose anything: Text+Berg test. Strict and lax precision/recall/F1 as Sennrich & Volk
(2011). Confidence: reliability (AUROC, ECE, precision of beads at >= 0.9) of the shipped calibration on each set;
on development sets this is in-sample (the calibration was fitted there: ``fit_calibration.py`` prints the
leave-one-set-out figures), on Text+Berg test it is held out.

Speed: newstest2014 + newstest2013, the first 5,000 lines of each side, whole process (a fresh Python process reading
the files and writing the beads) for both systems, with peak memory; the gold is the line-parallel diagonal. A
release-sized pair (corpora/*/tico19_wikinews_4.txt) aligned in-process, from raw text. Short pairs as a run's workers
align them: median CPU time per pair, in process, of 100 windows of 20 newstest2013 lines and of the NTREX
release-like tasks (from raw text), with galechurch on the same pairs.

Machine translation helping the alignment (``--translation``; mt_tasks.py): Text+Berg with Bleualign's Google and
Europarl-Moses translations of the German side, and Google's German of the French side (fr -> de), each as whole
documents and cut into 20-bead releases, against the aligner without a translation in the same run; and four poor
translations (shuffled lines, the source copied, another document's translation, word salad), which must not make the
alignment worse (by a bead in 500 at most, see bench_align_mt.TOLERANCE). Text+Berg dev is where the MT settings were chosen (``--choose-mt``: the weight of the MT cost,
best mean F1 over the dev conditions among the settings that leave every poor translation at least as good as none);
Text+Berg test is held out. ``--mt-speed`` times a release of 24 sentences translated (CTranslate2 int8, a
random-weight model of opus-mt-fr-en's dimensions, built as bench_translate.py builds it, 2 threads) and aligned with
its translation.

``--choose`` runs the leave-one-set-out parameter choice over two small grids (deletion cost, unsupported-member
weight, group type cost, similarity weight; then similarity floor and length-cost cap): for each development set, the
setting that is best on the mean F1 of the other four, and its F1 on the one left out. ``--check`` exits 1 when a figure is below its floor (FLOORS, set a little under
what this version reaches).

    python scripts/bench_align.py [--shared ../shared] [--json] [--skip-newstest] [--skip-mt] [--check] [--choose]
                                  [--choose-mt] [--mt-speed]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from align_tasks import Task, all_tasks, lines, run_aligner, run_galechurch  # noqa: E402
from bench_align_mt import choose_mt, evaluate_mt, mt_failures, mt_release_timing, print_mt  # noqa: E402

from aligner.align import AlignParams, align_documents, align_sentences  # noqa: E402
from aligner.formats.beads import read_beads  # noqa: E402
from aligner.model import Bead  # noqa: E402
from aligner.score.aligneval import calibration_report, score_pairs  # noqa: E402
from aligner.segment import segment_text  # noqa: E402

# Floors for --check (strict F1 and confidence), a little under what this version reaches.
FLOORS = {
    "f1": {
        "BAF tao1+tao2": 0.955,  # reached: 0.961
        "BAF citi2": 0.895,  # 0.905
        "Text+Berg dev": 0.83,  # 0.842
        "NTREX release-like": 0.96,  # 0.970
        "Text+Berg test": 0.835,  # 0.845
    },
    "auroc_test": 0.83,  # Text+Berg test, held out: 0.855
    "ece_test": 0.06,  # 0.037
    "speed_ratio": 1.0,  # aligner CPU seconds / galechurch CPU seconds on 5,000 x 5,000 (reached: about 0.6)
    # with a translation, Text+Berg test, whole documents
    "f1_mt": {"google": 0.86, "europarl": 0.86},  # reached: see README
    "mt_release_seconds": 2.0,  # 24-sentence release translated (CTranslate2 int8, 2 threads) and aligned
}
REPORTED = [
    "BAF tao1",
    "BAF tao2",
    "BAF tao1+tao2",
    "BAF citi2",
    "Text+Berg dev",
    "NTREX release-like",
    "Text+Berg test",
]


def evaluate(tasks: list[Task], params: AlignParams | None = None, peer: bool = True) -> dict:
    """Per reported set: aligner and galechurch scores, and the aligner's confidence rows."""
    by_set: dict[str, dict] = {}
    for t in tasks:
        out = run_aligner(t, params)
        names = [t.group] + (["BAF tao1+tao2"] if t.group in ("BAF tao1", "BAF tao2") else [])
        gc = run_galechurch(t) if peer else None
        for name in names:
            slot = by_set.setdefault(name, {"ours": [], "peer": [], "rows": []})
            slot["ours"].append((t.gold, out.pred))
            slot["rows"] += [(f["confidence"], ok) for f, ok in out.rows]
            if gc is not None:
                slot["peer"].append((t.gold, gc))
    return by_set


def summarise(by_set: dict) -> dict:
    out = {}
    for name in REPORTED:
        if name not in by_set:
            continue
        slot = by_set[name]
        res = {"aligner": score_pairs(slot["ours"])}
        if slot["peer"]:
            res["galechurch"] = score_pairs(slot["peer"])
        if slot["rows"]:
            res["confidence"] = calibration_report(slot["rows"]).as_dict()
        out[name] = res
    return out


# ---------------------------------------------------------------- leave-one-set-out choice

# Two grids, searched one after the other (the second around the defaults of the first's parameters).
GRIDS = [
    {"del_cost": [3.0, 4.0, 5.0], "member_weight": [0.0, 1.5, 3.0], "group": [2.0, 3.0], "sim_weight": [2.0, 3.0, 4.0]},
    {"sim_floor": [-1.0, -1.5, -2.0, -2.5], "len_cap": [3.0, 4.0, 6.0, 8.0]},
]
DEV = ["BAF tao1", "BAF tao2", "BAF citi2", "Text+Berg dev", "NTREX release-like"]


def _params(setting: dict) -> AlignParams:
    kw = dict(setting)
    tc = dict(AlignParams().type_cost)
    if "group" in kw:
        group = kw.pop("group")
        tc[(1, 2)] = tc[(2, 1)] = group
        tc[(1, 3)] = tc[(3, 1)] = group + 2.6
    return AlignParams(type_cost=tc, **kw)


def choose(tasks: list[Task]) -> list[dict]:
    """For each grid and each development set left out: the setting best on the other four, and its held-out F1."""
    dev = [t for t in tasks if t.role == "dev"]
    out = []
    for grid in GRIDS:
        table = []
        for values in itertools.product(*grid.values()):
            setting = dict(zip(grid, values))
            by_set = evaluate(dev, _params(setting), peer=False)
            table.append((setting, {k: score_pairs(by_set[k]["ours"])["f1_strict"] for k in DEV}))
        folds = {}
        for held in DEV:
            others = [k for k in DEV if k != held]
            setting, f1 = max(table, key=lambda r: sum(r[1][k] for k in others))
            folds[held] = {"chosen": setting, "held_out_f1": f1[held], "best_possible": max(r[1][held] for r in table)}
        best = max(table, key=lambda r: sum(r[1].values()))
        out.append({"grid": grid, "all_dev": {"chosen": best[0], "f1": best[1]}, "folds": folds})
    return out


# ---------------------------------------------------------------- speed

GC_SCRIPT = """
import sys, galechurch
src = open(sys.argv[1], encoding='utf-8').read().split('\\n')[:-1]
tgt = open(sys.argv[2], encoding='utf-8').read().split('\\n')[:-1]
res = galechurch.align(src, tgt)
open(sys.argv[3], 'w').write('\\n'.join(res.to_pharaoh_lines()) + '\\n')
"""


# Runs a Python script (sys.argv[1], with its arguments) and reports its own peak resident memory on stderr. The
# child's ru_maxrss would not do: Linux carries the parent's high-water mark across fork and exec, so a child of this
# (large) process would report at least this process's size.
PEAK = """
import atexit, runpy, sys
def peak():
    with open('/proc/self/status') as f:
        sys.stderr.write(''.join('PEAK ' + line.split()[1] + '\\n' for line in f if line.startswith('VmHWM:')))
atexit.register(peak)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name='__main__')
"""


def timed(script: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system), peak resident memory (MiB) and exit status of a Python script run
    in a process of its own (``script``: its path, then its arguments).

    CPU time is what the speed check compares: on a machine shared with other work, wall time varies by a third from
    run to run, for both systems alike, while CPU time does not."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", PEAK, *script], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    peaks = [int(line.split()[1]) for line in err.splitlines() if line.startswith("PEAK ")]
    mem = peaks[-1] / 1024 if peaks else usage.ru_maxrss / 1024
    return time.perf_counter() - t0, cpu, mem, os.waitstatus_to_exitcode(status)


def run_newstest(shared: Path, n: int = 5000) -> dict:
    ns = shared / "eval" / "newstest-fr-en"
    fr = (lines(ns / "newstest2014.fra") + lines(ns / "newstest2013.fra"))[:n]
    en = (lines(ns / "newstest2014.eng") + lines(ns / "newstest2013.eng"))[:n]
    gold = [Bead((i,), (i,)) for i in range(n)]
    out: dict = {"sentences": n}
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "fr.txt").write_text("\n".join(fr) + "\n", encoding="utf-8")
        (t / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
        aligner_bin = str(Path(sys.executable).with_name("aligner"))
        runs = {"aligner": [aligner_bin, "align", "--presegmented", str(t / "fr.txt"), str(t / "en.txt")]}
        runs["aligner"] += ["-o", str(t / "a.ref")]
        (t / "gc.py").write_text(GC_SCRIPT, encoding="utf-8")
        runs["galechurch"] = [str(t / "gc.py"), str(t / "fr.txt"), str(t / "en.txt"), str(t / "g.ref")]
        for name, cmd in runs.items():
            secs, cpu, mem, rc = timed(cmd)
            ref = t / ("a.ref" if name == "aligner" else "g.ref")
            res = score_pairs([(gold, read_beads(ref))]) if rc == 0 else {}
            out[name] = {
                "seconds": secs,
                "cpu_seconds": cpu,
                "peak_mib": mem,
                "f1_strict": res.get("f1_strict"),
                "exit": rc,
            }
    return out


def release_timing() -> dict:
    """A release of corpora/ (24 x 24 sentences), segmented and aligned in process: median CPU time of 20 runs."""
    fr = (ROOT / "corpora" / "fr" / "tico19_wikinews_4.txt").read_text(encoding="utf-8")
    en = (ROOT / "corpora" / "en" / "tico19_wikinews_4.txt").read_text(encoding="utf-8")
    align_documents(segment_text(fr, "fr"), segment_text(en, "en"))  # warm-up (imports, caches)
    times = []
    for _ in range(20):
        t0 = time.process_time()
        a = align_documents(segment_text(fr, "fr"), segment_text(en, "en"))
        times.append(time.process_time() - t0)
    return {"sentences": [a.src_len, a.tgt_len], "seconds": statistics.median(times)}


def small_release_timing(shared: Path, tasks: list[Task], size: int = 20, count: int = 100) -> dict:
    """Short pairs aligned in process, as a run's workers align releases: CPU time per pair (median), for the aligner
    and galechurch on the same pairs. ``count`` windows of ``size`` consecutive newstest2013 lines (presegmented,
    languages given), and the NTREX release-like tasks from raw text (segmentation included, galechurch on the
    aligner's sentences). CPU time, since wall time on a shared machine varies with the other work."""
    ns = shared / "eval" / "newstest-fr-en"
    fr, en = lines(ns / "newstest2013.fra"), lines(ns / "newstest2013.eng")
    windows = [(fr[k : k + size], en[k : k + size]) for k in range(0, size * count, size)]
    releases = [t for t in tasks if t.group == "NTREX release-like"]
    # galechurch gets the aligner's sentences of each release (it does not segment)
    segmented = [
        (
            [x.text for x in segment_text(t.src_text, t.src_lang).sentences],
            [x.text for x in segment_text(t.tgt_text, t.tgt_lang).sentences],
        )
        for t in releases
    ]

    def aligner_window(p):
        align_sentences(p[0], p[1], src_lang="fr", tgt_lang="en")

    def aligner_release(t):
        align_documents(segment_text(t.src_text, t.src_lang), segment_text(t.tgt_text, t.tgt_lang))

    import galechurch

    aligner_window(windows[0])  # warm-up: imports, the prior lexicon, calibration
    return {
        "windows": {
            "pairs": len(windows),
            "sentences": size,
            "aligner_ms": _median_ms(aligner_window, windows),
            "galechurch_ms": _median_ms(lambda p: galechurch.align(*p), windows),
        },
        "ntrex": {
            "pairs": len(releases),
            "sentences": statistics.median(len(s) for s, _ in segmented),
            "aligner_ms": _median_ms(aligner_release, releases),
            "galechurch_ms": _median_ms(lambda p: galechurch.align(*p), segmented),
        },
    }


def _median_ms(fn, items) -> float:
    times = []
    for item in items:
        t0 = time.process_time()
        fn(item)
        times.append(time.process_time() - t0)
    return 1000 * statistics.median(times)


# ---------------------------------------------------------------- main


def failures(results: dict) -> list[str]:
    out = []
    for name, floor in FLOORS["f1"].items():
        f1 = results["sets"].get(name, {}).get("aligner", {}).get("f1_strict", 0.0)
        if f1 < floor:
            out.append(f"{name}: strict F1 {f1:.4f} < {floor}")
    conf = results["sets"].get("Text+Berg test", {}).get("confidence", {})
    if conf.get("auroc", 0.0) < FLOORS["auroc_test"]:
        out.append(f"Text+Berg test: confidence AUROC {conf.get('auroc', 0):.3f} < {FLOORS['auroc_test']}")
    if conf.get("ece", 1.0) > FLOORS["ece_test"]:
        out.append(f"Text+Berg test: confidence ECE {conf.get('ece', 1):.3f} > {FLOORS['ece_test']}")
    out += mt_failures(results, FLOORS)
    nt = results.get("newstest_5000")
    if nt and "galechurch" in nt:
        ratio = nt["aligner"]["cpu_seconds"] / max(nt["galechurch"]["cpu_seconds"], 1e-9)
        if ratio > FLOORS["speed_ratio"]:
            out.append(f"5,000 x 5,000: aligner takes {ratio:.2f}x the CPU time of galechurch")
    return out


def print_results(results: dict) -> None:
    print(f"{'set':22} {'role':5} {'system':11} {'strict P/R/F1':>21} {'lax F1':>7}   confidence: AUROC  ECE  >=0.9")
    for name, r in results["sets"].items():
        role = "test" if "test" in name else "dev"
        for sysname in ("aligner", "galechurch"):
            if sysname not in r:
                continue
            s = r[sysname]
            line = (
                f"{name:22} {role:5} {sysname:11} {s['precision_strict']:.3f}/{s['recall_strict']:.3f}/"
                f"{s['f1_strict']:.3f}   {s['f1_lax']:.3f}"
            )
            if sysname == "aligner" and "confidence" in r:
                c = r["confidence"]
                line += f"   {c['auroc']:.3f} {c['ece']:.3f} {c['precision_at_0.9']:.3f} ({c['beads_at_0.9']})"
            print(line)
    rp = results["release_pair"]
    print(
        f"\nrelease-sized pair {rp['sentences'][0]}x{rp['sentences'][1]}: {rp['seconds'] * 1000:.1f} ms CPU (in process)"
    )
    if "small_releases" in results:
        w, nt = results["small_releases"]["windows"], results["small_releases"]["ntrex"]
        print(
            f"short pairs, median CPU per pair (in process): newstest {w['sentences']}x{w['sentences']} windows "
            f"({w['pairs']}): aligner {w['aligner_ms']:.1f} ms, galechurch {w['galechurch_ms']:.2f} ms; "
            f"NTREX release-like from raw text ({nt['pairs']}, median {nt['sentences']:.0f} sentences): "
            f"aligner {nt['aligner_ms']:.1f} ms, galechurch {nt['galechurch_ms']:.2f} ms (same sentences)"
        )
    if "newstest_5000" in results:
        nt = results["newstest_5000"]
        print(f"newstest {nt['sentences']}x{nt['sentences']} lines, whole process:")
        for sysname in ("aligner", "galechurch"):
            if sysname in nt:
                r = nt[sysname]
                f1 = "-" if r["f1_strict"] is None else f"{r['f1_strict']:.4f}"
                print(
                    f"  {sysname:11} {r['seconds']:6.2f} s wall  {r['cpu_seconds']:6.2f} s CPU  "
                    f"peak {r['peak_mib']:6.0f} MiB  strict F1 {f1}"
                )
    print_mt(results)
    for choice in results.get("choice", []):
        print("\nleave-one-set-out choice, grid", json.dumps(choice["grid"]))
        for held, f in choice["folds"].items():
            print(
                f"  without {held:20} chosen {f['chosen']}  held-out F1 {f['held_out_f1']:.4f} (best {f['best_possible']:.4f})"
            )
        print("  all development sets:", choice["all_dev"]["chosen"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--skip-newstest", action="store_true", help="skip the 5,000-sentence whole-process timing")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--choose", action="store_true", help="also run the leave-one-set-out parameter choice (slow)")
    ap.add_argument("--skip-mt", action="store_true", help="skip the figures with machine translations")
    ap.add_argument("--choose-mt", action="store_true", help="also choose the MT weight on Text+Berg dev (slow)")
    ap.add_argument("--mt-speed", action="store_true", help="also time a release translated and aligned (CTranslate2)")
    args = ap.parse_args()
    tasks = all_tasks(args.shared)
    results: dict = {"sets": summarise(evaluate(tasks))}
    results["release_pair"] = release_timing()
    results["small_releases"] = small_release_timing(args.shared, tasks)
    if not args.skip_newstest:
        results["newstest_5000"] = run_newstest(args.shared)
    if args.choose:
        results["choice"] = choose(tasks)
    if not args.skip_mt:
        results["mt"] = evaluate_mt(args.shared)
    if args.choose_mt:
        results["mt_choice"] = choose_mt(args.shared)
    if args.mt_speed:
        results["mt_speed"] = mt_release_timing(args.shared)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_results(results)
    bad = failures(results) if args.check else []
    for line in bad:
        print(f"below floor: {line}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
