"""Alignment helped by machine translation, inside ``aligner run``.

When the model of a language pair is on this machine (and ``[alignment] translate`` is on, and MT is not switched
off), each freshly computed release is aligned a second time with the machine translation of its translated side:
its sentences go through the same cache as the MT fill (``OUT/cache/mt.json``, one key per model, back end and beam),
so the fill and the MT quality check find them there and no sentence is translated twice. The model is part of the
release's cache key: installing or changing it re-aligns the releases. A release whose translation could not be done
is aligned without MT and not cached, so the next run tries again. The aligner itself decides whether the MT is good
enough to use (``align.mtsim``); each release's report says whether it was used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..align.lexicon import Lexicon
from ..errors import AlignerError
from ..model import Document
from ..report.model import AlignmentTranslation
from ..translate.fill import Translate, TranslationSource, machine_translate, translation_source
from .config import RunConfig

if TYPE_CHECKING:
    from .state import ReleaseState

MT_CACHE = Path("cache") / "mt.json"  # the MT fill's


def alignment_sources(config: RunConfig, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """Per language pair, the model that will translate for alignment (a :class:`TranslationSource`), or why none."""
    out: dict[tuple[str, str], Any] = {}
    for lang, pivot in pairs:
        if config.translation.model is None:
            out[(lang, pivot)] = "switched off (--no-mt)"
        elif not config.align_mt:
            out[(lang, pivot)] = "switched off (--no-align-mt)"
        else:
            try:
                out[(lang, pivot)] = translation_source(config.translation.for_pair(lang, pivot))
            except AlignerError as absent:
                out[(lang, pivot)] = f"no model: {absent}"
    return out


def source_label(source: Any) -> str | None:
    """What a release's cache key takes from its pair's alignment translation: the model, or nothing."""
    return source.key if isinstance(source, TranslationSource) else None


def realign_with_mt(
    out: Path,
    states: Sequence[ReleaseState],
    sources: dict[tuple[str, str], Any],
    lexicons: tuple[Lexicon, ...],
    translate: Translate | None,
) -> tuple[dict[str, AlignmentTranslation], set[str]]:
    """Align ``states`` (fresh, paired, not taken from corrections) again with the MT of their translated side.

    Returns each language's outcome and the releases that must not be cached (their translation failed).
    """
    infos: dict[str, AlignmentTranslation] = {}
    uncached: set[str] = set()
    by_pair: dict[tuple[str, str], list[ReleaseState]] = {}
    for s in states:
        by_pair.setdefault((s.lang, s.pivot), []).append(s)
    for pair, source in sorted(sources.items()):
        group = [s for s in by_pair.get(pair, []) if _wants_mt(s)]
        if not isinstance(source, TranslationSource):
            infos[pair[0]] = AlignmentTranslation(str(source))
            continue
        info = infos[pair[0]] = AlignmentTranslation("ok", source.info)
        if not group:
            continue
        texts = sorted({x.text for s in group for x in s.result.src})
        table, status, _, _ = machine_translate(texts, source.options, out / MT_CACHE, info.warnings, translate)
        if status != "ok":
            info.status = status
            uncached.update(s.id for s in group)
            continue
        for s in group:
            info.used += _realign(s, table, lexicons, source)
            info.releases += 1
    return infos, uncached


def _wants_mt(state: ReleaseState) -> bool:
    data = state.data
    return state.fresh and data is not None and data.tgt is not None and data.corrections != "applied"


def _realign(state: ReleaseState, table: dict[str, str], lexicons: tuple[Lexicon, ...], source) -> bool:
    """Align one release with its translations; True when the aligner used them."""
    from ..align import align_documents

    data = state.result
    assert data.tgt is not None and state.tgt_text is not None
    src = Document(state.src_text, state.lang, tuple(data.src))
    tgt = Document(state.tgt_text, state.pivot, tuple(data.tgt))
    translations = [table.get(s.text) for s in data.src]
    alignment = align_documents(src, tgt, lexicons=lexicons, translations=translations)
    data.beads, data.params = list(alignment.beads), {**alignment.params, "translation": source.info}
    return bool(alignment.params.get("mt", {}).get("used"))
