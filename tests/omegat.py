"""Run OmegaT headless on French releases with a translation memory, and read how much it translated.

OmegaT's console mode fills every segment that has an exact match in ``tm/auto/`` and writes the target files and
``omegat/project_stats.txt``. The project reads plain-text releases one paragraph per line (the corpus format).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from aligner.errors import AlignerError
from aligner.export.omegat import FILTERS, project_file

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


def translate_with_omegat(project: Path, sources: list[Path], tmx: Path, timeout: int = 300) -> dict[str, dict]:
    """Build an OmegaT project, translate ``sources`` from ``tmx`` and return per-file segment counts.

    Returns ``{file name: {"segments": N, "remaining": R, "translated_share": (N - R) / N}}``.
    """
    java = shutil.which("java")
    if java is None or not OMEGAT_JAR.exists():
        raise AlignerError("OmegaT is not installed (Debian package omegat)")
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary", "config"):
        (project / sub).mkdir(parents=True, exist_ok=True)
    (project / "omegat.project").write_text(project_file("fr", "en"), encoding="utf-8")
    (project / "omegat" / "filters.xml").write_text(FILTERS, encoding="utf-8")
    for src in sources:
        shutil.copyfile(src, project / "source" / src.name)
    shutil.copyfile(tmx, project / "tm" / "auto" / tmx.name)
    return translate_project(project, timeout)


def translate_project(project: Path, timeout: int = 300) -> dict[str, dict]:
    """Run OmegaT 3.6 headless on a ready project (console-translate) and return per-file segment counts."""
    java = shutil.which("java")
    if java is None or not OMEGAT_JAR.exists():
        raise AlignerError("OmegaT is not installed (Debian package omegat)")
    (project / "config").mkdir(exist_ok=True)
    cmd = [
        java,
        "-jar",
        str(OMEGAT_JAR),
        str(project),
        "--mode=console-translate",
        f"--config-dir={project / 'config'}",
        "--disable-project-locking",
        "--no-team",
        "--quiet",
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    stats = project / "omegat" / "project_stats.txt"
    if res.returncode != 0 or not stats.exists():
        raise AlignerError(f"OmegaT failed (exit {res.returncode}): {res.stderr.strip()[-300:]}")
    return parse_stats(stats.read_text(encoding="utf-8"))


def parse_stats(text: str) -> dict[str, dict]:
    out = {}
    in_files = False
    for line in text.splitlines():
        if line.startswith("File Name"):
            in_files = True
            continue
        if in_files and line.strip():
            cols = [c.strip() for c in line.split("\t")]
            if len(cols) >= 3 and cols[1].isdigit():
                total, remaining = int(cols[1]), int(cols[2])
                out[cols[0]] = {
                    "segments": total,
                    "remaining": remaining,
                    "translated_share": (total - remaining) / total if total else 1.0,
                }
    return out
