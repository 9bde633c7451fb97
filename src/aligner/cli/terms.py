"""``aligner terms``: glossary checks and term candidates."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import OutputOpt, emit, handles_errors

terms_app = typer.Typer(
    help="Terminology: check a glossary against the corpus, extract term candidates.", no_args_is_help=True
)
app.add_typer(terms_app, name="terms")


class TermsFormat(str, Enum):
    text = "text"
    json = "json"


class ExtractFormat(str, Enum):
    tsv = "tsv"
    tbx = "tbx"
    json = "json"


CorpusArg = Annotated[
    Path | None, typer.Argument(help="Corpus folder holding fr/ and en/ [default: the run's with --out, else corpora].")
]
CacheOpt = Annotated[
    Path | None,
    typer.Option("--out", help="Work on this `aligner run` folder: its settings and its alignments."),
]


@terms_app.command("check")
@handles_errors
def terms_check(
    glossary: Annotated[Path, typer.Option("--glossary", "-g", help="OmegaT TSV, CSV or TBX glossary.")],
    corpus: CorpusArg = None,
    fmt: Annotated[TermsFormat, typer.Option("--format", "-f", help="text or json.")] = TermsFormat.text,
    cache: CacheOpt = None,
    output: OutputOpt = None,
) -> None:
    """Approved terms missing, forbidden terms used and do-not-translate items changed, in every aligned pair."""
    from ..formats.glossary import load_glossary
    from ..run.pairs import corpus_pairs
    from ..terms.check import GlossaryChecker

    checker = GlossaryChecker(load_glossary(glossary))
    units = corpus_pairs(corpus, cache, with_fills=cache is not None)
    issues = checker.check_pairs((u.release, u.bead, u.src, u.tgt or "", u.origin_label) for u in units)
    if fmt is TermsFormat.json:
        emit(json.dumps({"issues": [i.as_dict() for i in issues]}, ensure_ascii=False, indent=2) + "\n", output)
        return
    from ..textsafe import for_terminal

    lines = [
        for_terminal(
            f"{i.release}:{i.bead}: {i.kind}: {i.term!r} -> expected {' | '.join(i.expected) or '(kept as is)'}"
        )
        + (f", found {i.found!r}" if i.found else "")
        + (f" [English from {for_terminal(i.origin)}]" if i.origin != "aligned" else "")
        + f"\n    fr: {for_terminal(i.src)}\n    en: {for_terminal(i.tgt)}\n"
        for i in issues
    ]
    emit("".join(lines) + f"{len(issues)} terminology issue(s)\n", output)


@terms_app.command("extract")
@handles_errors
def terms_extract(
    corpus: CorpusArg = None,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="tsv (OmegaT), tbx or json.")
    ] = ExtractFormat.tsv,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Candidates to keep.")] = 200,
    min_count: Annotated[int, typer.Option("--min-count", min=1, help="Beads a pair must share.")] = 2,
    cache: CacheOpt = None,
    output: OutputOpt = None,
) -> None:
    """Bilingual term candidates from the aligned corpus, ranked by association, for reviewers to approve."""
    from ..formats.glossary import write_omegat_tsv, write_tbx
    from ..run.pairs import corpus_pairs
    from ..settings import LOW_CONFIDENCE
    from ..terms.extract import extract

    pairs = [(u.src, u.tgt or "") for u in corpus_pairs(corpus, cache) if u.score >= LOW_CONFIDENCE]
    cands = extract(pairs, top=top, min_count=min_count)
    rows = [(c.source, c.target, f"score {c.score}, {c.frequency} beads; e.g. {c.example_src}") for c in cands]
    if fmt is ExtractFormat.json:
        emit(json.dumps([c.__dict__ for c in cands], ensure_ascii=False, indent=2) + "\n", output)
    elif fmt is ExtractFormat.tbx:
        emit(write_tbx(rows), output)
    else:
        emit(write_omegat_tsv(rows), output)
