"""``aligner apply``: a reviewer's corrections become an input of the corpus, and the run's outputs follow."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..corpus import discover
from ..errors import AlignerError
from ..fsutil import atomic_write_text
from ..report.model import RunReport
from ..settings import SRC_LANG, TGT_LANG
from .compute import splitter
from .config import RunConfig, load_run_config
from .corrections import corrected_beads, corrections_path, read_corrections


@dataclass(frozen=True)
class Applied:
    release: str
    beads: int
    stored: Path
    report: RunReport


def apply_corrections(corrections_file: Path, out: Path, corpus: Path | None = None) -> Applied:
    """Check corrections against the release as the run segments it, store them with the corpus, re-run.

    The run's saved settings (``OUT/run.json``) are used throughout: the same segmentation rules, model, glossary and
    gates. ``corpus`` overrides the corpus folder the run recorded.
    """
    from . import run_corpus

    config = load_run_config(out)
    if corpus is not None:
        config = replace(config, corpus=Path(os.path.abspath(corpus)))
    corrections = read_corrections(corrections_file)
    rid = corrections.release
    release = next((r for r in discover(config.corpus).releases if r.id == rid), None)
    if release is None or release.fr is None or release.en is None:
        raise AlignerError(f"release {rid!r} is not a paired release of {config.corpus}", corrections_file)
    n_src, n_tgt = _sentence_counts(config, release.fr, release.en)
    beads = corrected_beads(corrections, n_src, n_tgt)
    target = corrections_path(config.corpus, rid)
    atomic_write_text(target, json.dumps(corrections.document, ensure_ascii=False, indent=1) + "\n")
    return Applied(rid, len(beads), target, run_corpus(config))


def _sentence_counts(config: RunConfig, fr: Path, en: Path) -> tuple[int, int]:
    from ..segment import segment_text
    from ..textio import read_text

    srx = None if config.srx is None else str(config.srx)
    n_src = len(segment_text(read_text(fr), SRC_LANG, split=splitter(srx, SRC_LANG)).sentences)
    n_tgt = len(segment_text(read_text(en), TGT_LANG, split=splitter(srx, TGT_LANG)).sentences)
    return n_src, n_tgt
