"""``aligner apply``: take a reviewer's corrections from the review page into the corpus and the outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from . import app
from .common import handles_errors


@app.command()
@handles_errors
def apply(
    corrections: Annotated[Path, typer.Argument(help="A <release>.corrections.json downloaded from the review page.")],
    corpus: Annotated[Path, typer.Option("--corpus", "-c", help="Corpus folder holding fr/ and en/.")] = Path(
        "corpora"
    ),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder of `aligner run`.")] = Path("build"),
) -> None:
    """Store corrected beads with the corpus (CORPUS/corrections/) and regenerate that release's TMX and PO.

    The corrections are an input: every later `aligner run` uses them while the release's text is unchanged.
    """
    from ..corpus import discover
    from ..errors import AlignerError
    from ..fsutil import atomic_write_text
    from ..pipeline import corrections_path, load_corrections, run_corpus
    from ..segment import segment_text
    from ..textio import read_text
    from ..translate.fill import FillOptions

    try:
        doc = json.loads(read_text(corrections))
        rid = doc["release"]
    except (ValueError, KeyError, TypeError):
        raise AlignerError("not a corrections file (no release)", corrections) from None
    c = discover(corpus)
    release = next((r for r in c.releases if r.id == rid), None)
    if release is None or not release.paired:
        raise AlignerError(f"release {rid!r} is not a paired release of {corpus}", corrections)
    n_src = len(segment_text(read_text(release.fr), "fr").sentences)
    n_tgt = len(segment_text(read_text(release.en), "en").sentences)
    beads = load_corrections(corrections, rid, n_src, n_tgt)
    target = corrections_path(c.root, rid)
    atomic_write_text(target, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    run_corpus(corpus, out, fill_options=FillOptions(model=None))
    typer.echo(f"{rid}: {len(beads)} reviewed beads stored in {target}; TMX, PO and review pages rewritten in {out}/")
