#!/usr/bin/env python3
"""Fit the bead-confidence calibration on development data and write ``src/aligner/align/data/calibration.json``.

Development data (see align_tasks.py): BAF tao1, tao2, citi2 and the NTREX release-like tasks (fr-en), Text+Berg dev
(de-fr), and 20 misfiled NTREX pairs (a French release with the English release of another document, where every
right bead is one-sided). Each bead of the aligner's output is one row: its features (confidence.FEATURES) and whether
it is strictly right. One logistic model per bead class (1-1, group, one-sided) is fitted by Newton's method with a
small L2 penalty, pooled over everything (``default``: the fallback of pairs without their own fit), then for
``fr-en`` and ``de-fr``, each shrunk towards the pooled models. Text+Berg test is never used here.

It then prints a leave-one-set-out check: for each development set, models fitted without it score it (AUROC, ECE,
precision of beads at >= 0.9), and Text+Berg test with the shipped models.

    python scripts/fit_calibration.py [--shared ../shared] [--dry-run]
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

from align_tasks import (  # noqa: E402
    baf_tasks,
    misfiled_tasks,
    ntrex_tasks,
    run_aligner,
    textberg_tasks,
)

from aligner.align.calibration import CALIBRATION_FILE, LogisticModel  # noqa: E402
from aligner.align.confidence import FEATURES  # noqa: E402
from aligner.score.aligneval import calibration_report  # noqa: E402

CLASSES = ("1-1", "group", "one-sided")
Row = tuple[str, str, tuple[float, ...], bool]  # set, pair, features, right


def collect(tasks) -> list[tuple[str, str, str, tuple[float, ...], bool]]:
    rows = []
    for t in tasks:
        out = run_aligner(t)
        for feats, ok in out.rows:
            values = tuple(float(feats[k]) for k in FEATURES)
            rows.append((t.group, f"{t.src_lang}-{t.tgt_lang}", feats["class"], values, ok))
    return rows


def fit_logistic(
    X: np.ndarray, y: np.ndarray, l2: float = 1.0, prior: LogisticModel | None = None, iters: int = 50
) -> LogisticModel:
    """L2-penalised logistic regression by Newton's method. Without ``prior`` the coefficients shrink towards 0 (the
    intercept is free); with it, every parameter shrinks towards the prior model's (a pair's fit departs from the pooled
    one only as far as its own data supports)."""
    Xb = np.hstack([X, np.ones((len(X), 1))])
    w0 = np.zeros(Xb.shape[1]) if prior is None else np.array([*prior.coef, prior.intercept])
    w = w0.copy()
    reg = np.full(Xb.shape[1], l2)
    if prior is None:
        reg[-1] = 1e-6
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(Xb @ w, -40, 40)))
        grad = Xb.T @ (p - y) + reg * (w - w0)
        H = (Xb * (p * (1 - p))[:, None]).T @ Xb + np.diag(reg)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return LogisticModel(tuple(round(float(c), 5) for c in w[:-1]), round(float(w[-1]), 5))


PAIR_SHRINK = 20.0  # L2 weight pulling a pair's models towards the pooled ones


def fit_models(rows, priors: dict[str, LogisticModel] | None = None) -> dict[str, LogisticModel]:
    models = {}
    for cls in CLASSES:
        sel = [r for r in rows if r[2] == cls]
        prior = (priors or {}).get(cls)
        if len(sel) < 20 or len({r[4] for r in sel}) < 2:
            if prior is not None:
                models[cls] = prior
            continue
        X = np.array([r[3] for r in sel])
        y = np.array([float(r[4]) for r in sel])
        models[cls] = fit_logistic(X, y, PAIR_SHRINK, prior) if prior else fit_logistic(X, y)
    return models


def fit_all(rows) -> dict[str, dict[str, LogisticModel]]:
    """Pooled models (``default``), then one set per language pair, shrunk towards the pooled ones."""
    out = {"default": fit_models(rows)}
    for pair in sorted({r[1] for r in rows}):
        out[pair] = fit_models([r for r in rows if r[1] == pair], out["default"])
    return out


def predict(fits, pair: str, cls: str, values) -> float:
    models = fits.get(pair) or fits["default"]
    model = models.get(cls) or fits["default"].get(cls)
    return model.predict(values) if model else 0.5


def report(name: str, fits, rows) -> dict:
    scored = [(predict(fits, r[1], r[2], r[3]), r[4]) for r in rows]
    rep = calibration_report(scored)
    print(
        f"  {name:26} {rep.beads:6} beads  acc {rep.accuracy:.3f}  AUROC {rep.auroc:.3f}  ECE {rep.ece:.3f}  "
        f">=0.9: {rep.beads_at_09} beads, precision {rep.precision_at_09:.3f}"
    )
    return rep.as_dict()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--dry-run", action="store_true", help="print the checks, do not write the file")
    args = ap.parse_args()
    dev = baf_tasks(args.shared) + textberg_tasks(args.shared, "dev") + ntrex_tasks(args.shared)
    dev += misfiled_tasks(args.shared)
    rows = collect(dev)
    sets = sorted({r[0] for r in rows})
    print("leave-one-set-out (models fitted without the set they score):")
    for held in sets:
        fits = fit_all([r for r in rows if r[0] != held])
        report(held, fits, [r for r in rows if r[0] == held])
    fits = fit_all(rows)
    print("shipped models:")
    report("all development data (fit)", fits, rows)
    report("Text+Berg test (held out)", fits, collect(textberg_tasks(args.shared, "test")))
    data = {
        "version": 1,
        "features": list(FEATURES),
        "fitted_on": sets,
        "beads": len(rows),
        "pairs": {
            pair: {cls: {"coef": list(m.coef), "intercept": m.intercept} for cls, m in models.items()}
            for pair, models in fits.items()
        },
    }
    if not args.dry_run:
        CALIBRATION_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CALIBRATION_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
