"""Sentence alignment without models.

Importing this package is cheap: numpy, scipy and the aligner itself load on the first alignment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .params import BEAD_TYPES, AlignParams

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Alignment, Document

__all__ = ["BEAD_TYPES", "AlignParams", "align_documents", "align_sentences"]


def align_sentences(src, tgt, src_paragraphs=None, tgt_paragraphs=None, params: AlignParams | None = None) -> Alignment:
    """Align two lists of sentences. Every sentence ends up in exactly one bead, in order."""
    from .core import align_sentences as _align

    return _align(src, tgt, src_paragraphs, tgt_paragraphs, params)


def align_documents(src: Document, tgt: Document, params: AlignParams | None = None) -> Alignment:
    """Align two segmented documents, using their paragraphs as soft anchors."""
    return align_sentences(
        [s.text for s in src.sentences],
        [s.text for s in tgt.sentences],
        [s.paragraph for s in src.sentences],
        [s.paragraph for s in tgt.sentences],
        params,
    )
