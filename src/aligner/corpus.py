"""Find and pair releases: ``<corpus>/fr/<release-id>.txt`` with ``<corpus>/en/<release-id>.txt``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .settings import SRC_LANG, TGT_LANG


@dataclass(frozen=True, slots=True)
class Release:
    """One release: its id (the file name without ``.txt``), the French file and the English original if any."""

    id: str
    fr: Path | None
    en: Path | None

    @property
    def paired(self) -> bool:
        return self.fr is not None and self.en is not None


@dataclass(frozen=True, slots=True)
class Corpus:
    root: Path
    releases: tuple[Release, ...]
    skipped: tuple[str, ...] = ()

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


def _release_files(folder: Path, root: Path, skipped: list[str]) -> dict[str, Path]:
    """Release files of one language folder. Hidden files and links that lead outside the corpus are skipped."""
    if not folder.is_dir():
        return {}
    out = {}
    real_root = root.resolve()
    for p in sorted(folder.iterdir()):
        if p.suffix != ".txt" or p.name.startswith("."):
            continue
        if p.is_symlink() and not p.resolve().is_relative_to(real_root):
            skipped.append(f"{p}: link to a file outside the corpus, skipped")
            continue
        if p.is_file():
            out[p.stem] = p
    return out


def discover(root: str | Path) -> Corpus:
    """Pair the releases of a corpus folder. A folder with neither ``fr/`` nor ``en/`` is an :class:`InputError`."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("corpus folder not found", root)
    skipped: list[str] = []
    fr = _release_files(root / SRC_LANG, root, skipped)
    en = _release_files(root / TGT_LANG, root, skipped)
    if not (root / SRC_LANG).is_dir() and not (root / TGT_LANG).is_dir():
        raise InputError(f"not a corpus: expected {SRC_LANG}/ and {TGT_LANG}/ folders of .txt releases", root)
    ids = sorted(set(fr) | set(en))
    return Corpus(root, tuple(Release(i, fr.get(i), en.get(i)) for i in ids), tuple(skipped))
