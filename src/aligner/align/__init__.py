"""Sentence alignment without models.

Importing this package is cheap: numpy, scipy and the aligner itself load on the first alignment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .lexicon import Lexicon, confident_pairs, learn_corpus_lexicon
from .params import BEAD_TYPES, AlignParams

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Alignment, Document

__all__ = [
    "BEAD_TYPES",
    "AlignParams",
    "Lexicon",
    "align_documents",
    "align_sentences",
    "confident_pairs",
    "fingerprint",
    "learn_corpus_lexicon",
    "read_lexicon",
]


def align_sentences(
    src,
    tgt,
    src_paragraphs=None,
    tgt_paragraphs=None,
    params: AlignParams | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    lexicons: Sequence[Lexicon] = (),
    keep_features: bool = False,
    translations: Sequence[str | None] | None = None,
) -> Alignment:
    """Align two lists of sentences. Every sentence ends up in exactly one bead, in order.

    ``src_lang``/``tgt_lang`` select the prior lexicon and the confidence calibration of the pair (without them,
    neither prior applies and the pooled calibration is used); ``lexicons`` adds lexicons of the caller (a user's
    dictionary, a corpus lexicon), each turned to the pair's direction and skipped when it is for another pair.
    ``translations``: one machine translation of each source sentence into the target language (``mtsim.py``; None
    for a sentence left untranslated); the alignment records in ``params["mt"]`` whether and how much it was used.
    """
    from .core import align_sentences as _align

    return _align(
        src,
        tgt,
        src_paragraphs,
        tgt_paragraphs,
        params,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        lexicons=lexicons,
        keep_features=keep_features,
        translations=translations,
    )


def align_documents(
    src: Document,
    tgt: Document,
    params: AlignParams | None = None,
    *,
    lexicons: Sequence[Lexicon] = (),
    keep_features: bool = False,
    translations: Sequence[str | None] | None = None,
) -> Alignment:
    """Align two segmented documents, using their paragraphs as soft anchors and their languages for the priors.

    ``translations``: one machine translation per sentence of ``src`` (in order, into ``tgt``'s language)."""
    return align_sentences(
        [s.text for s in src.sentences],
        [s.text for s in tgt.sentences],
        [s.paragraph for s in src.sentences],
        [s.paragraph for s in tgt.sentences],
        params,
        src_lang=src.lang,
        tgt_lang=tgt.lang,
        lexicons=lexicons,
        keep_features=keep_features,
        translations=translations,
    )


def read_lexicon(path, src_lang: str, tgt_lang: str) -> Lexicon:
    """A user's dictionary (hunalign ``.dic`` or TSV) for ``src_lang`` -> ``tgt_lang``; see ``lexfile.py``."""
    from .lexfile import read_lexicon as _read

    return _read(path, src_lang, tgt_lang)


def fingerprint() -> str:
    """Hash of everything that decides an alignment: every module of this package and its shipped data (prior
    lexicon, calibration). A cache of alignments should be keyed by it (with the lexicons passed in, by sha256)."""
    import hashlib
    from pathlib import Path

    here = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *here.glob("data/*")]):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]
