"""Sentence alignment without models: see :mod:`aligner.align.core`."""

from .core import BEAD_TYPES, AlignParams, align_sentences

__all__ = ["BEAD_TYPES", "AlignParams", "align_sentences"]
