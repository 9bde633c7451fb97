from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALIGNER_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared data folder not found at {SHARED} (set ALIGNER_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return ROOT / "corpora"


@pytest.fixture()
def run_dir(corpus_dir, tmp_path) -> tuple[Path, Path]:
    """A copy of the shipped corpus and a run of it without MT (corrections are stored with the corpus)."""
    from typer.testing import CliRunner

    from aligner.cli import app

    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out), "--no-mt", "-q"])
    assert res.exit_code == 0, res.output
    return corpus, out


# CI runs the property tests on a fixed sequence of examples (a red build must be reproducible); local runs explore.
from hypothesis import settings as _hyp_settings  # noqa: E402

_hyp_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hyp_settings.load_profile("ci")
