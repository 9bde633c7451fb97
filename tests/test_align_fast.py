"""The fast paths of the aligner give the alignments of the plain ones.

Short pairs go through dense arrays and per-process caches (``align/dense.py``, ``vocab.py``, ``lextable.py``), the DP
runs all bead types of a row at once, the pass-2 lexicon of a short pair is counted with arrays and tokenize scans once
per token kind. ``fixtures/align-golden/main-01118aa.json`` holds what main at 01118aa (before any of these) gave on
the cases below: every bead, its confidence and its features (4 decimals), and the calibration of the final pass.
Rewrite it only for a change that is meant to change alignments: ``python tests/test_align_fast.py`` with that
version first on ``sys.path``.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.align import AlignParams, Lexicon, align_documents, align_sentences, learn_corpus_lexicon
from aligner.segment import segment_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = FIXTURES / "align-golden" / "main-01118aa.json"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def cases():
    """(name, thunk) of every alignment the golden file covers: release pairs of ``corpora/`` (segmented), windows of
    the TICO-19 excerpt with sentences left out (short pairs), the BAF tao1 excerpt (a long pair, searched in full and
    in a band), with and without languages and with a user's and a corpus lexicon."""
    fr, en = _lines(FIXTURES / "tico19" / "test-300.fr"), _lines(FIXTURES / "tico19" / "test-300.en")
    corpus = learn_corpus_lexicon(list(zip(fr[:200], en[:200])), "fr", "en")
    user = Lexicon("en", "fr", {"symptoms": (("symptomes", 1.0),), "fever": (("fievre", 0.8),)}, name="user")
    out = []
    for rid in ("tico19_wikinews_1", "tico19_wikinews_4", "tico19_wikinews_6"):
        src = (ROOT / "corpora" / "fr" / f"{rid}.txt").read_text(encoding="utf-8")
        tgt = (ROOT / "corpora" / "en" / f"{rid}.txt").read_text(encoding="utf-8")
        for tag, lexicons in (("", ()), ("+lex", (corpus, user))):
            out.append((rid + tag, _release(src, tgt, lexicons)))
    rng = random.Random(5)
    for k in range(200, 288, 12):
        s, t = fr[k : k + 12], en[k : k + 14]
        for _ in range(2):
            del t[rng.randrange(len(t))]
        s[3] = s[3] + " " + s.pop(4)  # two sentences joined on one side
        out.append((f"tico19/{k}", _pair(s, t, langs=True)))
        out.append((f"tico19/{k}/no-languages", _pair(s, t, langs=False)))
        out.append((f"tico19/{k}+lex", _pair(s, t, langs=True, lexicons=(corpus, user))))
    baf = FIXTURES / "baf-tao1-excerpt"
    bfr, ben = _lines(baf / "tao1.fr.txt"), _lines(baf / "tao1.en.txt")
    out.append(("baf-excerpt", _pair(bfr, ben, langs=True)))
    out.append(("baf-excerpt/band", _pair(bfr, ben, langs=True, params=AlignParams(full_cells=0))))
    out.append(("baf-excerpt/60", _pair(bfr[:60], ben[:58], langs=True)))
    return out


def _release(src: str, tgt: str, lexicons):
    return lambda: align_documents(
        segment_text(src, "fr"), segment_text(tgt, "en"), lexicons=lexicons, keep_features=True
    )


def _pair(src, tgt, langs: bool, lexicons=(), params=None):
    kw = {"src_lang": "fr", "tgt_lang": "en"} if langs else {}
    return lambda: align_sentences(src, tgt, params=params, lexicons=lexicons, keep_features=True, **kw)


def summary(alignment) -> dict:
    """What must not change: beads, confidences, bead features, the final pass's calibration and lexicon sizes."""
    p = alignment.params
    return {
        "beads": [[list(b.src), list(b.tgt), b.score] for b in alignment.beads],
        "features": p["bead_features"],
        "calibration": p["calibration"],
        "passes": p["passes"],
        "lexicons": [(x["name"], x["entries"], x["sha256"]) for x in p["lexicons"]],
    }


def _golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, run", cases(), ids=[c[0] for c in cases()])
def test_alignments_are_those_main_gave(name, run):
    got = json.loads(json.dumps(summary(run())))  # tuples as lists, as in the file
    assert got == _golden()[name]


def test_the_dense_path_gives_the_sparse_paths_alignments(monkeypatch):
    from aligner.align import dense

    fast = {name: summary(run()) for name, run in cases()}
    monkeypatch.setattr(dense, "DENSE_SENTENCES", 0)
    for name, run in cases():
        assert summary(run()) == fast[name], name


def test_per_process_caches_do_not_leak_between_lexicons_or_vocabularies(monkeypatch):
    from aligner.align import vocab

    fr, en = _lines(FIXTURES / "tico19" / "test-300.fr")[:20], _lines(FIXTURES / "tico19" / "test-300.en")[:20]
    one = Lexicon("fr", "en", {"symptomes": (("symptoms", 1.0),)}, name="one")
    two = Lexicon("fr", "en", {"symptomes": (("fever", 1.0),), "fievre": (("symptoms", 1.0),)}, name="two")
    first = [
        summary(align_sentences(fr, en, src_lang="fr", tgt_lang="en", lexicons=(lex,), keep_features=True))
        for lex in (one, two)
    ]
    monkeypatch.setattr(vocab, "MAX_NAMES", 10)  # the vocabulary starts again before every alignment
    again = [
        summary(align_sentences(fr, en, src_lang="fr", tgt_lang="en", lexicons=(lex,), keep_features=True))
        for lex in (two, one)
    ]
    assert first == again[::-1]
    assert first[0] != first[1]  # the two lexicons do make a difference here


def test_a_lexicon_unpickled_again_reuses_its_table_and_a_different_one_does_not():
    import pickle

    from aligner.align.lextable import lexicon_table

    lex = Lexicon("fr", "en", {"maison": (("house", 0.12345),)}, name="user")
    assert len(lex.sha256) == 64  # computed by the run before the lexicon goes to its workers
    again = pickle.loads(pickle.dumps(lex))
    assert again is not lex and lexicon_table([again]).shared is lexicon_table([lex]).shared
    finer = Lexicon("fr", "en", {"maison": (("house", 0.12346),)}, name="user")
    assert finer.sha256 == lex.sha256  # the sha256 rounds weights to 4 decimals ...
    assert lexicon_table([finer]).get("maison") == (("house", 0.12346),)  # ... the table does not


# ---------------------------------------------------------------- the parts, against straightforward versions


def _reference_dp(band, types, costs, ins_cost):
    """The DP as a loop over bead types in every row (main's version), for comparison."""
    n, m, w, lo = band.n, band.m, band.width, band.lo
    cols = np.arange(w)
    C = np.full((n + 1, w), np.inf)
    for i in range(n + 1):
        best = np.full(w, np.inf)
        if i == 0:
            best[0] = 0.0
        for a, b in types:
            if a > i:
                continue
            s = int(lo[i] - lo[i - a] - b)
            k0, k1 = max(0, -s), min(w, w - s)
            if k0 < k1:
                cand = costs[(a, b)][i, k0:k1] + C[i - a, k0 + s : k1 + s]
                seg = best[k0:k1]
                seg[cand < seg] = cand[cand < seg]
        run = np.minimum.accumulate(best - cols * ins_cost) + cols * ins_cost
        with np.errstate(invalid="ignore"):
            use_ins = run < best - 1e-9 * (1.0 + np.abs(run))
        C[i] = np.where(lo[i] + cols <= m, np.where(use_ins, run, best), np.inf)
    return C


@pytest.mark.parametrize("n, m, full", [(1, 1, True), (7, 12, True), (20, 20, True), (40, 33, False), (60, 70, False)])
def test_the_dp_fills_the_band_as_a_loop_over_types_does(n, m, full):
    from aligner.align.dp import Band, bead_posteriors, run_dp
    from aligner.align.params import BEAD_TYPES

    rng = np.random.default_rng(n * 100 + m)
    if full:
        band = Band.full(n, m)
    else:
        width = max(abs(n - m) + 9, 9)
        lo = np.clip(np.round(np.arange(n + 1) * m / n).astype(np.int64) - width // 2, 0, m)
        lo[0], lo[-1] = 0, max(m - width + 1, lo[-2])
        band = Band(np.maximum.accumulate(lo), width, n, m)
    costs = {
        t: np.where(rng.random((n + 1, band.width)) < 0.1, np.inf, rng.random((n + 1, band.width)) * 8)
        for t in BEAD_TYPES
    }
    costs[(1, 1)] = np.round(costs[(1, 1)])  # ties between types and paths
    path, C = run_dp(band, BEAD_TYPES, costs, 4.0)
    assert np.array_equal(C, _reference_dp(band, BEAD_TYPES, costs, 4.0))
    assert sum(a for a, _, _, _ in path) == n and sum(b for _, b, _, _ in path) == m
    posts = bead_posteriors(band, BEAD_TYPES, costs, 4.0, path)
    assert all(0.0 <= p <= 1.0 for p in posts)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sets(st.sampled_from("ab cd ef gh ij kl mn ab2 x y".split())),
            st.sets(st.sampled_from("ab cd zz yy xx ww x".split())),
        ),
        max_size=30,
    ),
    st.integers(0, 3),
    st.sampled_from([0.0, 0.3, 0.6]),
    st.integers(1, 4),
)
def test_a_few_units_are_counted_as_the_counters_count_them(units, min_count, min_dice, top):
    from aligner.align import lexicon

    dense = lexicon.learn_lexicon(units, min_count, min_dice, top)
    old, lexicon.DENSE_UNITS = lexicon.DENSE_UNITS, -1
    try:
        counted = lexicon.learn_lexicon(units, min_count, min_dice, top)
    finally:
        lexicon.DENSE_UNITS = old
    assert dense == counted


def test_a_learned_overlay_is_the_merged_table():
    from aligner.align.features import PREFIX
    from aligner.align.lexicon import merge_entries
    from aligner.align.lextable import lexicon_table

    base = Lexicon(
        "fr", "en", {"maison": (("house", 0.9), ("home", 0.5)), "chat": (("cat", 1.0),), "rouge": (("red", 1.0),)}
    )
    learned = {"maison": (("building", 0.95),), "chien": (("dog", 0.7),), "rouge": (("scarlet", 0.6),)}
    merged = merge_entries([base, learned])
    table = lexicon_table([base]).with_learned(learned)
    assert {w: table.get(w) for w in merged} == merged and len(table) == len(merged)
    assert table.pairs() == sum(len(v) for v in merged.values())
    names = ["w:house", "w:home", "p:build", "w:red", "w:dog", "w:cat", "p:scarl", "w:chat", "n:12", "x:?", "w:none"]
    reach = {t for c in merged.values() for t, _ in c}
    expected = [n[:2] in ("n:", "x:", "f:") or n[2:] in reach or any(t[:PREFIX] == n[2:] for t in reach) for n in names]
    assert table.knowable(names).tolist() == expected


@pytest.mark.parametrize("shape", [(5, 7, 3), (60, 1500, 60), (7, 3000, 200), (1, 600_000, 1)])
def test_products_in_blocks_are_the_product(shape):
    from aligner.align.blas import product

    rng = np.random.default_rng(sum(shape))
    X, Y = rng.random(shape[:2]), rng.random(shape[1:])
    assert np.allclose(product(X, Y), X @ Y, rtol=1e-12, atol=0)


def test_the_capped_length_cost_is_the_length_cost_capped():
    from aligner.align.features import capped_length_cost, gc_length_cost

    rng = np.random.default_rng(3)
    ls, lt = rng.integers(0, 400, (30, 1)).astype(float), rng.integers(0, 400, (1, 40)).astype(float)
    for cap in (0.5, 4.0, 27.0, 30.0):  # 30: over the floor of the tail probability, never reached
        expected = np.minimum(gc_length_cost(ls, lt, 1.1, 6.8), cap)
        assert np.array_equal(capped_length_cost(ls, lt, 1.1, 6.8, cap), expected)


_TOKEN_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(_TOKEN_CHARS, st.sampled_from(list("12,. 3\u00a0é\u0301«»?–ß\x1c"))), max_size=40))
def test_tokenize_finds_what_one_scan_of_all_token_kinds_finds(text):
    from aligner.align import features

    words, numbers, punct = [], [], []
    for tok in features._TOKEN.findall(text):
        if tok[0].isalpha():
            if not features._HAN.match(tok):  # Han runs are no word (see features.tokenize)
                words.append(features.fold(tok))
        elif tok[0].isdigit():
            numbers.append("".join(c for c in tok if c.isdigit()))
        elif tok in features._PUNCT:
            punct.append(features._PUNCT[tok])
    got = features.tokenize(text)
    assert (got.words, got.numbers, got.punct) == (tuple(words), tuple(numbers), tuple(punct))
    assert got.length == len(text) - sum(map(len, features._SPACES.findall(text)))


if __name__ == "__main__":  # write the golden file with the aligner first on sys.path
    import aligner

    print("aligner from", aligner.__file__, file=sys.stderr)
    GOLDEN.parent.mkdir(exist_ok=True)
    data = {name: summary(run()) for name, run in cases()}
    body = ",\n".join(f"{json.dumps(k)}: {json.dumps(data[k], sort_keys=True)}" for k in sorted(data))
    GOLDEN.write_text("{\n" + body + "\n}\n", encoding="utf-8")  # a case per line
