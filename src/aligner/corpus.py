"""Find and pair releases: ``<corpus>/<lang>/<release-id>.*`` with the original ``<corpus>/<pivot>/<release-id>.*``.

A corpus has a folder per language, named by its ISO 639-1 code: the originals' language (the pivot, ``en`` by
default) and the languages they were translated into (``fr``, ``de``, ``es``...). Each translation is paired with the
original of the same release id, whatever the two files' formats (``.txt``, ``.html``, ``.md``).

Everything that is not a release is listed with the reason it was skipped: hidden files, unknown extensions, folders
that are not a language code, links (files or folders) that lead outside the corpus or in a loop, file names that are
not text, a second file of the same release. Release ids are compared in Unicode NFC, so ``été.txt`` typed on macOS
(NFD) pairs with one typed elsewhere.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .ingest import RELEASE_SUFFIXES
from .settings import LANGUAGE_NAMES, SRC_LANG, TGT_LANG, check_language

NOT_LANGUAGE_FOLDERS = ("corrections",)  # folders of a corpus that hold no releases


@dataclass(frozen=True, slots=True)
class Release:
    """One release in one language: its translation (``src``) and the original in the pivot language (``tgt``)."""

    id: str
    src: Path | None
    tgt: Path | None
    lang: str = SRC_LANG
    pivot: str = TGT_LANG

    @property
    def paired(self) -> bool:
        return self.src is not None and self.tgt is not None

    @property
    def uid(self) -> str:
        """Unique in a corpus of several languages: ``de/news_1``."""
        return f"{self.lang}/{self.id}"


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Corpus:
    root: Path
    releases: tuple[Release, ...]  # by language, then id
    skipped: tuple[Skipped, ...] = ()
    pivot: str = TGT_LANG
    langs: tuple[str, ...] = (SRC_LANG,)  # the translation languages of this run

    @property
    def multilingual(self) -> bool:
        """True unless the only translation language is French: outputs then go in a folder per language."""
        return self.langs != (SRC_LANG,)

    @property
    def pairs(self) -> tuple[Release, ...]:
        return tuple(r for r in self.releases if r.paired)

    @property
    def untranslated_originals(self) -> tuple[Release, ...]:
        """Originals with no translation in a language of the run."""
        return tuple(r for r in self.releases if r.src is None)

    @property
    def without_original(self) -> tuple[Release, ...]:
        """Translations whose original is missing."""
        return tuple(r for r in self.releases if r.tgt is None)

    # the names of the French-English corpus, kept for the commands and reports that use them
    french_only = without_original
    english_only = untranslated_originals


def _inside(path: Path, real_root: Path, skipped: list[Skipped]) -> bool:
    """True when ``path`` (a file or folder, maybe a link) resolves inside the corpus; else it is listed as skipped."""
    try:
        real = path.resolve(strict=True)
    except RuntimeError:
        skipped.append(Skipped(_shown(path), "link loop"))
        return False
    except OSError:
        skipped.append(Skipped(_shown(path), "broken link"))
        return False
    if not real.is_relative_to(real_root):
        kind = "folder" if path.is_dir() else "file"
        skipped.append(Skipped(_shown(path), f"link to a {kind} outside the corpus"))
        return False
    return True


def _shown(path: Path) -> str:
    """A path as text that can always be printed and written: undecodable bytes of a file name shown escaped."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def release_id(name: str) -> str | None:
    """The NFC release id of a file name (without extension), or None when the name is not valid UTF-8 text."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept by Python as lone surrogates
        return None
    return unicodedata.normalize("NFC", name)


def _has_controls(name: str) -> bool:
    """Control characters (newline, tab, escape, C1) in a name would break PO, XML and terminal output."""
    return any(unicodedata.category(ch) == "Cc" for ch in name)


def _skip_reason(p: Path, real_root: Path, skipped: list[Skipped]) -> str | None:
    if p.name.startswith("."):
        return "hidden file"
    if p.is_dir() and not p.is_symlink():
        return "a folder inside a language folder"
    if p.suffix.lower() not in RELEASE_SUFFIXES:
        return f"not a release file (expected {', '.join(RELEASE_SUFFIXES)})"
    if not _inside(p, real_root, skipped):
        return ""  # listed by _inside
    rid = release_id(p.stem)
    if rid is None:
        return "file name is not UTF-8 text"
    if _has_controls(rid):
        return "control characters in the file name"
    if not p.is_file():
        return "not a regular file"
    return None


def _release_files(folder: Path, real_root: Path, skipped: list[Skipped]) -> dict[str, Path]:
    """Release files of one language folder, by release id."""
    if not folder.is_dir() or not _inside(folder, real_root, skipped):
        return {}
    out: dict[str, Path] = {}
    # a plain-text file is kept over a web page of the same release, whatever their names' order
    for p in sorted(folder.iterdir(), key=lambda p: (_rank(p), p.name)):
        reason = _skip_reason(p, real_root, skipped)
        if reason == "control characters in the file name":
            skipped.append(Skipped(_shown(p).encode("unicode_escape").decode("ascii"), reason))
        elif reason:
            skipped.append(Skipped(_shown(p), reason))
        elif reason is None:
            rid = release_id(p.stem) or ""
            if rid in out:
                skipped.append(Skipped(_shown(p), f"a second file of release {rid!r} (kept: {out[rid].name})"))
            else:
                out[rid] = p
    return out


def _rank(path: Path) -> int:
    """Which file of a release is kept when a folder has several: .txt, then .html/.htm, then Markdown."""
    suffix = path.suffix.lower()
    return RELEASE_SUFFIXES.index(suffix) if suffix in RELEASE_SUFFIXES else len(RELEASE_SUFFIXES)


def discover(root: str | Path, pivot: str = TGT_LANG, langs: tuple[str, ...] | None = None) -> Corpus:
    """The releases of a corpus folder: each translation language paired with the pivot (the originals' language).

    ``langs`` chooses the translation languages (default: every language folder but the pivot's). A corpus with no
    language folder at all is an :class:`InputError`.
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError("corpus folder not found", root)
    pivot = check_language(pivot)
    chosen = None if langs is None else tuple(check_language(x) for x in langs)
    real_root = root.resolve()
    skipped: list[Skipped] = []
    present = []
    for p in sorted(root.iterdir()):
        if not p.is_dir() or p.name.startswith(".") or p.name in NOT_LANGUAGE_FOLDERS:
            continue
        if p.name in LANGUAGE_NAMES:
            present.append(p.name)
        else:
            skipped.append(Skipped(_shown(p), "not a language folder (an ISO 639-1 code aligner knows)"))
    if not present:
        raise InputError(f"not a corpus: expected language folders such as {SRC_LANG}/ and {pivot}/", root)
    originals = _release_files(root / pivot, real_root, skipped)
    files = {x: _release_files(root / x, real_root, skipped) for x in present if x != pivot}
    listed = {x.path for x in skipped}
    for lang, found in files.items():
        if not found and (chosen is None or lang not in chosen) and _shown(root / lang) not in listed:
            skipped.append(Skipped(_shown(root / lang), "a language folder with no releases"))
    targets = chosen if chosen is not None else tuple(x for x in present if files.get(x)) or (SRC_LANG,)
    releases = []
    for lang in targets:
        translated = files.get(lang, {})
        for rid in sorted(set(translated) | set(originals)):
            releases.append(Release(rid, translated.get(rid), originals.get(rid), lang, pivot))
    return Corpus(root, tuple(releases), tuple(skipped), pivot, targets)
