#!/usr/bin/env python3
"""Rebuild the demo release pairs in corpora/ from TICO-19 (CC0) and the seed release.

Each TICO-19 Wikinews document becomes one release: the first line (the article title) is the headline, the following
sentences are grouped three to a paragraph, one paragraph per line; a French sentence goes in the paragraph of its
English original.

TICO-19's French file is line-parallel with the English for most of its 2,100 lines, but not around Wikinews_1 and
Wikinews_3: there the French has only part of the sentences, shifted (checked by reading). Wikinews_4 and Wikinews_6 are
parallel line for line; for Wikinews_1 the French lines 781-788 translate English lines 781-785, 792, 793 and 795 (the
other English sentences have no French), which makes a real release pair with English sentences left untranslated.
Wikinews_3 is left out.

    python scripts/make_corpus.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_PARAGRAPH = 3
# document -> {French line number (1-based): English line number} where the two files are not line-parallel.
FRENCH_LINES = {
    "Wikinews_1": {781: 781, 782: 782, 783: 783, 784: 784, 785: 785, 786: 792, 787: 793, 788: 795},
    "Wikinews_4": None,
    "Wikinews_6": None,
}


def release_text(lines: list[tuple[int, str]], first: int) -> str:
    """Lines as (English line number, text); the first English line of the document is the headline."""
    paras: dict[int, list[str]] = {}
    for en_line, text in lines:
        key = -1 if en_line == first else (en_line - first - 1) // PER_PARAGRAPH
        paras.setdefault(key, []).append(text)
    return "\n".join(" ".join(paras[k]) for k in sorted(paras)) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    tico = args.shared / "eval" / "tico19-en-fr"
    info = (tico / "tico19-test.en.info").read_text(encoding="utf-8").splitlines()
    en = (tico / "tico19-test.en").read_text(encoding="utf-8").splitlines()
    fr = (tico / "tico19-test.fr").read_text(encoding="utf-8").splitlines()
    for doc, fr_map in FRENCH_LINES.items():
        rows = [i + 1 for i, line in enumerate(info) if line.split("\t")[0].split(":")[0] == doc]
        fr_map = fr_map or {n: n for n in rows}
        rid = "tico19_" + doc.lower()
        sides = {
            "en": [(n, en[n - 1].strip()) for n in rows],
            "fr": [(e, fr[f - 1].strip()) for f, e in sorted(fr_map.items())],
        }
        for lang, lines in sides.items():
            out = ROOT / "corpora" / lang / f"{rid}.txt"
            out.write_text(release_text(lines, rows[0]), encoding="utf-8")
            print(out.relative_to(ROOT), len(lines), "sentences")
    seed = ROOT / "corpora" / "fr" / "news_211270.txt"
    shutil.copyfile(args.shared / "seeds" / "000_06adbffbd8b422e2.txt", seed)
    print(seed.relative_to(ROOT), "(seed, no English original)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
