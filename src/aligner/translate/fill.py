"""Filling French text that has no English counterpart: translation memory first, then machine translation.

Order: an exact memory match (``tm-exact``), else a fuzzy match at or above the threshold (``tm-fuzzy:NN``), else
the MT model (``mt:<model>@<revision>``). Memory matches that were themselves machine translations are not used.
Machine translations are cached per model, back end and beam (``OUT/cache/mt.json``), so a re-run loads no model when
nothing new needs translating. With no model available the run goes on and each sentence left says why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import AlignerError
from ..fsutil import atomic_write_text
from ..model import Fill, Origin
from ..settings import DEFAULT_MODEL, FUZZY_THRESHOLD, MUL_MODEL


@dataclass(frozen=True)
class FillOptions:
    """How French text without an English counterpart is filled: the memory, then a MarianMT model (None: no MT)."""

    model: str | None = DEFAULT_MODEL  # a name, a folder, or a pattern with {src} and {tgt} (PAIR_MODEL)
    backend: str = "auto"
    beam: int = 1
    batch_size: int = 16
    fuzzy_threshold: float = FUZZY_THRESHOLD
    fallback: str | None = None  # tried when ``model`` is not on this machine: a multilingual model of the pair

    def for_pair(self, src: str, tgt: str) -> FillOptions:
        """The options for one language pair: a model pattern becomes the pair's model, with opus-mt-mul as fallback."""
        if self.model is None or "{" not in self.model:
            return self
        return replace(self, model=self.model.format(src=src, tgt=tgt), fallback=MUL_MODEL.format(src=src, tgt=tgt))

    def signature(self) -> dict:
        return {
            "model": self.model,
            "backend": self.backend,
            "beam": self.beam,
            "fuzzy_threshold": self.fuzzy_threshold,
        }


@dataclass
class FillResult:
    fills: dict[str, dict[int, Fill]] = field(default_factory=dict)  # release -> bead -> fill
    mt_status: str = "not needed"
    model: dict | None = None
    warnings: list[str] = field(default_factory=list)


Translate = Callable[[list[str], FillOptions, list[str]], list[str]]  # texts, options, warnings -> translations


def fill(
    needs: dict[str, list[tuple[int, str]]],
    tm_path: Path,
    options: FillOptions,
    cache_path: Path,
    translate: Translate | None = None,
    src_lang: str = "fr",
    tgt_lang: str = "en",
) -> FillResult:
    """Translate ``needs`` (release -> [(bead, French text)]) from the memory, then with the model."""
    from ..tm import TranslationMemory

    result = FillResult()
    pending: list[tuple[str, int, str]] = []
    with TranslationMemory(tm_path) as tm:
        for rid, items in needs.items():
            for bead, text in items:
                m = tm.lookup(
                    text,
                    threshold=options.fuzzy_threshold,
                    limit=1,
                    original_only=True,
                    src_lang=src_lang,
                    tgt_lang=tgt_lang,
                )
                best = m[0] if m else None
                tgt = best.tgt if best is not None else None
                if best is not None and tgt is not None:
                    found = (
                        Fill(tgt, Origin.TM_EXACT)
                        if best.exact
                        else Fill(tgt, Origin.TM_FUZZY, str(int(best.score)), source=best.src)
                    )
                    result.fills.setdefault(rid, {})[bead] = found
                else:
                    pending.append((rid, bead, text))
    if not pending:
        return result
    table, result.mt_status, result.model, label = machine_translate(
        sorted({text for _, _, text in pending}), options, cache_path, result.warnings, translate
    )
    for rid, bead, text in pending:
        if table.get(text):
            result.fills.setdefault(rid, {})[bead] = Fill(table[text], Origin.MT, label)
    return result


def machine_translate(
    texts: list[str],
    options: FillOptions,
    cache_path: Path,
    warnings: list[str],
    translate: Translate | None = None,
):
    """Translate ``texts`` with the model of ``options``, through the cache (``translate``: where the model runs,
    this process by default).

    Returns (text -> translation, status, model info, model label); status is ``ok`` or why nothing was translated.
    """
    if options.model is None:
        return {}, "machine translation switched off (--no-mt)", None, ""
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    try:
        source = translation_source(options)
        table = cache.setdefault(source.key, {})
        missing = sorted({t for t in texts if t not in table})
        if missing:
            for text, out in zip(missing, (translate or _translate_here)(missing, source.options, warnings)):
                table[text] = out
            atomic_write_text(cache_path, json.dumps(cache, ensure_ascii=False))
        return table, "ok", source.info, source.label
    except AlignerError as exc:
        return {}, f"no machine translation: {exc}", None, ""


@dataclass(frozen=True)
class TranslationSource:
    """The model that translates for ``options`` on this machine, and the cache key of its translations."""

    options: FillOptions  # with the model's folder: what workers load
    label: str  # name@revision
    key: str  # label, back end and beam: translations are cached under it
    info: dict  # name, revision, backend, beam: what reports record


def translation_source(options: FillOptions) -> TranslationSource:
    """Resolve the model of ``options`` (or its fallback) and the back end; an :class:`AlignerError` when absent."""
    from . import available_backend

    ref = resolve_for(options)
    backend = available_backend() if options.backend == "auto" else options.backend
    info = {"name": ref.name, "revision": ref.revision, "backend": backend, "beam": options.beam}
    resolved = replace(options, model=str(ref.path), fallback=None)
    return TranslationSource(resolved, ref.label, f"{ref.label}|{backend}|beam{options.beam}", info)


_LOADED: dict[tuple[str, str, int, int], Any] = {}


def _translate_here(texts: list[str], options: FillOptions, warnings: list[str]) -> list[str]:
    return translate_here(texts, options, warnings, _LOADED)


def translate_here(texts: list[str], options: FillOptions, warnings: list[str], keep: dict) -> list[str]:
    """Translate in this process, keeping the loaded model in ``keep`` for the next call (the alignment, the fill and
    the MT quality check of a run load it once)."""
    from . import available_backend, resolve_model
    from .backends import make_translator

    ref = resolve_model(options.model or "")
    backend = available_backend() if options.backend == "auto" else options.backend
    key = (str(ref.path), backend, options.beam, options.batch_size)
    if key not in keep:
        keep[key] = make_translator(ref, backend, beam=options.beam, batch_size=options.batch_size)
    keep[key].warn = warnings.append
    return keep[key].translate(texts)


def resolve_for(options: FillOptions):
    """The model of ``options`` on this machine, or its fallback; a missing one is the pair model's one-line error."""
    from . import resolve_model

    try:
        return resolve_model(options.model or "")
    except AlignerError as absent:
        if options.fallback is None:
            raise
        try:
            return resolve_model(options.fallback)  # no model for the pair here: a multilingual one
        except AlignerError:
            raise absent from None
