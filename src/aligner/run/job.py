"""The corpus job behind ``aligner run``, as a list of stages.

1. inputs: find the releases, read each file once, check the glossary and rules (before OUT is touched);
2. compute: segment and align what the cache does not hold (in parallel with ``jobs``);
3. memory: the translation memory learns every aligned unit;
4. fill: French without English is filled from the memory, then by MT;
5. releases: each release's TMX, PO, segments and beads, and its figures;
6. corpus: ``memory.tmx``; MT quality and terminology checks; gates; reports; review pages.

Every file is written atomically; unchanged releases are neither recomputed nor rewritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..corpus import Release
from ..formats.tmx import tmx_date
from ..fsutil import durable_batch, remove_stale_temporaries
from ..report.model import MtUse, ReleaseReport, RunReport, TranslationInfo
from .cache import ReleaseCache, ReleaseData, read_json
from .compute import ReleaseFailure
from .config import RunConfig, save_config
from .executors import DaskExecutor, LocalExecutor, make_executor
from .lexicons import corpus_lexicons
from .lock import run_lock
from .memory import MEMORY_DB, fill_stage, replace_in_memory, update_memory
from .mtalign import realign_with_mt, source_label
from .outputs import prune_outputs, write_memory_tmx, write_release_outputs
from .reporting import release_stats, untranslated_reason, write_reports
from .review import write_review
from .state import ReleaseState, RunInputs, read_inputs
from .uptodate import Replay, forget, remember

Progress = Callable[[int, int, str], None]

__all__ = ["Progress", "run_corpus"]


def run_corpus(
    config: RunConfig, progress: Progress | None = None, replay: Callable[[RunReport], Replay] | None = None
) -> RunReport:
    """Process the corpus of ``config`` into ``config.out``; returns the report (also in ``OUT/report.json``).

    With ``replay``, a run that ends cleanly records what it said (``replay(report)``) for the next run to find it
    up to date (:mod:`.uptodate`).
    """
    inputs = read_inputs(config)
    out = config.out
    with run_lock(out), _executor(config) as executor:
        forget(out)
        remove_stale_temporaries(out)
        last = read_json(out / "cache" / "state.json", {})
        previous, restyled = set(last.get("releases", {})), last.get("outputs") != _output_settings(config)
        with durable_batch():
            compute_stage(inputs, executor, progress)
        ReleaseCache(out).prune({s.id for s in inputs.releases} | {f.id for f in inputs.failed})
        states = inputs.releases
        update_memory(out, states, previous, {f.id for f in inputs.failed})
        translation = fill_stage(out, states, config.translation, executor.translate)
        with durable_batch():
            reports, changed = release_stage(inputs, translation, rebuild=restyled)
        prune_outputs(out, {s.id for s in states} | {f.id for f in inputs.failed}, config.release_tmx)
        structural = any(s.fresh for s in states) or previous != {s.id for s in states} | {f.id for f in inputs.failed}
        if structural or changed or restyled or not all((out / n).exists() for n in ("memory.tmx", "mt.tmx")):
            write_memory_tmx(out, states, inputs.rules, tmx_date(), inputs.corpus.multilingual)
            _save_state(out, states, config)
        report = corpus_stage(inputs, reports, translation, executor)
        with durable_batch():
            write_reports(out, report)
            save_config(config)
            write_review(out, report, {s.id: s for s in states})
        if replay is not None and not report.failed:
            pairs = {(r.lang, r.pivot) for r in inputs.corpus.releases}
            remember(config, pairs, replay(report), mt_failed=_mt_failed(report))
    return report


def _mt_failed(report: RunReport) -> bool:
    """Whether machine translation was wanted somewhere in the run and did not happen."""
    ok = ("ok", "switched off", "no model")
    return report.translation.failed or any(not t.status.startswith(ok) for t in report.alignment_translation.values())


@contextmanager
def _executor(config: RunConfig) -> Iterator[LocalExecutor | DaskExecutor]:
    executor = make_executor(config.executor, config.jobs, config.scheduler)
    try:
        yield executor
    finally:
        executor.close()


def compute_stage(inputs: RunInputs, executor: LocalExecutor | DaskExecutor, progress: Progress | None) -> None:
    """Take each release from the cache when its key matches; compute the others."""
    cache = ReleaseCache(inputs.config.out)
    todo: list[ReleaseState] = []
    for s in inputs.releases:
        s.data = cache.load(s.id, s.key)
        if s.data is None:
            todo.append(s)
    done, total = len(inputs.releases) - len(todo), len(inputs.releases)
    if progress:
        progress(done, total, "")
    by_id = {s.id: s for s in todo}
    lexicons = inputs.lexicons
    if todo:
        inputs.corpus_lexicons = corpus_lexicons(inputs.config.out / MEMORY_DB, {(s.lang, s.pivot) for s in todo})
        lexicons = (*lexicons, *inputs.corpus_lexicons)  # each alignment uses those of its pair
        for lex in lexicons:
            _ = lex.sha256  # computed once here, carried to the workers with the lexicon
    with_mt = {pair for pair, source in inputs.alignment_sources.items() if source_label(source)}
    for result in executor.releases([s.task(inputs.config.srx, lexicons) for s in todo]):
        if isinstance(result, ReleaseFailure):
            inputs.failed.append(result)
        else:
            state = by_id[result.id]
            state.data, state.fresh = result, True
            if (state.lang, state.pivot) not in with_mt:
                cache.store(result)  # the others once aligned again with their MT
        done += 1
        if progress:
            progress(done, total, result.id)
    again = [s for s in todo if s.data is not None and (s.lang, s.pivot) in with_mt]
    inputs.alignment_translation, uncached = realign_with_mt(
        inputs.config.out, again, inputs.alignment_sources, lexicons, executor.translate
    )
    for s in again:
        if s.id not in uncached:
            cache.store(s.result)
    if inputs.failed:  # the rest of the run goes on without them; their earlier outputs stay as they were
        lost = {f.id for f in inputs.failed}
        inputs.releases = [s for s in inputs.releases if s.id not in lost]


def release_stage(
    inputs: RunInputs, translation: TranslationInfo, rebuild: bool = False
) -> tuple[list[ReleaseReport], bool]:
    """Per release: outputs are rewritten when the release or its fills changed, or when they are missing
    (all of them with ``rebuild``, when the output settings changed).

    Returns the release reports and whether any release's memory units changed.
    """
    out = inputs.config.out
    cache = ReleaseCache(out)
    mt_status = "" if translation.status in ("ok", "not needed") else translation.status
    reports, refilled = [], []
    for s in inputs.releases:
        data = s.result
        fills_changed = (data.fills or {}) != s.fills
        config = inputs.config
        rewrite = rebuild or s.fresh or fills_changed
        paths = write_release_outputs(out, s, inputs.rules, rewrite, config.xliff, config.release_tmx)
        if s.fresh or fills_changed or data.stats is None or _stale_reasons(data, mt_status):
            stats = release_stats(data, s.filled_units(), mt_status)
            if stats != data.stats or fills_changed:
                data.stats, data.fills = stats, dict(s.fills)
                cache.store(data)
        if fills_changed:
            refilled.append(s)
        assert data.stats is not None  # set just above when missing
        r = s.release
        reports.append(
            ReleaseReport(
                id=s.id,
                paired=s.paired,
                src_file=str(r.src),
                tgt_file=None if r.tgt is None else str(r.tgt),
                cached=not s.fresh,
                outputs={k: str(v.relative_to(out)) for k, v in paths.items()},
                stats=data.stats,
                corrections=data.corrections,
                warnings=list(data.warnings),
                lang=r.lang,
                pivot=r.pivot,
                corrections_file=None if s.corrections is None else str(s.corrections.path),
                alignment_mt=MtUse.of(data.params),
            )
        )
    replace_in_memory(out, refilled)
    return reports, bool(refilled)


def corpus_stage(
    inputs: RunInputs,
    reports: list[ReleaseReport],
    translation: TranslationInfo,
    executor: LocalExecutor | DaskExecutor,
) -> RunReport:
    """The run report: MT quality and terminology checks, then the gates."""
    from ..align import AlignParams
    from .quality import quality_stage, terminology_stage

    config = inputs.config
    states = {s.id: s for s in inputs.releases}
    report = RunReport(
        generated=tmx_date(),
        corpus_root=str(inputs.corpus.root),
        segmentation=inputs.rules,
        jobs=config.jobs,
        alignment_parameters=AlignParams().as_dict(),
        releases=reports,
        without_original=[_name(inputs, r) for r in inputs.corpus.without_original],
        untranslated_originals=[_name(inputs, r) for r in inputs.corpus.untranslated_originals],
        skipped=list(inputs.corpus.skipped),
        failed=[(f.id, f.reason) for f in inputs.failed],
        lexicons=[lex.describe() for lex in (*inputs.lexicons, *inputs.corpus_lexicons)],
        translation=translation,
        gate_settings=config.gates.as_dict(),
        alignment_translation=inputs.alignment_translation,
    )
    if config.translation.model is not None:
        report.mt_quality = quality_stage(config.out, states, reports, config.translation, executor.translate)
    if config.glossary is not None and inputs.terms is not None:
        report.terminology = terminology_stage(config.glossary, inputs.terms, states, reports)
    report.gate_failures = config.gates.evaluate(reports)
    return report


def _name(inputs: RunInputs, r: Release) -> str:
    return r.uid if inputs.corpus.multilingual else r.id


def _stale_reasons(data: ReleaseData, mt_status: str) -> bool:
    """True when the cached figures give another reason for untranslated text than this run would (MT status)."""
    reason = untranslated_reason(data, mt_status)
    return data.stats is not None and any(u.reason != reason for u in data.stats.untranslated)


def _output_settings(config: RunConfig) -> dict[str, str]:
    """Settings that change how outputs are written (not what they hold): a change rewrites every release's files."""
    return {"xliff": config.xliff, "release_tmx": str(config.release_tmx)}


def _save_state(out: Path, states: list[ReleaseState], config: RunConfig) -> None:
    import json

    from ..fsutil import atomic_write_text

    state = {"releases": {s.id: s.key for s in states}, "outputs": _output_settings(config)}
    atomic_write_text(out / "cache" / "state.json", json.dumps(state, indent=1))
