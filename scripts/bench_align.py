#!/usr/bin/env python3
"""Sentence alignment benchmark: aligner against galechurch (PyPI), measured in the same run.

Data (all from ../shared/eval):
- BAF tao1 + tao2 (French-English, hand-made gold): the development set the parameters were chosen on;
- Text+Berg (German-French, ``--src-lang de --tgt-lang fr``): ``dev`` was used for tuning, ``test0``-``test6`` are
  reported as the held-out figure;
- NTREX-128 release-like tasks built here: each document becomes an English and a French release (headline line, then
  paragraphs of 2-5 sentences); some sentences are dropped from one side and some pairs of sentences are fused into one
  on one side (fixed seed). Both systems segment the raw text themselves (aligner with its own segmenter, galechurch
  after sentence-splitter); predictions are projected onto the gold sentences by character offsets;
- newstest2014 + newstest2013, the first 5,000 lines of each side: the whole process (a fresh Python process reading the
  files and writing the beads) is timed, with its peak memory; the gold is the line-parallel diagonal;
- a release-sized pair (corpora/*/tico19_wikinews_4.txt) aligned in-process, from raw text.
Strict and lax precision/recall/F1 as Sennrich & Volk (2011). Confidence: strict precision of aligner's beads by
confidence band, over BAF, Text+Berg test and NTREX, to show that low scores concentrate the errors.

    python scripts/bench_align.py [--shared ../shared] [--json] [--skip-newstest]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aligner.align import align_documents, align_sentences  # noqa: E402
from aligner.formats.beads import read_beads  # noqa: E402
from aligner.model import Bead  # noqa: E402
from aligner.score.aligneval import score_pairs  # noqa: E402
from aligner.segment import segment_text  # noqa: E402

try:
    import galechurch
except ImportError:  # pragma: no cover - the bench extra is not installed
    galechurch = None


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    out = text.split("\n")
    if out and out[-1] == "":
        out.pop()
    return out


def gc_beads(src: list[str], tgt: list[str]) -> list[Bead]:
    res = galechurch.align(src, tgt)
    return [
        Bead(tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end))) for b in res.beads
    ]


def presegmented_sets(shared: Path) -> dict[str, list[tuple[Path, Path, Path]]]:
    baf = shared / "eval" / "baf-fr-en"
    tb = shared / "eval" / "textberg-de-fr"
    return {
        "BAF tao1+tao2 (fr-en, dev)": [
            (baf / f"{d}.fr.txt", baf / f"{d}.en.txt", baf / "gold" / f"{d}.fr-en.ref") for d in ("tao1", "tao2")
        ],
        "Text+Berg dev (de-fr, dev)": [(tb / "dev.de", tb / "dev.fr", tb / "dev.defr")],
        "Text+Berg test (de-fr, test)": [
            (tb / f"test{i}.de", tb / f"test{i}.fr", tb / f"test{i}.defr") for i in range(7)
        ],
    }


# ---------------------------------------------------------------- NTREX release-like tasks


def build_ntrex_tasks(shared: Path, seed: int = 11, drop_fr: float = 0.07, drop_en: float = 0.04, fuse: float = 0.08):
    """Each task: French text, English text, gold unit spans on each side, gold beads over units."""
    nt = shared / "eval" / "ntrex128-en-fr"
    ids = lines(nt / "DOCUMENT_IDS.tsv")
    en_lines = lines(nt / "newstest2019-src.eng.txt")
    fr_lines = lines(nt / "newstest2019-ref.fra.txt")
    docs: dict[str, list[tuple[str, str]]] = {}
    for d, e, f in zip(ids, en_lines, fr_lines):
        docs.setdefault(d, []).append((f.strip(), e.strip()))
    rng = random.Random(seed)
    tasks = []
    for pairs in docs.values():
        # paragraphs: the headline alone, then 2-5 sentences per paragraph
        paras = [[0]]
        k = 1
        while k < len(pairs):
            size = rng.randint(2, 5)
            paras.append(list(range(k, min(len(pairs), k + size))))
            k += size
        # events per sentence: drop on one side, or fuse with the next sentence of the paragraph on one side
        beads: list[tuple[list[int], list[int]]] = []  # in sentence numbers, converted to units below
        fr_paras, en_paras = [], []
        for para in paras:
            fr_p, en_p = [], []
            pos = 0
            while pos < len(para):
                s = para[pos]
                r = rng.random()
                nxt = para[pos + 1] if pos + 1 < len(para) else None
                if s > 0 and r < drop_fr:
                    en_p.append([s])
                    beads.append(([], [s]))
                    pos += 1
                elif s > 0 and r < drop_fr + drop_en:
                    fr_p.append([s])
                    beads.append(([s], []))
                    pos += 1
                elif s > 0 and nxt is not None and r < drop_fr + drop_en + fuse and _fusable(pairs[s]):
                    side = rng.choice(("fr", "en"))
                    if side == "fr":
                        fr_p.append([s, nxt])
                        en_p += [[s], [nxt]]
                    else:
                        en_p.append([s, nxt])
                        fr_p += [[s], [nxt]]
                    beads.append(([s, nxt], [s, nxt]))
                    pos += 2
                else:
                    fr_p.append([s])
                    en_p.append([s])
                    beads.append(([s], [s]))
                    pos += 1
            if fr_p:
                fr_paras.append(fr_p)
            if en_p:
                en_paras.append(en_p)
        fr_text, fr_spans = _render(fr_paras, [p[0] for p in pairs])
        en_text, en_spans = _render(en_paras, [p[1] for p in pairs])
        fr_unit_of = {tuple(u): i for i, u in enumerate(u for p in fr_paras for u in p)}
        en_unit_of = {tuple(u): i for i, u in enumerate(u for p in en_paras for u in p)}
        gold = []
        for fs, es in beads:
            fu = _units_for(fs, fr_unit_of)
            eu = _units_for(es, en_unit_of)
            gold.append(Bead(tuple(fu), tuple(eu)))
        tasks.append((fr_text, en_text, fr_spans, en_spans, gold))
    return tasks


def _fusable(pair: tuple[str, str]) -> bool:
    return all(len(x) > 1 and x[-1] == "." and x[-2].isalpha() for x in pair)


def _units_for(sents: list[int], unit_of: dict[tuple[int, ...], int]) -> list[int]:
    if not sents:
        return []
    if tuple(sents) in unit_of:
        return [unit_of[tuple(sents)]]
    return sorted(unit_of[(s,)] for s in sents)


def _render(paras: list[list[list[int]]], sentences: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Release text (one paragraph per line) and the character span of every unit."""
    out, spans, pos = [], [], 0
    for para in paras:
        parts = []
        for unit in para:
            text = _fused([sentences[s] for s in unit])
            if parts:
                pos += 1  # the space between sentences
            spans.append((pos, pos + len(text)))
            parts.append(text)
            pos += len(text)
        line = " ".join(parts)
        out.append(line)
        pos += 1  # newline
    return "\n".join(out) + "\n", spans


def _fused(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    first, second = parts
    return first[:-1] + "; " + second[0].lower() + second[1:]


def project(beads: list[Bead], pred_spans, gold_spans, tgt_pred_spans, tgt_gold_spans) -> list[Bead]:
    """Map beads over predicted sentences onto gold units (by character overlap), merging beads that share a unit."""

    def units(span, gold):
        a, b = span
        return [k for k, (x, y) in enumerate(gold) if x < b and a < y]

    groups: list[tuple[set[int], set[int]]] = []
    for bead in beads:
        s = {u for i in bead.src for u in units(pred_spans[i], gold_spans)}
        t = {u for j in bead.tgt for u in units(tgt_pred_spans[j], tgt_gold_spans)}
        if groups and (groups[-1][0] & s or groups[-1][1] & t):
            groups[-1][0].update(s)
            groups[-1][1].update(t)
        else:
            groups.append((s, t))
    return [Bead(tuple(sorted(s)), tuple(sorted(t))) for s, t in groups if s or t]


def _splitter_spans(text: str, lang: str):
    from sentence_splitter import SentenceSplitter

    ss = SentenceSplitter(language=lang)
    spans, sents, pos = [], [], 0
    for line in text.split("\n"):
        for sent in ss.split(line):
            sent = sent.strip()
            if not sent:
                continue
            start = text.find(sent, pos)
            if start < 0:  # the splitter changed the text: fall back to the next non-space run
                start = pos
            spans.append((start, start + len(sent)))
            sents.append(sent)
            pos = start + len(sent)
    return sents, spans


def run_ntrex(tasks):
    ours, peer, conf_rows = [], [], []
    t_ours = 0.0
    for fr_text, en_text, fr_gold, en_gold, gold in tasks:
        t0 = time.perf_counter()
        fdoc = segment_text(fr_text, "fr")
        edoc = segment_text(en_text, "en")
        a = align_documents(fdoc, edoc)
        t_ours += time.perf_counter() - t0
        fsp = [(s.start, s.end) for s in fdoc.sentences]
        esp = [(s.start, s.end) for s in edoc.sentences]
        pred = project(list(a.beads), fsp, fr_gold, esp, en_gold)
        ours.append((gold, pred))
        conf_rows += _confidence_rows(gold, a.beads, fsp, fr_gold, esp, en_gold)
        if galechurch is not None:
            try:
                fs, fsp2 = _splitter_spans(fr_text, "fr")
                es, esp2 = _splitter_spans(en_text, "en")
            except ImportError:
                continue
            peer.append((gold, project(gc_beads(fs, es), fsp2, fr_gold, esp2, en_gold)))
    return ours, peer, conf_rows, t_ours


def _confidence_rows(gold, beads, fsp, fr_gold, esp, en_gold):
    gold_set = {(g.src, g.tgt) for g in gold}
    rows = []
    for b in beads:
        p = project([b], fsp, fr_gold, esp, en_gold)
        ok = bool(p) and (p[0].src, p[0].tgt) in gold_set
        rows.append((b.score, ok))
    return rows


# ---------------------------------------------------------------- newstest whole-process timing


GC_SCRIPT = """
import sys, galechurch
src = open(sys.argv[1], encoding='utf-8').read().split('\\n')[:-1]
tgt = open(sys.argv[2], encoding='utf-8').read().split('\\n')[:-1]
res = galechurch.align(src, tgt)
open(sys.argv[3], 'w').write('\\n'.join(res.to_pharaoh_lines()) + '\\n')
"""


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory (MiB) and exit status of a child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


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
        aligner_bin = Path(sys.executable).with_name("aligner")
        cmd = [
            str(aligner_bin),
            "align",
            "--presegmented",
            str(t / "fr.txt"),
            str(t / "en.txt"),
            "-o",
            str(t / "a.ref"),
        ]
        secs, mem, rc = timed(cmd)
        res = score_pairs([(gold, read_beads(t / "a.ref"))]) if rc == 0 else {}
        out["aligner"] = {"seconds": secs, "peak_mib": mem, "f1_strict": res.get("f1_strict"), "exit": rc}
        if galechurch is not None:
            (t / "gc.py").write_text(GC_SCRIPT, encoding="utf-8")
            secs, mem, rc = timed(
                [sys.executable, str(t / "gc.py"), str(t / "fr.txt"), str(t / "en.txt"), str(t / "g.ref")]
            )
            res = score_pairs([(gold, read_beads(t / "g.ref"))]) if rc == 0 else {}
            out["galechurch"] = {"seconds": secs, "peak_mib": mem, "f1_strict": res.get("f1_strict"), "exit": rc}
    return out


def release_timing() -> dict:
    fr = (ROOT / "corpora" / "fr" / "tico19_wikinews_4.txt").read_text(encoding="utf-8")
    en = (ROOT / "corpora" / "en" / "tico19_wikinews_4.txt").read_text(encoding="utf-8")
    align_documents(segment_text(fr, "fr"), segment_text(en, "en"))  # warm-up (imports, caches)
    t0 = time.perf_counter()
    reps = 20
    for _ in range(reps):
        a = align_documents(segment_text(fr, "fr"), segment_text(en, "en"))
    return {"sentences": [a.src_len, a.tgt_len], "seconds": (time.perf_counter() - t0) / reps}


# ---------------------------------------------------------------- main


def confidence_table(rows: list[tuple[float, bool]]) -> list[dict]:
    bands = [(0.0, 0.5), (0.5, 0.9), (0.9, 1.01)]
    out = []
    for lo, hi in bands:
        sel = [ok for c, ok in rows if lo <= c < hi]
        out.append(
            {
                "band": f"[{lo:.1f}, {min(hi, 1.0):.1f}{')' if hi < 1 else ']'}",
                "beads": len(sel),
                "strict_precision": (sum(sel) / len(sel)) if sel else None,
            }
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--skip-newstest", action="store_true", help="skip the 5,000-sentence whole-process timing")
    args = ap.parse_args()
    if galechurch is None:
        print("galechurch not installed (pip install -e '.[bench]'): peer columns left empty", file=sys.stderr)
    results: dict = {"sets": {}}
    conf_rows: list[tuple[float, bool]] = []
    for name, items in presegmented_sets(args.shared).items():
        ours, peer = [], []
        t0 = time.perf_counter()
        for s, t, g in items:
            src, tgt, gold = lines(s), lines(t), read_beads(g)
            a = align_sentences(src, tgt)
            ours.append((gold, a.beads))
            if "dev" not in name or "BAF" in name:
                gs = {(b.src, b.tgt) for b in gold}
                conf_rows += [(b.score, (b.src, b.tgt) in gs) for b in a.beads]
            if galechurch is not None:
                peer.append((gold, gc_beads(src, tgt)))
        secs = time.perf_counter() - t0
        results["sets"][name] = {"aligner": score_pairs(ours), "seconds_both": secs}
        if peer:
            results["sets"][name]["galechurch"] = score_pairs(peer)
    ours, peer, rows, secs = run_ntrex(build_ntrex_tasks(args.shared))
    conf_rows += rows
    name = "NTREX release-like tasks (fr-en, 123 docs)"
    results["sets"][name] = {"aligner": score_pairs(ours), "seconds_aligner": secs}
    if peer:
        results["sets"][name]["galechurch"] = score_pairs(peer)
    results["confidence"] = confidence_table(conf_rows)
    results["release_pair"] = release_timing()
    if not args.skip_newstest:
        results["newstest_5000"] = run_newstest(args.shared)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'set':46} {'system':11} {'strict P/R/F1':>22} {'lax F1':>7}")
    for name, r in results["sets"].items():
        for sysname in ("aligner", "galechurch"):
            if sysname in r:
                s = r[sysname]
                print(
                    f"{name:46} {sysname:11} {s['precision_strict']:.3f}/{s['recall_strict']:.3f}/"
                    f"{s['f1_strict']:.3f}      {s['f1_lax']:.3f}"
                )
    print("\naligner bead confidence vs strict precision (BAF, Text+Berg test, NTREX):")
    for row in results["confidence"]:
        prec = "-" if row["strict_precision"] is None else f"{row['strict_precision']:.3f}"
        print(f"  {row['band']:12} {row['beads']:6} beads  precision {prec}")
    rp = results["release_pair"]
    print(
        f"\nrelease-sized pair {rp['sentences'][0]}x{rp['sentences'][1]} sentences: {rp['seconds'] * 1000:.1f} ms "
        "(segmentation + alignment, in process)"
    )
    if "newstest_5000" in results:
        nt = results["newstest_5000"]
        print(f"newstest {nt['sentences']}x{nt['sentences']} lines, whole process:")
        for sysname in ("aligner", "galechurch"):
            if sysname in nt:
                r = nt[sysname]
                f1 = "-" if r["f1_strict"] is None else f"{r['f1_strict']:.4f}"
                print(f"  {sysname:11} {r['seconds']:6.2f} s  peak {r['peak_mib']:6.0f} MiB  strict F1 {f1}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
