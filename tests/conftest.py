from __future__ import annotations

import os
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


# CI runs the property tests on a fixed sequence of examples (a red build must be reproducible); local runs explore.
from hypothesis import settings as _hyp_settings  # noqa: E402

_hyp_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hyp_settings.load_profile("ci")
