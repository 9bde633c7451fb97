"""``aligner align`` and ``aligner align-eval``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError, UsageError
from ..fsutil import atomic_write_text
from ..textio import read_lines, read_text
from . import app
from .common import OutputOpt, emit, handles_errors

if TYPE_CHECKING:
    from ..model import Document


class BeadFormat(str, Enum):
    ref = "ref"
    jsonl = "jsonl"
    tsv = "tsv"


def _check_lang(code: str) -> str:
    c = code.strip().lower()
    if not (2 <= len(c) <= 8 and c.replace("-", "").replace("_", "").isalpha()):
        raise UsageError(f"not a language code: {code!r} (use an ISO 639 code such as fr, en, de)")
    return c


SrcArg = Annotated[Path, typer.Argument(help="French (source) file.")]
TgtArg = Annotated[Path, typer.Argument(help="English (target) file.")]
SrcLangOpt = Annotated[str, typer.Option("--src-lang", help="Source language.")]
TgtLangOpt = Annotated[str, typer.Option("--tgt-lang", help="Target language.")]
PresegmentedOpt = Annotated[
    bool, typer.Option("--presegmented", help="Every line is one segment; indices are 0-based line numbers.")
]
FormatOpt = Annotated[BeadFormat, typer.Option("--format", "-f", help="ref ([i]:[j]:score), jsonl or tsv.")]
ParamsOutOpt = Annotated[
    Path | None,
    typer.Option("--params-out", help="Write the calibrated parameters here (default with -o: OUT.params.json)."),
]
LexiconOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--lexicon",
        help="Your own dictionary for SRC->TGT, used from the first pass on: hunalign .dic ('TARGET @ SOURCE') or "
        "TSV ('SOURCE<TAB>TARGET[<TAB>WEIGHT]'). Repeatable.",
    ),
]
NoPriorOpt = Annotated[
    bool, typer.Option("--no-prior-lexicon", help="Do not use the lexicon shipped for the language pair.")
]
TranslationOpt = Annotated[
    Path | None,
    typer.Option(
        "--translation",
        help="Machine translation of SRC into the target language, one line per source segment (per line of SRC "
        "with --presegmented, else per sentence as `aligner segment` prints them): the MT similarity helps the "
        "alignment, as much as the translation proves reliable.",
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", "-m", help="Translate the source sentences with this MarianMT model (hub name or folder) first."
    ),
]
BackendOpt = Annotated[
    str | None, typer.Option("--backend", "-b", help="With --model: auto, transformers or ctranslate2.")
]
BeamOpt = Annotated[int, typer.Option("--beam", min=1, help="With --model: beam size (1: greedy).")]


@app.command()
@handles_errors
def align(
    src_file: SrcArg,
    tgt_file: TgtArg,
    src_lang: SrcLangOpt = "fr",
    tgt_lang: TgtLangOpt = "en",
    presegmented: PresegmentedOpt = False,
    fmt: FormatOpt = BeadFormat.ref,
    output: OutputOpt = None,
    params_out: ParamsOutOpt = None,
    lexicon_files: LexiconOpt = None,
    no_prior: NoPriorOpt = False,
    translation_file: TranslationOpt = None,
    model: ModelOpt = None,
    backend: BackendOpt = None,
    beam: BeamOpt = 1,
) -> None:
    """Align the sentences of a French text with its English original; every sentence is in exactly one bead."""
    from ..align import AlignParams, align_documents, align_sentences, read_lexicon

    src_lang, tgt_lang = _check_lang(src_lang), _check_lang(tgt_lang)
    _check_mt_options(translation_file, model, backend)
    lexicons = [read_lexicon(f, src_lang, tgt_lang) for f in lexicon_files or []]
    settings = AlignParams(prior_lexicon=not no_prior)
    src, tgt, docs = _read_pair(src_file, tgt_file, src_lang, tgt_lang, presegmented)
    translations, source = _translations(src, src_file, presegmented, translation_file, model, backend or "auto", beam)
    if docs is None:
        alignment = align_sentences(
            src,
            tgt,
            params=settings,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            lexicons=lexicons,
            translations=translations,
        )
    else:
        alignment = align_documents(docs[0], docs[1], settings, lexicons=lexicons, translations=translations)
    params = {
        "src": str(src_file),
        "tgt": str(tgt_file),
        "src_lang": src_lang,
        "tgt_lang": tgt_lang,
        "presegmented": presegmented,
        "src_sentences": alignment.src_len,
        "tgt_sentences": alignment.tgt_len,
        **({"translation": source} if source else {}),
        **alignment.params,
    }
    emit(_format(alignment, fmt, src, tgt), output)
    if params_out is None and output is not None:
        params_out = output.with_name(output.name + ".params.json")
    if params_out is not None:
        atomic_write_text(params_out, json.dumps(params, indent=2, ensure_ascii=False) + "\n")


def _read_pair(
    src_file: Path, tgt_file: Path, src_lang: str, tgt_lang: str, presegmented: bool
) -> tuple[list[str], list[str], tuple[Document, Document] | None]:
    """Both sides' sentences, and with release texts (not ``presegmented``) their segmented documents."""
    if presegmented:
        return read_lines(src_file), read_lines(tgt_file), None
    from ..segment import segment_text

    sdoc = segment_text(read_text(src_file), src_lang, source=str(src_file))
    tdoc = segment_text(read_text(tgt_file), tgt_lang, source=str(tgt_file))
    return [s.text for s in sdoc.sentences], [s.text for s in tdoc.sentences], (sdoc, tdoc)


def _check_mt_options(translation_file: Path | None, model: str | None, backend: str | None) -> None:
    if translation_file is not None and model is not None:
        raise UsageError("give either --translation or --model, not both")
    if backend is not None and model is None:
        raise UsageError("--backend needs --model")


def _translations(
    src: list[str], src_file: Path, presegmented: bool, translation_file: Path | None, model, backend: str, beam: int
) -> tuple[list[str] | None, dict | None]:
    """The machine translation of the source segments (from the file, or by the model), and where it came from."""
    from ..align.mtsim import translation_source

    if translation_file is not None:
        lines = read_lines(translation_file)
        if len(lines) != len(src):
            unit = "lines" if presegmented else "sentences once segmented (see `aligner segment`)"
            raise InputError(
                f"{len(lines)} translations, but {src_file} has {len(src)} {unit}: give one line per source segment",
                translation_file,
            )
        return lines, translation_source(file=translation_file, lines=lines)
    if model is None:
        return None, None
    from ..translate import load_translator

    translator = load_translator(model, backend, beam=beam, warn=_warn)
    out = translator.translate(src)
    return out, translation_source(translator=translator)


def _warn(msg: str) -> None:
    typer.echo(f"aligner: warning: {msg}", err=True)


def _format(alignment, fmt: BeadFormat, src: list[str], tgt: list[str]) -> str:
    from ..formats.beads import format_jsonl, format_ref, format_tsv

    if fmt is BeadFormat.ref:
        return format_ref(alignment)
    if fmt is BeadFormat.jsonl:
        return format_jsonl(alignment, src, tgt)
    return format_tsv(alignment, src, tgt)


@app.command("align-eval")
@handles_errors
def align_eval(
    files: Annotated[list[Path], typer.Argument(help="GOLD PRED [GOLD PRED ...] bead files ([i]:[j] per line).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    calibration: Annotated[
        bool,
        typer.Option(
            "--calibration",
            help="Also judge the confidences of PRED ([i]:[j]:score): reliability table, AUROC, ECE, precision >= 0.9.",
        ),
    ] = False,
    bins: Annotated[int, typer.Option("--bins", min=2, max=50, help="Reliability bins (equal width).")] = 10,
) -> None:
    """Strict and lax precision, recall and F1 of predicted alignments against gold ones (summed over all pairs)."""
    from ..formats.beads import read_beads
    from ..score.aligneval import calibration_report, judged_beads, score_pairs

    if len(files) % 2:
        raise UsageError("give GOLD PRED pairs: an even number of files")
    pairs = [(read_beads(files[k]), read_beads(files[k + 1])) for k in range(0, len(files), 2)]
    res: dict = score_pairs(pairs)
    report = None
    if calibration:
        rows, excluded = [], 0
        for gold, pred in pairs:
            r, e = judged_beads(gold, pred)
            rows += r
            excluded += e
        report = calibration_report(rows, bins, excluded)
        res = {**res, "calibration": report.as_dict()}
    if as_json:
        typer.echo(json.dumps(res, indent=2))
        return
    typer.echo(f"{'':10} {'strict':>8} {'lax':>8}")
    for name in ("precision", "recall", "f1"):
        typer.echo(f"{name:10} {res[name + '_strict']:8.4f} {res[name + '_lax']:8.4f}")
    if report is not None:
        _print_calibration(report)


def _print_calibration(report) -> None:
    typer.echo("")
    typer.echo(f"{'confidence':>12} {'beads':>7} {'mean conf':>10} {'accuracy':>9}")
    for b in report.bins:
        typer.echo(f"{f'[{b.lo:.1f}, {b.hi:.1f})':>12} {b.beads:7d} {b.mean_confidence:10.3f} {b.accuracy:9.3f}")
    typer.echo(
        f"beads {report.beads} (left out: {report.excluded} touching sentences the gold does not mention), "
        f"accuracy {report.accuracy:.3f}"
    )
    typer.echo(f"AUROC {report.auroc:.3f}  ECE {report.ece:.3f}")
    typer.echo(f"confidence >= 0.9: {report.beads_at_09} beads, {report.precision_at_09:.3f} right")
