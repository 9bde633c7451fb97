"""``aligner segment``: one sentence per line, a blank line between paragraphs, or JSON lines with offsets."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..textio import read_text
from . import app
from .common import OutputOpt, emit, handles_errors


class SegFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


@app.command()
@handles_errors
def segment(
    files: Annotated[list[Path], typer.Argument(help="Release text files: one paragraph per line.")],
    lang: Annotated[
        str, typer.Option("--lang", "-l", help="ISO 639-1 code: de, en, es, fr, it, nl, pl, pt, ru, uk or zh.")
    ] = "fr",
    fmt: Annotated[SegFormat, typer.Option("--format", "-f", help="text, or jsonl with offsets.")] = SegFormat.text,
    srx: Annotated[
        Path | None, typer.Option("--srx", help="Segment with this SRX 2.0 rule file instead of the built-in rules.")
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Split release texts into sentences, exactly as written (no normalisation)."""
    from ..formats.segments import render_segments
    from ..segment import segment_text, splitter_for
    from ..segment.srx import load_srx

    split = load_srx(srx).splitter(lang) if srx else splitter_for(lang)
    texts = [(f, read_text(f)) for f in files]  # read everything first: a bad file fails before any output
    out: list[str] = []
    warnings: list[str] = []
    for path, text in texts:
        doc = segment_text(text, lang, split=split, source=str(path), warnings=warnings)
        if fmt is SegFormat.jsonl:
            for i, s in enumerate(doc.sentences):
                rec = {
                    "file": str(path),
                    "index": i,
                    "paragraph": s.paragraph,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                }
                out.append(json.dumps(rec, ensure_ascii=False) + "\n")
            continue
        if out and doc.sentences:
            out.append("\n")  # files are separated like paragraphs
        out.append(render_segments(doc.sentences))
    for warning in warnings:
        typer.echo(f"aligner: warning: {warning}", err=True)
    emit("".join(out), output)
