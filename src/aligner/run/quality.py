"""Checks on the aligned pairs: MT against the English originals, and the glossary."""

from __future__ import annotations

from pathlib import Path

from ..model import Term
from ..report.model import TERM_ISSUES_KEPT, CorpusQuality, ReleaseReport, TerminologySummary
from ..settings import CONFIDENT, MT_USABLE_BLEU, MT_VERDICT_MIN_BEADS, SRC_LANG
from ..translate.fill import FillOptions, Translate
from .state import ReleaseState

GLOSSARY_LANG = SRC_LANG  # the source language glossaries are in


def quality_stage(
    out: Path,
    states: dict[str, ReleaseState],
    reports: list[ReleaseReport],
    options: FillOptions,
    translate: Translate | None = None,
) -> CorpusQuality:
    """MT of the translation side of confident beads, scored against the originals per release and per language
    pair (each with its own model); with several languages, the pairs' results side by side."""
    by_lang: dict[str, list[ReleaseReport]] = {}
    for r in reports:
        by_lang.setdefault(states[r.id].lang, []).append(r)
    results = {
        lang: _language_quality(out, states, group, options.for_pair(lang, states[group[0].id].pivot), translate)
        for lang, group in sorted(by_lang.items())
    }
    if len(results) <= 1:
        return next(iter(results.values()), CorpusQuality("no releases"))
    ok = [q for q in results.values() if q.status == "ok"]
    status = "ok" if ok else next(iter(results.values())).status
    return CorpusQuality(status, None, sum(q.beads for q in ok), [], "", results)


def _language_quality(
    out: Path,
    states: dict[str, ReleaseState],
    reports: list[ReleaseReport],
    options: FillOptions,
    translate: Translate | None,
) -> CorpusQuality:
    from ..errors import AlignerError
    from ..report.quality import mt_quality
    from ..score.mt import corpus_scores
    from ..translate.fill import machine_translate, resolve_for

    if options.model is None:
        raise ValueError("MT quality needs a model")  # the run only asks with one
    try:
        resolve_for(options)  # cheap: no unit is built when there is no model to score with
    except AlignerError as exc:
        return CorpusQuality(f"no machine translation: {exc}")
    pairs = {r.id: _confident_pairs(states[r.id]) for r in reports if r.paired}
    warnings: list[str] = []
    texts = sorted({src for items in pairs.values() for _, src, _ in items})
    if not texts:
        return CorpusQuality("no confident pairs to score")
    table, status, model, _ = machine_translate(texts, options, out / "cache" / "mt.json", warnings, translate)
    if status != "ok":
        return CorpusQuality(status)
    hyps: list[str] = []
    refs: list[str] = []
    for r in reports:
        if r.id in pairs:
            r.mt_quality = mt_quality(pairs[r.id], table)
            hyps += r.mt_quality.hyps
            refs += r.mt_quality.refs
    quality = CorpusQuality("ok", model, len(hyps), corpus_scores(hyps, refs) if hyps else [])
    quality.verdict = _verdict(quality)
    if quality.verdict == "unusable":
        for r in reports:  # the MT itself is the problem: per-bead flags would only repeat it
            if r.mt_quality is not None:
                r.mt_quality.flags = []
    return quality


def _verdict(q: CorpusQuality) -> str:
    if q.beads < MT_VERDICT_MIN_BEADS or q.bleu is None:
        return ""
    return "unusable" if q.bleu < MT_USABLE_BLEU else "usable"


def _confident_pairs(state: ReleaseState) -> list[tuple[int, str, str]]:
    return [
        (u.bead, u.src, u.tgt)
        for u in state.units()
        if u.origin.human and u.translatable and u.tgt and u.score >= CONFIDENT
    ]


def terminology_stage(
    glossary: Path, terms: list[Term], states: dict[str, ReleaseState], reports: list[ReleaseReport]
) -> TerminologySummary:
    """Check every pair against the glossary: the releases' own, reviewers', and memory and MT fills (marked)."""
    from ..terms.check import GlossaryChecker

    checker = GlossaryChecker(terms)
    total = 0
    for r in reports:
        if states[r.id].lang != GLOSSARY_LANG:
            continue  # a glossary is French-English: other languages' releases are not checked against it
        units = states[r.id].filled_units()
        issues = checker.check_pairs(
            (r.id, u.bead, u.src, u.tgt, u.origin_label) for u in units if u.tgt and u.translatable
        )
        r.term_issues = len(issues)
        r.terminology = issues[:TERM_ISSUES_KEPT]
        total += len(issues)
    return TerminologySummary(str(glossary), len(terms), total)
