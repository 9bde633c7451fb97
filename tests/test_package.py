"""The package is light to import and installs the ``aligner`` command."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "transformers", "sentencepiece", "ctranslate2")


def test_import_does_not_load_machine_learning_libraries():
    code = (
        "import sys, aligner, aligner.cli, aligner.segment, aligner.corpus; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_console_script_runs():
    out = subprocess.run([sys.executable, "-m", "aligner", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("aligner ")
