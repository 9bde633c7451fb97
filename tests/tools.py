"""Helpers that run the real consumers of aligner's outputs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TMX_DTD_REL = "formats/lisa-tmx14/tmx14.dtd"


def need(cmd: str) -> str:
    path = shutil.which(cmd)
    if path is None:
        pytest.fail(f"{cmd} is not installed: run scripts/setup.sh as root (it installs the Debian packages)")
    return path


def xmllint_valid(path: Path, dtd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [need("xmllint"), "--noout", "--nonet", "--dtdvalid", str(dtd), str(path)], capture_output=True, text=True
    )


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([need("msgfmt"), "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
