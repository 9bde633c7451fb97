"""The run's translation memory (``OUT/memory.sqlite``) and the fills it and the model give French without English."""

from __future__ import annotations

from pathlib import Path

from ..report.model import TranslationInfo
from ..translate.fill import FillOptions, Translate
from .outputs import STORED, TRUSTED, state_units, tmx_units
from .state import ReleaseState

MEMORY_DB = "memory.sqlite"


def update_memory(
    out: Path, states: list[ReleaseState], previous: set[str], kept: frozenset[str] | set[str] = frozenset()
) -> None:
    """The memory knows every aligned unit before anything is looked up in it.

    Releases gone from the corpus leave it; recomputed releases (or all, for a new database) are replaced.
    """
    from ..tm import TranslationMemory

    path = out / MEMORY_DB
    new_db = not path.exists()
    current = {s.id for s in states} | kept  # kept: failed this run, their earlier units stay
    changes: dict[str, list] = {rid: [] for rid in sorted(previous - current)}
    changes.update({s.id: tmx_units(s.units(), TRUSTED, s.lang, s.pivot) for s in states if s.fresh or new_db})
    with TranslationMemory(path) as tm:
        tm.replace_releases(changes)  # one transaction


def replace_in_memory(out: Path, states: list[ReleaseState]) -> None:
    """Write the filled units of releases whose fills changed."""
    if not states:
        return
    from ..tm import TranslationMemory

    with TranslationMemory(out / MEMORY_DB) as tm:
        tm.replace_releases({s.id: state_units(s, STORED) for s in states})


def needs_of(state: ReleaseState) -> list[tuple[int, str]]:
    """(bead, French) of the release's text without its own English: from the cached figures when nothing changed."""
    stats = state.result.stats
    if state.fresh or stats is None:
        return [(u.bead, u.src) for u in state.units() if u.translatable and u.tgt is None]
    return list(stats.no_counterpart)


def fill_stage(
    out: Path, states: list[ReleaseState], options: FillOptions, translate: Translate | None = None
) -> TranslationInfo:
    """Fill text without a counterpart: the memory, then the model of its language pair. Sets each state's fills.

    With one translation language the result is that pair's; with several, the first failure (or "ok") with each
    language's own result beside it.
    """
    by_lang: dict[str, list[ReleaseState]] = {}
    for s in states:
        by_lang.setdefault(s.lang, []).append(s)
    infos = {lang: _fill_language(out, group, options, translate) for lang, group in sorted(by_lang.items())}
    if len(infos) <= 1:
        return next(iter(infos.values()), TranslationInfo("not needed", options.signature()))
    worst = next((i for i in infos.values() if i.status not in ("ok", "not needed")), None)
    status = worst.status if worst else ("ok" if any(i.status == "ok" for i in infos.values()) else "not needed")
    return TranslationInfo(status, options.signature(), None, (), infos)


def _fill_language(
    out: Path, states: list[ReleaseState], options: FillOptions, translate: Translate | None
) -> TranslationInfo:
    from ..translate.fill import fill

    lang, pivot = states[0].lang, states[0].pivot
    options = options.for_pair(lang, pivot)
    needs = {s.id: items for s in states if (items := needs_of(s))}
    if not needs:
        for s in states:
            s.set_fills({})
        return TranslationInfo("not needed", options.signature())
    res = fill(needs, out / MEMORY_DB, options, out / "cache" / "mt.json", translate, lang, pivot)
    for s in states:
        s.set_fills(res.fills.get(s.id, {}))
    return TranslationInfo(res.mt_status, options.signature(), res.model, tuple(res.warnings))
