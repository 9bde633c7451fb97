"""The files a run writes for each release and for the whole corpus (TMX, PO, segments, beads)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..corpus import Release
from ..formats.segments import render_segments
from ..formats.tmx import TmxHeader, TranslationUnit, render_tmx
from ..fsutil import atomic_write_chunks, atomic_write_text
from ..model import Origin, ReleaseUnit
from ..settings import SRC_LANG, TGT_LANG
from .cache import ReleaseData
from .state import ReleaseState


def release_paths(out: Path, r: Release) -> dict[str, Path]:
    paths = {
        "segments_fr": out / "segments" / SRC_LANG / f"{r.id}.txt",
        "po": out / "po" / f"{r.id}.po",
        "xliff": out / "xliff" / f"{r.id}.xlf",
    }
    if r.en is not None:
        paths["segments_en"] = out / "segments" / TGT_LANG / f"{r.id}.txt"
        paths["alignment"] = out / "align" / f"{r.id}.jsonl"
        paths["tmx"] = out / "tmx" / f"{r.id}.tmx"
    return paths


TRUSTED = frozenset({Origin.ALIGNED, Origin.REVIEWED})  # the releases' own translations, and reviewers'
STORED = TRUSTED | {Origin.MT}  # what the memory database keeps (MT flagged by its origin, never matched as memory)


def tmx_units(units: Iterable[ReleaseUnit], origins: frozenset[Origin] = TRUSTED) -> list[TranslationUnit]:
    """Units of the beads with French and English whose English comes from ``origins``, with provenance as props.

    By default only translations: what the releases' originals pair with their French, and what reviewers confirmed
    or wrote. Memory fills are never written as units (they are copies, or near matches of other French).
    """
    out = []
    for u in units:
        if not u.tgt or not u.translatable or u.origin not in origins:
            continue
        out.append(
            TranslationUnit(
                src=u.src,
                tgt=u.tgt,
                props=[
                    ("x-release", u.release),
                    ("x-bead", str(u.bead)),
                    ("x-bead-type", u.kind),
                    ("x-alignment-score", f"{u.score:.4f}"),
                    ("x-origin", u.origin_label),
                ],
                attrs={"tuid": f"{u.release}:{u.bead}", "creationdate": u.created},
                src_codes=u.src_codes,
                tgt_codes=u.tgt_codes,
            )
        )
    return out


def tmx_header(rules: dict[str, Any], created: str) -> TmxHeader:
    from ..align import AlignParams

    return TmxHeader(
        creationdate=created,
        props=[
            ("x-segmentation", json.dumps(rules, sort_keys=True)),
            ("x-alignment-parameters", json.dumps(AlignParams().as_dict(), sort_keys=True)),
        ],
    )


def beads_jsonl(data: ReleaseData) -> str:
    """``OUT/align/<id>.jsonl``: a line per bead with its sentences, indices and confidence."""
    en = data.en or []
    rows = [
        json.dumps(
            {
                "src": [data.fr[i].text for i in b.src],
                "tgt": [en[j].text for j in b.tgt],
                "src_ids": list(b.src),
                "tgt_ids": list(b.tgt),
                "score": b.score,
            },
            ensure_ascii=False,
        )
        for b in data.beads or []
    ]
    return "\n".join(rows) + ("\n" if rows else "")


def write_release_outputs(
    out: Path, state: ReleaseState, rules: dict[str, Any], rebuild: bool, xliff: str = "2.0"
) -> dict[str, Path]:
    """Write the release's outputs that are missing, or all of them with ``rebuild``; returns their paths."""
    from ..formats.po import render_po
    from ..formats.xliff import render_xliff

    r, data = state.release, state.result
    paths = release_paths(out, r)
    writers = {
        "segments_fr": lambda p: atomic_write_text(p, render_segments(data.fr)),
        "segments_en": lambda p: atomic_write_text(p, render_segments(data.en or [])),
        "alignment": lambda p: atomic_write_text(p, beads_jsonl(data)),
        "tmx": lambda p: atomic_write_chunks(
            p, render_tmx(tmx_units(state.filled_units()), tmx_header(rules, data.created))
        ),
        "po": lambda p: atomic_write_text(
            p,
            render_po(
                [u for u in state.filled_units() if u.translatable], r.id, f"{SRC_LANG}/{_name(r)}", data.created
            ),
        ),
        "xliff": lambda p: atomic_write_chunks(
            p, render_xliff(state.filled_units(), r.id, state.source_key, f"{SRC_LANG}/{_name(r)}", xliff)
        ),
    }
    for name, path in paths.items():
        if rebuild or not path.exists():
            writers[name](path)
    return paths


def _name(r: Release) -> str:
    return r.fr.name if r.fr is not None else f"{r.id}.txt"


def write_memory_tmx(out: Path, states: list[ReleaseState], rules: dict[str, Any], created: str) -> None:
    """``OUT/memory.tmx``: every release's trusted units; ``OUT/mt.tmx``: its machine translations, kept apart."""
    for name, origins in (("memory.tmx", TRUSTED), ("mt.tmx", frozenset({Origin.MT}))):

        def units(origins: frozenset[Origin] = origins) -> Iterable[TranslationUnit]:
            for s in states:
                yield from tmx_units(s.filled_units(), origins)

        atomic_write_chunks(out / name, render_tmx(units(), tmx_header(rules, created)))
