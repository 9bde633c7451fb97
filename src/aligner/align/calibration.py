"""Calibrated bead confidence: logistic models per language pair and bead class, fitted on development data.

``data/calibration.json`` holds, for each language pair it was fitted on (``fr-en``, ``de-fr``) and under
``default``, one logistic model per bead class over the features of ``confidence.FEATURES``. A pair without its own
fit (``es-en``, say) uses ``default``, which was fitted on all development data pooled; a reversed pair (``en-fr``)
uses the fit of its pair. ``scripts/fit_calibration.py`` refits the file; it records what it was fitted on.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from .confidence import FEATURES, BeadFeatures

CALIBRATION_FILE = Path(__file__).with_name("data") / "calibration.json"


@dataclass(frozen=True)
class LogisticModel:
    coef: tuple[float, ...]
    intercept: float

    def predict(self, values: tuple[float, ...]) -> float:
        z = self.intercept + sum(c * v for c, v in zip(self.coef, values))
        z = min(max(z, -40.0), 40.0)
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class Calibration:
    """Models by bead class for one language pair (or the pooled default)."""

    pair: str
    models: dict[str, LogisticModel]

    def confidence(self, feats: BeadFeatures) -> float:
        model = self.models.get(feats.kind)
        if model is None:
            return _uncalibrated(feats)
        return model.predict(feats.values)

    def describe(self) -> dict:
        return {"calibration": self.pair, "file": CALIBRATION_FILE.name}


def _uncalibrated(feats: BeadFeatures) -> float:
    """Without a fitted model: the posterior, capped by the evidence (used only when no calibration file exists)."""
    post = 1.0 / (1.0 + math.exp(-feats.values[0]))
    if feats.kind == "one-sided":
        return post * (1.0 / (1.0 + math.exp((feats.values[1] - 0.4) / 0.1)))
    return post * (1.0 / (1.0 + math.exp(-(feats.values[1] - 0.25) / 0.1)))


_CACHE: dict[str, dict] = {}


def _load(path: Path) -> dict:
    key = str(path)
    if key not in _CACHE:
        _CACHE[key] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return _CACHE[key]


_CALIBRATIONS: dict[tuple[str | None, str | None, str], Calibration] = {}


def calibration_for(src_lang: str | None, tgt_lang: str | None, path: Path = CALIBRATION_FILE) -> Calibration:
    """The calibration of this pair (either direction), else the pooled ``default``, else uncalibrated (read once per
    process and pair)."""
    key = (src_lang, tgt_lang, str(path))
    if key not in _CALIBRATIONS:
        if len(_CALIBRATIONS) >= 64:
            _CALIBRATIONS.clear()
        _CALIBRATIONS[key] = _calibration(src_lang, tgt_lang, path)
    return _CALIBRATIONS[key]


def _calibration(src_lang: str | None, tgt_lang: str | None, path: Path) -> Calibration:
    data = _load(path)
    pairs = data.get("pairs", {})
    if data and data.get("features") != list(FEATURES):
        pairs = {}
    name = "default"
    if src_lang and tgt_lang:
        s, t = src_lang.lower().split("-")[0], tgt_lang.lower().split("-")[0]
        for cand in (f"{s}-{t}", f"{t}-{s}"):
            if cand in pairs:
                name = cand
                break
    raw = pairs.get(name)
    if raw is None:
        return Calibration("uncalibrated", {})
    models = {k: LogisticModel(tuple(v["coef"]), float(v["intercept"])) for k, v in raw.items()}
    return Calibration(name, models)
