"""Alignment helped by machine translation: the chrF of a source group's translation against a target group.

Given one machine translation per source sentence (into the target language), a bead's translation is the
translations of its source sentences joined; its MT similarity is sentence-level chrF with beta 1 (``chrf.py``, equal
to sacrebleu's ``CHRF(beta=1)``: symmetric, so joining sentences on one side earns nothing by itself) against the
bead's target sentences, for every bead type in every state of the band. As the lexical similarity is, it is put on
the document's own scale: 0 for a typical translation (the median best match of a source sentence), 1 for a random
pair (the mean over the band), and added to the bead's cost like the lexical similarity, weighted by ``weight``.

How much it counts depends on how good the translation is, which is measured, not assumed:
- the confident 1-1 beads of the first pass (found without MT) are compared with their neighbours (the same
  translation against the target sentences before and after, the translations of the sentences before and after
  against the same target); the share of comparisons the MT gets right (0.5 by chance, pulled towards 0.5 when there
  are few) is its ``agreement``, mapped to a ``reliability`` in [0, 1] between ``agree_floor`` and ``agree_full``;
- translations that mostly repeat their source (median chrF against it above ``max_copy``: a model that copies its
  input, the source file given by mistake) add nothing the lexical evidence does not already hold.
A translation that is not reliable (another text's, shuffled lines, a broken model) is not used at all: the alignment
and its confidences are then exactly those without a translation. When used, the bead confidences are recalibrated
with each bead's MT evidence (``data/calibration-mt.json``, fitted on Text+Berg dev and its translations by
``scripts/fit_calibration_mt.py``).
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .chrf import band_chrf, ngram_rows, pairwise_chrf
from .confidence import BeadFeatures, logit

MT_CALIBRATION_FILE = Path(__file__).with_name("data") / "calibration-mt.json"
TYPES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
SIMILARITY = "chrF (sacrebleu CHRF(beta=1): character 6-grams, white space removed), sentence level"


@dataclass(frozen=True)
class MTParams:
    """Settings of the MT feature, chosen on Text+Berg dev with its translations (``bench_align.py --choose-mt``)."""

    weight: float = 1.0  # cost per unit of calibrated MT dissimilarity (as ``sim_weight`` for the lexical one)
    floor: float = -2.0  # lowest calibrated MT cost (very similar pairs earn a bonus)
    beta: int = 1  # chrF's recall weight
    agree_floor: float = 0.8  # agreement with the first pass at or below which the MT is not used
    agree_full: float = 0.95  # agreement at which the MT counts fully
    neighbours: int = 2  # target (and source) sentences on each side a confident bead is compared with
    max_copy: float = 0.7  # median chrF / 100 of translations against their sources above which they are copies


_SETTINGS = [MTParams()]


@contextlib.contextmanager
def using(params: MTParams) -> Iterator[None]:
    """Align with other MT settings inside the block (for the parameter choice of the benchmark)."""
    _SETTINGS.append(params)
    try:
        yield
    finally:
        _SETTINGS.pop()


def current_params() -> MTParams:
    return _SETTINGS[-1]


def check_translations(translations: Sequence[str | None], n: int) -> list[str | None]:
    """One string per source sentence (None: no translation of that sentence, which then gives no MT evidence), or a
    ``ValueError`` naming both counts."""
    out = list(translations)
    if len(out) != n:
        raise ValueError(f"{len(out)} translations for {n} source sentences")
    if not all(t is None or isinstance(t, str) for t in out):
        raise ValueError("translations must be strings (or None for a sentence left untranslated)")
    return out


# ---------------------------------------------------------------- similarity over the band


def group_texts(texts: Sequence[str], size: int) -> list[str]:
    """For states 0..len: the texts ``state - size .. state - 1`` joined (empty where the group would start before 0)."""
    return [" ".join(texts[i - size : i]) if i >= size else "" for i in range(len(texts) + 1)]


def mt_tables(translations: Sequence[str], tgt: Sequence[str], lo: np.ndarray, width: int, beta: int) -> dict:
    """chrF / 100 of every bead type (a, b) in every band state: the source group's translation against the target
    group, as ``(n + 1, width)`` arrays in the band's layout."""
    n, m = len(translations), len(tgt)
    texts = [t for a in (1, 2, 3) for t in group_texts(translations, a)]
    texts += [t for b in (1, 2, 3) for t in group_texts(tgt, b)]
    rows = ngram_rows(texts)
    src = {a: rows.rows((a - 1) * (n + 1), a * (n + 1)) for a in (1, 2, 3)}
    base = 3 * (n + 1)
    tg = {b: rows.rows(base + (b - 1) * (m + 1), base + b * (m + 1)) for b in (1, 2, 3)}
    return {(a, b): band_chrf(src[a], tg[b], lo, width).f(beta) / 100.0 for a, b in TYPES}


@dataclass(frozen=True)
class Scale:
    """The document's MT similarity scale: mean over the band (random pairs), median best match (translations)."""

    random: float
    typical: float

    @property
    def span(self) -> float:
        return max(self.typical - self.random, 1e-3)


def mt_scale(s11: np.ndarray, valid: np.ndarray) -> Scale:
    rows = np.where(valid, s11, -np.inf)[1:]
    best = rows.max(axis=1) if rows.size else np.zeros(0)
    best = best[np.isfinite(best)]
    random = float(s11[valid].mean()) if valid.any() else 0.0
    typical = float(np.median(best)) if best.size else random + 0.1
    return Scale(random, max(typical, random + 0.01))


# ---------------------------------------------------------------- how far the translation can be trusted


@dataclass(frozen=True)
class Agreement:
    beads: int  # confident 1-1 beads of the first pass that were compared
    comparisons: int
    share: float  # share of comparisons where the MT prefers the bead (ties half, shrunk towards 0.5 when few)


def agreement(
    s11: np.ndarray, valid: np.ndarray, lo: np.ndarray, pairs: Sequence[tuple[int, int]], k: int
) -> Agreement:
    """How often the translation prefers each confident bead (i, j) to its neighbours: (i, j +- d) and (i +- d, j)."""
    width = s11.shape[1]
    n = s11.shape[0] - 1

    def at(i: int, j: int) -> float | None:  # chrF of source sentence i's translation against target j (0-based)
        if not (0 <= i < n):
            return None
        col = j + 1 - int(lo[i + 1])
        return float(s11[i + 1, col]) if 0 <= col < width and valid[i + 1, col] else None

    wins = total = 0.0
    used = 0
    for i, j in pairs:
        true = at(i, j)
        others = [at(i, j + d) for d in range(-k, k + 1) if d] + [at(i + d, j) for d in range(-k, k + 1) if d]
        known = [o for o in others if o is not None]
        if true is None or not known:
            continue
        used += 1
        wins += sum(1.0 if true > o else 0.5 if true == o else 0.0 for o in known)
        total += len(known)
    prior = 10.0  # a few comparisons prove little: counted as if 10 more were ties
    return Agreement(used, int(total), (wins + 0.5 * prior) / (total + prior))


def reliability(share: float, p: MTParams) -> float:
    return float(np.clip((share - p.agree_floor) / max(p.agree_full - p.agree_floor, 1e-6), 0.0, 1.0))


def copy_level(src: Sequence[str], translations: Sequence[str | None], p: MTParams) -> float:
    """Median chrF / 100 of each translation against its own source sentence (1 for a copy)."""
    pairs = [(t, s) for t, s in zip(translations, src) if t and t.strip() and s.strip()]
    if not pairs:
        return 0.0
    scores = pairwise_chrf([t for t, _ in pairs], [s for _, s in pairs], p.beta)
    return float(np.median(scores)) / 100


# ---------------------------------------------------------------- recalibrated confidence


@dataclass(frozen=True)
class Shift:
    """How one bead class's confidence moves with its MT evidence: ``logit(p) = logit(base) + slope * reliability *
    (evidence - centre)``. The centre is the mean evidence of the class on the development data, so the confidence
    keeps the level of the calibration without MT and only its ranking changes."""

    slope: float = 0.0
    centre: float = 0.0


@dataclass(frozen=True)
class Recalibration:
    """Per bead class (``two-sided``, ``one-sided``) a :class:`Shift`; without a fitted file none (the confidence
    without MT is kept)."""

    shifts: dict[str, Shift] = field(default_factory=dict)
    source: str = "none"

    def confidence(self, base: float, evidence: float, rel: float, kind: str) -> float:
        shift = self.shifts.get("one-sided" if kind == "one-sided" else "two-sided", Shift())
        z = logit(base) + shift.slope * rel * (evidence - shift.centre)
        return 1.0 / (1.0 + math.exp(-min(max(z, -40.0), 40.0)))


def load_recalibration(path: Path = MT_CALIBRATION_FILE) -> Recalibration:
    if not path.is_file():
        return Recalibration()
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("version") != 2:
        return Recalibration()
    shifts = {k: Shift(float(v["slope"]), float(v["centre"])) for k, v in data.get("classes", {}).items()}
    return Recalibration(shifts, path.name)


# ---------------------------------------------------------------- what the aligner's final pass calls


@dataclass
class MTEvidence:
    """What the final pass adds when a translation is given (see ``core.align_sentences``): costs and confidence."""

    params: MTParams
    copy: float
    tables: dict = field(default_factory=dict)
    valid: dict = field(default_factory=dict)
    lo: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    scale: Scale = Scale(0.0, 1.0)
    agree: Agreement = Agreement(0, 0, 0.5)
    recal: Recalibration = field(default_factory=Recalibration)
    bead_values: list[dict] = field(default_factory=list)

    @property
    def reliability(self) -> float:
        return 0.0 if self.copies else reliability(self.agree.share, self.params)

    @property
    def copies(self) -> bool:
        return self.copy > self.params.max_copy

    @property
    def active(self) -> bool:
        return self.reliability > 0.0

    def add_costs(self, costs: dict) -> None:
        """Add the weighted MT cost to every two-sided bead type's cost array (in place; nothing when not used)."""
        if not self.active:
            return
        w = self.params.weight * self.reliability
        for (a, b), s in self.tables.items():
            c = np.clip((self.scale.typical - s) / self.scale.span, self.params.floor, 1.5)
            extra = w * (np.maximum(c, 0.0) * ((a + b) / 2) + np.minimum(c, 0.0))
            costs[(a, b)] = costs[(a, b)] + np.where(self.valid[(a, b)], extra, 0.0)

    def similarity(self, a: int, b: int, i: int, j: int) -> float | None:
        """chrF / 100 of the bead ending in state (i, j); for a one-sided bead, the best its sentence reaches; None
        where a source sentence of the bead has no translation."""
        s11 = np.where(self.valid[(1, 1)], self.tables[(1, 1)], 0.0)
        if a and b:
            k = j - self.lo[i]
            return float(self.tables[(a, b)][i, k]) if self.valid[(a, b)][i, k] else None
        if a:
            return float(s11[i].max()) if self.valid[(1, 1)][i].any() else None
        cols = j - self.lo
        rows = np.flatnonzero((cols >= 0) & (cols < s11.shape[1]))
        return float(s11[rows, cols[rows]].max()) if rows.size else 0.0

    def confidence(self, calibration, feats: BeadFeatures, bead: tuple[int, int, int, int]) -> float:
        """The bead's calibrated confidence: the one without MT, recalibrated with the bead's MT evidence when used."""
        base = calibration.confidence(feats)
        if not self.active:
            return base
        sim = self.similarity(*bead)
        evidence = None if sim is None else min(max((sim - self.scale.random) / self.scale.span, -1.0), 3.0)
        self.bead_values.append(
            {
                "base_confidence": base,
                "mt_similarity": None if sim is None else round(sim, 4),
                "mt_evidence": evidence,
                "reliability": self.reliability,
            }
        )
        if evidence is None:
            return base
        return self.recal.confidence(base, evidence, self.reliability, feats.kind)

    def describe(self, keep_features: bool = False) -> dict:
        out: dict = {"used": self.active, "reliability": round(self.reliability, 4)}
        if self.copies:
            out["reason"] = f"the translations repeat their sources (median chrF {100 * self.copy:.1f})"
        elif not self.active:
            out["reason"] = "the translation does not agree with the confident beads of the first pass"
        out.update(
            {
                "agreement": round(self.agree.share, 4),
                "agreement_beads": self.agree.beads,
                "agreement_comparisons": self.agree.comparisons,
                "copy_chrf": round(100 * self.copy, 2),
                "similarity": SIMILARITY,
                "similarity_random": round(self.scale.random, 4),
                "similarity_true": round(self.scale.typical, 4),
                "settings": asdict(self.params),
                "confidence": self.recal.source if self.active else "without MT",
            }
        )
        if keep_features and self.active:
            out["bead_features"] = list(self.bead_values)
        return out


def mt_evidence(
    src: Sequence[str],
    translations: Sequence[str | None],
    tgt: Sequence[str],
    band,
    confident: Sequence[tuple[int, int]],
) -> MTEvidence:
    """The MT similarity over ``band`` and how far it can be trusted, from the first pass's ``confident`` 1-1 beads
    ((source, target) sentence indices). A bead with an untranslated (None) source sentence gets no MT cost."""
    p = current_params()
    ev = MTEvidence(p, copy_level(src, translations, p))
    if ev.copies:
        return ev
    lo = np.asarray(band.lo)
    n, m = len(translations), len(tgt)
    R = np.arange(n + 1)[:, None]
    J = lo[:, None] + np.arange(band.width)[None, :]
    ev.lo = lo
    missing = np.concatenate([[0], np.cumsum([t is None for t in translations])])
    known = {a: np.r_[np.zeros(a, dtype=bool), missing[a:] == missing[:-a]][:, None] for a in (1, 2, 3)}
    ev.valid = {(a, b): (J <= m) & (R - a >= 0) & (J - b >= 0) & known[a] for a, b in TYPES}
    ev.tables = mt_tables([t or "" for t in translations], tgt, lo, band.width, p.beta)
    ev.scale = mt_scale(ev.tables[(1, 1)], ev.valid[(1, 1)])
    ev.agree = agreement(ev.tables[(1, 1)], ev.valid[(1, 1)], lo, confident, p.neighbours)
    ev.recal = load_recalibration()
    return ev


def translation_source(*, file=None, lines: Sequence[str] = (), translator=None) -> dict:
    """What to record about the translation an alignment used: a file (path, line count, sha256 of its lines) or a
    model (name, revision, back end, beam), as ``aligner align`` writes it to ``OUT.params.json``."""
    if translator is not None:
        ref = translator.model
        return {
            "kind": "model",
            "model": ref.name,
            "revision": ref.revision,
            "backend": translator.backend,
            "beam": translator.beam,
        }
    import hashlib

    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    return {"kind": "file", "path": str(file), "lines": len(lines), "sha256": digest}
