"""gettext PO files: French sentences as ``msgid``, English as ``msgstr`` (the only module that imports polib).

Writing: :func:`render_po`. Reading: :func:`read_po` (entries), :func:`read_po_units` (translation memory units).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import FormatError
from ..model import CodeKind, Origin, ReleaseUnit
from ..settings import LANGUAGE_NAMES, LOW_CONFIDENCE
from .tmx import TranslationUnit

# gettext's plural rules of the languages a PO file can be in (msgstr is in the originals' language).
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "zh": "nplurals=1; plural=0;",
}
DEFAULT_PLURAL = "nplurals=2; plural=(n != 1);"  # en, de, es, it, nl, pt


def render_po(
    units: Iterable[ReleaseUnit],
    release: str,
    source_path: str,
    created: str,
    src_lang: str = "fr",
    tgt_lang: str = "en",
) -> str:
    """A PO file for one release: its translation's sentences as ``msgid``, the original's (or a fill) as ``msgstr``,
    with the ``Language`` (the ``msgstr`` language) and ``Plural-Forms`` headers of that language.

    Aligned entries carry the alignment score and bead as an extracted comment (``#.``) and the release line as a
    reference (``#:``). ``#, fuzzy`` marks what a translator must check: machine translations, fuzzy memory matches
    (with the memory's French as ``#| msgid``) and beads aligned with low confidence. A sentence with no counterpart
    and no translation has an empty ``msgstr``. A French sentence repeated in the release gets ``msgctxt`` "occurrence
    N" from its second occurrence on: the context does not change when other sentences are inserted, so ``msgmerge``
    keeps earlier translations.
    """
    import polib

    units = list(units)
    po = polib.POFile(wrapwidth=0)
    date = _po_date(created)
    po.metadata = {
        "Project-Id-Version": release,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": date,
        "PO-Revision-Date": date,
        "Last-Translator": f"aligner {__version__} (automatic alignment)",
        "Language-Team": LANGUAGE_NAMES.get(tgt_lang, tgt_lang),
        "Language": tgt_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(tgt_lang, DEFAULT_PLURAL),
        "X-Generator": f"aligner {__version__}",
        "X-Source-Language": src_lang,
    }
    seen: Counter[str] = Counter()
    for u in units:
        score = f", alignment score {u.score:.4f}" if u.origin is Origin.ALIGNED else ""
        notes = [f"bead {u.bead} ({u.kind}), origin {u.origin_label}{score}"]
        if u.src_codes:
            notes.append(_markup_note(u))
        entry = polib.POEntry(
            msgid=_po_text(u.src),
            msgstr=_match_newlines(_po_text(u.src), _po_text(u.tgt or "")),
            comment="\n".join(notes),
            occurrences=[(source_path, str(u.src_line))],
            msgctxt=_context(seen, _po_text(u.src)),
        )
        if u.tgt and _needs_check(u):
            entry.flags.append("fuzzy")
        if u.origin is Origin.TM_FUZZY and u.fill_source:
            entry.previous_msgid = _po_text(u.fill_source)
        po.append(entry)
    return po.__unicode__() + "\n"


def _markup_note(u: ReleaseUnit) -> str:
    """The release's markup in the French text, named for the translator (the PO entry itself is plain text)."""
    shown: list[str] = []
    for c in u.src_codes:
        native = {
            CodeKind.PAIRED: f"{c.native_open}…{c.native_close}",
            CodeKind.OPENING: f"{c.native_open}…",
            CodeKind.CLOSING: f"…{c.native_close}",
        }.get(c.kind, c.native_open)
        if native not in shown:
            shown.append(native)
    listed = ", ".join(_po_text(n).replace("\n", "\\n") for n in shown[:8])
    return f"markup in the release (left out here): {listed}{', ...' if len(shown) > 8 else ''}"


def _context(seen: Counter[str], msgid: str) -> str | None:
    seen[msgid] += 1
    return None if seen[msgid] == 1 else f"occurrence {seen[msgid]}"


def _needs_check(u: ReleaseUnit) -> bool:
    if u.origin in (Origin.MT, Origin.TM_FUZZY):
        return True
    return u.origin is Origin.ALIGNED and u.score < LOW_CONFIDENCE


def _po_text(text: str) -> str:
    """What a PO file cannot carry becomes U+FFFD: NUL (gettext strings are C strings) and U+0004 (gettext's
    context separator, refused by msgfmt). Everything else is kept."""
    return text.replace("\x00", "\ufffd").replace("\x04", "\ufffd")


def _match_newlines(msgid: str, msgstr: str) -> str:
    """msgfmt requires msgid and a non-empty msgstr to agree on a leading and a trailing newline."""
    body = msgstr.strip("\n")
    if not body:
        return ""  # a translation of nothing but newlines is no translation
    return ("\n" if msgid.startswith("\n") else "") + body + ("\n" if msgid.endswith("\n") else "")


MAX_PO_BYTES = 64 * 1024 * 1024  # a PO file is read whole; larger ones are refused (memory stays bounded)


def _load_po(path: str | Path):
    import polib

    p = Path(path)
    if not p.is_file():
        raise FormatError("no such PO file", path)
    size = p.stat().st_size
    if size > MAX_PO_BYTES:
        raise FormatError(f"PO file too large ({size / 1e6:.0f} MB; the limit is {MAX_PO_BYTES / 1e6:.0f} MB)", path)
    try:
        return polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        msg = str(exc)
        m = re.search(r"\(line (\d+)\)", msg)
        reason = "syntax error" if "Syntax error" in msg else msg.replace(str(path), "").strip()
        raise FormatError(f"malformed PO file ({reason})", path, int(m.group(1)) if m else None) from None


def read_po(path: str | Path) -> list[tuple[str | None, str, str, list[str]]]:
    """(msgctxt, msgid, msgstr, flags) of every entry; a malformed file is a :class:`FormatError` with its line."""
    return [(e.msgctxt, e.msgid, e.msgstr, list(e.flags)) for e in _load_po(path)]


@dataclass
class PoUnits:
    """The translated entries of a PO file as memory units, msgid as source, and what was left out and why."""

    units: list[TranslationUnit]
    msgid_lang: str  # "" when neither the header nor the caller says
    msgstr_lang: str
    skipped: Counter[str] = field(default_factory=Counter)


_ALIGNER_ORIGIN = re.compile(r"origin (\S+)")


def read_po_units(
    path: str | Path, msgid_lang: str | None = None, msgstr_lang: str | None = None, include_fuzzy: bool = False
) -> PoUnits:
    """Translated entries become units (msgid -> msgstr); untranslated, obsolete and plural entries are skipped, and
    fuzzy ones unless ``include_fuzzy``, when they get the origin ``po-fuzzy`` (never used as an original
    translation). Languages: ``msgid_lang``/``msgstr_lang``, else the header's ``X-Source-Language``/``Language``.
    In aligner's own PO files the origin written beside each entry (``aligned``, ``mt:...``) is kept.
    """
    po = _load_po(path)
    meta = po.metadata
    ours = meta.get("X-Generator", "").startswith("aligner")
    out = PoUnits(
        [], msgid_lang or meta.get("X-Source-Language", "").strip(), msgstr_lang or meta.get("Language", "").strip()
    )
    for e in po:
        reason = _skip_reason(e, include_fuzzy)
        if reason:
            out.skipped[reason] += 1
            continue
        fuzzy = "fuzzy" in e.flags
        m = _ALIGNER_ORIGIN.search(e.comment or "") if ours else None
        origin = m.group(1) if m else ("po-fuzzy" if fuzzy else "imported")
        props = [] if origin == "imported" else [("x-origin", origin)]
        if e.msgctxt is not None:
            props.append(("x-po-msgctxt", e.msgctxt))
        out.units.append(
            TranslationUnit(
                e.msgid,
                e.msgstr,
                out.msgid_lang,
                out.msgstr_lang,
                props=props,
                notes=[e.tcomment] if e.tcomment else [],
                line=e.linenum,
            )
        )
    return out


def _skip_reason(entry, include_fuzzy: bool) -> str | None:
    if entry.obsolete:
        return "obsolete"
    if entry.msgid_plural:
        return "plural forms"
    if not entry.msgid or not entry.msgstr:
        return "untranslated"
    if "fuzzy" in entry.flags and not include_fuzzy:
        return "fuzzy"
    return None


def _po_date(tmx_date: str) -> str:
    # 20260127T081500Z -> 2026-01-27 08:15+0000
    d = tmx_date
    if len(d) == 16 and d[8] == "T":
        return f"{d[0:4]}-{d[4:6]}-{d[6:8]} {d[9:11]}:{d[11:13]}+0000"
    return d
