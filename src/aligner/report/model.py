"""The run report as typed objects. Stages fill these; :meth:`RunReport.to_json` is the only place they become JSON.

The JSON layout is the ``aligner-report/2`` schema documented in the README.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import asdict, dataclass, field
from typing import Any

from .. import __version__
from ..corpus import Skipped
from ..score.mt import Score
from ..settings import CONFIDENT, LOW_CONFIDENCE, MT_USABLE_BLEU
from ..terms.check import TermIssue

REPORT_SCHEMA = "aligner-report/2"  # what changed since /1: README, "report.json"
TERM_ISSUES_KEPT = 500  # per release in report.json; the count covers them all


@dataclass(frozen=True)
class Untranslated:
    bead: int
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class AlignmentStats:
    beads: int
    beads_by_type: dict[str, int]
    aligned_sentences: int
    aligned_share: float
    low_confidence_beads: int
    low_confidence_share: float
    low_confidence: list[int]
    calibration: dict[str, Any]


@dataclass(frozen=True)
class ReleaseStats:
    """Figures of one release that depend on its units; cached with the release so a re-run need not rebuild them."""

    src_sentences: int
    tgt_sentences: int | None
    untranslated_sentences: int
    untranslated: list[Untranslated]
    filled_sentences: dict[str, int]
    alignment: AlignmentStats | None
    no_counterpart: list[tuple[int, str]]  # (bead, French) without the release's own English, filled or not
    reviewed_sentences: int = 0  # French sentences in beads a reviewer confirmed or wrote the English of

    def to_json(self, with_no_counterpart: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"src_sentences": self.src_sentences, "tgt_sentences": self.tgt_sentences}
        if with_no_counterpart:
            out["no_counterpart"] = [list(x) for x in self.no_counterpart]
        out["untranslated_sentences"] = self.untranslated_sentences
        out["untranslated"] = [asdict(u) for u in self.untranslated]
        out["filled_sentences"] = dict(self.filled_sentences)
        out["reviewed_sentences"] = self.reviewed_sentences
        if self.alignment is not None:
            out.update(asdict(self.alignment))
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ReleaseStats:
        alignment = None
        if "beads" in d:
            alignment = AlignmentStats(**{k: d[k] for k in AlignmentStats.__dataclass_fields__})
        return cls(
            d["src_sentences"],
            d["tgt_sentences"],
            d["untranslated_sentences"],
            [Untranslated(**u) for u in d["untranslated"]],
            dict(d["filled_sentences"]),
            alignment,
            [(int(b), str(t)) for b, t in d["no_counterpart"]],
            int(d.get("reviewed_sentences", 0)),
        )


@dataclass(frozen=True)
class MtFlag:
    bead: int
    kind: str  # possible misalignment, possible unedited MT
    chrf: float
    src: str
    tgt: str
    mt: str


@dataclass
class ReleaseQuality:
    """MT of the French side of confident beads scored against the English originals, with flagged beads."""

    beads: int = 0
    scores: list[Score] = field(default_factory=list)
    flags: list[MtFlag] = field(default_factory=list)
    hyps: list[str] = field(default_factory=list, repr=False)  # kept for the corpus score, not written
    refs: list[str] = field(default_factory=list, repr=False)

    def score_of(self, metric: str) -> float | None:
        return next((s.score for s in self.scores if s.metric == metric), None)

    def to_json(self) -> dict[str, Any]:
        if not self.beads:
            return {"beads": 0}
        return {
            "beads": self.beads,
            "scores": [s.as_dict() for s in self.scores],
            "flags": [asdict(f) for f in self.flags],
        }


@dataclass
class CorpusQuality:
    status: str  # "ok", or why MT quality could not be measured
    model: dict[str, Any] | None = None
    beads: int = 0
    scores: list[Score] = field(default_factory=list)
    verdict: str = ""  # "usable", "unusable", or "" when there were too few beads to judge
    languages: dict[str, CorpusQuality] = field(default_factory=dict)  # each pair's, with several languages

    @property
    def bleu(self) -> float | None:
        return next((s.score for s in self.scores if s.metric == "bleu"), None)

    @property
    def message(self) -> str:
        if self.verdict == "unusable":
            return (
                f"the MT is unusable: corpus BLEU {self.bleu:.1f} against the originals of {self.beads} confident "
                f"beads is below {MT_USABLE_BLEU:g}; beads are not flagged one by one, and MT fills need a translator"
            )
        if self.verdict == "usable":
            return f"corpus BLEU {self.bleu:.1f} on {self.beads} confident beads (usable at {MT_USABLE_BLEU:g} or more)"
        return f"too few confident beads ({self.beads}) to judge the MT"

    def to_json(self) -> dict[str, Any]:
        if self.languages:
            return {
                "status": self.status,
                "beads": self.beads,
                "languages": {lang: q.to_json() for lang, q in self.languages.items()},
            }
        if self.status != "ok":
            return {"status": self.status}
        return {
            "status": "ok",
            "model": self.model,
            "beads": self.beads,
            "min_confidence": CONFIDENT,
            "scores": [s.as_dict() for s in self.scores],
            "verdict": self.verdict or "too few beads",
            "message": self.message,
        }


@dataclass(frozen=True)
class MtUse:
    """Whether a release's alignment used the machine translation of its translated side, and why not."""

    used: bool
    reliability: float | None = None  # how well the MT agreed with the first pass's confident beads (0-1)
    reason: str | None = None

    @classmethod
    def of(cls, params: dict[str, Any]) -> MtUse | None:
        """From an alignment's parameters (``params["mt"]``); None when the release was aligned without MT."""
        mt = params.get("mt")
        if not isinstance(mt, dict):
            return None
        return cls(bool(mt.get("used")), mt.get("reliability"), mt.get("reason"))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"used": self.used, "reliability": self.reliability}
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass
class ReleaseReport:
    id: str  # the release id, or lang/id in a corpus of several translation languages
    paired: bool
    src_file: str
    tgt_file: str | None
    cached: bool
    outputs: dict[str, str]
    stats: ReleaseStats
    mt_quality: ReleaseQuality | None = None
    term_issues: int | None = None  # None: no glossary was checked
    terminology: list[TermIssue] = field(default_factory=list)  # the first TERM_ISSUES_KEPT issues
    corrections: str = ""  # "applied", "stale", or "" when no reviewer's corrections exist
    corrections_file: str | None = None
    warnings: list[str] = field(default_factory=list)
    lang: str = "fr"  # the translation's language
    pivot: str = "en"  # the original's
    alignment_mt: MtUse | None = None  # None: aligned without machine translation

    @property
    def notes(self) -> list[str]:
        notes = [] if self.paired else ["no English original"]
        if self.corrections == "stale":
            notes.append("corrections out of date (the release changed after review): review it again")
        return notes

    @property
    def alignment(self) -> AlignmentStats | None:
        return self.stats.alignment

    @property
    def bleu(self) -> float | None:
        return None if self.mt_quality is None else self.mt_quality.score_of("bleu")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "lang": self.lang,
            "pivot": self.pivot,
            "paired": self.paired,
            "src_file": self.src_file,
            "tgt_file": self.tgt_file,
            "cached": self.cached,
            "outputs": dict(self.outputs),
            "notes": self.notes,
        }
        if self.corrections:
            out["corrections"] = {"file": self.corrections_file, "status": self.corrections}
        if self.warnings:
            out["warnings"] = list(self.warnings)
        out.update(self.stats.to_json(with_no_counterpart=False))
        if self.alignment_mt is not None:
            out["alignment_translation"] = self.alignment_mt.to_json()
        if self.mt_quality is not None:
            out["mt_quality"] = self.mt_quality.to_json()
        if self.term_issues is not None:
            out["term_issues"] = self.term_issues
            out["terminology"] = [i.as_dict() for i in self.terminology]
        return out


@dataclass(frozen=True)
class CorpusSummary:
    releases: int
    paired: int
    src_sentences: int
    tgt_sentences: int
    beads: int
    beads_by_type: dict[str, int]
    aligned_share: float
    low_confidence_beads: int
    low_confidence_share: float
    untranslated_sentences: int

    @classmethod
    def of(cls, releases: list[ReleaseReport]) -> CorpusSummary:
        kinds: dict[str, int] = {}
        for r in releases:
            for k, v in (r.alignment.beads_by_type if r.alignment else {}).items():
                kinds[k] = kinds.get(k, 0) + v
        paired = [r for r in releases if r.paired and r.alignment is not None]
        fr_paired = sum(r.stats.src_sentences for r in paired)
        aligned = sum(r.alignment.aligned_sentences for r in paired if r.alignment)
        beads = sum(r.alignment.beads for r in paired if r.alignment)
        low = sum(r.alignment.low_confidence_beads for r in paired if r.alignment)
        return cls(
            releases=len(releases),
            paired=sum(r.paired for r in releases),
            src_sentences=sum(r.stats.src_sentences for r in releases),
            tgt_sentences=sum(r.stats.tgt_sentences or 0 for r in releases),
            beads=beads,
            beads_by_type=dict(sorted(kinds.items())),
            aligned_share=round(aligned / fr_paired, 4) if fr_paired else 0.0,
            low_confidence_beads=low,
            low_confidence_share=round(low / beads, 4) if beads else 0.0,
            untranslated_sentences=sum(r.stats.untranslated_sentences for r in releases),
        )


@dataclass(frozen=True)
class TranslationInfo:
    """How French text without a counterpart was filled: the options, the model, and the outcome."""

    status: str  # "ok", "not needed", or why no machine translation was done
    options: dict[str, Any] | None = None
    model: dict[str, Any] | None = None
    warnings: tuple[str, ...] = ()
    languages: dict[str, TranslationInfo] = field(default_factory=dict)  # each pair's, with several languages

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "options": self.options,
            "model": self.model,
            "warnings": list(self.warnings),
        }
        if self.languages:
            out["languages"] = {lang: info.to_json() for lang, info in self.languages.items()}
        return out

    @property
    def failed(self) -> bool:
        """True when a model was wanted and could not be used (the CLI warns)."""
        return self.status.startswith("no machine translation")


@dataclass
class AlignmentTranslation:
    """How one language pair's releases were aligned with MT in this run: the model, and how it went."""

    status: str  # "ok", "switched off", or why there was no translation (no model, a model that failed to load)
    model: dict[str, Any] | None = None  # name, revision, backend, beam
    releases: int = 0  # releases aligned again with their MT in this run
    used: int = 0  # of those, releases where the aligner found the MT good enough to use
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "model": self.model, "cache": "cache/mt.json"}
        out.update({"releases_aligned_with_mt": self.releases, "mt_used": self.used})
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


@dataclass(frozen=True)
class TerminologySummary:
    glossary: str
    terms: int
    issues: int


@dataclass(frozen=True)
class GateFailure:
    release: str
    check: str
    value: float | int | None
    limit: float | int
    message: str


@dataclass
class RunReport:
    generated: str
    corpus_root: str
    segmentation: dict[str, Any]
    jobs: int
    alignment_parameters: dict[str, Any]
    releases: list[ReleaseReport]
    without_original: list[str]  # translations whose original is missing
    untranslated_originals: list[str]  # originals with no translation in a language of the run
    skipped: list[Skipped]
    translation: TranslationInfo
    failed: list[tuple[str, str]] = field(default_factory=list)  # (release, why) not computed by this run
    lexicons: list[dict[str, Any]] = field(default_factory=list)  # the user's and the corpus lexicon, as used
    gate_settings: dict[str, Any] = field(default_factory=dict)
    gate_failures: list[GateFailure] = field(default_factory=list)
    mt_quality: CorpusQuality | None = None
    terminology: TerminologySummary | None = None
    alignment_translation: dict[str, AlignmentTranslation] = field(default_factory=dict)  # per language

    @property
    def corpus(self) -> CorpusSummary:
        return CorpusSummary.of(self.releases)

    @property
    def languages(self) -> dict[str, CorpusSummary]:
        """The corpus figures of each translation language."""
        langs = sorted({r.lang for r in self.releases})
        return {lang: CorpusSummary.of([r for r in self.releases if r.lang == lang]) for lang in langs}

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": REPORT_SCHEMA,
            "tool": {
                "name": "aligner",
                "version": __version__,
                "python": sys.version.split()[0],
                "platform": platform.platform(terse=True),
            },
            "generated": self.generated,
            "inputs": {
                "corpus": self.corpus_root,
                "segmentation": self.segmentation,
                "jobs": self.jobs,
                "lexicons": list(self.lexicons),
                "alignment_translation": {k: v.to_json() for k, v in self.alignment_translation.items()},
            },
            "parameters": {"alignment": self.alignment_parameters, "low_confidence_threshold": LOW_CONFIDENCE},
            "corpus": asdict(self.corpus),
            "languages": {lang: asdict(summary) for lang, summary in self.languages.items()},
            "unpaired": {
                "without_original": list(self.without_original),
                "untranslated_originals": list(self.untranslated_originals),
            },
            "releases": [r.to_json() for r in self.releases],
            "skipped": [{"path": x.path, "reason": x.reason} for x in self.skipped],
            "failed": [{"release": rid, "reason": why} for rid, why in self.failed],
            "translation": self.translation.to_json(),
        }
        if self.mt_quality is not None:
            out["mt_quality"] = self.mt_quality.to_json()
        if self.terminology is not None:
            out["terminology"] = asdict(self.terminology)
        out["gates"] = {"settings": dict(self.gate_settings), "failures": [asdict(f) for f in self.gate_failures]}
        return out
