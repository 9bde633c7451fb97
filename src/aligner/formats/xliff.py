"""XLIFF 2.0 (and 1.2) for CAT tools: one file per release, a unit per bead with French, and its state.

The state says how far a translator can trust the target: ``final`` for what a reviewer confirmed, ``translated`` for
pairs aligned with confidence 0.9 or more (and exact memory matches), ``initial`` for machine translation, fuzzy
memory matches and less certain pairs; a unit with nothing to offer has no target. The origin, confidence, bead type
and match quality go in the metadata module (``mda``) and in a note a translator sees. The release id and its content
key are file metadata: ``aligner apply FILE.xlf`` reads them back, and takes targets changed in the CAT tool as
reviewed. Characters XML cannot carry are written as ``<cp hex="000B"/>`` (2.0) and restored on reading. The markup of
HTML and Markdown releases is written as XLIFF inline codes (see :mod:`.xliff_inline`); a target read back is its
plain text, codes left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import FormatError
from ..inline import code_numbers
from ..model import Origin, ReleaseUnit
from ..settings import CONFIDENT
from ..xmlsafe import parse_xml
from .xliff_inline import OriginalData, content_12, content_20, text_of

NS20 = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
VERSIONS = ("2.0", "1.2")
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STATE_12 = {"final": "final", "translated": "translated", "initial": "needs-review-translation"}


@dataclass(frozen=True)
class XliffFile:
    """What a CAT tool gives back: the release, its content key, and each unit's target by bead."""

    release: str
    source_key: str
    targets: dict[int, str | None]


def unit_state(u: ReleaseUnit) -> str:
    """final, translated or initial (XLIFF 2.0 names)."""
    if u.origin is Origin.REVIEWED:
        return "final"
    if u.origin is Origin.TM_EXACT or (u.origin is Origin.ALIGNED and u.score >= CONFIDENT):
        return "translated"
    return "initial"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(text: str) -> str:
    clean = _BAD_XML.sub(lambda m: f"U+{ord(m.group()):04X}", text)
    return '"' + _esc(clean).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


def _facts(u: ReleaseUnit) -> list[tuple[str, str]]:
    facts = [("origin", u.origin_label), ("confidence", f"{u.score:.4f}")]
    if u.kind != "1-1":
        facts.append(("bead-type", u.kind))
    if u.origin is Origin.TM_FUZZY:
        facts.append(("match-quality", u.detail))
    return facts


def _needs_note(u: ReleaseUnit) -> bool:
    """A note tells the translator what to do with a unit; a confident aligned pair needs none (its state says it)."""
    return u.tgt is None or unit_state(u) != "translated"


def _note(u: ReleaseUnit) -> str:
    what = {
        Origin.ALIGNED: f"aligned with the English original (confidence {u.score:.2f})",
        Origin.REVIEWED: "confirmed by a reviewer",
        Origin.TM_EXACT: "exact translation-memory match",
        Origin.TM_FUZZY: f"fuzzy translation-memory match ({u.detail}%): check it",
        Origin.MT: f"machine translation ({u.detail}): post-edit it",
        Origin.NONE: "no English counterpart and no translation",
    }[u.origin]
    return f"aligner: {what}"


def render_xliff(
    units: Iterable[ReleaseUnit],
    release: str,
    source_key: str,
    original: str,
    version: str = "2.0",
    src_lang: str = "fr",
    tgt_lang: str = "en",
) -> Iterator[str]:
    """The XLIFF document of a release, piece by piece; units without French are left out."""
    if version not in VERSIONS:
        raise ValueError(f"XLIFF version {version!r}")
    units = [u for u in units if u.translatable]
    if version == "2.0":
        yield from _render_20(units, release, source_key, original, src_lang, tgt_lang)
    else:
        yield from _render_12(units, release, source_key, original, src_lang, tgt_lang)


def _meta(facts: list[tuple[str, str]], indent: str) -> str:
    rows = "".join(f"<mda:meta type={_attr(k)}>{_esc(_attr(v)[1:-1])}</mda:meta>" for k, v in facts)
    return f'{indent}<mda:metadata><mda:metaGroup category="aligner">{rows}</mda:metaGroup></mda:metadata>\n'


def _render_20(units, release, source_key, original, src_lang, tgt_lang) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<xliff xmlns="{NS20}" xmlns:mda="{NS_MDA}" version="2.0" srcLang={_attr(src_lang)} trgLang={_attr(tgt_lang)}>\n'
    yield f'  <file id="f1" original={_attr(original)}>\n'
    yield _meta([("release", release), ("source-key", source_key)], "    ")
    for u in units:
        yield f'    <unit id="b{u.bead}">\n'
        yield _meta(_facts(u), "      ")
        if _needs_note(u):
            yield f'      <notes><note category="aligner">{_esc(_note(u))}</note></notes>\n'
        src_ids, tgt_ids = code_numbers(u.src_codes, u.tgt_codes)
        data = OriginalData()
        source = content_20(u.src, u.src_codes, src_ids, data)
        target = None if u.tgt is None else content_20(u.tgt, u.tgt_codes, tgt_ids, data)
        yield data.render("      ")
        state = unit_state(u) if u.tgt is not None else "initial"
        yield f'      <segment state="{state}">\n        <source>{source}</source>\n'
        if target is not None:
            yield f"        <target>{target}</target>\n"
        yield "      </segment>\n    </unit>\n"
    if not units:  # XLIFF 2.0 wants a unit or a group in every file
        yield '    <group id="empty"><notes><note category="aligner">aligner: no French text</note></notes></group>\n'
    yield "  </file>\n</xliff>\n"


def _render_12(units, release, source_key, original, src_lang, tgt_lang) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<xliff xmlns="{NS12}" version="1.2">\n'
    yield (
        f"  <file original={_attr(original)} source-language={_attr(src_lang)} target-language={_attr(tgt_lang)} "
        f'datatype="{_datatype(original)}" tool-id="aligner">\n'
    )
    yield '    <header><tool tool-id="aligner" tool-name="aligner"/>'
    yield f'<prop-group name="aligner"><prop prop-type="release">{_esc(_attr(release)[1:-1])}</prop>'
    yield f'<prop prop-type="source-key">{_esc(source_key)}</prop></prop-group></header>\n    <body>\n'
    for u in units:
        approved = ' approved="yes"' if u.origin is Origin.REVIEWED else ""
        yield f'      <trans-unit id="b{u.bead}"{approved}>\n'
        src_ids, tgt_ids = code_numbers(u.src_codes, u.tgt_codes)
        yield f"        <source>{content_12(u.src, u.src_codes, src_ids)}</source>\n"
        if u.tgt is not None:
            target = content_12(u.tgt, u.tgt_codes, tgt_ids)
            yield f'        <target state="{_STATE_12[unit_state(u)]}">{target}</target>\n'
        props = "".join(f'<prop prop-type="{k}">{_esc(_attr(v)[1:-1])}</prop>' for k, v in _facts(u))
        yield f'        <prop-group name="aligner">{props}</prop-group>\n'
        if _needs_note(u):
            yield f'        <note from="aligner">{_esc(_note(u))}</note>\n'
        yield "      </trans-unit>\n"
    yield "    </body>\n  </file>\n</xliff>\n"


def _datatype(original: str) -> str:
    """The XLIFF 1.2 datatype of the release file."""
    suffix = Path(original).suffix.lower()
    return "html" if suffix in (".html", ".htm") else "x-markdown" if suffix in (".md", ".markdown") else "plaintext"


# ---------------------------------------------------------------- reading back


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_xliff(path: str | Path) -> XliffFile:
    """A release's XLIFF (2.0 or 1.2) as written by aligner and edited by a CAT tool; anything else is refused."""
    root = parse_xml(path)
    version = root.get("version", "")
    if _local(root.tag) != "xliff" or version not in VERSIONS:
        raise FormatError("not an XLIFF 2.0 or 1.2 file", path)
    facts: dict[str, str] = {}
    for el in root.iter():
        if _local(el.tag) in ("meta", "prop") and (el.get("type") or el.get("prop-type")) in ("release", "source-key"):
            facts.setdefault(el.get("type") or el.get("prop-type") or "", el.text or "")
    if "release" not in facts or "source-key" not in facts:
        raise FormatError("XLIFF without aligner's release id and content key: was it written by aligner run?", path)
    targets: dict[int, str | None] = {}
    unit_tag = "unit" if version == "2.0" else "trans-unit"
    for unit in root.iter():
        if _local(unit.tag) != unit_tag:
            continue
        uid = unit.get("id", "")
        if not re.fullmatch(r"b\d+", uid):
            raise FormatError(f"unit id {uid!r} is not one of aligner's (b<bead>)", path)
        target = next((el for el in unit.iter() if _local(el.tag) == "target"), None)
        targets[int(uid[1:])] = None if target is None else text_of(target)
    return XliffFile(facts["release"], facts["source-key"], targets)
