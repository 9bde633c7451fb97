#!/usr/bin/env python3
"""Alignment tasks with machine translations of the source side (used by bench_align.py and fit_calibration_mt.py).

Text+Berg (../shared/eval/textberg-de-fr/bleualign_eval_mt, from Bleualign; nothing is copied into the project):
``eval1957.*`` is the dev document, ``eval1989.*`` the seven test documents joined with ``.EOA`` lines. Each holds the
German side translated into French by Google Translate (``google.fr``) and by a Moses system trained on Europarl
(``europarlfull.fr``), and the French side translated into German by Google (``google.de``).

Conditions:
- ``google``, ``europarl``: de -> fr with that translation of the German side;
- ``google fr-de``: the other direction (French source, German target, Google's German of the French);
- ``... releases``: the same document cut into release-sized pieces of 20 gold beads (lexical evidence is thinner in
  a short text, which is where the run aligns);
- poor translations, for the "never worse" check: ``shuffled`` (the Google lines in random order), ``source copied``
  (the German itself given as its translation), ``other document`` (the translation of another text, cut or padded
  to length), ``word salad`` (Google's words, shuffled within each line and a third of them dropped).

    python scripts/mt_tasks.py [--shared ../shared]   # lists the conditions and their sizes
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from align_tasks import Task, lines, textberg_tasks  # noqa: E402

from aligner.model import Bead  # noqa: E402

MT_DIR = Path("eval") / "textberg-de-fr" / "bleualign_eval_mt"
SYSTEMS = {"google": "google.fr", "europarl": "europarlfull.fr"}


@dataclass
class MTTask:
    task: Task
    translations: list[str]  # one per source sentence of the task


def split_documents(shared: Path, split: str, suffix: str, side: str = "de") -> list[list[str]]:
    """The lines of ``eval<year>.<suffix>`` cut into documents where ``eval<year>.<side>`` has ``.EOA`` lines."""
    year = "1957" if split == "dev" else "1989"
    marks = lines(shared / MT_DIR / f"eval{year}.{side}")
    mt = lines(shared / MT_DIR / f"eval{year}.{suffix}")
    if len(mt) != len(marks):
        raise SystemExit(f"eval{year}.{suffix}: {len(mt)} lines, eval{year}.{side} has {len(marks)}")
    docs: list[list[str]] = [[]]
    for mark, text in zip(marks, mt):
        if mark.strip() == ".EOA":
            docs.append([])
        else:
            docs[-1].append(text)
    return docs


def reversed_task(t: Task) -> Task:
    gold = [Bead(g.tgt, g.src) for g in t.gold]
    return Task(t.name + ".fr-de", t.group, t.role, t.tgt_lang, t.src_lang, gold, list(t.tgt), list(t.src))


def with_mt(shared: Path, split: str, system: str) -> list[MTTask]:
    """Text+Berg ``split`` with ``system``'s translations: ``google``, ``europarl`` or ``google fr-de``."""
    tasks = textberg_tasks(shared, split)
    if system == "google fr-de":
        docs = split_documents(shared, split, "google.de", side="fr")
        return [MTTask(reversed_task(t), d) for t, d in zip(tasks, docs)]
    docs = split_documents(shared, split, SYSTEMS[system])
    return [MTTask(t, d) for t, d in zip(tasks, docs)]


def releases(items: list[MTTask], size: int = 20) -> list[MTTask]:
    """Each document cut after every ``size`` gold beads into a smaller task (sentences the gold leaves out stay
    where they are)."""
    out = []
    for it in items:
        t = it.task
        beads = list(t.gold)  # in document order, as the gold files list them
        cuts, si, ti = [(0, 0)], 0, 0
        for k, b in enumerate(beads, 1):
            si = max([si, *(i + 1 for i in b.src)])
            ti = max([ti, *(j + 1 for j in b.tgt)])
            if k % size == 0 and len(beads) - k >= size // 2:
                cuts.append((si, ti))
        cuts.append((len(t.src), len(t.tgt)))
        for c, ((s0, t0), (s1, t1)) in enumerate(zip(cuts, cuts[1:])):
            gold = [
                Bead(tuple(i - s0 for i in b.src), tuple(j - t0 for j in b.tgt))
                for b in beads
                if all(s0 <= i < s1 for i in b.src) and all(t0 <= j < t1 for j in b.tgt) and (b.src or b.tgt)
            ]
            sub = replace(t, name=f"{t.name}#{c}", gold=gold, src=t.src[s0:s1], tgt=t.tgt[t0:t1])
            out.append(MTTask(sub, it.translations[s0:s1]))
    return out


def poor(items: list[MTTask], kind: str, seed: int = 3) -> list[MTTask]:
    """The same tasks with a poor translation (see the module docstring)."""
    rng = random.Random(seed)
    out = []
    for k, it in enumerate(items):
        mt = it.translations
        if kind == "shuffled":
            bad = rng.sample(mt, len(mt))
        elif kind == "source copied":
            bad = list(it.task.src)
        elif kind == "other document":
            other = items[(k + 1) % len(items)].translations if len(items) > 1 else mt[::-1]
            bad = [other[i % len(other)] for i in range(len(mt))] if other else [""] * len(mt)
        elif kind == "word salad":
            bad = []
            for line in mt:
                words = line.split()
                rng.shuffle(words)
                bad.append(" ".join(words[: max(1, (2 * len(words)) // 3)]))
        else:
            raise ValueError(kind)
        out.append(MTTask(it.task, bad))
    return out


POOR = ("shuffled", "source copied", "other document", "word salad")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    for split in ("dev", "test"):
        for system in ("google", "europarl", "google fr-de"):
            items = with_mt(args.shared, split, system)
            print(f"Text+Berg {split:4} {system:13} {len(items):3} docs {len(releases(items)):3} releases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
