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


class CodeKind(str, Enum):
    """How an inline code sits in a text (see :class:`InlineCode`)."""

    PAIRED = "paired"  # opens at ``start`` and closes at ``end`` of the same text (bold, italic, a link)
    OPENING = "opening"  # opens at ``start``; its closing is in another text (another unit)
    CLOSING = "closing"  # closes at ``start``; its opening is in another text
    STANDALONE = "standalone"  # stands alone (an image, a line break): see :attr:`InlineCode.placeholder`


@dataclass(frozen=True, slots=True)
class InlineCode:
    """Markup inside a text: where it sits (character offsets into the plain text) and its native form.

    A ``PAIRED`` code wraps ``text[start:end]``; ``OPENING`` and ``CLOSING`` codes sit at ``start`` (``end`` equals
    ``start``). A ``STANDALONE`` code sits at ``start``; when ``end`` is ``start + 1`` it stands for that character of
    the text, the space a line break (``<br>``) reads as, and a writer puts the code in its place.
    ``native_open`` and ``native_close`` are the markup as written in the release (``<a href="/x">`` and ``</a>``,
    ``**`` and ``**``, ``<br>``), to be written back as native code; ``tag`` names the element (``b``, ``a``, ``br``,
    ``img``) and ``attrs`` its attributes (``href``, ``src``).
    """

    kind: CodeKind
    start: int
    end: int
    tag: str
    native_open: str = ""  # the opening markup (OPENING, PAIRED) or the code itself (STANDALONE)
    native_close: str = ""  # the closing markup (CLOSING, PAIRED)
    attrs: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError("inline code offsets out of order")
        if self.kind in (CodeKind.OPENING, CodeKind.CLOSING) and self.end != self.start:
            raise ValueError("an opening or closing code sits at one offset")
        if self.kind is CodeKind.STANDALONE and self.end - self.start > 1:
            raise ValueError("a standalone code stands for at most one character")

    @property
    def placeholder(self) -> bool:
        """True for a code that stands for the character ``text[start]`` (a line break read as a space)."""
        return self.kind is CodeKind.STANDALONE and self.end == self.start + 1

    def moved(self, delta: int, kind: CodeKind | None = None) -> InlineCode:
        """The same code ``delta`` characters further (offsets into another text), maybe of another kind (an opening
        keeps only its opening markup, a closing its closing markup)."""
        kind = kind or self.kind
        start = self.start + delta
        end = start if kind in (CodeKind.OPENING, CodeKind.CLOSING) else self.end + delta
        native_open = "" if kind is CodeKind.CLOSING else self.native_open
        native_close = "" if kind is CodeKind.OPENING else self.native_close
        return InlineCode(kind, start, end, self.tag, native_open, native_close, self.attrs)


@dataclass(frozen=True, slots=True)
class ReleaseText:
    """A release file as the rest of aligner reads it: the headline line, then one paragraph per line, in plain text
    exactly as a reader sees it; the markup of HTML and Markdown releases as inline codes into that text.

    ``lines`` gives, for each line of the text, the 1-based line of the file it comes from (empty when they are the
    same, as in a ``.txt`` release).
    """

    text: str
    codes: tuple[InlineCode, ...] = ()
    lines: tuple[int, ...] = ()
    format: str = "text"  # text, html or markdown

    def file_line(self, line: int) -> int:
        """The line of the file where line ``line`` (1-based) of the text comes from."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else line


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
    src_codes: tuple[InlineCode, ...] = ()  # the release's markup in ``src`` (offsets into it)
    tgt_codes: tuple[InlineCode, ...] = ()  # the English original's markup in ``tgt``; none for fills and edits

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
