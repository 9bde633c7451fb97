"""The offline sentence aligner: two passes of banded DP over bead costs, lexicons, calibrated confidence.

Pass 1 aligns on what the texts share by themselves (names, numbers, cognates, punctuation, fragment shapes), the
prior lexicon of the language pair and any lexicon given by the caller, plus sentence length and paragraph structure.
Its confident beads teach a lexicon of the document pair and refit the length model; pass 2 aligns again with both.
Every bead gets the calibrated probability that it is right (``confidence.py``, ``calibration.py``). Similarity and
length scales are calibrated on the documents themselves, and every value used is returned in ``Alignment.params``,
with the lexicons (name, origin, size, sha256) and the calibration used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Alignment, Bead
from . import vocab
from .calibration import Calibration, calibration_for
from .confidence import BeadFeatures, bead_features, pass_evidence
from .costs import BeadCosts, PairContext
from .dp import bead_posteriors, run_dp
from .features import Tokens, tokenize
from .lexfile import prior_lexicon
from .lexicon import Lexicon, learn_lexicon
from .lextable import LexiconTable, lexicon_table
from .params import BEAD_TYPES, AlignParams


def align_sentences(
    src: Sequence[str],
    tgt: Sequence[str],
    src_paragraphs: Sequence[int] | None = None,
    tgt_paragraphs: Sequence[int] | None = None,
    params: AlignParams | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    lexicons: Sequence[Lexicon] = (),
    keep_features: bool = False,
    translations: Sequence[str | None] | None = None,
) -> Alignment:
    """Align two lists of sentences. Every sentence ends up in exactly one bead, in order.

    ``translations`` (one machine translation of each source sentence into the target language) adds the MT
    similarity of ``mtsim.py`` to the final pass, weighted by how well it agrees with the first pass; without it
    nothing of ``mtsim.py`` runs."""
    params = params or AlignParams()
    n, m = len(src), len(tgt)
    if translations is not None:
        from .mtsim import check_translations

        translations = check_translations(translations, n)
    used = _lexicons(params, src_lang, tgt_lang, lexicons)
    calibration = calibration_for(src_lang, tgt_lang)
    info: dict = {"aligner": params.as_dict(), "languages": [src_lang, tgt_lang]}
    info["lexicons"] = [lex.describe() for lex in used]
    info["confidence"] = calibration.describe()
    if translations is not None:
        info["mt"] = {"used": False, "reason": "one side is empty"}
    if n == 0 or m == 0:
        beads = tuple(Bead((i,), (), 1.0) for i in range(n)) + tuple(Bead((), (j,), 1.0) for j in range(m))
        return Alignment(beads, n, m, {**info, "note": "one side is empty"})
    vocab.start_document()
    st = [tokenize(s) for s in src]
    tt = [tokenize(t) for t in tgt]
    ctx = PairContext(st, tt, src, tgt, src_paragraphs, tgt_paragraphs, params, (src_lang, tgt_lang))
    run, history, mt = _passes(ctx, (st, tt, src, tgt), lexicon_table(used), calibration, translations)
    info.update(
        {
            "calibration": run.calibration,
            "band_width": int(ctx.band.width),
            "full_search": bool(ctx.band.width == m + 1),
            "passes": history,
        }
    )
    if keep_features:
        info["bead_features"] = [f.as_dict() for f in run.features]
    if translations is not None:
        info["mt"] = mt.describe(keep_features) if mt is not None else {"used": False, "reason": "a single pass"}
    return Alignment(tuple(run.beads), n, m, info)


def _passes(ctx: PairContext, sides: tuple, base: LexiconTable, calibration, translations: Sequence[str | None] | None):
    """The alignment passes over ``sides`` (the tokens and the texts of both sides): each after the first uses the
    lexicon learned from, the length model refitted on and (with ``translations``) the MT evidence weighed against the
    confident beads of the one before.

    Returns the last pass's run, each pass's summary and the MT evidence (None without translations)."""
    params, (st, tt, src, tgt) = ctx.params, sides
    lexicon = base
    history: list[dict] = []
    run = None
    mt = None
    for p in range(max(1, params.passes)):
        run = _align_pass(ctx, lexicon, calibration, final=p + 1 >= params.passes, mt=mt)
        history.append({"pass": p + 1, "lexicon_entries": len(lexicon), "mean_confidence": run.mean_conf})
        if p + 1 < params.passes:
            learned = learn_lexicon(run.learn_pairs(st, tt), params.lex_min_count, params.lex_min_dice, params.lex_top)
            lexicon = base.with_learned(learned)
            ctx.refit_length(run.confident_11())
            if translations is not None:
                from .mtsim import mt_evidence

                mt = mt_evidence(src, translations, tgt, ctx.band, run.confident_11())
    assert run is not None
    return run, history, mt


def _lexicons(params: AlignParams, src_lang, tgt_lang, lexicons: Sequence[Lexicon]) -> list[Lexicon]:
    """The prior of the pair (unless switched off) and the caller's lexicons, each oriented src -> tgt."""
    out = []
    if params.prior_lexicon:
        prior = prior_lexicon(src_lang, tgt_lang)
        if prior is not None:
            out.append(prior)
    for lex in lexicons:
        oriented = _oriented(lex, src_lang, tgt_lang) if src_lang and tgt_lang else lex
        if oriented is not None:
            out.append(oriented)
    return out


_ORIENTED: dict[tuple[int, str, str], tuple[Lexicon, Lexicon | None]] = {}


def _oriented(lex: Lexicon, src_lang: str, tgt_lang: str) -> Lexicon | None:
    """``lex.for_pair``, kept per process for the same lexicon object (turning a lexicon around copies it)."""
    key = (id(lex), src_lang, tgt_lang)
    hit = _ORIENTED.get(key)
    if hit is None or hit[0] is not lex:
        if len(_ORIENTED) >= 16:
            _ORIENTED.clear()
        hit = _ORIENTED[key] = (lex, lex.for_pair(src_lang, tgt_lang))
    return hit[1]


@dataclass
class _Run:
    beads: list[Bead]
    features: list[BeadFeatures]
    posteriors: list[float]
    learn: list[bool]  # beads pass 2 may learn from: likely (posterior) and clearly above random pairs
    calibration: dict

    @property
    def mean_conf(self) -> float:
        return round(sum(b.score for b in self.beads) / len(self.beads), 4) if self.beads else 0.0

    def learn_pairs(self, st: list[Tokens], tt: list[Tokens], limit: int = 1500):
        """Word sets of confident beads (evenly sampled down to ``limit`` beads for long documents)."""
        beads = [b for b, ok in zip(self.beads, self.learn) if ok and b.src and b.tgt]
        step = max(1, -(-len(beads) // limit))
        for b in beads[::step]:
            yield ({w for i in b.src for w in st[i].words}, {w for j in b.tgt for w in tt[j].words})

    def confident_11(self) -> list[tuple[int, int]]:
        return [(b.src[0], b.tgt[0]) for b, ok in zip(self.beads, self.learn) if ok and b.kind == "1-1"]


def _align_pass(ctx: PairContext, lexicon: LexiconTable, calibration: Calibration, final: bool = True, mt=None) -> _Run:
    """One search. Only the final pass computes posteriors (the costliest part); an earlier pass learns from beads
    that are clearly above random pairs and needs nothing more. ``mt`` (``mtsim.MTEvidence``) adds its costs and
    recalibrates the confidences."""
    p = ctx.params
    bc: BeadCosts = ctx.costs(lexicon)
    if mt is not None:
        mt.add_costs(bc.costs)
        bc.restack()
    path, _ = run_dp(ctx.band, BEAD_TYPES, bc.costs, p.del_cost, bc.stacked)
    if not final:  # an earlier pass only teaches the next: which beads are clearly above random pairs
        evidence = pass_evidence(bc, path)
        learn = [e >= p.learn_evidence for e in evidence]
        beads = [Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), 1.0) for a, b, i, j in path]
        return _Run(beads, [], [1.0] * len(path), learn, {})
    posts = bead_posteriors(ctx.band, BEAD_TYPES, bc.costs, p.del_cost, path, p.temperature, bc.stacked)
    feats = bead_features(bc, path, posts)
    beads, learn = [], []
    for (a, b, i, j), f, post in zip(path, feats, posts):
        conf = calibration.confidence(f) if mt is None else mt.confidence(calibration, f, (a, b, i, j))
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), round(conf, 4)))
        learn.append(post >= 0.5 and f.values[1] >= p.learn_evidence)
    cal = {
        "length_ratio": round(ctx.ratio, 4),
        "length_variance": round(ctx.var, 3),
        "similarity_random": round(bc.mu_r, 4),
        "similarity_true": round(bc.mu_t, 4),
        "lexicon_entries": lexicon.pairs(),
        "deletion_cost": round(p.del_cost, 3),
        "type_costs": {f"{a}-{b}": round(c, 3) for (a, b), c in p.type_cost.items()},
    }
    return _Run(beads, feats, posts, learn, cal)
