"""The files a run writes for each release and for the whole corpus (TMX, PO, XLIFF, beads).

In a corpus of several translation languages a release's name is ``<lang>/<id>``, so its files go in a folder per
language (``po/de/<id>.po``); with French alone they are as they always were (``po/<id>.po``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..formats.tmx import TmxHeader, TranslationUnit, render_tmx
from ..fsutil import atomic_write_chunks, atomic_write_text
from ..model import Origin, ReleaseUnit
from .cache import ReleaseData
from .state import ReleaseState

TRUSTED = frozenset({Origin.ALIGNED, Origin.REVIEWED})  # the releases' own translations, and reviewers'
STORED = TRUSTED | {Origin.MT}  # what the memory database keeps (MT flagged by its origin, never matched as memory)


def release_paths(out: Path, state: ReleaseState, release_tmx: bool = False) -> dict[str, Path]:
    name = state.id
    paths = {
        "po": out / "po" / f"{name}.po",
        "xliff": out / "xliff" / f"{name}.xlf",
        "alignment": out / "align" / f"{name}.jsonl",
    }
    if state.paired and release_tmx:
        paths["tmx"] = out / "tmx" / f"{name}.tmx"
    return paths


def tmx_units(
    units: Iterable[ReleaseUnit],
    origins: frozenset[Origin] = TRUSTED,
    src_lang: str = "fr",
    tgt_lang: str = "en",
) -> list[TranslationUnit]:
    """Units of the beads with both texts whose translation comes from ``origins``, with provenance as props.

    By default only translations: what the releases' originals pair with their translation, and what reviewers
    confirmed or wrote. Memory fills are never written as units (they are copies, or near matches of other text).
    """
    out = []
    for u in units:
        if not u.tgt or not u.translatable or u.origin not in origins:
            continue
        out.append(tmx_unit(u, src_lang, tgt_lang, release=u.release, tuid=f"{u.release}:{u.bead}"))
    return out


def tmx_unit(
    u: ReleaseUnit, src_lang: str, tgt_lang: str, *, release: str, tuid: str, language: str | None = None
) -> TranslationUnit:
    """One bead as a TMX unit, with its provenance as props (``x-language`` in a memory of several languages)."""
    props = [("x-release", release), *([("x-language", language)] if language else [])]
    props += [
        ("x-bead", str(u.bead)),
        ("x-bead-type", u.kind),
        ("x-alignment-score", f"{u.score:.4f}"),
        ("x-origin", u.origin_label),
    ]
    return TranslationUnit(
        src=u.src,
        tgt=u.tgt,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        props=props,
        attrs={"tuid": tuid, "creationdate": u.created},
        src_codes=u.src_codes,
        tgt_codes=u.tgt_codes,
    )


def state_units(state: ReleaseState, origins: frozenset[Origin] = TRUSTED) -> list[TranslationUnit]:
    return tmx_units(state.filled_units(), origins, state.lang, state.pivot)


def tmx_header(rules: dict[str, Any], created: str, srclang: str = "fr") -> TmxHeader:
    from ..align import AlignParams

    return TmxHeader(
        srclang=srclang,
        creationdate=created,
        props=[
            ("x-segmentation", json.dumps(rules, sort_keys=True)),
            ("x-alignment-parameters", json.dumps(AlignParams().as_dict(), sort_keys=True)),
        ],
    )


def beads_jsonl(data: ReleaseData) -> str:
    """``OUT/align/<id>.jsonl``: a line per bead with its sentences, indices and confidence (a release without its
    original has a bead per sentence)."""
    tgt = data.tgt or []
    rows = [
        json.dumps(
            {
                "src": [data.src[i].text for i in b.src],
                "tgt": [tgt[j].text for j in b.tgt],
                "src_ids": list(b.src),
                "tgt_ids": list(b.tgt),
                "score": b.score,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for b in data.all_beads()
    ]
    return "\n".join(rows) + ("\n" if rows else "")


def write_release_outputs(
    out: Path, state: ReleaseState, rules: dict[str, Any], rebuild: bool, xliff: str = "2.0", release_tmx: bool = False
) -> dict[str, Path]:
    """Write the release's outputs that are missing, or all of them with ``rebuild``; returns their paths."""
    from ..formats.po import render_po
    from ..formats.xliff import render_xliff

    r, data = state.release, state.result
    paths = release_paths(out, state, release_tmx)
    original = f"{r.lang}/{r.src.name if r.src is not None else r.id + '.txt'}"
    translatable = [u for u in state.filled_units() if u.translatable]
    writers = {
        "alignment": lambda p: atomic_write_text(p, beads_jsonl(data)),
        "tmx": lambda p: atomic_write_chunks(
            p, render_tmx(state_units(state), tmx_header(rules, data.created, state.lang))
        ),
        "po": lambda p: atomic_write_text(
            p, render_po(translatable, state.id, original, data.created, r.lang, r.pivot)
        ),
        "xliff": lambda p: atomic_write_chunks(
            p,
            render_xliff(state.filled_units(), state.id, state.source_key, original, xliff, r.lang, r.pivot),
        ),
    }
    for name, path in paths.items():
        if rebuild or not path.exists():
            writers[name](path)
    return paths


def write_memory_tmx(
    out: Path, states: list[ReleaseState], rules: dict[str, Any], created: str, multilingual: bool = False
) -> None:
    """``OUT/memory.tmx``: every release's trusted units; ``OUT/mt.tmx``: its machine translations, kept apart.

    With several translation languages the memory is multilingual: a unit per sentence group of an original, with a
    ``<tuv>`` for the original and one for each language aligned to exactly that group.
    """
    from .multilingual import nway_units

    if multilingual:
        memory = nway_units(states)
        srclang = states[0].pivot if states else "en"
    else:
        memory = (u for s in states for u in state_units(s))
        srclang = states[0].lang if states else "fr"
    atomic_write_chunks(out / "memory.tmx", render_tmx(memory, tmx_header(rules, created, srclang)))
    mt = (u for s in states for u in state_units(s, frozenset({Origin.MT})))
    atomic_write_chunks(
        out / "mt.tmx", render_tmx(mt, tmx_header(rules, created, "*all*" if multilingual else srclang))
    )


_RELEASE_FOLDERS = {"po": ".po", "xliff": ".xlf", "align": ".jsonl", "tmx": ".tmx", "review": ".html"}


def prune_outputs(out: Path, names: set[str], release_tmx: bool) -> int:
    """Remove the per-release files of releases no longer in the corpus (and per-release TMX when not asked for):
    outputs that describe nothing any more would mislead. Only aligner's own files, by folder and extension."""
    removed = 0
    for folder, suffix in _RELEASE_FOLDERS.items():
        base = out / folder
        if not base.is_dir():
            continue
        for path in base.rglob(f"*{suffix}"):
            name = path.relative_to(base).as_posix()[: -len(suffix)]
            stale = name not in names or (folder == "tmx" and not release_tmx)
            if stale and path.is_file() and not (folder == "review" and name == "index"):
                path.unlink()
                removed += 1
    return removed
