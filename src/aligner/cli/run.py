"""``aligner run``: the corpus job."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import app
from .common import handles_errors

if TYPE_CHECKING:
    from ..report.model import RunReport
    from ..run import Progress, RunConfig
    from ..run.uptodate import Replay

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (TOML); default: CORPUS/aligner.toml when it exists."),
]


CorpusArg = Annotated[Path, typer.Argument(help="Corpus folder holding fr/ and en/.")]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Releases processed in parallel [default: cores, up to 4].")
]
SrxOpt = Annotated[
    Path | None, typer.Option("--srx", help="Segment with this SRX 2.0 file (e.g. your CAT tool's rules).")
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", "-m", help="MarianMT model for what has no counterpart [default: Helsinki-NLP/opus-mt-fr-en]."
    ),
]
BackendOpt = Annotated[
    str | None, typer.Option("--backend", "-b", help="auto, transformers or ctranslate2 [default: auto].")
]
BeamOpt = Annotated[int | None, typer.Option("--beam", min=1, help="Beam size for MT [default: 1].")]
MtOpt = Annotated[
    bool | None, typer.Option("--mt/--no-mt", help="Machine-translate, or use the translation memory only.")
]
FuzzyOpt = Annotated[
    float | None,
    typer.Option("--fuzzy-threshold", min=0, max=100, help="Lowest memory match % used to fill [default: 75]."),
]
GlossaryOpt = Annotated[
    Path | None, typer.Option("--glossary", "-g", help="Check this glossary (OmegaT TSV, CSV or TBX).")
]
MinAlignedOpt = Annotated[
    float | None,
    typer.Option("--min-aligned", min=0, max=1, help="Gate: share of French sentences aligned, per paired release."),
]
MaxLowOpt = Annotated[
    float | None, typer.Option("--max-low-confidence", min=0, max=1, help="Gate: share of low-confidence beads.")
]
MinBleuOpt = Annotated[
    float | None, typer.Option("--min-bleu", min=0, max=100, help="Gate: BLEU of MT against the originals.")
]
MaxUntranslatedOpt = Annotated[
    int | None, typer.Option("--max-untranslated", min=0, help="Gate: untranslated sentences per release.")
]
MaxTermOpt = Annotated[
    int | None, typer.Option("--max-term-issues", min=0, help="Gate: terminology issues per release.")
]
XliffOpt = Annotated[
    str | None, typer.Option("--xliff", help="XLIFF version of OUT/xliff/: 2.0 or 1.2 [default: 2.0].")
]
PivotOpt = Annotated[str | None, typer.Option("--pivot", help="The originals' language folder [default: en].")]
LangsOpt = Annotated[
    str | None,
    typer.Option(
        "--langs", help="Translation languages to process, e.g. fr,de [default: every other language folder]."
    ),
]
LexiconOpt = Annotated[
    list[Path] | None,
    typer.Option("--lexicon", help="Your dictionary for alignment (hunalign .dic or TSV); repeat for several."),
]
AlignMtOpt = Annotated[
    bool | None,
    typer.Option(
        "--align-mt/--no-align-mt",
        help="Translate the translations first and align with the MT too, when the pair's model is here [default: yes].",
    ),
]
ReleaseTmxOpt = Annotated[
    bool | None,
    typer.Option("--release-tmx/--no-release-tmx", help="Also write a TMX per release in OUT/tmx/ [default: no]."),
]
ExecutorOpt = Annotated[
    str | None, typer.Option("--executor", help="Where releases are computed: local or dask [default: local].")
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help="With --executor dask: the scheduler (tcp://HOST:PORT); none: a local cluster."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary table.")]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Run every stage even when nothing changed since the last run (it is then skipped)."),
]


# Each option and the setting (section, key) of aligner.toml it stands for.
OPTION_SETTINGS: dict[str, tuple[str, str]] = {
    "jobs": ("", "jobs"),
    "srx": ("segmentation", "srx"),
    "model": ("translation", "model"),
    "backend": ("translation", "backend"),
    "beam": ("translation", "beam"),
    "mt": ("translation", "mt"),
    "fuzzy": ("translation", "fuzzy_threshold"),
    "glossary": ("terminology", "glossary"),
    "min_aligned": ("gates", "min_aligned"),
    "max_low_confidence": ("gates", "max_low_confidence"),
    "min_bleu": ("gates", "min_bleu"),
    "max_untranslated": ("gates", "max_untranslated"),
    "max_term_issues": ("gates", "max_term_issues"),
    "xliff": ("outputs", "xliff"),
    "release_tmx": ("outputs", "release_tmx"),
    "lexicon": ("alignment", "lexicons"),
    "align_mt": ("alignment", "translate"),
    "pivot": ("languages", "pivot"),
    "langs": ("languages", "langs"),
    "executor": ("compute", "executor"),
    "scheduler": ("compute", "scheduler"),
}


@app.command()
@handles_errors
def run(
    corpus: CorpusArg = Path("corpora"),
    out: OutOpt = Path("build"),
    config: ConfigOpt = None,
    jobs: JobsOpt = None,
    srx: SrxOpt = None,
    model: ModelOpt = None,
    backend: BackendOpt = None,
    beam: BeamOpt = None,
    mt: MtOpt = None,
    fuzzy: FuzzyOpt = None,
    min_aligned: MinAlignedOpt = None,
    max_low_confidence: MaxLowOpt = None,
    min_bleu: MinBleuOpt = None,
    max_untranslated: MaxUntranslatedOpt = None,
    glossary: GlossaryOpt = None,
    max_term_issues: MaxTermOpt = None,
    xliff: XliffOpt = None,
    release_tmx: ReleaseTmxOpt = None,
    lexicon: LexiconOpt = None,
    align_mt: AlignMtOpt = None,
    pivot: PivotOpt = None,
    langs: LangsOpt = None,
    executor: ExecutorOpt = None,
    scheduler: SchedulerOpt = None,
    quiet: QuietOpt = False,
    force: ForceOpt = False,
) -> None:
    """Pair, segment and align every release; write TMX, PO, the TM database and reports under OUT.

    Settings come from CORPUS/aligner.toml (or --config), then from these options; the settings used are saved in
    OUT/run.json for `aligner apply` and `aligner terms check --out`.
    """
    from ..run import build_config
    from ..run.uptodate import up_to_date

    options = locals()
    options["lexicon"] = options["lexicon"] or None  # not given: the file's, if any
    overrides = {setting: options[name] for name, setting in OPTION_SETTINGS.items()}
    settings = build_config(corpus, out, config, overrides)
    said = None if force else up_to_date(settings)
    if said is None:
        said = run_settings(settings, quiet)
    elif not quiet:
        typer.echo(f"aligner: nothing changed since the last run; the outputs in {out}/ are up to date", err=True)
    tell(said, quiet)


def run_settings(settings: RunConfig, quiet: bool) -> Replay:
    """Run the job and return what to tell the user (also recorded for the next run, when this one ends cleanly)."""
    from ..run import run_corpus

    with progress_bar(enabled=not quiet) as progress:
        report = run_corpus(settings, progress, replay=lambda r: what_to_tell(r, settings.out))
    return what_to_tell(report, settings.out)


def what_to_tell(report: RunReport, out: Path) -> Replay:
    """The warnings, summary table, errors and exit status of a run."""
    from ..run.uptodate import Replay

    warnings = [f"aligner: warning: {report.translation.status}"] if report.translation.failed else []
    for r in report.releases:
        warnings += [f"aligner: warning: {r.id}: {w}" for w in r.warnings]
        if r.corrections == "stale":
            warnings.append(
                f"aligner: warning: {r.id}: the release changed after review; its corrections "
                f"({r.corrections_file}) were not used: review it again"
            )
    errors = [f"aligner: error: release {rid} was not processed: {why}" for rid, why in report.failed]
    errors += [f"aligner: gate failed: {f.message}" for f in report.gate_failures]
    where = f"outputs in {out}/ (report.json, report.md, junit.xml, memory.tmx, memory.sqlite, tmx/, po/)"
    failed = bool(report.gate_failures or report.failed)
    return Replay(tuple(warnings), tuple(summary_lines(report)), where, tuple(errors), 1 if failed else 0)


def tell(said: Replay, quiet: bool) -> None:
    """Print what a run said; exit 1 when a gate failed or a release could not be computed."""
    for line in said.warnings:
        typer.echo(line, err=True)
    if not quiet:
        for line in said.summary:
            typer.echo(line)
        typer.echo(said.where, err=True)
    for line in said.errors:
        typer.echo(line, err=True)
    if said.exit_code:
        raise typer.Exit(said.exit_code)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress | None]:
    """A transient progress bar on a terminal; nothing when output is piped or ``enabled`` is False."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as Bar

    bar = Bar(transient=True)
    task = bar.add_task("releases", total=None)
    bar.start()

    def progress(done: int, total: int, rid: str) -> None:
        bar.update(task, completed=done, total=total, description=rid or "releases")

    try:
        yield progress
    finally:
        bar.stop()


def summary_lines(report: RunReport) -> list[str]:
    """The summary table: a row per release and the corpus totals."""
    langs = sorted({(r.lang, r.pivot) for r in report.releases})
    src, tgt = langs[0] if len(langs) == 1 else ("src", "orig")
    lines = [f"{'release':30} {src:>4} {tgt:>4} {'beads':>5} {'aligned':>7} {'low':>4} {'untransl.':>9}  notes"]
    for r in report.releases:
        s, a = r.stats, r.alignment
        en = "-" if s.tgt_sentences is None else s.tgt_sentences
        share = f"{a.aligned_share:.0%}" if a else "-"
        notes = "; ".join(r.notes + (["cached"] if r.cached else []))
        lines.append(
            f"{r.id:30} {s.src_sentences:>4} {en:>4} {a.beads if a else '-':>5} {share:>7}"
            f" {a.low_confidence_beads if a else '-':>4} {s.untranslated_sentences:>9}  {notes}"
        )
    c = report.corpus
    lines.append(
        f"{'corpus':30} {c.src_sentences:>4} {c.tgt_sentences:>4} {c.beads:>5} {c.aligned_share:>7.0%}"
        f" {c.low_confidence_beads:>4} {c.untranslated_sentences:>9}"
    )
    return lines
