#!/usr/bin/env python3
"""Fit the bead-confidence recalibration used when a machine translation helps the alignment, and write
``src/aligner/align/data/calibration-mt.json``.

When the aligner uses a translation (``mtsim.py``), each bead's confidence is the confidence without MT (the
calibration of ``calibration.json``), shifted in logit space by ``slope * reliability * (evidence - centre)``, where
evidence is the bead's chrF on the document's scale (0 random, 1 typical translation) and centre its mean on the
development data: the level of the calibration without MT is kept (it was fitted on far more data) and the MT only
reorders. One slope per bead class (two-sided, one-sided), fitted by maximum likelihood with a small L2 penalty, on
development data only: Text+Berg dev with its Google and Europarl-Moses translations (de -> fr), Google's German of
its French side (fr -> de), each as the whole document and cut into 20-bead releases (mt_tasks.py). Text+Berg test is
never used here; the script prints its figures with the fitted models, held out.

    python scripts/fit_calibration_mt.py [--shared ../shared] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from align_tasks import _rows  # noqa: E402
from mt_tasks import MTTask, releases, with_mt  # noqa: E402

from aligner.align import align_sentences  # noqa: E402
from aligner.align.confidence import logit  # noqa: E402
from aligner.align.mtsim import MT_CALIBRATION_FILE, Recalibration, Shift  # noqa: E402
from aligner.score.aligneval import calibration_report  # noqa: E402

CLASSES = ("two-sided", "one-sided")
L2 = 1.0
Row = tuple[str, str, tuple[float, ...], float, bool]  # condition, class, features, confidence without MT, right


def collect(name: str, items: list[MTTask]) -> list[Row]:
    """One row per bead the gold can judge, from alignments where the translation was used."""
    rows: list[Row] = []
    for it in items:
        t = it.task
        a = align_sentences(
            t.src, t.tgt, src_lang=t.src_lang, tgt_lang=t.tgt_lang, keep_features=True, translations=it.translations
        )
        mt = a.params["mt"]
        if not mt.get("used"):
            continue
        feats = [{**f, **v} for f, v in zip(a.params["bead_features"], mt["bead_features"])]
        for f, ok in _rows(t, list(a.beads), feats):
            if f["mt_evidence"] is None:
                continue
            cls = "one-sided" if f["class"] == "one-sided" else "two-sided"
            x = (logit(f["base_confidence"]), f["mt_evidence"], f["reliability"])
            rows.append((name, cls, x, f["base_confidence"], ok))
    return rows


def conditions(shared: Path, split: str) -> dict[str, list[MTTask]]:
    out = {}
    for system in ("google", "europarl", "google fr-de"):
        docs = with_mt(shared, split, system)
        out[system] = docs
        out[f"{system} releases"] = releases(docs)
    return out


def system_of(condition: str) -> str:
    return condition.removesuffix(" releases")


def fit(rows: list[Row]) -> dict[str, Shift]:
    shifts = {}
    for cls in CLASSES:
        sel = [r for r in rows if r[1] == cls]
        if len(sel) < 20 or len({r[4] for r in sel}) < 2:
            continue
        offset = np.array([r[2][0] for r in sel])
        ev = np.array([r[2][1] for r in sel])
        rel = np.array([r[2][2] for r in sel])
        y = np.array([float(r[4]) for r in sel])
        centre = float(ev.mean())
        x = rel * (ev - centre)
        slope = 0.0
        for _ in range(50):  # Newton's method on one parameter, the offset fixed
            p = 1 / (1 + np.exp(-np.clip(offset + slope * x, -40, 40)))
            grad = float(x @ (p - y)) + L2 * slope
            hess = float((x * x) @ (p * (1 - p))) + L2
            step = grad / hess
            slope -= step
            if abs(step) < 1e-9:
                break
        shifts[cls] = Shift(round(slope, 5), round(centre, 5))
    return shifts


def score(shifts: dict[str, Shift], rows: list[Row]) -> list[tuple[float, bool]]:
    recal = Recalibration(shifts)
    return [(recal.confidence(base, x[1], x[2], cls), ok) for _, cls, x, base, ok in rows]


def report(label: str, scored: list[tuple[float, bool]]) -> None:
    rep = calibration_report(scored)
    print(
        f"  {label:34} {rep.beads:5} beads  acc {rep.accuracy:.3f}  AUROC {rep.auroc:.3f}  ECE {rep.ece:.3f}  "
        f">=0.9: {rep.beads_at_09} beads, precision {rep.precision_at_09:.3f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--dry-run", action="store_true", help="print the checks, do not write the file")
    args = ap.parse_args()
    rows = [r for name, items in conditions(args.shared, "dev").items() for r in collect(name, items)]
    systems = ("google", "europarl", "google fr-de")
    print("leave-one-translation-out (fitted without the system it scores; base = confidence without MT):")
    for held in systems:
        fitted = fit([r for r in rows if system_of(r[0]) != held])
        sel = [r for r in rows if system_of(r[0]) == held]
        report(f"{held} (base)", [(r[3], r[4]) for r in sel])
        report(f"{held} (recalibrated)", score(fitted, sel))
    models = fit(rows)
    print("shipped models, Text+Berg test (held out):")
    for name, items in conditions(args.shared, "test").items():
        test = collect(name, items)
        report(f"{name} (base)", [(r[3], r[4]) for r in test])
        report(f"{name} (recalibrated)", score(models, test))
    for cls, sh in models.items():
        print(f"  {cls}: slope {sh.slope} centre {sh.centre}")
    data = {
        "version": 2,
        "model": "logit(p) = logit(confidence without MT) + slope * reliability * (mt_evidence - centre)",
        "fitted_on": [f"Text+Berg dev, {c}" for c in sorted({r[0] for r in rows})],
        "beads": len(rows),
        "classes": {cls: {"slope": sh.slope, "centre": sh.centre} for cls, sh in models.items()},
    }
    if not args.dry_run:
        MT_CALIBRATION_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MT_CALIBRATION_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
