"""``aligner score``: BLEU, chrF and TER through sacrebleu, with signatures."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..textio import read_lines
from . import app
from .common import OutputOpt, emit, handles_errors


class ScoreFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
@handles_errors
def score(
    hyp: Annotated[Path, typer.Argument(help="Hypothesis (system output), one segment per line.")],
    ref: Annotated[Path, typer.Argument(help="Reference, one segment per line.")],
    metrics: Annotated[
        str, typer.Option("--metrics", "-m", help="Comma-separated: bleu, chrf, ter.")
    ] = "bleu,chrf,ter",
    fmt: Annotated[ScoreFormat, typer.Option("--format", "-f", help="text or json.")] = ScoreFormat.text,
    sentence: Annotated[bool, typer.Option("--sentence", help="Add per-line scores.")] = False,
    output: OutputOpt = None,
) -> None:
    """Corpus scores with sacrebleu's signatures (the same numbers as the sacrebleu command line)."""
    from ..score.mt import corpus_scores, parse_metrics, sentence_scores

    names = parse_metrics(metrics)
    h, r = read_lines(hyp), read_lines(ref)
    scores = corpus_scores(h, r, names)
    rows = sentence_scores(h, r, names) if sentence else None
    if fmt is ScoreFormat.json:
        data: dict = {"scores": [s.as_dict() for s in scores]}
        if rows is not None:
            data["sentences"] = rows
        emit(json.dumps(data, indent=2) + "\n", output)
        return
    text = "".join(f"{s.name:6} {s.score:7.2f}  {s.signature}\n" for s in scores)
    if rows is not None:
        text += "line " + " ".join(f"{m:>7}" for m in names) + "\n"
        text += "".join(f"{row['line']:4} " + " ".join(f"{row[m]:7.2f}" for m in names) + "\n" for row in rows)
    emit(text, output)
