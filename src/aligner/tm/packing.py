"""How a unit's props, notes and attributes are stored: without repeating what the unit's own columns hold.

aligner writes every unit with the props ``x-release``, ``x-bead``, ``x-bead-type``, ``x-alignment-score`` and
``x-origin`` and the attributes ``tuid`` (``<release>:<bead>``) and ``creationdate``; all of them but the bead type
are also columns (release, bead, score, origin, created). A value the columns give again is stored as JSON ``null``
and rebuilt on reading; aligner's own pattern is stored as a marker (its props as the bead type alone, its attributes
as ``''``). Anything else (another tool's TMX, a value written differently, such as a score with other decimals) is
kept verbatim. Every packed value is unpacked once before it is stored: when that does not give the unit's own
values back exactly, the verbatim form is stored instead, so reading a unit always gives what was written.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..formats.tmx import TranslationUnit, tmx_date

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
ALIGNER_PROPS = ("x-release", "x-bead", "x-bead-type", "x-alignment-score", "x-origin")
_KIND = ALIGNER_PROPS.index("x-bead-type")
ALIGNER_ATTRS = ("tuid", "creationdate")


@dataclass(frozen=True)
class Columns:
    """The unit's own columns, as they read back from the database."""

    origin: str
    release: str | None
    bead: int | None
    score: float | None
    created: str | None

    def props(self) -> dict[str, str]:
        """The props these columns give again."""
        out = {"x-origin": self.origin}
        if self.release is not None:
            out["x-release"] = self.release
        if self.bead is not None:
            out["x-bead"] = str(self.bead)
        if self.score is not None and math.isfinite(self.score):
            out["x-alignment-score"] = f"{self.score:.4f}"
        return out

    def attrs(self) -> dict[str, str]:
        """The ``<tu>`` attributes these columns give again."""
        out = {}
        if self.release is not None and self.bead is not None:
            out["tuid"] = f"{self.release}:{self.bead}"
        if self.created is not None:
            out["creationdate"] = self.created
        return out


def pack_props(props: Sequence[tuple[str, str]], cols: Columns) -> str | None:
    """``props`` as stored: None when there are none, the bead type alone for aligner's pattern, else JSON."""
    if not props:
        return None
    given = cols.props()
    items = [[k, None if k in given and given[k] == v else v] for k, v in props]
    packed = _JSON(items)
    kind = items[_KIND][1] if len(items) == len(ALIGNER_PROPS) else None
    if (
        isinstance(kind, str)
        and not kind.startswith("[")
        and [k for k, _ in items] == list(ALIGNER_PROPS)
        and all(v is None for i, (_, v) in enumerate(items) if i != _KIND)
    ):
        packed = kind
    return packed if unpack_props(packed, cols) == list(props) else _JSON([[k, v] for k, v in props])


def unpack_props(stored: str | None, cols: Columns) -> list[tuple[str, str]]:
    if stored is None:
        return []
    if stored.startswith("["):
        items = json.loads(stored)
    else:
        items = [[k, stored if i == _KIND else None] for i, k in enumerate(ALIGNER_PROPS)]
    given = cols.props()
    return [(k, given[k] if v is None else v) for k, v in items]


def pack_attrs(attrs: Mapping[str, str], cols: Columns) -> str | None:
    """``<tu>`` attributes as stored: None when there are none, ``''`` for aligner's ``tuid`` and ``creationdate``,
    else a JSON object (in the attributes' order)."""
    if not attrs:
        return None
    given = cols.attrs()
    items = {k: None if k in given and given[k] == v else v for k, v in attrs.items()}
    packed = "" if list(items.items()) == [(k, None) for k in ALIGNER_ATTRS] else _JSON(items)
    if list(unpack_attrs(packed, cols).items()) == list(attrs.items()):
        return packed
    return _JSON(dict(attrs))


def unpack_attrs(stored: str | None, cols: Columns) -> dict[str, str]:
    if stored is None:
        return {}
    items = dict.fromkeys(ALIGNER_ATTRS) if stored == "" else json.loads(stored)
    given = cols.attrs()
    return {k: given[k] if v is None else v for k, v in items.items()}


def pack_json(value: object) -> str | None:
    """Notes and ``<tuv>`` attributes: None when empty, else JSON."""
    return _JSON(value) if value else None


def unpack_list(stored: str | None) -> list:
    return json.loads(stored) if stored is not None else []


def unpack_dict(stored: str | None) -> dict:
    return json.loads(stored) if stored is not None else {}


@dataclass(frozen=True)
class Record:
    """A unit as the ``units`` table stores it, but for the ids of its language pair and release."""

    src: str
    tgt: str | None
    src_lang: str
    tgt_lang: str
    cols: Columns
    props: str | None
    notes: str | None
    attrs: str | None
    tuv_attrs: str | None

    def texts(self) -> tuple[str | None, ...]:
        """Every text it stores (what the database must be able to hold)."""
        c = self.cols
        return (self.src, self.tgt, self.src_lang, self.tgt_lang, c.origin, c.release, c.created) + (
            self.props,
            self.notes,
            self.attrs,
            self.tuv_attrs,
        )


def record(u: TranslationUnit) -> Record:
    """How ``u`` is stored: origin, release, bead, score and creation date as columns, the rest packed."""
    cols = Columns(
        origin=u.prop("x-origin") or "imported",
        release=u.prop("x-release"),
        bead=_int(u.prop("x-bead")),
        score=_float(u.prop("x-alignment-score")),
        created=u.attrs.get("creationdate") or tmx_date(),
    )
    tuv = {k: v for k, v in (("src", u.src_attrs), ("tgt", u.tgt_attrs)) if v}
    return Record(
        u.src,
        u.tgt,
        u.src_lang,
        u.tgt_lang,
        cols,
        pack_props(u.props, cols),
        pack_json(u.notes),
        pack_attrs(u.attrs, cols),
        pack_json(tuv),
    )


def unit_of(
    src: str, tgt: str | None, src_lang: str, tgt_lang: str, cols: Columns, props, notes, attrs, tuv_attrs
) -> TranslationUnit:
    """The unit a stored row holds, as it was given."""
    tuv = unpack_dict(tuv_attrs)
    return TranslationUnit(
        src,
        tgt,
        src_lang,
        tgt_lang,
        unpack_props(props, cols),
        unpack_list(notes),
        unpack_attrs(attrs, cols),
        src_attrs=tuv.get("src", {}),
        tgt_attrs=tuv.get("tgt", {}),
    )


def _int(s: str | None) -> int | None:
    """A bead number written in ASCII digits that SQLite can hold, else None."""
    if s and s.isascii() and s.isdigit() and len(s) < 19:
        return int(s)
    return None


def _float(s: str | None) -> float | None:
    try:
        return float(s) + 0.0 if s else None  # + 0.0: SQLite reads -0.0 back as 0.0
    except ValueError:
        return None
