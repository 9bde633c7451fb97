"""Find and pair releases: ``<corpus>/fr/<release-id>.txt`` with ``<corpus>/en/<release-id>.txt``.

A release is a ``.txt``, ``.html``/``.htm`` or ``.md``/``.markdown`` file (any case); French and English pair by
release id whatever their formats (``fr/a.md`` with ``en/a.html``).

Everything that is not a release is listed with the reason it was skipped: hidden files, unknown extensions, links
(files or folders) that lead outside the corpus or in a loop, file names that are not text, a second file of the same
release. Release ids are compared in Unicode NFC, so ``été.txt`` typed on macOS (NFD) pairs with one typed elsewhere.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .ingest import RELEASE_SUFFIXES
from .settings import SRC_LANG, TGT_LANG

NOT_LANGUAGE_FOLDERS = ("corrections",)  # folders of a corpus that hold no releases


@dataclass(frozen=True, slots=True)
class Release:
    """One release: its id (the file name without extension, NFC), the French file and the English original if any."""

    id: str
    fr: Path | None
    en: Path | None

    @property
    def paired(self) -> bool:
        return self.fr is not None and self.en is not None


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Corpus:
    root: Path
    releases: tuple[Release, ...]
    skipped: tuple[Skipped, ...] = ()

    @property
    def pairs(self) -> tuple[Release, ...]:
        return tuple(r for r in self.releases if r.paired)

    @property
    def french_only(self) -> tuple[Release, ...]:
        """French releases whose English original is missing."""
        return tuple(r for r in self.releases if r.en is None)

    @property
    def english_only(self) -> tuple[Release, ...]:
        """English releases with no French version."""
        return tuple(r for r in self.releases if r.fr is None)


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


def _release_files(folder: Path, real_root: Path, skipped: list[Skipped]) -> dict[str, Path]:
    """Release files of one language folder, by release id."""
    if not folder.is_dir() or not _inside(folder, real_root, skipped):
        return {}
    out: dict[str, Path] = {}
    for p in sorted(folder.iterdir()):
        if p.name.startswith("."):
            skipped.append(Skipped(_shown(p), "hidden file"))
            continue
        if p.is_dir() and not p.is_symlink():
            skipped.append(Skipped(_shown(p), "a folder inside a language folder"))
            continue
        if p.suffix.lower() not in RELEASE_SUFFIXES:
            skipped.append(Skipped(_shown(p), f"not a release file (expected {', '.join(RELEASE_SUFFIXES)})"))
            continue
        if not _inside(p, real_root, skipped):
            continue
        rid = release_id(p.stem)
        if rid is None:
            skipped.append(Skipped(_shown(p), "file name is not UTF-8 text"))
        elif _has_controls(rid):
            skipped.append(
                Skipped(_shown(p).encode("unicode_escape").decode("ascii"), "control characters in the file name")
            )
        elif not p.is_file():
            skipped.append(Skipped(_shown(p), "not a regular file"))
        elif rid in out:
            kept, other = (p, out[rid]) if _rank(p) < _rank(out[rid]) else (out[rid], p)
            skipped.append(Skipped(_shown(other), f"a second file of release {rid!r} (kept: {kept.name})"))
            out[rid] = kept
        else:
            out[rid] = p
    return out


def _rank(path: Path) -> int:
    """Which file of a release is kept when a folder has several: .txt, then .html/.htm, then Markdown."""
    return RELEASE_SUFFIXES.index(path.suffix.lower())


def discover(root: str | Path) -> Corpus:
    """Pair the releases of a corpus folder. A folder with neither ``fr/`` nor ``en/`` is an :class:`InputError`."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("corpus folder not found", root)
    if not (root / SRC_LANG).is_dir() and not (root / TGT_LANG).is_dir():
        raise InputError(f"not a corpus: expected {SRC_LANG}/ and {TGT_LANG}/ folders of releases", root)
    real_root = root.resolve()
    skipped: list[Skipped] = []
    for p in sorted(root.iterdir()):
        if p.is_dir() and not p.name.startswith(".") and p.name not in (SRC_LANG, TGT_LANG, *NOT_LANGUAGE_FOLDERS):
            skipped.append(Skipped(_shown(p), f"not a language folder of this corpus ({SRC_LANG}, {TGT_LANG})"))
    fr = _release_files(root / SRC_LANG, real_root, skipped)
    en = _release_files(root / TGT_LANG, real_root, skipped)
    ids = sorted(set(fr) | set(en))
    return Corpus(root, tuple(Release(i, fr.get(i), en.get(i)) for i in ids), tuple(skipped))
