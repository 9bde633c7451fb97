"""``aligner run``: the corpus job."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..pipeline import default_jobs, run_corpus
from . import app
from .common import handles_errors


@app.command()
@handles_errors
def run(
    corpus: Annotated[Path, typer.Argument(help="Corpus folder holding fr/ and en/.")] = Path("corpora"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Releases processed in parallel.")] = default_jobs(),
    srx: Annotated[
        Path | None, typer.Option("--srx", help="Segment with this SRX 2.0 file (e.g. your CAT tool's rules).")
    ] = None,
    model: Annotated[
        str, typer.Option("--model", "-m", help="MarianMT model for what has no counterpart (hub name or folder).")
    ] = "Helsinki-NLP/opus-mt-fr-en",
    backend: Annotated[str, typer.Option("--backend", "-b", help="auto, transformers or ctranslate2.")] = "auto",
    beam: Annotated[int, typer.Option("--beam", min=1, help="Beam size for machine translation.")] = 1,
    no_mt: Annotated[bool, typer.Option("--no-mt", help="Use the translation memory only, no model.")] = False,
    fuzzy: Annotated[
        float, typer.Option("--fuzzy-threshold", min=0, max=100, help="Lowest memory match % used to fill.")
    ] = 75.0,
    min_aligned: Annotated[
        float | None,
        typer.Option(
            "--min-aligned", min=0, max=1, help="Gate: share of French sentences aligned, per paired release."
        ),
    ] = None,
    max_low_confidence: Annotated[
        float | None, typer.Option("--max-low-confidence", min=0, max=1, help="Gate: share of low-confidence beads.")
    ] = None,
    min_bleu: Annotated[
        float | None, typer.Option("--min-bleu", min=0, max=100, help="Gate: BLEU of MT against the originals.")
    ] = None,
    max_untranslated: Annotated[
        int | None, typer.Option("--max-untranslated", min=0, help="Gate: untranslated sentences per release.")
    ] = None,
    glossary: Annotated[
        Path | None, typer.Option("--glossary", "-g", help="Check this glossary (OmegaT TSV, CSV or TBX).")
    ] = None,
    max_term_issues: Annotated[
        int | None, typer.Option("--max-term-issues", min=0, help="Gate: terminology issues per release.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary table.")] = False,
) -> None:
    """Pair, segment and align every release; write TMX, PO, the TM database and reports under OUT."""
    progress = None
    bar = None
    if not quiet and sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
        task = bar.add_task("releases", total=None)
        bar.start()

        def progress(done: int, total: int, rid: str) -> None:
            bar.update(task, completed=done, total=total, description=rid or "releases")

    try:
        from ..report import Gates
        from ..translate.fill import FillOptions

        options = FillOptions(model=None if no_mt else model, backend=backend, beam=beam, fuzzy_threshold=fuzzy)
        gates = Gates(min_aligned, max_low_confidence, min_bleu, max_untranslated, max_term_issues)
        report = run_corpus(
            corpus, out, jobs=jobs, srx=srx, progress=progress, fill_options=options, gates=gates, glossary=glossary
        )
    finally:
        if bar is not None:
            bar.stop()
    status = report["translation"]["status"]
    if status not in ("ok", "not needed", "off") and not status.startswith("machine translation switched off"):
        typer.echo(f"aligner: warning: {status}", err=True)
    if quiet:
        _gate_exit(report)
        return
    typer.echo(f"{'release':30} {'fr':>4} {'en':>4} {'beads':>5} {'aligned':>7} {'low':>4} {'untransl.':>9}  notes")
    for r in report["releases"]:
        en = "-" if r["en_sentences"] is None else r["en_sentences"]
        share = f"{r['aligned_share']:.0%}" if "aligned_share" in r else "-"
        typer.echo(
            f"{r['id']:30} {r['fr_sentences']:>4} {en:>4} {r.get('beads', '-'):>5} {share:>7}"
            f" {r.get('low_confidence_beads', '-'):>4} {r['untranslated_sentences']:>9}  "
            + "; ".join(r["notes"] + (["cached"] if r["cached"] else []))
        )
    c = report["corpus"]
    typer.echo(
        f"{'corpus':30} {c['fr_sentences']:>4} {c['en_sentences']:>4} {c['beads']:>5} {c['aligned_share']:>7.0%}"
        f" {c['low_confidence_beads']:>4} {c['untranslated_sentences']:>9}"
    )
    typer.echo(f"outputs in {out}/ (report.json, report.md, junit.xml, memory.tmx, memory.sqlite, tmx/, po/)", err=True)
    _gate_exit(report)


def _gate_exit(report: dict) -> None:
    failures = report["gates"]["failures"]
    for f in failures:
        typer.echo(f"aligner: gate failed: {f['message']}", err=True)
    if failures:
        raise typer.Exit(1)
