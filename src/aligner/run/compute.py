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
    src_path: str
    src_text: str
    tgt_path: str | None
    tgt_text: str | None
    srx: str | None
    source_key: str
    corrections: Corrections | None
    lexicons: tuple[Lexicon, ...] = ()  # the user's dictionaries and the corpus lexicon, besides the shipped prior
    lang: str = SRC_LANG  # the translation's language
    pivot: str = TGT_LANG  # the original's


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
    src_split = splitter(task.srx, task.lang)
    src = segment_text(task.src_text, task.lang, split=src_split, source=task.src_path, warnings=warnings)
    tgt = None
    if task.tgt_text is not None:
        split = splitter(task.srx, task.pivot)
        tgt = segment_text(task.tgt_text, task.pivot, split=split, source=task.tgt_path, warnings=warnings)
    data = ReleaseData(
        task.id, task.key, tmx_date(), list(src.sentences), None if tgt is None else list(tgt.sentences), None, {}
    )
    data.warnings = warnings
    if task.corrections is not None:
        data.corrections = _apply_corrections(data, task)
        if data.corrections == "applied":
            return data
    if tgt is not None:
        alignment = align_documents(src, tgt, lexicons=task.lexicons)
        data.beads, data.params = list(alignment.beads), alignment.params
    return data


def _apply_corrections(data: ReleaseData, task: ReleaseTask) -> str:
    """Take a reviewer's beads when they still fit the release: "applied", or "stale" (the aligner's are used)."""
    c = task.corrections
    assert c is not None
    try:
        check_corrections(c, task.id, task.source_key, len(data.src), len(data.tgt or []))
    except CorrectionsError:
        return "stale"
    if data.tgt is None and any(len(b.src) != 1 or b.tgt for b in c.beads):
        return "stale"  # a release without its original has one bead per sentence
    if data.tgt is not None:
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
