"""``aligner apply``: a reviewer's corrections become an input of the corpus, and the run's outputs follow."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..fsutil import atomic_write_text
from ..report.model import RunReport
from .compute import splitter
from .config import load_run_config
from .corrections import (
    Corrections,
    CorrectionsError,
    check_corrections,
    corrections_path,
    parse_corrections,
    read_corrections,
)
from .state import ReleaseState, read_inputs


@dataclass(frozen=True)
class Applied:
    release: str
    beads: int
    reviewed: int
    stored: Path
    report: RunReport


def apply_corrections(corrections_file: Path, out: Path, corpus: Path | None = None) -> Applied:
    """Check corrections against the release as the run segments it, store them with the corpus, bring OUT up to date.

    The run's saved settings (``OUT/run.json``) are used throughout: the same segmentation rules, model, glossary and
    gates. ``corpus`` overrides the corpus folder the run recorded. Nothing is stored when the corrections do not fit.
    """
    from . import run_corpus

    config = load_run_config(out)
    if corpus is not None:
        config = replace(config, corpus=Path(os.path.abspath(corpus)))
    corrections = _read(corrections_file, config.out)
    inputs = read_inputs(config)
    state = next((s for s in inputs.releases if s.id == corrections.release), None)
    if state is None:
        raise CorrectionsError(f"release {corrections.release!r} is not a release of {config.corpus}", corrections_file)
    check_fits(corrections, state, config.srx)
    target = corrections_path(config.corpus, state.id)
    atomic_write_text(target, json.dumps(corrections.document, ensure_ascii=False, indent=1) + "\n")
    reviewed = sum(b.reviewed for b in corrections.beads)
    return Applied(state.id, len(corrections.beads), reviewed, target, run_corpus(config))


XLIFF_SUFFIXES = (".xlf", ".xliff")


def _read(path: Path, out: Path) -> Corrections:
    """A corrections file, or an XLIFF edited in a CAT tool turned into one."""
    if Path(path).suffix.lower() in XLIFF_SUFFIXES:
        from .review import corrections_from_xliff

        doc = corrections_from_xliff(Path(path), out)
        return parse_corrections(json.dumps(doc), Path(path))
    return read_corrections(path)


def check_fits(corrections: Corrections, state: ReleaseState, srx: Path | None) -> None:
    """The corrections name the release, carry its content key and cover its sentences as the run segments them."""
    from ..segment import segment_text

    rules = None if srx is None else str(srx)
    lang, pivot = state.lang, state.pivot
    n_src = len(segment_text(state.src_text, lang, split=splitter(rules, lang)).sentences)
    n_tgt = 0
    if state.tgt_text is not None:
        n_tgt = len(segment_text(state.tgt_text, pivot, split=splitter(rules, pivot)).sentences)
    check_corrections(corrections, state.id, state.source_key, n_src, n_tgt)
    if state.tgt_text is None and any(len(b.src) != 1 or b.tgt for b in corrections.beads):
        raise CorrectionsError(
            "a release without an English original has one bead per French sentence: only post-edits and "
            "approvals apply to it",
            corrections.path,
        )
