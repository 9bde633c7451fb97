#!/usr/bin/env python3
"""Machine translation helping the alignment: the figures bench_align.py prints (see its docstring).

Text+Berg with Bleualign's translations (mt_tasks.py), with and without the translation in the same run; the MT weight
chosen on Text+Berg dev; a release translated with a CTranslate2 int8 model of opus-mt-fr-en's size and aligned.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from align_tasks import run_aligner  # noqa: E402
from mt_tasks import POOR, MTTask, poor, releases, with_mt  # noqa: E402

from aligner.align import mtsim  # noqa: E402
from aligner.score.aligneval import calibration_report, score_pairs  # noqa: E402


def mt_conditions(shared: Path, split: str) -> dict[str, list[MTTask]]:
    out: dict[str, list[MTTask]] = {}
    for system in ("google", "europarl", "google fr-de"):
        docs = with_mt(shared, split, system)
        out[system] = docs
        out[f"{system} releases"] = releases(docs)
    for kind in POOR:
        out[f"poor: {kind}"] = poor(out["google"], kind)
        out[f"poor: {kind} releases"] = releases(out[f"poor: {kind}"])
    return out


def mt_f1(items: list[MTTask], use: bool = True) -> tuple[dict, list]:
    """Scores and confidence rows of the aligner on ``items``, with their translation or without."""
    pairs, rows = [], []
    for it in items:
        out = run_aligner(it.task, translations=it.translations if use else None)
        pairs.append((it.task.gold, out.pred))
        rows += [(f["confidence"], ok) for f, ok in out.rows]
    return score_pairs(pairs), rows


def evaluate_mt(shared: Path, splits=("dev", "test")) -> dict:
    """Per split and condition: strict F1 with the translation and without it (the same tasks), and confidence."""
    out: dict = {}
    for split in splits:
        without: dict[tuple[str, bool], dict] = {}  # the aligner without a translation, per direction and cut
        for name, items in mt_conditions(shared, split).items():
            key = ("fr-de" if "fr-de" in name else "de-fr", name.endswith("releases"))
            if key not in without:
                without[key] = mt_f1(items, use=False)[0]
            scores, rows = mt_f1(items)
            conf = calibration_report(rows).as_dict() if rows else {}
            out[f"Text+Berg {split}: {name}"] = {"with": scores, "without": without[key], "confidence": conf}
    return out


MT_GRID = {"weight": [0.5, 1.0, 1.5, 2.0, 3.0]}
# "Not worse" allows less than one bead in 500 (Text+Berg dev holds 422 gold beads): a single bead flipping either way
# is noise, not a trend.
TOLERANCE = 0.002


def choose_mt(shared: Path) -> dict:
    """The MT weight chosen on Text+Berg dev: the best mean F1 over the good translations among the weights that
    leave every poor translation as good as no translation (within TOLERANCE)."""
    conds = mt_conditions(shared, "dev")
    none = {name: mt_f1(items, use=False)[0]["f1_strict"] for name, items in conds.items()}
    table = []
    for weight in MT_GRID["weight"]:
        with mtsim.using(replace(mtsim.MTParams(), weight=weight)):
            f1 = {name: mt_f1(items)[0]["f1_strict"] for name, items in conds.items()}
        good = [f1[k] for k in f1 if not k.startswith("poor")]
        safe = all(f1[k] >= none[k] - TOLERANCE for k in f1 if k.startswith("poor"))
        table.append({"weight": weight, "mean_f1": sum(good) / len(good), "poor_not_worse": safe, "f1": f1})
    admissible = [r for r in table if r["poor_not_worse"]] or table
    return {"none": none, "table": table, "chosen": max(admissible, key=lambda r: r["mean_f1"])["weight"]}


def mt_release_timing(shared: Path, threads: int = 2, batch: int = 16) -> dict:
    """A 24-sentence release translated with a CTranslate2 int8 model of opus-mt-fr-en's size and aligned with its
    translation. Random weights never emit the end of a sentence: ``realistic`` decodes 1.1 x the longest input of
    each batch + 5 tokens (as bench_translate.py does), ``length_cap`` runs aligner's own translator, whose outputs
    then run to its length cap (2 x the input + 10 tokens), a worst case."""
    from bench_translate import build_model

    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "marian-random"
        build_model(model, shared)
        code = MT_SPEED_CHILD.format(root=str(ROOT), model=str(model), threads=threads, batch=batch)
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"MT release timing failed: {proc.stderr[-800:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


MT_SPEED_CHILD = """
import json, statistics, sys, time
sys.path.insert(0, "{root}/src")
from pathlib import Path
from aligner.align import align_documents
from aligner.segment import segment_text
from aligner.translate import resolve_model
from aligner.translate.backends import CTranslate2Translator, convert_model

class Realistic(CTranslate2Translator):
    # random weights never end a sentence: decode 1.1 x the longest input + 5 tokens, as bench_translate.py does
    def _translate_batch(self, texts):
        tokens = [self.src_sp.encode(t, out_type=str) + ["</s>"] for t in texts]
        n = int(1.1 * max(len(t) for t in tokens)) + 5
        res = self.ct.translate_batch(tokens, beam_size=self.beam, max_batch_size=self.batch_size,
                                      max_decoding_length=n, min_decoding_length=n)
        return [self.tgt_sp.decode(r.hypotheses[0]) for r in res]

ref = resolve_model("{model}")
convert_model(ref)
fr = Path("{root}/corpora/fr/tico19_wikinews_4.txt").read_text(encoding="utf-8")
en = Path("{root}/corpora/en/tico19_wikinews_4.txt").read_text(encoding="utf-8")
out = {{"threads": {threads}, "batch_size": {batch}}}
for name, cls in (("realistic", Realistic), ("length_cap", CTranslate2Translator)):
    t0 = time.perf_counter()
    tr = cls(ref, threads={threads}, batch_size={batch}, warn=lambda m: None)
    load = time.perf_counter() - t0
    def once():
        t0, c0 = time.perf_counter(), time.process_time()
        sdoc, tdoc = segment_text(fr, "fr"), segment_text(en, "en")
        mt = tr.translate([s.text for s in sdoc.sentences])
        t1, c1 = time.perf_counter(), time.process_time()
        a = align_documents(sdoc, tdoc, translations=mt)
        return t1 - t0, time.perf_counter() - t1, a, c1 - c0, time.process_time() - c1
    once()
    runs = [once() for _ in range(5)]
    a = runs[-1][2]
    out[name] = {{"sentences": [a.src_len, a.tgt_len], "load_seconds": load,
        "translate_seconds": statistics.median(r[0] for r in runs), "align_seconds": statistics.median(r[1] for r in runs),
        "seconds": statistics.median(r[0] + r[1] for r in runs),
        "translate_cpu_seconds": statistics.median(r[3] for r in runs), "align_cpu_seconds": statistics.median(r[4] for r in runs),
        "cpu_seconds": statistics.median(r[3] + r[4] for r in runs)}}
print(json.dumps(out))
"""


def mt_failures(results: dict, FLOORS: dict) -> list[str]:
    out = []
    mt = results.get("mt", {})
    for system, floor in FLOORS["f1_mt"].items() if mt else ():
        f1 = mt.get(f"Text+Berg test: {system}", {}).get("with", {}).get("f1_strict", 0.0)
        if f1 < floor:
            out.append(f"Text+Berg test with {system} MT: strict F1 {f1:.4f} < {floor}")
    for name, r in mt.items():
        if ": poor: " in name and r["with"]["f1_strict"] < r["without"]["f1_strict"] - TOLERANCE:
            out.append(f"{name}: {r['with']['f1_strict']:.4f} below {r['without']['f1_strict']:.4f} without MT")
    speed = results.get("mt_speed", {})
    if speed:  # CPU time over the threads: what 2 idle cores take, whatever else the machine runs
        ideal = speed["realistic"]["translate_cpu_seconds"] / speed["threads"] + speed["realistic"]["align_cpu_seconds"]
        if ideal > FLOORS["mt_release_seconds"]:
            out.append(f"release translated and aligned in {ideal:.2f} s of 2 cores > {FLOORS['mt_release_seconds']} s")
    return out


def print_mt(results: dict) -> None:
    if results.get("mt"):
        print(f"\n{'with a translation of the source side':44} {'strict F1: with':>15} {'without':>8}   AUROC  ECE")
        for name, r in results["mt"].items():
            c = r["confidence"]
            conf = f"{c['auroc']:.3f} {c['ece']:.3f}" if c else "-"
            print(f"{name:44} {r['with']['f1_strict']:15.4f} {r['without']['f1_strict']:8.4f}   {conf}")
    if "mt_choice" in results:
        ch = results["mt_choice"]
        print("\nMT weight chosen on Text+Berg dev (mean F1 of the good translations; poor ones must not lose):")
        for row in ch["table"]:
            print(
                f"  weight {row['weight']:4}: mean F1 {row['mean_f1']:.4f}  poor translations not worse: {row['poor_not_worse']}"
            )
        print(f"  chosen: {ch['chosen']}")
    if "mt_speed" in results:
        sp = results["mt_speed"]
        print(
            f"\nrelease translated (CTranslate2 int8, random-weight opus-mt-sized model, {sp['threads']} threads), aligned:"
        )
        for name, label in (("realistic", "outputs 1.1 x the input"), ("length_cap", "outputs to the length cap")):
            r = sp[name]
            print(
                f"  {label:26} {r['sentences'][0]}x{r['sentences'][1]}: {r['seconds']:.2f} s wall (translate "
                f"{r['translate_seconds']:.2f} s, align {r['align_seconds']:.2f} s; model load {r['load_seconds']:.2f} s once); "
                f"CPU {r['cpu_seconds']:.2f} s (translate {r['translate_cpu_seconds']:.2f} s, align {r['align_cpu_seconds']:.2f} s)"
            )
