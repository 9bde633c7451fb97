"""The aligned pairs of a corpus, for commands that work on them (``aligner terms``)."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import AlignerError
from ..model import ReleaseUnit
from .cache import ReleaseCache
from .compute import ReleaseFailure, compute_all
from .config import RunConfig, load_run_config
from .state import read_inputs


def corpus_pairs(
    corpus: Path | None = None, run_out: Path | None = None, with_fills: bool = False
) -> list[ReleaseUnit]:
    """Every bead of the corpus with French and English, in release order: the releases' own pairs and reviewers'.

    With ``run_out`` (an ``aligner run`` output folder) the run's settings are used (its corpus unless ``corpus`` is
    given, its segmentation rules) and its cached results are reused where still current; the rest is computed in
    memory. Without it, the corpus is segmented with the built-in rules. ``with_fills`` adds the memory and MT fills
    the run made for French without English (their origin says so).
    """
    if run_out is not None:
        config = load_run_config(run_out)
        if corpus is not None:
            config = replace(config, corpus=Path(corpus).resolve())
    else:
        config = RunConfig(Path(corpus or "corpora"), Path(tempfile.gettempdir()))
    inputs = read_inputs(replace(config, glossary=None))
    states = [s for s in inputs.releases if s.paired or with_fills]
    cache = ReleaseCache(run_out) if run_out is not None else None
    todo = []
    for s in states:
        s.data = cache.load(s.id, s.key) if cache is not None else None
        if s.data is None:
            todo.append(s)
    by_id = {s.id: s for s in todo}
    for result in compute_all([s.task(config.srx) for s in todo], jobs=1):
        if isinstance(result, ReleaseFailure):
            raise AlignerError(f"release {result.id}: {result.reason}", config.corpus)
        by_id[result.id].data = result
    if with_fills:
        for s in states:
            s.set_fills(s.result.fills or {})
    return [
        u
        for s in states
        for u in (s.filled_units() if with_fills else s.units())
        if u.translatable and u.tgt and (u.origin.human or with_fills)
    ]
