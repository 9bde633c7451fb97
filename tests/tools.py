"""Helpers that run the real consumers of aligner's outputs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FORMATS = Path(__file__).parent / "fixtures" / "formats"
TMX_DTD = FORMATS / "tmx14.dtd"  # LISA TMX 1.4b DTD (CC BY 3.0), see fixtures/formats/README.md
TBX_XSD = FORMATS / "tbx.xsd"
XLIFF_XSD = {
    "2.0": FORMATS / "xliff" / "xliff-core-2.0.xsd",
    "1.2": FORMATS / "xliff" / "xliff-core-1.2-transitional.xsd",
}
TMX_DTD_REL = "formats/lisa-tmx14/tmx14.dtd"  # the same DTD in ../shared (older tests)


def need(cmd: str) -> str:
    path = shutil.which(cmd)
    if path is None:
        pytest.fail(f"{cmd} is not installed: run scripts/setup.sh as root (it installs the Debian packages)")
    return path


def xmllint_valid(path: Path, dtd: Path = TMX_DTD) -> subprocess.CompletedProcess:
    """xmllint's verdict on ``path`` against a DTD (by default the TMX 1.4b DTD)."""
    return subprocess.run(
        [need("xmllint"), "--noout", "--nonet", "--dtdvalid", str(dtd), str(path)], capture_output=True, text=True
    )


def xmllint_schema(path: Path, xsd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [need("xmllint"), "--noout", "--nonet", "--schema", str(xsd), str(path)], capture_output=True, text=True
    )


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([need("msgfmt"), "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)


def release_units(out: Path, release: str) -> list:
    """The memory units of one release of a French-English run: ``memory.tmx`` filtered by ``x-release``."""
    from aligner.formats.tmx import read_tmx

    return [u for u in read_tmx(out / "memory.tmx")[1] if u.prop("x-release") == release]
