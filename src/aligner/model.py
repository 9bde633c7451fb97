"""The small typed data model every stage passes around."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence, exactly as in the input, with its place in the document."""

    text: str
    paragraph: int  # 0-based paragraph index in the document
    start: int  # character offset of the first character in the document text
    end: int  # character offset just past the last character

    def __post_init__(self) -> None:
        if self.end - self.start != len(self.text):
            raise ValueError("sentence offsets do not match its text")


@dataclass(frozen=True, slots=True)
class Document:
    """A segmented document: its text and its sentences in order."""

    text: str
    lang: str
    sentences: tuple[Sentence, ...]
    source: str | None = None

    @property
    def paragraph_count(self) -> int:
        return len({s.paragraph for s in self.sentences})


@dataclass(frozen=True, slots=True)
class Bead:
    """An alignment unit: source sentence indices, target sentence indices, and a confidence in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True, slots=True)
class Alignment:
    """A full alignment of two documents, with the parameters that produced it."""

    beads: tuple[Bead, ...]
    src_len: int
    tgt_len: int
    params: dict = field(default_factory=dict, compare=False)


class Origin(str, Enum):
    """Where the English of a unit comes from. Only ``ALIGNED`` and ``REVIEWED`` are the releases' own translations."""

    ALIGNED = "aligned"  # paired by the aligner from the release's own English original
    REVIEWED = "reviewed"  # a pair a reviewer corrected or confirmed (aligner apply)
    TM_EXACT = "tm-exact"  # filled from an exact translation-memory match
    TM_FUZZY = "tm-fuzzy"  # filled from a fuzzy translation-memory match (detail: the match %)
    MT = "mt"  # filled by machine translation (detail: model@revision)
    NONE = "none"  # no English at all

    @property
    def human(self) -> bool:
        return self in (Origin.ALIGNED, Origin.REVIEWED)

    @property
    def filled(self) -> bool:
        return self in (Origin.TM_EXACT, Origin.TM_FUZZY, Origin.MT)

    def label(self, detail: str = "") -> str:
        """The origin as written in outputs: ``aligned``, ``tm-fuzzy:82``, ``mt:opus-mt-fr-en@abc123``."""
        return f"{self.value}:{detail}" if detail else self.value

    @classmethod
    def parse(cls, label: str) -> tuple[Origin, str]:
        """The origin and its detail from a label written by :meth:`label`; an unknown label raises ValueError."""
        head, _, detail = label.partition(":")
        return cls(head), detail


@dataclass(frozen=True, slots=True)
class Fill:
    """English for French text without a counterpart, from the memory or a model."""

    text: str
    origin: Origin
    detail: str = ""
    source: str | None = None  # for a fuzzy memory match: the memory's French, which differs from the release's

    @property
    def label(self) -> str:
        return self.origin.label(self.detail)


@dataclass(frozen=True, slots=True)
class ReleaseUnit:
    """One bead of a release with its text exactly as in the release files.

    ``tgt`` is None when the French has no English counterpart (and no fill); ``src`` is empty for an English
    sentence with no French (a 0-1 bead), which is not a translation unit (see :attr:`translatable`).
    """

    release: str
    bead: int
    src: str
    tgt: str | None
    score: float
    kind: str
    origin: Origin
    src_line: int  # 1-based line of the release file where the French text starts (0 for a 0-1 bead)
    created: str  # TMX date
    detail: str = ""  # origin detail: the fuzzy match % or the MT model
    src_ids: tuple[int, ...] = ()
    tgt_ids: tuple[int, ...] = ()
    fill_source: str | None = None  # for a fuzzy memory fill: the memory's French it was the translation of

    @property
    def origin_label(self) -> str:
        return self.origin.label(self.detail)

    @property
    def translatable(self) -> bool:
        """True for a bead with French text: it becomes a memory unit, a PO entry, a fill candidate."""
        return bool(self.src)

    @property
    def src_count(self) -> int:
        return int(self.kind.split("-")[0])


@dataclass
class Term:
    """A glossary entry: a French term, its approved English terms, forbidden ones, or do-not-translate."""

    source: str
    targets: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    dnt: bool = False
    comment: str = ""
    line: int | None = None
