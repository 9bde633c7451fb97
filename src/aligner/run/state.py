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
from ..settings import SRC_LANG
from ..textio import read_bytes
from ..units import apply_fills, release_units
from .cache import ReleaseData, code_fingerprint, content_hash, release_key
from .compute import ReleaseFailure, ReleaseTask
from .config import RunConfig
from .corrections import Corrections, CorrectionsError, corrections_path, parse_corrections
from .lexicons import user_lexicons


@dataclass
class ReleaseState:
    release: Release
    fr_text: str
    en_text: str | None
    key: str  # the cache key: the release's content, its corrections, the rules and aligner's code
    source_key: str  # what corrections are bound to: the release's French and English and the rules
    corrections: Corrections | None = None
    data: ReleaseData | None = None  # cached or computed
    fresh: bool = False  # computed by this run
    fills: dict[int, Fill] = field(default_factory=dict)
    fr_codes: tuple[InlineCode, ...] = ()  # the markup of an HTML or Markdown release, as inline codes
    en_codes: tuple[InlineCode, ...] = ()
    fr_lines: tuple[int, ...] = ()  # the line of the French file each line of fr_text comes from (HTML, Markdown)
    _units: list[ReleaseUnit] | None = None
    _filled: list[ReleaseUnit] | None = None

    @property
    def id(self) -> str:
        return self.release.id

    @property
    def paired(self) -> bool:
        return self.en_text is not None

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
            str(r.fr),
            self.fr_text,
            None if r.en is None else str(r.en),
            self.en_text,
            None if srx is None else str(srx),
            self.source_key,
            self.corrections,
            lexicons,
        )

    def units(self) -> list[ReleaseUnit]:
        """Every bead as a unit, with the release's own text; built once."""
        if self._units is None:
            d = self.result
            self._units = release_units(
                self.id,
                self.fr_text,
                d.fr,
                self.en_text,
                d.en,
                d.all_beads(),
                d.created,
                d.reviewed,
                fr_codes=self.fr_codes,
                en_codes=self.en_codes,
                fr_lines=self.fr_lines,
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
    corpus_lexicon: Lexicon | None = None  # learned from the memory for the releases this run computes
    failed: list[ReleaseFailure] = field(default_factory=list)  # releases the compute stage could not finish


def read_inputs(config: RunConfig) -> RunInputs:
    """Find, read and check everything the run needs; any bad input fails here, before OUT is touched."""
    corpus = discover(config.corpus)
    terms = None
    if config.glossary is not None:
        from ..formats.glossary import load_glossary

        terms = load_glossary(config.glossary)
    rules = _segmentation_rules(config.srx)
    lexicons = user_lexicons(config.lexicons)
    lex_ids = "|".join(lex.sha256 for lex in lexicons)
    code = code_fingerprint() + lex_ids
    states = [_read_release(r, corpus.root, code, _rules_id(rules)) for r in corpus.releases if r.fr]
    return RunInputs(config, corpus, rules, terms, states, lexicons)


def _segmentation_rules(srx: Path | None) -> dict[str, Any]:
    if srx is None:
        return {"rules": "built-in", "version": __version__}
    from ..segment.srx import load_srx

    data = read_bytes(srx)
    load_srx(srx).splitter(SRC_LANG)  # a broken rule file fails now
    return {"rules": "srx", "file": str(srx), "sha256": content_hash(data)}


def _rules_id(rules: dict[str, Any]) -> str:
    import json

    return json.dumps(rules, sort_keys=True)


def _read_text(path: Path) -> tuple[ReleaseText, str]:
    """The release text of a file (``.txt``, HTML, Markdown) and the hash of its bytes, read once."""
    data = read_bytes(path)
    return parse_release(data, path), content_hash(data)


def source_key(fr_hash: str, en_hash: str, rules_id: str) -> str:
    """The content key corrections are bound to: the release's French and English, and the segmentation rules."""
    return release_key("aligner-source/1", fr_hash, en_hash, rules_id)


def _read_release(r: Release, root: Path, code: str, rules_id: str) -> ReleaseState:
    assert r.fr is not None  # only releases with French are read
    fr, fr_hash = _read_text(r.fr)
    en, en_hash = _read_text(r.en) if r.en is not None else (None, "-")
    corrections, corr_hash = None, "-"
    corr = corrections_path(root, r.id)
    if corr.is_file():
        data = read_bytes(corr)
        corr_hash = content_hash(data)
        corrections = parse_corrections(data, corr)
        if corrections.release != r.id:
            raise CorrectionsError(f"corrections are for release {corrections.release!r}, not {r.id!r}", corr)
    key = release_key(code, rules_id, fr_hash, en_hash, corr_hash)
    return ReleaseState(
        r,
        fr.text,
        None if en is None else en.text,
        key,
        source_key(fr_hash, en_hash, rules_id),
        corrections,
        fr_codes=fr.codes,
        en_codes=() if en is None else en.codes,
        fr_lines=fr.lines,
    )


def require_release(inputs: RunInputs, release_id: str) -> ReleaseState:
    for s in inputs.releases:
        if s.id == release_id:
            return s
    raise InputError(f"no release {release_id!r} with French text in this corpus", inputs.corpus.root)
