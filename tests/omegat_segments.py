"""How often OmegaT 3.6 (headless) segments release text exactly as aligner does.

OmegaT prints no segment list in console mode, so the check goes through translation: every sentence of aligner's
built-in segmentation enters a memory with a unique marker as its translation (``⟦17⟧``); OmegaT translates the texts
from that memory, and a paragraph of OmegaT's output made only of the markers of aligner's sentences, in order, was
segmented exactly like aligner's. Any other segment stays untranslated and shows as a difference.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from aligner.errors import AlignerError
from aligner.export.omegat import FILTERS, omegat_language, project_file
from aligner.segment import paragraph_spans, segment_text

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
_MARK = re.compile(r"⟦(\d+)⟧")


@dataclass(frozen=True)
class OmegatAgreement:
    paragraphs: int
    identical: int
    differences: tuple[str, ...]  # "file:line: OmegaT's output", the first few

    @property
    def share(self) -> float:
        return self.identical / self.paragraphs if self.paragraphs else 1.0


def omegat_agreement(
    texts: dict[str, str], lang: str, project: Path, conf: str | None = None, timeout: int = 600
) -> OmegatAgreement:
    """Segment ``texts`` ({file name: release text}) with OmegaT and compare with aligner's built-in segmentation.

    ``conf`` is an OmegaT 3.6 ``segmentation.conf`` for the project (see :func:`.srx_export.export_omegat_conf`);
    without it OmegaT uses its own default rules. ``project`` is an empty folder to build the OmegaT project in.
    """
    java = shutil.which("java")
    if java is None or not OMEGAT_JAR.exists():
        raise AlignerError("OmegaT is not installed (Debian package omegat)")
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary", "config"):
        (project / sub).mkdir(parents=True, exist_ok=True)
    target = "fr" if lang == "en" else "en"
    src, tgt = omegat_language(lang), omegat_language(target)
    (project / "omegat.project").write_text(project_file(lang, target), encoding="utf-8")
    (project / "omegat" / "filters.xml").write_text(FILTERS, encoding="utf-8")
    if conf is not None:
        (project / "omegat" / "segmentation.conf").write_text(conf, encoding="utf-8")
    ids: dict[str, int] = {}
    expected: dict[str, list[list[int]]] = {}
    for name, text in texts.items():
        (project / "source" / name).write_text(text, encoding="utf-8")
        paragraphs = [segment_text(text[a:b], lang).sentences for a, b in paragraph_spans(text)]
        expected[name] = [[ids.setdefault(s.text, len(ids)) for s in sents] for sents in paragraphs]
    _write_memory(project / "tm" / "auto" / "aligner.tmx", ids, src, tgt)
    cmd = [java, "-jar", str(OMEGAT_JAR), str(project), "--mode=console-translate"]
    cmd += [f"--config-dir={project / 'config'}", "--disable-project-locking", "--no-team", "--quiet"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if res.returncode != 0:
        raise AlignerError(f"OmegaT failed (exit {res.returncode}): {res.stderr.strip()[-300:]}")
    return _compare(project / "target", expected)


def _write_memory(path: Path, ids: dict[str, int], src: str, tgt: str) -> None:
    units = "".join(
        f'<tu><tuv xml:lang="{src}"><seg>{escape(s)}</seg></tuv><tuv xml:lang="{tgt}"><seg>⟦{i}⟧</seg></tuv></tu>\n'
        for s, i in ids.items()
    )
    header = (
        f'<header creationtool="aligner" creationtoolversion="1" segtype="sentence" o-tmf="aligner" adminlang="en"'
        f' srclang="{src}" datatype="plaintext"/>'
    )
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">{header}<body>\n{units}</body></tmx>\n'
    path.write_text(text, encoding="utf-8")


def _compare(target: Path, expected: dict[str, list[list[int]]]) -> OmegatAgreement:
    total = same = 0
    differences: list[str] = []
    for name, paragraphs in expected.items():
        out = (target / name).read_text(encoding="utf-8")
        lines = [(n, line) for n, line in enumerate(out.split("\n"), 1) if line.strip()]
        for want, (n, got) in zip(paragraphs, lines):
            total += 1
            if [int(m) for m in _MARK.findall(got)] == want and not _MARK.sub("", got).strip():
                same += 1
            elif len(differences) < 10:
                differences.append(f"{name}:{n}: {got[:200]}")
    return OmegatAgreement(total, same, tuple(differences))
