"""The bead format of Vecalign, Bertalign and Bleualign: ``[i, j]:[k]`` or ``[i]:[k]:0.873`` per line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import regex

from ..errors import FormatError
from ..model import Alignment, Bead
from ..textio import read_text

_LINE = regex.compile(r"^\s*\[([0-9,\s]*)\]\s*:\s*\[([0-9,\s]*)\]\s*(?::\s*([-+0-9.eE]+|nan))?\s*$")


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(" ", "").split(",") if x)


def parse_beads(text: str, path: str | Path = "<beads>") -> list[Bead]:
    beads = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            raise FormatError(f"not a bead line: {line[:60]!r}", path, lineno)
        score = float(m.group(3)) if m.group(3) and m.group(3) != "nan" else 1.0
        beads.append(Bead(_ids(m.group(1)), _ids(m.group(2)), score))
    return beads


def read_beads(path: str | Path) -> list[Bead]:
    return parse_beads(read_text(path), path)


def format_ref(alignment: Alignment) -> str:
    lines = []
    for b in alignment.beads:
        lines.append(f"[{', '.join(map(str, b.src))}]:[{', '.join(map(str, b.tgt))}]:{b.score:.4f}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_jsonl(alignment: Alignment, src: Sequence[str], tgt: Sequence[str]) -> str:
    out = []
    for b in alignment.beads:
        rec = {
            "src": [src[i] for i in b.src],
            "tgt": [tgt[j] for j in b.tgt],
            "src_ids": list(b.src),
            "tgt_ids": list(b.tgt),
            "score": b.score,
        }
        out.append(json.dumps(rec, ensure_ascii=False))
    return "\n".join(out) + ("\n" if out else "")


def format_tsv(alignment: Alignment, src: Sequence[str], tgt: Sequence[str]) -> str:
    """French text, English text, score, source ids, target ids (tabs and newlines in text become spaces)."""

    def clean(parts: list[str]) -> str:
        return " ".join(parts).replace("\t", " ").replace("\n", " ")

    out = []
    for b in alignment.beads:
        out.append(
            "\t".join(
                [
                    clean([src[i] for i in b.src]),
                    clean([tgt[j] for j in b.tgt]),
                    f"{b.score:.4f}",
                    ",".join(map(str, b.src)),
                    ",".join(map(str, b.tgt)),
                ]
            )
        )
    return "\n".join(out) + ("\n" if out else "")
