"""Sentence segmentation of release text: paragraphs are lines, sentences are exact slices of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..errors import UsageError
from ..model import Document, Sentence
from .rules import LANGUAGES, boundaries

SplitFn = Callable[[str], list[int]]

__all__ = ["SUPPORTED_LANGS", "paragraph_spans", "segment_text", "splitter_for"]

SUPPORTED_LANGS = tuple(sorted(LANGUAGES))


def splitter_for(lang: str) -> SplitFn:
    """The built-in boundary function for ``lang`` (fr, en, de)."""
    rules = LANGUAGES.get(lang.lower().split("-")[0].split("_")[0])
    if rules is None:
        raise UsageError(f"unknown language {lang!r} for segmentation (known: {', '.join(SUPPORTED_LANGS)})")
    return lambda text: boundaries(text, rules)


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of surrounding white space."""
    pos = 0
    for line in text.split("\n"):
        left = len(line) - len(line.lstrip())
        body = line.strip()
        if body:
            yield pos + left, pos + left + len(body)
        pos += len(line) + 1


def segment_text(text: str, lang: str, split: SplitFn | None = None, source: str | None = None) -> Document:
    """Segment ``text`` (one paragraph per line) into sentences.

    ``split`` maps a paragraph to the offsets where new sentences start; by default the built-in rules of ``lang``.
    """
    split = split or splitter_for(lang)
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraph_spans(text)):
        para = text[p_start:p_end]
        cuts = [c for c in split(para) if 0 < c < len(para)]
        edges = [0, *sorted(set(cuts)), len(para)]
        for a, b in zip(edges, edges[1:]):
            chunk = para[a:b]
            lead = len(chunk) - len(chunk.lstrip())
            body = chunk.strip()
            if body:
                s = p_start + a + lead
                sentences.append(Sentence(body, p_index, s, s + len(body)))
    return Document(text=text, lang=lang, sentences=tuple(sentences), source=source)
