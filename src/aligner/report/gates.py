"""CI gates: small objects that check one figure of a release against a limit and describe themselves.

Every gate reports its figure (JUnit shows it for each release even when no limit is set); only a gate with a limit
can fail.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from .model import GateFailure, ReleaseReport


@dataclass(frozen=True)
class Gate:
    """One check. ``limit`` None: the figure is reported, never failed."""

    limit: float | None = None
    name: ClassVar[str] = ""

    def applies(self, r: ReleaseReport) -> bool:
        return r.paired

    def value(self, r: ReleaseReport) -> float | int | None:
        raise NotImplementedError

    def figure(self, r: ReleaseReport) -> str:
        raise NotImplementedError

    def failed(self, value: float | int | None) -> bool:
        raise NotImplementedError

    def message(self, r: ReleaseReport, value: float | int | None) -> str:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def check(self, r: ReleaseReport) -> GateFailure | None:
        if self.limit is None or not self.applies(r):
            return None
        value = self.value(r)
        if not self.failed(value):
            return None
        from .model import GateFailure

        return GateFailure(r.id, self.name, value, self.limit, self.message(r, value))


@dataclass(frozen=True)
class AlignmentCoverage(Gate):
    name: ClassVar[str] = "alignment coverage"

    def value(self, r: ReleaseReport) -> float:
        return r.alignment.aligned_share if r.alignment else 0.0

    def failed(self, value) -> bool:
        return self.limit is not None and value < self.limit

    def figure(self, r: ReleaseReport) -> str:
        return f"aligned share {r.alignment.aligned_share if r.alignment else '-'}"

    def message(self, r: ReleaseReport, value) -> str:
        return f"{r.id}: {value:.1%} of French sentences aligned, below {self.limit:.1%}"

    def describe(self) -> str:
        return f"at least {self.limit:.0%} of the French sentences of each paired release aligned"


@dataclass(frozen=True)
class LowConfidenceShare(Gate):
    name: ClassVar[str] = "low-confidence share"

    def value(self, r: ReleaseReport) -> float:
        return r.alignment.low_confidence_share if r.alignment else 0.0

    def failed(self, value) -> bool:
        return self.limit is not None and value > self.limit

    def figure(self, r: ReleaseReport) -> str:
        a = r.alignment
        return (
            f"low-confidence share {a.low_confidence_share if a else '-'} ({a.low_confidence_beads if a else 0} beads)"
        )

    def message(self, r: ReleaseReport, value) -> str:
        return f"{r.id}: {value:.1%} low-confidence beads, above {self.limit:.1%}"

    def describe(self) -> str:
        return f"at most {self.limit:.0%} of the beads of each paired release below the confidence threshold"


@dataclass(frozen=True)
class MinBleu(Gate):
    name: ClassVar[str] = "BLEU"

    def value(self, r: ReleaseReport) -> float | None:
        return r.bleu

    def failed(self, value) -> bool:
        return value is None or (self.limit is not None and value < self.limit)

    def figure(self, r: ReleaseReport) -> str:
        return "BLEU not available" if r.bleu is None else f"BLEU {r.bleu:.2f}"

    def message(self, r: ReleaseReport, value) -> str:
        if value is None:
            return f"{r.id}: BLEU not available (no translation model)"
        return f"{r.id}: BLEU {value:.2f} below {self.limit:.2f}"

    def describe(self) -> str:
        return f"BLEU of MT against the originals of each paired release at least {self.limit:.1f}"


@dataclass(frozen=True)
class MaxTermIssues(Gate):
    name: ClassVar[str] = "terminology"

    def applies(self, r: ReleaseReport) -> bool:
        return r.term_issues is not None

    def value(self, r: ReleaseReport) -> int:
        return r.term_issues or 0

    def failed(self, value) -> bool:
        return self.limit is not None and value > self.limit

    def figure(self, r: ReleaseReport) -> str:
        return f"terminology issues {r.term_issues or 0}"

    def message(self, r: ReleaseReport, value) -> str:
        return f"{r.id}: {value} terminology issues, above {self.limit}"

    def describe(self) -> str:
        return f"at most {self.limit} terminology issues per release"


@dataclass(frozen=True)
class MaxUntranslated(Gate):
    name: ClassVar[str] = "untranslated sentences"

    def applies(self, r: ReleaseReport) -> bool:
        return True

    def value(self, r: ReleaseReport) -> int:
        return r.stats.untranslated_sentences

    def failed(self, value) -> bool:
        return self.limit is not None and value > self.limit

    def figure(self, r: ReleaseReport) -> str:
        return f"untranslated sentences {r.stats.untranslated_sentences}"

    def message(self, r: ReleaseReport, value) -> str:
        return f"{r.id}: {value} untranslated sentences, above {self.limit}"

    def describe(self) -> str:
        return f"at most {self.limit} untranslated sentences per release"


@dataclass(frozen=True)
class GateSettings:
    """The limits a run is held to (``--min-aligned`` and friends); None switches a gate off."""

    min_aligned: float | None = None
    max_low_confidence: float | None = None
    min_bleu: float | None = None
    max_untranslated: int | None = None
    max_term_issues: int | None = None

    def gates(self) -> list[Gate]:
        """Every gate, in the order failures are reported."""
        return [
            AlignmentCoverage(self.min_aligned),
            LowConfidenceShare(self.max_low_confidence),
            MinBleu(self.min_bleu),
            MaxTermIssues(self.max_term_issues),
            MaxUntranslated(self.max_untranslated),
        ]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def evaluate(self, releases: list[ReleaseReport]) -> list[GateFailure]:
        """One failure per violated gate and release."""
        gates = self.gates()
        return [f for r in releases for g in gates if (f := g.check(r)) is not None]


def reported_checks() -> list[Gate]:
    """The checks JUnit shows for every release (with or without a limit), in its order."""
    return [AlignmentCoverage(), LowConfidenceShare(), MaxUntranslated(), MinBleu(), MaxTermIssues()]
