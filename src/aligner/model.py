"""The small typed data model every stage passes around."""

from __future__ import annotations

from dataclasses import dataclass, field


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
