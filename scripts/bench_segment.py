#!/usr/bin/env python3
"""Sentence segmentation benchmark on NTREX-128 paragraphs: aligner against sentence-splitter and pysbd.

Tasks: every NTREX document becomes release-like text — a line without final punctuation (the headline, a subheading)
is a paragraph of its own, as in a release; the other gold sentences are joined with a space into paragraphs of 2 to 5
sentences (fixed seed). The gold sentence
lines give the boundaries. Boundary precision/recall/F1 count only boundaries inside paragraphs (paragraph edges are
given to every segmenter). Positions are compared in non-white-space characters, so a peer that trims or normalises
spaces is not penalised. Speed: sentences per second over the whole set, same run, same machine.

    python scripts/bench_segment.py [--shared ../shared] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aligner.segment import splitter_for  # noqa: E402

LANGS = {"fr": "newstest2019-ref.fra.txt", "en": "newstest2019-src.eng.txt"}


def build_tasks(ntrex: Path, lang: str, seed: int = 13) -> list[tuple[str, list[int]]]:
    """Paragraphs with the gold boundary positions (in non-space characters) inside each."""
    ids = (ntrex / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    lines = (ntrex / LANGS[lang]).read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[str]] = {}
    for doc_id, line in zip(ids, lines):
        docs.setdefault(doc_id, []).append(line.strip())
    rng = random.Random(seed)
    tasks = []
    for sents in docs.values():
        # Lines with no final punctuation are headlines and subheadings: in a release they stand on a line of their
        # own, so they are paragraphs of their own here too.
        blocks: list[list[str]] = [[]]
        for s in sents:
            if _is_heading(s):
                blocks += [[s], []]
            else:
                blocks[-1].append(s)
        for body in blocks:
            i = 0
            while i < len(body):
                k = rng.randint(2, 5)
                group = body[i : i + k]
                i += k
                gold, pos = [], 0
                for s in group[:-1]:
                    pos += _nonspace(s)
                    gold.append(pos)
                tasks.append((" ".join(group), gold))
    return tasks


def _is_heading(line: str) -> bool:
    body = line.rstrip().rstrip("»\"”’')\u00a0\u202f ")
    return not body.endswith((".", "!", "?", "…", ":"))


def _nonspace(s: str) -> int:
    return sum(1 for ch in s if not ch.isspace())


def boundaries_from_sentences(sentences: list[str]) -> list[int]:
    out, pos = [], 0
    for s in sentences[:-1]:
        pos += _nonspace(s)
        out.append(pos)
    return out


def aligner_segmenter(lang: str) -> Callable[[str], list[str]]:
    split = splitter_for(lang)

    def run(para: str) -> list[str]:
        edges = [0, *split(para), len(para)]
        return [para[a:b] for a, b in zip(edges, edges[1:])]

    return run


def peers(lang: str) -> dict[str, Callable[[str], list[str]]]:
    out: dict[str, Callable[[str], list[str]]] = {}
    try:
        from sentence_splitter import SentenceSplitter

        ss = SentenceSplitter(language=lang)
        out["sentence-splitter"] = ss.split
    except ImportError:
        print("sentence-splitter not installed (pip install -e '.[bench]')", file=sys.stderr)
    try:
        import pysbd

        seg = pysbd.Segmenter(language=lang, clean=False)
        out["pysbd"] = seg.segment
    except ImportError:
        print("pysbd not installed (pip install -e '.[bench]')", file=sys.stderr)
    return out


def evaluate(fn: Callable[[str], list[str]], tasks: list[tuple[str, list[int]]]) -> dict:
    tp = fp = fn_ = n_sent = 0
    t0 = time.perf_counter()
    predicted = [fn(text) for text, _ in tasks]
    elapsed = time.perf_counter() - t0
    for (_text, gold), sents in zip(tasks, predicted):
        sents = [s for s in sents if s.strip()]
        pred = set(boundaries_from_sentences(sents))
        g = set(gold)
        tp += len(pred & g)
        fp += len(pred - g)
        fn_ += len(g - pred)
        n_sent += len(g) + 1
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn_) if tp + fn_ else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "sentences_per_s": n_sent / elapsed, "seconds": elapsed}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--errors", type=int, default=0, help="show the first N boundaries aligner gets wrong")
    args = ap.parse_args()
    ntrex = args.shared / "eval" / "ntrex128-en-fr"
    results = {}
    for lang in LANGS:
        tasks = build_tasks(ntrex, lang)
        systems = {"aligner": aligner_segmenter(lang), **peers(lang)}
        results[lang] = {name: evaluate(fn, tasks) for name, fn in systems.items()}
        if args.errors:
            _show_errors(aligner_segmenter(lang), tasks, args.errors)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print("NTREX-128 paragraphs (headline + 2-5 sentence paragraphs), boundary P/R/F1, sentences/s")
    print(f"{'lang':4} {'system':18} {'P':>6} {'R':>6} {'F1':>6} {'sent/s':>9}")
    for lang, rows in results.items():
        for name, r in rows.items():
            print(
                f"{lang:4} {name:18} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}"
                f" {r['sentences_per_s']:9.0f}"
            )
    return 0


def _show_errors(fn, tasks, limit):
    shown = 0
    for text, gold in tasks:
        sents = [s for s in fn(text) if s.strip()]
        pred = set(boundaries_from_sentences(sents))
        for kind, pos in [("FP", b) for b in pred - set(gold)] + [("FN", b) for b in set(gold) - pred]:
            idx = _char_index(text, pos)
            print(kind, repr(text[max(0, idx - 70) : idx]), "|", repr(text[idx : idx + 40]), file=sys.stderr)
            shown += 1
            if shown >= limit:
                return


def _char_index(text: str, nonspace_pos: int) -> int:
    count = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            if count == nonspace_pos:
                return i
            count += 1
    return len(text)


if __name__ == "__main__":
    raise SystemExit(main())
