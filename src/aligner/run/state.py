"""The run's inputs, checked before the output folder is touched, and the state of each release during the run.

Each release file is read exactly once per run: its bytes give the cache key, its text feeds segmentation, units and
review pages. Units are built once per release, when a stage first needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..align.lexicon import Lexicon
from ..corpus import Corpus, Release, discover
from ..errors import InputError
from ..ingest import parse_release
from ..model import Fill, InlineCode, ReleaseText, ReleaseUnit, Term
from ..report.model import AlignmentTranslation
from ..settings import SRC_LANG
from ..textio import read_bytes
from ..units import apply_fills, release_units
from .cache import ReleaseData, code_fingerprint, content_hash, release_key
from .compute import ReleaseFailure, ReleaseTask
from .config import RunConfig
from .corrections import Corrections, CorrectionsError, corrections_path, parse_corrections
from .lexicons import user_lexicons
from .mtalign import alignment_sources, source_label


@dataclass
class ReleaseState:
    release: Release
    name: str  # the release id, or lang/id in a corpus of several translation languages: unique in the run
    src_text: str
    tgt_text: str | None
    key: str  # the cache key: the release's content, its corrections, the rules and aligner's code
    source_key: str  # what corrections are bound to: the release's French and English and the rules
    corrections: Corrections | None = None
    data: ReleaseData | None = None  # cached or computed
    fresh: bool = False  # computed by this run
    fills: dict[int, Fill] = field(default_factory=dict)
    src_markup: tuple[InlineCode, ...] = ()  # the markup of an HTML or Markdown release, as inline codes
    tgt_markup: tuple[InlineCode, ...] = ()
    src_lines: tuple[int, ...] = ()  # the line of the French file each line of src_text comes from (HTML, Markdown)
    _units: list[ReleaseUnit] | None = None
    _filled: list[ReleaseUnit] | None = None

    @property
    def id(self) -> str:
        return self.name

    @property
    def lang(self) -> str:
        return self.release.lang

    @property
    def pivot(self) -> str:
        return self.release.pivot

    @property
    def paired(self) -> bool:
        return self.tgt_text is not None

    @property
    def result(self) -> ReleaseData:
        if self.data is None:
            raise RuntimeError(f"release {self.id} was not computed")  # a bug, not a user error
        return self.data

    def task(self, srx: Path | None, lexicons: tuple[Lexicon, ...] = ()) -> ReleaseTask:
        r = self.release
        return ReleaseTask(
            self.id,
            self.key,
            str(r.src),
            self.src_text,
            None if r.tgt is None else str(r.tgt),
            self.tgt_text,
            None if srx is None else str(srx),
            self.source_key,
            self.corrections,
            lexicons,
            r.lang,
            r.pivot,
        )

    def units(self) -> list[ReleaseUnit]:
        """Every bead as a unit, with the release's own text; built once."""
        if self._units is None:
            d = self.result
            self._units = release_units(
                self.id,
                self.src_text,
                d.src,
                self.tgt_text,
                d.tgt,
                d.all_beads(),
                d.created,
                d.reviewed,
                src_markup=self.src_markup,
                tgt_markup=self.tgt_markup,
                src_lines=self.src_lines,
            )
        return self._units

    def set_fills(self, fills: dict[int, Fill]) -> None:
        self.fills = fills
        self._filled = None

    def filled_units(self) -> list[ReleaseUnit]:
        """The units with this run's memory and MT fills."""
        if self._filled is None:
            self._filled = apply_fills(self.units(), self.fills)
        return self._filled


@dataclass
class RunInputs:
    config: RunConfig
    corpus: Corpus
    rules: dict[str, Any]  # how sentences were segmented, as recorded in outputs
    terms: list[Term] | None
    releases: list[ReleaseState]
    lexicons: tuple[Lexicon, ...] = ()  # the user's, read with the other inputs
    corpus_lexicons: tuple[Lexicon, ...] = ()  # learned from the memory for the releases this run computes
    alignment_sources: dict[tuple[str, str], Any] = field(default_factory=dict)  # per pair: the MT for alignment
    alignment_translation: dict[str, AlignmentTranslation] = field(default_factory=dict)  # per language, how it went
    failed: list[ReleaseFailure] = field(default_factory=list)  # releases the compute stage could not finish


def read_inputs(config: RunConfig) -> RunInputs:
    """Find, read and check everything the run needs; any bad input fails here, before OUT is touched."""
    corpus = discover(config.corpus, config.pivot, config.langs)
    terms = None
    if config.glossary is not None:
        from ..formats.glossary import load_glossary

        terms = load_glossary(config.glossary)
    rules = _segmentation_rules(config.srx, (*corpus.langs, corpus.pivot))
    lexicons = user_lexicons(config.lexicons)
    lex_ids = "|".join(lex.sha256 for lex in lexicons)
    code = code_fingerprint() + lex_ids
    reader = _Reader()
    pairs = sorted({(r.lang, r.pivot) for r in corpus.releases if r.src})
    sources = alignment_sources(config, pairs)
    states = [
        _read_release(
            r, r.uid if corpus.multilingual else r.id, corpus.root, code, _rules_id(rules), reader,
            source_label(sources[(r.lang, r.pivot)]),
        )
        for r in corpus.releases
        if r.src
    ]  # fmt: skip
    return RunInputs(config, corpus, rules, terms, states, lexicons, alignment_sources=sources)


def _segmentation_rules(srx: Path | None, langs: tuple[str, ...]) -> dict[str, Any]:
    if srx is None:
        return {"rules": "built-in", "version": __version__}
    from ..segment.srx import load_srx

    data = read_bytes(srx)
    rules = load_srx(srx)
    for lang in langs:
        rules.splitter(lang)  # a broken rule file, or one with no rules for a language, fails now
    return {"rules": "srx", "file": str(srx), "sha256": content_hash(data)}


def _rules_id(rules: dict[str, Any]) -> str:
    import json

    return json.dumps(rules, sort_keys=True)


class _Reader:
    """Reads each file once per run, even an original shared by the translations of several languages."""

    def __init__(self) -> None:
        self.seen: dict[Path, tuple[ReleaseText, str]] = {}

    def __call__(self, path: Path) -> tuple[ReleaseText, str]:
        """The release text of a file (``.txt``, HTML, Markdown) and the hash of its bytes."""
        if path not in self.seen:
            data = read_bytes(path)
            self.seen[path] = (parse_release(data, path), content_hash(data))
        return self.seen[path]


def source_key(src_hash: str, tgt_hash: str, rules_id: str, lang: str = SRC_LANG) -> str:
    """The content key corrections are bound to: the release's translation and original, and the segmentation rules
    (and, beyond French, the language: the same files in two languages' folders are two releases)."""
    parts = ("aligner-source/1", src_hash, tgt_hash, rules_id) + (() if lang == SRC_LANG else (lang,))
    return release_key(*parts)


def _read_release(
    r: Release, name: str, root: Path, code: str, rules_id: str, read: _Reader, mt: str | None = None
) -> ReleaseState:
    assert r.src is not None  # only releases with a translation are read
    fr, src_hash = read(r.src)
    en, tgt_hash = read(r.tgt) if r.tgt is not None else (None, "-")
    corrections, corr_hash = None, "-"
    corr = corrections_path(root, name)
    if corr.is_file():
        data = read_bytes(corr)
        corr_hash = content_hash(data)
        corrections = parse_corrections(data, corr)
        if corrections.release != name:
            raise CorrectionsError(f"corrections are for release {corrections.release!r}, not {name!r}", corr)
    key = release_key(code, rules_id, r.lang, r.pivot, src_hash, tgt_hash, corr_hash, *([mt] if mt else []))
    return ReleaseState(
        r,
        name,
        fr.text,
        None if en is None else en.text,
        key,
        source_key(src_hash, tgt_hash, rules_id, r.lang),
        corrections,
        src_markup=fr.codes,
        tgt_markup=() if en is None else en.codes,
        src_lines=fr.lines,
    )


def require_release(inputs: RunInputs, release_id: str) -> ReleaseState:
    for s in inputs.releases:
        if s.id == release_id:
            return s
    raise InputError(f"no release {release_id!r} with a translation in this corpus", inputs.corpus.root)
