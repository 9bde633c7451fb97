"""``aligner translate`` and ``aligner models``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..settings import DEFAULT_MODEL
from ..textio import read_lines
from . import app
from .common import OutputOpt, emit, handles_errors

models_app = typer.Typer(help="Translation models available on this machine.", no_args_is_help=True)
app.add_typer(models_app, name="models")

ModelOpt = Annotated[str, typer.Option("--model", "-m", help="Hub name (looked up locally only) or MarianMT folder.")]
BackendOpt = Annotated[
    str, typer.Option("--backend", "-b", help="auto, transformers or ctranslate2 (auto: ctranslate2 if installed).")
]


def _warn(msg: str) -> None:
    typer.echo(f"aligner: warning: {msg}", err=True)


@app.command()
@handles_errors
def translate(
    file: Annotated[Path, typer.Argument(help="Text file, one segment per line.")],
    model: ModelOpt = DEFAULT_MODEL,
    backend: BackendOpt = "auto",
    beam: Annotated[int, typer.Option("--beam", min=1, help="Beam size (1: greedy).")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Sentences per batch.")] = 16,
    output: OutputOpt = None,
) -> None:
    """Machine-translate a file line by line (French to English by default): order and empty lines are kept."""
    from ..translate import load_translator

    lines = read_lines(file)
    tr = load_translator(model, backend, beam=beam, batch_size=batch_size, warn=_warn)
    out = tr.translate(lines)
    emit("".join(line + "\n" for line in out), output)


@models_app.command("list")
@handles_errors
def models_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Models on this machine (aligner's model folder and the Hugging Face cache), with their revision and the
    language pair each covers (an opus-mt-mul-xx model covers every language into xx)."""
    from ..translate.models import language_pair, list_models, models_dir

    found = list_models()
    if as_json:
        rows = [
            {"name": m.name, "path": str(m.path), "revision": m.revision, "pair": language_pair(m.name)} for m in found
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    if not found:
        typer.echo(f"no model found (looked in {models_dir()} and the Hugging Face cache)", err=True)
    for m in found:
        typer.echo(f"{m.name}\t{language_pair(m.name) or '?'}\t{m.revision[:12]}\t{m.path}")


@models_app.command("pull")
@handles_errors
def models_pull(name: Annotated[str, typer.Argument(help="Hub name, e.g. Helsinki-NLP/opus-mt-fr-en.")]) -> None:
    """Download a model from the model hub into aligner's model folder (needs network access)."""
    from ..translate.models import pull_model

    ref = pull_model(name)
    typer.echo(f"{ref.name}\t{ref.revision[:12]}\t{ref.path}")


@models_app.command("convert")
@handles_errors
def models_convert(
    model: Annotated[str, typer.Argument(help="MarianMT folder or local hub name.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder (default: cached beside the model).")
    ] = None,
    quantization: Annotated[
        str, typer.Option("--quantization", help="int8, int8_float16, float16 or float32.")
    ] = "int8",
    force: Annotated[bool, typer.Option("--force", help="Convert again even if a conversion exists.")] = False,
) -> None:
    """Convert a MarianMT model to CTranslate2 (done once; ``translate --backend ctranslate2`` reuses it)."""
    from ..translate.backends import convert_model
    from ..translate.models import resolve_model

    path = convert_model(resolve_model(model), out, quantization, force)
    typer.echo(str(path))
