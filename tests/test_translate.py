"""Machine translation with the tiny MarianMT fixture: both back ends, conversion, batching, long input, no model."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.translate import ModelNotFound, resolve_model
from aligner.translate.backends import convert_model, make_translator

FIXTURE = Path(__file__).parent / "fixtures" / "tiny-marian-fr-en"
PAIRS = [line.split("\t") for line in (FIXTURE / "pairs.tsv").read_text(encoding="utf-8").splitlines()]
SRC = [f for f, _ in PAIRS]
REF = [e for _, e in PAIRS]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    """A copy of the fixture, so conversions are written outside the repository."""
    path = tmp_path_factory.mktemp("models") / "tiny-marian-fr-en"
    shutil.copytree(FIXTURE, path)
    return path


@pytest.fixture(scope="module")
def ref(model_dir):
    return resolve_model(model_dir)


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_both_back_ends_translate_the_training_pairs(ref, backend):
    tr = make_translator(ref, backend, beam=1, batch_size=7)
    assert tr.translate(SRC) == REF
    assert tr.origin.startswith("mt:tiny-marian-fr-en@")


def test_back_ends_agree_with_greedy_search(ref):
    """Unquantised, CTranslate2 gives exactly what transformers gives, on sentences the model never saw too.

    int8 adds rounding noise: on this 64-dimension model it agrees on the training pairs (tested above); a full-size
    model has the redundancy to absorb it.
    """
    lines = SRC[:12] + ["Le président est arrivé à Bruxelles.", "La paix est forte.", "Les ministres sont prêts."]
    a = make_translator(ref, "transformers", beam=1).translate(lines)
    b = make_translator(ref, "ctranslate2", beam=1, quantization="float32").translate(lines)
    assert a == b and a[:12] == REF[:12]


def test_beam_search_in_both_back_ends(ref):
    for backend in ("transformers", "ctranslate2"):
        assert make_translator(ref, backend, beam=4).translate(SRC[:10]) == REF[:10]


def test_order_and_empty_lines_are_kept_across_batches(ref):
    lines = ["", SRC[3], "   ", SRC[0], SRC[27], "", SRC[10]]
    out = make_translator(ref, "ctranslate2", batch_size=2).translate(lines)
    assert out == ["", REF[3], "", REF[0], REF[27], "", REF[10]]


def test_over_long_input_is_split_with_a_warning(ref):
    warnings: list[str] = []
    long_line = " ".join(SRC * 3)  # far beyond the fixture's 64 positions
    for backend in ("transformers", "ctranslate2"):
        tr = make_translator(ref, backend, warn=warnings.append)
        out = tr.translate([long_line, SRC[1]])
        assert len(out) == 2 and out[1] == REF[1] and out[0]
    assert warnings and "exceeds the model's 64" in warnings[0]


def test_conversion_happens_once(ref):
    path = convert_model(ref)
    stamp = (path / "model.bin").stat().st_mtime_ns
    assert convert_model(ref) == path and (path / "model.bin").stat().st_mtime_ns == stamp
    assert (path / "source.spm").exists()


def test_missing_model_is_one_line_within_a_second(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGNER_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    t0 = time.perf_counter()
    with pytest.raises(ModelNotFound, match="aligner models pull Helsinki-NLP/opus-mt-fr-en"):
        resolve_model("Helsinki-NLP/opus-mt-fr-en")
    assert time.perf_counter() - t0 < 1.0
    f = tmp_path / "in.txt"
    f.write_text("Bonjour.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["translate", str(f)])
    assert res.exit_code == 1 and len(res.stderr.strip().splitlines()) == 1
    assert "'Helsinki-NLP/opus-mt-fr-en' is not on this machine" in res.stderr


def test_a_folder_that_is_not_a_model_is_named(tmp_path):
    with pytest.raises(ModelNotFound, match="not a MarianMT model folder") as info:
        resolve_model(tmp_path)
    assert info.value.path == str(tmp_path)


def test_translate_command_writes_one_line_per_line(model_dir, tmp_path):
    f = tmp_path / "in.txt"
    f.write_text(f"{SRC[0]}\n\n{SRC[5]}\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    for backend in ("transformers", "ctranslate2"):
        res = CliRunner().invoke(
            app,
            [
                "translate",
                str(f),
                "--model",
                str(model_dir),
                "--backend",
                backend,
                "--beam",
                "2",
                "--batch-size",
                "1",
                "-o",
                str(out),
            ],
        )
        assert res.exit_code == 0, res.output
        assert out.read_text(encoding="utf-8") == f"{REF[0]}\n\n{REF[5]}\n"


def test_models_convert_command(model_dir, tmp_path):
    res = CliRunner().invoke(app, ["models", "convert", str(model_dir), "-o", str(tmp_path / "ct2")])
    assert res.exit_code == 0 and (tmp_path / "ct2" / "model.bin").exists()


def test_translation_package_is_light_to_import():
    code = (
        "import sys, aligner.translate, aligner.translate.fill; print(any(m in sys.modules for m in "
        "('torch', 'transformers', 'ctranslate2', 'sentencepiece')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
