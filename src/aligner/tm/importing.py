"""Adding TMX and PO files to a memory: streamed, oriented to the memory's language pair, in one transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import FormatError, UsageError
from ..formats.tmx import TmxReader, TranslationUnit
from .store import DEFAULT_SRC_LANG, DEFAULT_TGT_LANG, TranslationMemory
from .text import lang_key


@dataclass(frozen=True)
class ImportOptions:
    """``src_lang``/``tgt_lang``: the memory's pair; each unit is stored with its source in ``src_lang`` (a TMX
    ``<tu>`` or a PO file in the other direction is turned round) and a unit without both is skipped. None for both
    keeps each unit as the file gives it (a TMX's header ``srclang``, a PO file's msgid). ``po_msgid_lang`` and
    ``po_msgstr_lang`` override a PO header's ``X-Source-Language`` and ``Language``."""

    src_lang: str | None = DEFAULT_SRC_LANG
    tgt_lang: str | None = DEFAULT_TGT_LANG
    include_fuzzy: bool = False
    po_msgid_lang: str | None = None
    po_msgstr_lang: str | None = None

    def __post_init__(self) -> None:
        if (self.src_lang is None) != (self.tgt_lang is None):
            raise UsageError("give both the source and the target language, or neither")
        if self.src_lang is not None and lang_key(self.src_lang) == lang_key(self.tgt_lang):
            raise UsageError(f"source and target language are the same ({self.src_lang})")


@dataclass
class FileImport:
    """What one file gave: units read, added (not already in the memory), and skipped with the reason."""

    path: Path
    read: int = 0
    added: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def is_po(path: Path) -> bool:
    return path.suffix.lower() in (".po", ".pot")


def import_files(tm: TranslationMemory, paths: Sequence[Path], options: ImportOptions) -> list[FileImport]:
    """Add every unit of ``paths`` to ``tm`` in one transaction: a bad file (malformed, a unit the memory cannot
    store) raises a :class:`FormatError` naming it and its line, and nothing of any file is kept."""
    results = []
    with tm.batch():
        for path in paths:
            res = FileImport(Path(path))
            units = _po_units(res, options) if is_po(res.path) else _tmx_units(res, options)
            try:
                res.added = tm.add_units(units)
            except FormatError as exc:
                if exc.path is not None:
                    raise
                raise FormatError(exc.message, res.path, exc.line) from None  # a unit the memory cannot store
            results.append(res)
    return results


def _tmx_units(res: FileImport, options: ImportOptions) -> Iterator[TranslationUnit]:
    reader = TmxReader(res.path, options.src_lang, options.tgt_lang)
    yield from reader
    res.read = reader.read
    if reader.skipped:
        res.skipped[f"no {options.src_lang} and {options.tgt_lang} sides"] += reader.skipped


def _po_units(res: FileImport, options: ImportOptions) -> Iterator[TranslationUnit]:
    from ..formats.po import read_po_units

    po = read_po_units(res.path, options.po_msgid_lang, options.po_msgstr_lang, options.include_fuzzy)
    res.read = len(po.units) + sum(po.skipped.values())
    res.skipped.update(po.skipped)
    msgid_lang, msgstr_lang = _po_languages(res.path, po.msgid_lang, po.msgstr_lang, options)
    want = (lang_key(options.src_lang), lang_key(options.tgt_lang)) if options.src_lang else None
    for u in po.units:
        u.src_lang, u.tgt_lang = msgid_lang, msgstr_lang
        if want is None or (lang_key(msgid_lang), lang_key(msgstr_lang)) == want:
            yield u
        elif (lang_key(msgstr_lang), lang_key(msgid_lang)) == want:
            yield _turned(u)
        else:
            res.skipped[f"not {options.src_lang} and {options.tgt_lang}"] += 1


def _po_languages(path: Path, msgid_lang: str, msgstr_lang: str, options: ImportOptions) -> tuple[str, str]:
    """The header's languages; a PO file that names only its ``Language`` and belongs to the memory's pair has the
    other language of the pair as msgid (gettext's own files: English msgids translated into ``Language``)."""
    if not msgstr_lang:
        raise FormatError("the PO header has no Language: give --po-msgstr-lang", path)
    if not msgid_lang and options.src_lang and options.tgt_lang:
        pair = {lang_key(options.src_lang): options.tgt_lang, lang_key(options.tgt_lang): options.src_lang}
        msgid_lang = pair.get(lang_key(msgstr_lang), "")
    if not msgid_lang:
        raise FormatError("the PO header has no X-Source-Language: give --po-msgid-lang", path)
    return msgid_lang, msgstr_lang


def _turned(u: TranslationUnit) -> TranslationUnit:
    """The same unit seen from the other side (a PO file translating the memory's target into its source)."""
    assert u.tgt is not None
    return replace(
        u, src=u.tgt, tgt=u.src, src_lang=u.tgt_lang, tgt_lang=u.src_lang, src_attrs=u.tgt_attrs, tgt_attrs=u.src_attrs
    )
