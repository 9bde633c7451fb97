"""Sentence segmentation of release text: paragraphs are lines, sentences are exact slices of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex

from ..errors import UsageError
from ..model import Document, Sentence
from .cjk import cjk_boundaries
from .rules import LANGUAGES, boundaries

SplitFn = Callable[[str], list[int]]

__all__ = ["SUPPORTED_LANGS", "language_code", "paragraph_spans", "segment_text", "splitter_for"]

# ISO 639-1 codes of the languages with built-in rules.
SUPPORTED_LANGS = tuple(sorted([*LANGUAGES, "zh"]))


def language_code(lang: str) -> str:
    """The ISO 639-1 code of ``lang`` ("de", "de-AT", "pt_BR", "zh-Hans" → its primary subtag), or a UsageError."""
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code not in SUPPORTED_LANGS:
        raise UsageError(
            f"unknown language {lang!r} for segmentation (supported ISO 639-1 codes: {', '.join(SUPPORTED_LANGS)})"
        )
    return code


def splitter_for(lang: str) -> SplitFn:
    """The built-in boundary function for ``lang`` (one of :data:`SUPPORTED_LANGS`, region subtags allowed)."""
    code = language_code(lang)
    if code == "zh":
        return cjk_boundaries
    rules = LANGUAGES[code]
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


# A sentence end in any language: a terminator, closing marks, white space and a capital, digit or opening quote;
# or a full-width terminator.
_SENTENCE_END = regex.compile(r"[.!?…][\"'”’»)]*\s+[\p{Lu}\p{N}«“\"¿¡]|[。！？][”」』）]*.")
# A text with this many sentence ends and no break at all was not segmented by the rules it was given.
SUSPICIOUS_SENTENCE_ENDS = 3


def segment_text(
    text: str,
    lang: str,
    split: SplitFn | None = None,
    source: str | None = None,
    *,
    warnings: list[str] | None = None,
) -> Document:
    """Segment ``text`` (one paragraph per line) into sentences.

    ``split`` maps a paragraph to the offsets where new sentences start; by default the built-in rules of ``lang``.
    With a ``warnings`` list, a ``split`` that makes no break in a text with several sentence ends (an SRX file whose
    language maps do not apply, for one) adds a one-line warning to it.
    """
    custom = split is not None
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
    if warnings is not None and custom and sentences and len(sentences) == sentences[-1].paragraph + 1:
        ends = len(_SENTENCE_END.findall(text))
        if ends >= SUSPICIOUS_SENTENCE_ENDS:
            rules = getattr(split, "source", None)
            warnings.append(
                f"{source or 'the text'}: the segmentation rules{f' of {rules}' if rules else ''} made no break,"
                f" although the text has {ends} sentence ends (check the language maps for {lang!r})"
            )
    return Document(text=text, lang=lang, sentences=tuple(sentences), source=source)
