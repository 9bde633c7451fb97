#!/usr/bin/env python3
"""The alignment development and test tasks, and how to run a system on them (used by bench_align.py and
fit_calibration.py).

Sets (all from ../shared/eval; nothing is copied into the project):
- BAF ``tao1``, ``tao2``, ``citi2`` (fr-en, presegmented, hand-made gold): development, one document each;
- Text+Berg ``dev`` (de-fr): development; ``test0``-``test6``: test, never used to choose anything;
- NTREX-128 release-like tasks (fr-en): each of the 123 documents becomes an English and a French release (headline
  line, then paragraphs of 2-5 sentences; a line without final punctuation, a subheading, is a paragraph of its own,
  as in a release); 7% of the sentences are dropped from the French side and 4% from the
  English side, 8% are fused with the next one on one side (fixed seed). The aligner segments the raw text itself and
  its beads are projected onto the gold sentences by character offsets. Development.
Per-bead correctness (for calibration) is strict: the predicted bead is exactly a gold bead; for a one-sided bead, the
gold leaves that sentence unaligned too. Text+Berg gold does not cover every sentence: a bead touching a sentence the
gold does not mention is left out of the calibration rows (it is neither right nor wrong), but counts in F1 as usual.

    python scripts/align_tasks.py [--shared ../shared]   # lists the tasks and their sizes
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aligner.formats.beads import read_beads  # noqa: E402
from aligner.model import Bead  # noqa: E402


def lines(path: Path) -> list[str]:
    out = path.read_text(encoding="utf-8").split("\n")
    if out and out[-1] == "":
        out.pop()
    return out


@dataclass
class Task:
    name: str
    group: str  # the set it belongs to, as reported
    role: str  # "dev" or "test"
    src_lang: str
    tgt_lang: str
    gold: list[Bead]
    src: list[str] = field(default_factory=list)  # presegmented tasks
    tgt: list[str] = field(default_factory=list)
    src_text: str = ""  # release tasks: raw text and gold unit spans
    tgt_text: str = ""
    src_spans: list[tuple[int, int]] = field(default_factory=list)
    tgt_spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def release(self) -> bool:
        return bool(self.src_text)


@dataclass
class Outcome:
    """A system's beads on one task, mapped onto the gold's units, and per-bead calibration rows."""

    task: Task
    pred: list[Bead]
    rows: list[tuple[dict, bool]]  # (bead features, correct), beads the gold cannot judge left out
    scores: list[float]


def baf_tasks(shared: Path) -> list[Task]:
    baf = shared / "eval" / "baf-fr-en"
    out = []
    for d in ("tao1", "tao2", "citi2"):
        gold = read_beads(baf / "gold" / f"{d}.fr-en.ref")
        out.append(Task(d, f"BAF {d}", "dev", "fr", "en", gold, lines(baf / f"{d}.fr.txt"), lines(baf / f"{d}.en.txt")))
    return out


def textberg_tasks(shared: Path, split: str) -> list[Task]:
    tb = shared / "eval" / "textberg-de-fr"
    names = ["dev"] if split == "dev" else [f"test{i}" for i in range(7)]
    role = "dev" if split == "dev" else "test"
    group = f"Text+Berg {split}"
    return [
        Task(n, group, role, "de", "fr", read_beads(tb / f"{n}.defr"), lines(tb / f"{n}.de"), lines(tb / f"{n}.fr"))
        for n in names
    ]


def all_tasks(shared: Path) -> list[Task]:
    return baf_tasks(shared) + textberg_tasks(shared, "dev") + ntrex_tasks(shared) + textberg_tasks(shared, "test")


# ---------------------------------------------------------------- NTREX release-like tasks

# language -> its NTREX-128 file under shared/eval: the English originals and their translations, line for line
NTREX_FILES = {
    "fr": "ntrex128-en-fr/newstest2019-ref.fra.txt",
    "en": "ntrex128-en-fr/newstest2019-src.eng.txt",
    **{
        lang: f"ntrex128-multi/newstest2019-ref.{code}.txt"
        for lang, code in (
            ("de", "deu"), ("es", "spa"), ("it", "ita"), ("pt", "por"), ("nl", "nld"),
            ("pl", "pol"), ("ru", "rus"), ("uk", "ukr"), ("zh", "zho-CN"),
        )
    },
}  # fmt: skip


def ntrex_lines(shared: Path, lang: str) -> list[str]:
    """The NTREX-128 lines of ``lang`` (``en`` for the originals)."""
    return lines(shared / "eval" / NTREX_FILES[lang])


def ntrex_ids(shared: Path) -> list[str]:
    """The document id of each NTREX-128 line."""
    return lines(shared / "eval" / "ntrex128-en-fr" / "DOCUMENT_IDS.tsv")


def ntrex_tasks(shared: Path, seed: int = 11, drop_fr: float = 0.07, drop_en: float = 0.04, fuse: float = 0.08):
    docs: dict[str, list[tuple[str, str]]] = {}
    for d, e, f in zip(ntrex_ids(shared), ntrex_lines(shared, "en"), ntrex_lines(shared, "fr")):
        docs.setdefault(d, []).append((f.strip(), e.strip()))
    rng = random.Random(seed)
    tasks = []
    for doc_id, pairs in docs.items():
        fr_paras, en_paras, beads = _release_events(pairs, rng, drop_fr, drop_en, fuse)
        fr_text, fr_spans = _render(fr_paras, [p[0] for p in pairs])
        en_text, en_spans = _render(en_paras, [p[1] for p in pairs])
        fr_unit_of = {tuple(u): i for i, u in enumerate(u for p in fr_paras for u in p)}
        en_unit_of = {tuple(u): i for i, u in enumerate(u for p in en_paras for u in p)}
        gold = [Bead(tuple(_units_for(fs, fr_unit_of)), tuple(_units_for(es, en_unit_of))) for fs, es in beads]
        tasks.append(
            Task(
                doc_id, "NTREX release-like", "dev", "fr", "en", gold,
                src_text=fr_text, tgt_text=en_text, src_spans=fr_spans, tgt_spans=en_spans,
            )
        )  # fmt: skip
    return tasks


def misfiled_tasks(shared: Path, count: int = 20, seed: int = 5) -> list[Task]:
    """French release k paired with the English release of another document: nothing is a translation, so the right
    alignment leaves every sentence unaligned. Used only to fit and check the confidence calibration."""
    real = ntrex_tasks(shared, seed=seed, drop_fr=0.0, drop_en=0.0, fuse=0.0)
    out = []
    for k in range(min(count, len(real) - 1)):
        fr, en = real[k], real[(k + 7) % len(real)]
        gold = [Bead((i,), ()) for i in range(len(fr.src_spans))] + [Bead((), (j,)) for j in range(len(en.tgt_spans))]
        out.append(
            Task(
                f"{fr.name}+{en.name}", "NTREX misfiled", "dev", "fr", "en", gold,
                src_text=fr.src_text, tgt_text=en.tgt_text, src_spans=fr.src_spans, tgt_spans=en.tgt_spans,
            )
        )  # fmt: skip
    return out


def _release_events(pairs, rng: random.Random, drop_fr: float, drop_en: float, fuse: float):
    """Paragraphs of units (lists of sentence numbers) on each side, and the gold beads over sentence numbers."""
    paras = [[0]]  # the headline alone, then 2-5 sentences per paragraph; a subheading stands alone
    k = 1
    while k < len(pairs):
        size = rng.randint(2, 5)
        para: list[int] = []
        while k < len(pairs) and len(para) < size:
            if _is_heading(pairs[k]):
                if para:
                    paras.append(para)
                paras.append([k])
                para = []
                k += 1
                break
            para.append(k)
            k += 1
        if para:
            paras.append(para)
    beads: list[tuple[list[int], list[int]]] = []
    fr_paras, en_paras = [], []
    for para in paras:
        fr_p: list[list[int]] = []
        en_p: list[list[int]] = []
        pos = 0
        while pos < len(para):
            s = para[pos]
            r = rng.random()
            nxt = para[pos + 1] if pos + 1 < len(para) else None
            if s > 0 and r < drop_fr:
                en_p.append([s])
                beads.append(([], [s]))
            elif s > 0 and r < drop_fr + drop_en:
                fr_p.append([s])
                beads.append(([s], []))
            elif s > 0 and nxt is not None and r < drop_fr + drop_en + fuse and _fusable(pairs[s]):
                fused, split = (fr_p, en_p) if rng.choice(("fr", "en")) == "fr" else (en_p, fr_p)
                fused.append([s, nxt])
                split += [[s], [nxt]]
                beads.append(([s, nxt], [s, nxt]))
                pos += 1
            else:
                fr_p.append([s])
                en_p.append([s])
                beads.append(([s], [s]))
            pos += 1
        if fr_p:
            fr_paras.append(fr_p)
        if en_p:
            en_paras.append(en_p)
    return fr_paras, en_paras, beads


def _is_heading(pair: tuple[str, str]) -> bool:
    """A line whose English or French has no final punctuation: a headline or subheading, on a line of its own."""
    return any(x and x.rstrip()[-1] not in ".!?…»”\"')]:;" for x in pair)


def _fusable(pair: tuple[str, str]) -> bool:
    return all(len(x) > 1 and x[-1] == "." and x[-2].isalpha() for x in pair)


def _units_for(sents: list[int], unit_of: dict[tuple[int, ...], int]) -> list[int]:
    if not sents:
        return []
    if tuple(sents) in unit_of:
        return [unit_of[tuple(sents)]]
    return sorted(unit_of[(s,)] for s in sents)


def _render(paras: list[list[list[int]]], sentences: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Release text (one paragraph per line) and the character span of every unit."""
    out, spans, pos = [], [], 0
    for para in paras:
        parts = []
        for unit in para:
            text = _fused([sentences[s] for s in unit])
            if parts:
                pos += 1  # the space between sentences
            spans.append((pos, pos + len(text)))
            parts.append(text)
            pos += len(text)
        out.append(" ".join(parts))
        pos += 1  # newline
    return "\n".join(out) + "\n", spans


def _fused(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    first, second = parts
    return first[:-1] + "; " + second[0].lower() + second[1:]


def project(beads, pred_spans, gold_spans, tgt_pred_spans, tgt_gold_spans) -> list[Bead]:
    """Map beads over predicted sentences onto gold units (by character overlap), merging beads that share a unit."""

    def units(span, gold):
        a, b = span
        return [k for k, (x, y) in enumerate(gold) if x < b and a < y]

    groups: list[tuple[set[int], set[int], list[int]]] = []
    for k, bead in enumerate(beads):
        s = {u for i in bead.src for u in units(pred_spans[i], gold_spans)}
        t = {u for j in bead.tgt for u in units(tgt_pred_spans[j], tgt_gold_spans)}
        if groups and (groups[-1][0] & s or groups[-1][1] & t):
            groups[-1][0].update(s)
            groups[-1][1].update(t)
            groups[-1][2].append(k)
        else:
            groups.append((s, t, [k]))
    return [Bead(tuple(sorted(s)), tuple(sorted(t))) for s, t, _ in groups if s or t]


# ---------------------------------------------------------------- running a system

Aligner = Callable[..., object]  # align_sentences-like: (src, tgt, src_par, tgt_par, **kw) -> Alignment


def run_aligner(task: Task, params=None, **kw) -> Outcome:
    """aligner on one task: beads on the gold's units, and a calibration row per bead the gold can judge."""
    from aligner.align import align_documents, align_sentences
    from aligner.segment import segment_text

    if not task.release:
        a = align_sentences(
            task.src, task.tgt, params=params, src_lang=task.src_lang, tgt_lang=task.tgt_lang, keep_features=True, **kw
        )
        rows = _rows(task, list(a.beads), a.params.get("bead_features", []))
        return Outcome(task, list(a.beads), rows, [b.score for b in a.beads])
    sdoc = segment_text(task.src_text, task.src_lang)
    tdoc = segment_text(task.tgt_text, task.tgt_lang)
    a = align_documents(sdoc, tdoc, params, keep_features=True, **kw)
    ssp = [(s.start, s.end) for s in sdoc.sentences]
    tsp = [(s.start, s.end) for s in tdoc.sentences]
    pred = project(list(a.beads), ssp, task.src_spans, tsp, task.tgt_spans)
    gold = {(g.src, g.tgt) for g in task.gold}
    rows = []
    for b, f in zip(a.beads, a.params.get("bead_features", [])):
        p = project([b], ssp, task.src_spans, tsp, task.tgt_spans)
        rows.append(({**f, "confidence": b.score}, bool(p) and (p[0].src, p[0].tgt) in gold))
    return Outcome(task, pred, rows, [b.score for b in a.beads])


def _rows(task: Task, beads: list[Bead], feats: list[dict]) -> list[tuple[dict, bool]]:
    gold = {(g.src, g.tgt) for g in task.gold}
    covered_src = {i for g in task.gold for i in g.src}
    covered_tgt = {j for g in task.gold for j in g.tgt}
    rows = []
    for b, f in zip(beads, feats):
        if not (set(b.src) <= covered_src and set(b.tgt) <= covered_tgt):
            continue  # Text+Berg: the gold says nothing about this sentence
        rows.append(({**f, "confidence": b.score}, (b.src, b.tgt) in gold))
    return rows


def run_galechurch(task: Task) -> list[Bead] | None:
    """galechurch (PyPI) on the same sentences as the aligner (for release tasks: aligner's segmentation)."""
    try:
        import galechurch
    except ImportError:
        return None

    def gc(src, tgt):
        res = galechurch.align(src, tgt)
        return [
            Bead(tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end)))
            for b in res.beads
        ]

    if not task.release:
        return gc(task.src, task.tgt)
    from aligner.segment import segment_text

    sdoc = segment_text(task.src_text, task.src_lang)
    tdoc = segment_text(task.tgt_text, task.tgt_lang)
    beads = gc([s.text for s in sdoc.sentences], [s.text for s in tdoc.sentences])
    ssp = [(s.start, s.end) for s in sdoc.sentences]
    tsp = [(s.start, s.end) for s in tdoc.sentences]
    return project(beads, ssp, task.src_spans, tsp, task.tgt_spans)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    groups: dict[str, list[Task]] = {}
    for t in all_tasks(args.shared):
        groups.setdefault(t.group, []).append(t)
    for g, ts in groups.items():
        print(
            f"{g:24} {ts[0].role:5} {ts[0].src_lang}-{ts[0].tgt_lang} {len(ts):4} docs {sum(len(t.gold) for t in ts):6} gold beads"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
