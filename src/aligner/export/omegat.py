"""A ready OmegaT project from a run: the French releases, the run's segmentation, its memories and glossary.

OmegaT fills a segment from a memory only when it cuts the text where the memory did, so the project carries
segmentation rules that reproduce the run's own: aligner's built-in rules, or the SRX file the run was given, written
as OmegaT 3.6's ``omegat/segmentation.conf``. The trusted memory (aligned and reviewed units) goes to ``tm/auto/``,
which OmegaT uses to fill segments; machine translation goes to ``tm/mt/``, which it only proposes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..corpus import check_language, discover
from ..errors import AlignerError, UsageError
from ..run.config import RunConfig, load_run_config
from ..settings import SRC_LANG

# OmegaT's names for the languages and the Lucene tokenizers it ships.
_REGION = {"fr": "FR", "en": "GB", "de": "DE", "es": "ES", "it": "IT", "pt": "PT", "nl": "NL", "pl": "PL",
           "ru": "RU", "uk": "UA", "zh": "CN"}  # fmt: skip
_TOKENIZER = {"fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
              "nl": "Dutch", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian", "zh": "SmartChinese"}  # fmt: skip

FILTERS = """<?xml version="1.0" encoding="UTF-8"?>
<filters removeTags="false" removeSpacesNonseg="true" preserveSpaces="false" ignoreFileContext="false">
  <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
    <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}" sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
    <option name="segmentOn" value="BREAKS"/>
  </filter>
</filters>
"""


@dataclass(frozen=True)
class OmegatProject:
    path: Path
    sources: int
    memory_units: bool
    mt: bool
    glossary_terms: int
    unreadable: tuple[str, ...] = ()  # releases OmegaT 3.6 has no filter for (Markdown): in source/, not offered


def omegat_language(code: str) -> str:
    """OmegaT's language-region code of an ISO 639-1 code: ``fr`` -> ``FR-FR``, ``en`` -> ``EN-GB``."""

    return f"{code.upper()}-{_REGION.get(code, code.upper())}"


def project_file(src: str, tgt: str) -> str:
    """``omegat.project`` for translating ``src`` into ``tgt`` (ISO 639-1 codes), with the folders of a project."""

    def tok(code: str) -> str:
        return f"org.omegat.tokenizer.Lucene{_TOKENIZER.get(code, 'Default')}Tokenizer"

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>{escape(omegat_language(src))}</source_lang>
    <target_lang>{escape(omegat_language(tgt))}</target_lang>
    <source_tok>{escape(tok(src))}</source_tok>
    <target_tok>{escape(tok(tgt))}</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def segmentation_conf(config: RunConfig, lang: str = SRC_LANG) -> str:
    """OmegaT 3.6 rules reproducing the run's segmentation of ``lang``: its SRX file's, or aligner's own."""
    from ..segment.srx_export import export_omegat_conf, omegat_conf

    if config.srx is None:
        return export_omegat_conf(lang)
    from ..segment.srx import load_srx

    rules = load_srx(config.srx).rules_for(lang)
    if not rules:
        raise AlignerError(f"no language map of the run's SRX file matches {lang!r}", config.srx)
    return omegat_conf([(r.is_break, *r.java) for r in rules], lang)


def _glossary_rows(config: RunConfig) -> list[tuple[str, str, str]]:
    if config.glossary is None:
        return []
    from ..formats.glossary import load_glossary

    rows = []
    for t in load_glossary(config.glossary):
        if t.dnt:
            rows.append((t.source, t.source, "do not translate"))
        rows += [(t.source, target, t.comment) for target in t.targets]
        rows += [(t.source, f, "forbidden") for f in t.forbidden]
    return rows


def export_omegat(out: Path, project: Path, lang: str | None = None) -> OmegatProject:
    """Write a new OmegaT project at ``project`` (which must not exist, or be an empty folder) from the run in ``out``:
    one translation language (``lang``, needed when the run has several) against the originals' language."""
    from ..formats.glossary import write_omegat_tsv

    config = load_run_config(out)
    corpus = discover(config.corpus, config.pivot, config.langs)
    if lang is None and len(corpus.langs) > 1:
        raise UsageError(f"the run has several languages ({', '.join(corpus.langs)}): choose one with --lang")
    lang = check_language(lang) if lang is not None else corpus.langs[0]
    if lang not in corpus.langs:
        raise UsageError(f"the run has no {lang!r} releases (it has {', '.join(corpus.langs)})")
    memory = Path(out) / "memory.tmx"
    if not memory.is_file():
        raise AlignerError("the run has no memory.tmx: run `aligner run` again first", out)
    project = Path(project)
    if project.exists() and (not project.is_dir() or any(project.iterdir())):
        raise UsageError(f"{project} exists and is not an empty folder: give a new folder for the project")
    sources = [r.src for r in corpus.releases if r.src is not None and r.lang == lang]
    rows = _glossary_rows(config)
    conf = segmentation_conf(config, lang)
    project.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{project.name}.", dir=project.parent))
    try:
        for sub in ("source", "target", "tm/auto", "tm/mt", "omegat", "glossary", "dictionary"):
            (tmp / sub).mkdir(parents=True)
        (tmp / "omegat.project").write_text(project_file(lang, corpus.pivot), encoding="utf-8")
        (tmp / "omegat" / "filters.xml").write_text(FILTERS, encoding="utf-8")
        (tmp / "omegat" / "segmentation.conf").write_text(conf, encoding="utf-8")
        for src in sources:
            shutil.copyfile(src, tmp / "source" / src.name)
        shutil.copyfile(memory, tmp / "tm" / "auto" / "aligner-memory.tmx")
        mt = Path(out) / "mt.tmx"
        if mt.is_file():
            shutil.copyfile(mt, tmp / "tm" / "mt" / "aligner-mt.tmx")
        (tmp / "glossary" / "glossary.txt").write_text(write_omegat_tsv(rows), encoding="utf-8")
        if project.exists():
            project.rmdir()
        os.replace(tmp, project)
    except OSError as exc:
        raise AlignerError(f"cannot write the project ({exc.strerror})", project) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    unreadable = tuple(sorted(p.name for p in sources if p.suffix.lower() == ".md"))
    return OmegatProject(project, len(sources), True, mt.is_file(), len(rows), unreadable)
