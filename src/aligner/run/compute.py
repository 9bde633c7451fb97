"""Segmenting and aligning releases, in this process or in worker processes (``--jobs``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..align.lexicon import Lexicon
from ..formats.tmx import tmx_date
from ..segment import SplitFn
from ..settings import SRC_LANG, TGT_LANG
from .cache import ReleaseData
from .corrections import Corrections, CorrectionsError, check_corrections


@dataclass(frozen=True)
class ReleaseTask:
    """What a worker needs to compute one release: the texts themselves, read once by the run."""

    id: str
    key: str
    fr_path: str
    fr_text: str
    en_path: str | None
    en_text: str | None
    srx: str | None
    source_key: str
    corrections: Corrections | None
    lexicons: tuple[Lexicon, ...] = ()  # the user's dictionaries and the corpus lexicon, besides the shipped prior


_SPLITTERS: dict[tuple[str, str], SplitFn] = {}


def splitter(srx: str | None, lang: str) -> SplitFn | None:
    """The SRX rules of ``lang`` (loaded once per process), or None for the built-in rules."""
    if srx is None:
        return None
    key = (srx, lang)
    if key not in _SPLITTERS:
        from ..segment.srx import load_srx

        _SPLITTERS[key] = load_srx(srx).splitter(lang)
    return _SPLITTERS[key]


def compute_release(task: ReleaseTask) -> ReleaseData:
    """Segment and align one release (or take a reviewer's corrected beads)."""
    from ..align import align_documents
    from ..segment import segment_text

    warnings: list[str] = []
    fr = segment_text(
        task.fr_text, SRC_LANG, split=splitter(task.srx, SRC_LANG), source=task.fr_path, warnings=warnings
    )
    en = None
    if task.en_text is not None:
        split = splitter(task.srx, TGT_LANG)
        en = segment_text(task.en_text, TGT_LANG, split=split, source=task.en_path, warnings=warnings)
    data = ReleaseData(
        task.id, task.key, tmx_date(), list(fr.sentences), None if en is None else list(en.sentences), None, {}
    )
    data.warnings = warnings
    if task.corrections is not None:
        data.corrections = _apply_corrections(data, task)
        if data.corrections == "applied":
            return data
    if en is not None:
        alignment = align_documents(fr, en, lexicons=task.lexicons)
        data.beads, data.params = list(alignment.beads), alignment.params
    return data


def _apply_corrections(data: ReleaseData, task: ReleaseTask) -> str:
    """Take a reviewer's beads when they still fit the release: "applied", or "stale" (the aligner's are used)."""
    c = task.corrections
    assert c is not None
    try:
        check_corrections(c, task.id, task.source_key, len(data.fr), len(data.en or []))
    except CorrectionsError:
        return "stale"
    if data.en is None and any(len(b.src) != 1 or b.tgt for b in c.beads):
        return "stale"  # a release without English has one bead per French sentence
    if data.en is not None:
        data.beads = [b.bead for b in c.beads]
        data.params = {"corrections": str(c.path)}
    data.reviewed = {k: b.text for k, b in enumerate(c.beads) if b.reviewed}
    return "applied"


@dataclass(frozen=True)
class ReleaseFailure:
    """A release whose computation failed for a reason outside the input (its worker was killed, memory ran out)."""

    id: str
    reason: str


def guarded_compute(task: ReleaseTask) -> ReleaseData | ReleaseFailure:
    try:
        return compute_release(task)
    except MemoryError:
        return ReleaseFailure(task.id, "out of memory while segmenting and aligning")


def compute_all(tasks: Sequence[ReleaseTask], jobs: int) -> Iterator[ReleaseData | ReleaseFailure]:
    """Results as they come; with ``jobs`` > 1 in a pool of worker processes.

    A worker that dies (killed, out of memory) breaks the pool: the releases it left are computed again, each in a
    process of its own, so a release that kills its worker every time fails alone and the others complete.
    """
    if not tasks:
        return
    if jobs <= 1 or len(tasks) == 1:
        for t in tasks:
            yield guarded_compute(t)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    left = {t.id: t for t in tasks}
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
            for result in pool.map(guarded_compute, tasks, chunksize=max(1, len(tasks) // (8 * jobs))):
                left.pop(result.id, None)
                yield result
    except BrokenProcessPool:
        for t in list(left.values()):
            yield _alone(t)


def _alone(task: ReleaseTask) -> ReleaseData | ReleaseFailure:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(guarded_compute, task).result()
    except BrokenProcessPool:
        return ReleaseFailure(task.id, "its worker process was killed (out of memory?) twice; run it alone to see why")
