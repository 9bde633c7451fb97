"""Sentence alignment without models: see :mod:`aligner.align.core`."""

from __future__ import annotations

from ..model import Alignment, Document
from .core import BEAD_TYPES, AlignParams, align_sentences

__all__ = ["BEAD_TYPES", "AlignParams", "align_documents", "align_sentences"]


def align_documents(src: Document, tgt: Document, params: AlignParams | None = None) -> Alignment:
    """Align two segmented documents, using their paragraphs as soft anchors."""
    return align_sentences(
        [s.text for s in src.sentences],
        [s.text for s in tgt.sentences],
        [s.paragraph for s in src.sentences],
        [s.paragraph for s in tgt.sentences],
        params,
    )
