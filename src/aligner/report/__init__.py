"""Reports for people and CI: MT quality against the English originals, gates, Markdown and JUnit."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..formats.tmx import escape, quoteattr

CONFIDENT = 0.9  # beads scored for MT quality
MISALIGNED_CHRF = 15.0  # sentence chrF below this: MT and original disagree sharply
UNEDITED_CHRF = 95.0  # sentence chrF at or above this: the original reads like unedited MT
MD_LIMIT = 1024 * 1024 - 4096


@dataclass(frozen=True)
class Gates:
    min_aligned: float | None = None
    max_low_confidence: float | None = None
    min_bleu: float | None = None
    max_untranslated: int | None = None
    max_term_issues: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def mt_quality(pairs: list[tuple[int, str, str]], translations: dict[str, str]) -> dict:
    """Scores of MT against the English originals of confidently aligned beads, with flagged beads."""
    from ..score.mt import corpus_scores, sentence_scores

    rows = [(bead, src, ref, translations.get(src, "")) for bead, src, ref in pairs if translations.get(src)]
    if not rows:
        return {"beads": 0}
    hyps = [r[3] for r in rows]
    refs = [r[2] for r in rows]
    scores = corpus_scores(hyps, refs)
    per = sentence_scores(hyps, refs, ("chrf",))
    flags = []
    for (bead, src, ref, hyp), s in zip(rows, per):
        if s["chrf"] < MISALIGNED_CHRF:
            flags.append(
                {"bead": bead, "kind": "possible misalignment", "chrf": s["chrf"], "src": src, "tgt": ref, "mt": hyp}
            )
        elif s["chrf"] >= UNEDITED_CHRF:
            flags.append(
                {"bead": bead, "kind": "possible unedited MT", "chrf": s["chrf"], "src": src, "tgt": ref, "mt": hyp}
            )
    return {"beads": len(rows), "scores": [x.as_dict() for x in scores], "flags": flags, "_hyps": hyps, "_refs": refs}


def bleu_of(quality: dict | None) -> float | None:
    for s in (quality or {}).get("scores", []):
        if s["metric"] == "bleu":
            return s["score"]
    return None


def evaluate_gates(releases: list[dict], gates: Gates) -> list[dict]:
    """One failure per violated gate and release: {release, check, value, limit, message}."""
    out = []

    def fail(rid, check, value, limit, message):
        out.append({"release": rid, "check": check, "value": value, "limit": limit, "message": message})

    for r in releases:
        rid = r["id"]
        if r["paired"]:
            if gates.min_aligned is not None and r.get("aligned_share", 0.0) < gates.min_aligned:
                fail(
                    rid,
                    "alignment coverage",
                    r.get("aligned_share", 0.0),
                    gates.min_aligned,
                    f"{rid}: {r.get('aligned_share', 0.0):.1%} of French sentences aligned, below {gates.min_aligned:.1%}",
                )
            if gates.max_low_confidence is not None and r.get("low_confidence_share", 0.0) > gates.max_low_confidence:
                fail(
                    rid,
                    "low-confidence share",
                    r["low_confidence_share"],
                    gates.max_low_confidence,
                    f"{rid}: {r['low_confidence_share']:.1%} low-confidence beads, above {gates.max_low_confidence:.1%}",
                )
            if gates.min_bleu is not None:
                bleu = bleu_of(r.get("mt_quality"))
                if bleu is None:
                    fail(rid, "BLEU", None, gates.min_bleu, f"{rid}: BLEU not available (no translation model)")
                elif bleu < gates.min_bleu:
                    fail(rid, "BLEU", bleu, gates.min_bleu, f"{rid}: BLEU {bleu:.2f} below {gates.min_bleu:.2f}")
        if gates.max_term_issues is not None and r.get("term_issues", 0) > gates.max_term_issues:
            fail(
                rid,
                "terminology",
                r["term_issues"],
                gates.max_term_issues,
                f"{rid}: {r['term_issues']} terminology issues, above {gates.max_term_issues}",
            )
        if gates.max_untranslated is not None and r["untranslated_sentences"] > gates.max_untranslated:
            fail(
                rid,
                "untranslated sentences",
                r["untranslated_sentences"],
                gates.max_untranslated,
                f"{rid}: {r['untranslated_sentences']} untranslated sentences, above {gates.max_untranslated}",
            )
    return out


CHECKS = ("alignment coverage", "low-confidence share", "untranslated sentences", "BLEU")


def _figure(r: dict, check: str) -> str:
    if check == "alignment coverage":
        return f"aligned share {r.get('aligned_share', '-')}"
    if check == "low-confidence share":
        return f"low-confidence share {r.get('low_confidence_share', '-')} ({r.get('low_confidence_beads', 0)} beads)"
    if check == "untranslated sentences":
        return f"untranslated sentences {r['untranslated_sentences']}"
    if check == "terminology":
        return f"terminology issues {r.get('term_issues', 0)}"
    bleu = bleu_of(r.get("mt_quality"))
    return "BLEU not available" if bleu is None else f"BLEU {bleu:.2f}"


def render_junit(report: dict) -> str:
    """JUnit XML: a testcase per release and check; a failure names the release and the figure."""
    failures = {(f["release"], f["check"]): f for f in report["gates"]["failures"]}
    cases = []
    for r in report["releases"]:
        checks = CHECKS if r["paired"] else ("untranslated sentences",)
        if r["paired"] and "term_issues" in r:
            checks = (*checks, "terminology")
        for check in checks:
            f = failures.get((r["id"], check))
            body = f"<system-out>{escape(_figure(r, check))}</system-out>"
            if f:
                body = f'<failure message={quoteattr(f["message"])} type="gate">{escape(f["message"])}</failure>' + body
            cases.append(
                f"    <testcase classname={quoteattr('aligner.' + r['id'])} name={quoteattr(check)}>{body}</testcase>"
            )
    n_fail = len(failures)
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aligner" tests="{len(cases)}" '
        f'failures="{n_fail}">\n  <testsuite name="aligner run" tests="{len(cases)}" failures="{n_fail}" '
        f'errors="0" skipped="0">\n'
    )
    return head + "\n".join(cases) + "\n  </testsuite>\n</testsuites>\n"


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: dict) -> str:
    """A summary for a CI job page (GitHub's step summary, GitLab's artifacts): under 1 MiB, tables per release."""
    c = report["corpus"]
    g = report["gates"]
    lines = [f"# aligner report ({report['tool']['version']}, {report['generated']})", ""]
    verdict = "all gates passed" if not g["failures"] else f"**{len(g['failures'])} gate(s) failed**"
    lines += [
        f"{c['releases']} releases ({c['paired']} paired), {c['fr_sentences']} French sentences, "
        f"{c['aligned_share']:.1%} aligned, {c['low_confidence_beads']} low-confidence beads, "
        f"{c['untranslated_sentences']} untranslated sentences: {verdict}.",
        "",
    ]
    if g["failures"]:
        lines += ["## Gate failures", ""] + [f"- {_md(f['message'])}" for f in g["failures"]] + [""]
    q = report.get("mt_quality", {})
    if q.get("scores"):
        lines += ["## MT against the English originals (corpus)", "", "| metric | score | signature |", "|---|---|---|"]
        lines += [f"| {s['name']} | {s['score']:.2f} | `{s['signature']}` |" for s in q["scores"]] + [""]
    lines += [
        "## Releases",
        "",
        "| release | fr | en | beads | aligned | low conf. | untranslated | BLEU | chrF | flags |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["releases"]:
        mq = r.get("mt_quality") or {}
        sc = {s["metric"]: s["score"] for s in mq.get("scores", [])}
        aligned = f"{r['aligned_share']:.1%}" if "aligned_share" in r else "-"
        bleu = f"{sc['bleu']:.2f}" if "bleu" in sc else "-"
        chrf = f"{sc['chrf']:.2f}" if "chrf" in sc else "-"
        en = r["en_sentences"] if r["en_sentences"] is not None else "-"
        lines.append(
            f"| {_md(r['id'])} | {r['fr_sentences']} | {en} | {r.get('beads', '-')} | {aligned} "
            f"| {r.get('low_confidence_beads', '-')} | {r['untranslated_sentences']} | {bleu} | {chrf} "
            f"| {len(mq.get('flags', []))} |"
        )
    lines.append("")
    if "terminology" in report:
        t = report["terminology"]
        lines += [f"## Terminology ({t['terms']} glossary terms, {t['issues']} issues)", ""]
        for r in report["releases"]:
            if r.get("terminology"):
                lines += [
                    f"### {_md(r['id'])}",
                    "",
                    "| bead | kind | term | expected | English |",
                    "|---|---|---|---|---|",
                ]
                lines += [
                    f"| {i['bead']} | {i['kind']} | {_md(i['term'])} | {_md(' / '.join(i['expected']))} | "
                    f"{_md(i['tgt'][:120])} |"
                    for i in r["terminology"][:50]
                ]
                lines.append("")
    for r in report["releases"]:
        flags = (r.get("mt_quality") or {}).get("flags", [])
        if flags:
            lines += [
                f"### {_md(r['id'])}: flagged beads",
                "",
                "| bead | kind | chrF | French | English |",
                "|---|---|---|---|---|",
            ]
            lines += [
                f"| {f['bead']} | {f['kind']} | {f['chrf']:.1f} | {_md(f['src'][:120])} | {_md(f['tgt'][:120])} |"
                for f in flags[:50]
            ]
            lines.append("")
    text = "\n".join(lines) + "\n"
    if len(text.encode("utf-8")) > MD_LIMIT:
        text = text.encode("utf-8")[:MD_LIMIT].decode("utf-8", "ignore") + "\n\n(report truncated at 1 MiB)\n"
    return text
