"""MT quality scores through sacrebleu (never re-implemented), each with sacrebleu's own signature."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import UsageError

METRICS = ("bleu", "chrf", "ter")


@dataclass(frozen=True)
class Score:
    metric: str  # bleu, chrf, ter
    name: str  # sacrebleu's name: BLEU, chrF2, TER
    score: float
    signature: str
    verbose: str

    def as_dict(self) -> dict:
        return {
            "metric": self.metric,
            "name": self.name,
            "score": round(self.score, 4),
            "signature": self.signature,
            "verbose": self.verbose,
        }


def parse_metrics(text: str) -> tuple[str, ...]:
    names = tuple(m.strip().lower() for m in text.split(",") if m.strip())
    bad = [m for m in names if m not in METRICS]
    if bad or not names:
        raise UsageError(f"unknown metric {', '.join(bad) or text!r} (choose from {', '.join(METRICS)})")
    return names


def _metric(name: str):
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"bleu": BLEU, "chrf": CHRF, "ter": TER}[name]()


def corpus_scores(hyps: Sequence[str], refs: Sequence[str], metrics: Sequence[str] = METRICS) -> list[Score]:
    """Corpus-level scores with the default settings of the sacrebleu command line."""
    if len(hyps) != len(refs):
        raise UsageError(f"hypothesis has {len(hyps)} lines but the reference has {len(refs)}")
    out = []
    for m in metrics:
        metric = _metric(m)
        res = metric.corpus_score(list(hyps), [list(refs)])
        out.append(Score(m, res.name, float(res.score), str(metric.get_signature()), res.format(width=1)))
    return out


def sentence_scores(hyps: Sequence[str], refs: Sequence[str], metrics: Sequence[str] = METRICS) -> list[dict]:
    """Per-line scores (sacrebleu's sentence_score: BLEU with its sentence smoothing)."""
    if len(hyps) != len(refs):
        raise UsageError(f"hypothesis has {len(hyps)} lines but the reference has {len(refs)}")
    objs = {m: _metric(m) for m in metrics}
    rows = []
    for k, (h, r) in enumerate(zip(hyps, refs), 1):
        rows.append({"line": k, **{m: round(float(o.sentence_score(h, [r]).score), 4) for m, o in objs.items()}})
    return rows
