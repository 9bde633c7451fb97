"""The multilingual memory of a corpus with several translation languages: units anchored on the original.

A release published in French, German and Spanish from one English original gives, for each group of English
sentences that every language aligned the same way, one ``<tu>`` with the English and a ``<tuv>`` per language.
Each language's ``<tuv>`` carries its own origin, confidence and bead. English a reviewer wrote (not the original's)
cannot be an anchor: such a pair is a unit of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..formats.tmx import TranslationUnit, Variant
from ..model import ReleaseUnit
from .outputs import TRUSTED, tmx_unit
from .state import ReleaseState


def _own_english(state: ReleaseState, u: ReleaseUnit) -> bool:
    """True when the unit's English is the original's own sentences (not a reviewer's text)."""
    return bool(u.tgt_ids) and state.result.reviewed.get(u.bead) is None


def _variant(state: ReleaseState, u: ReleaseUnit) -> Variant:
    props = (
        ("x-bead", str(u.bead)),
        ("x-bead-type", u.kind),
        ("x-alignment-score", f"{u.score:.4f}"),
        ("x-origin", u.origin_label),
    )
    return Variant(state.lang, u.src, props, u.src_codes)


def _bilingual(state: ReleaseState, u: ReleaseUnit) -> TranslationUnit:
    return tmx_unit(
        u, state.lang, state.pivot, release=state.release.id, tuid=f"{state.id}:{u.bead}", language=state.lang
    )


def nway_units(states: list[ReleaseState]) -> Iterator[TranslationUnit]:
    """The units of every release, release by release: anchored on the original where it can be, else bilingual."""
    by_release: dict[str, list[ReleaseState]] = {}
    for s in states:
        by_release.setdefault(s.release.id, []).append(s)
    for rid, group in by_release.items():
        anchors: dict[tuple[int, ...], tuple[ReleaseUnit, list[Variant]]] = {}
        apart: list[TranslationUnit] = []
        for s in sorted(group, key=lambda s: s.lang):
            for u in s.filled_units():
                if not (u.tgt and u.translatable and u.origin in TRUSTED):
                    continue
                if _own_english(s, u):
                    anchors.setdefault(u.tgt_ids, (u, []))[1].append(_variant(s, u))
                else:
                    apart.append(_bilingual(s, u))
        for ids, (first, variants) in sorted(anchors.items()):
            yield TranslationUnit(
                src=first.tgt or "",
                tgt=None,
                src_lang=group[0].pivot,
                tgt_lang=variants[0].lang,
                props=[("x-release", rid), ("x-original-sentences", ",".join(map(str, ids)))],
                attrs={"tuid": f"{rid}:{ids[0]}-{ids[-1]}", "creationdate": first.created},
                src_codes=first.tgt_codes,
                variants=tuple(variants),
            )
        yield from apart
