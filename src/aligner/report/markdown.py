"""``report.md``: a summary for a CI job page (GitHub's step summary, GitLab's artifacts), under 1 MiB."""

from __future__ import annotations

import html

from .model import ReleaseReport, RunReport

MD_LIMIT = 1024 * 1024 - 4096
ROWS_PER_TABLE = 50


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+!|~"})


def _md(text: object) -> str:
    """Text from releases, glossaries or file names as inert Markdown: no HTML, no links, no emphasis, one line."""
    return html.escape(" ".join(str(text).split()), quote=False).translate(_MD_SPECIAL)


def render_markdown(report: RunReport) -> str:
    lines = _summary(report)
    lines += _release_table(report.releases)
    lines += _terminology(report)
    lines += _flags(report.releases)
    text = "\n".join(lines) + "\n"
    if len(text.encode("utf-8")) > MD_LIMIT:
        text = text.encode("utf-8")[:MD_LIMIT].decode("utf-8", "ignore") + "\n\n(report truncated at 1 MiB)\n"
    return text


def _summary(report: RunReport) -> list[str]:
    from .. import __version__

    c = report.corpus
    failures = report.gate_failures
    lines = [f"# aligner report ({__version__}, {report.generated})", ""]
    verdict = "all gates passed" if not failures else f"**{len(failures)} gate(s) failed**"
    lines += [
        f"{c.releases} releases ({c.paired} paired), {c.src_sentences} French sentences, "
        f"{c.aligned_share:.1%} aligned, {c.low_confidence_beads} low-confidence beads, "
        f"{c.untranslated_sentences} untranslated sentences: {verdict}.",
        "",
    ]
    if failures:
        lines += ["## Gate failures", ""] + [f"- {_md(f.message)}" for f in failures] + [""]
    q = report.mt_quality
    if q is not None and q.status == "ok" and q.verdict == "unusable":
        lines += [f"**{_md(q.message)}.**", ""]
    if q is not None and q.scores:
        lines += ["## MT against the English originals (corpus)", "", "| metric | score | signature |", "|---|---|---|"]
        lines += [f"| {s.name} | {s.score:.2f} | `{s.signature}` |" for s in q.scores] + [""]
    return lines


def _release_table(releases: list[ReleaseReport]) -> list[str]:
    lines = [
        "## Releases",
        "",
        "| release | fr | en | beads | aligned | low conf. | untranslated | BLEU | chrF | flags |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in releases:
        mq = r.mt_quality
        bleu = mq.score_of("bleu") if mq else None
        chrf = mq.score_of("chrf") if mq else None
        a = r.alignment
        en = r.stats.tgt_sentences if r.stats.tgt_sentences is not None else "-"
        lines.append(
            f"| {_md(r.id)} | {r.stats.src_sentences} | {en} | {a.beads if a else '-'} "
            f"| {f'{a.aligned_share:.1%}' if a else '-'} | {a.low_confidence_beads if a else '-'} "
            f"| {r.stats.untranslated_sentences} | {'-' if bleu is None else f'{bleu:.2f}'} "
            f"| {'-' if chrf is None else f'{chrf:.2f}'} | {len(mq.flags) if mq else 0} |"
        )
    lines.append("")
    return lines


def _terminology(report: RunReport) -> list[str]:
    t = report.terminology
    if t is None:
        return []
    lines = [f"## Terminology ({t.terms} glossary terms, {t.issues} issues)", ""]
    for r in report.releases:
        if not r.terminology:
            continue
        lines += [
            f"### {_md(r.id)}",
            "",
            "| bead | kind | term | expected | French | English | origin |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {i.bead} | {i.kind} | {_md(i.term)} | {_md(' / '.join(i.expected))} | {_md(i.src[:120])} "
            f"| {_md(i.tgt[:120])} | {_md(i.origin)} |"
            for i in r.terminology[:ROWS_PER_TABLE]
        ]
        lines.append("")
    return lines


def _flags(releases: list[ReleaseReport]) -> list[str]:
    lines: list[str] = []
    for r in releases:
        flags = r.mt_quality.flags if r.mt_quality else []
        if not flags:
            continue
        lines += [
            f"### {_md(r.id)}: flagged beads",
            "",
            "| bead | kind | chrF | French | English |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {f.bead} | {f.kind} | {f.chrf:.1f} | {_md(f.src[:120])} | {_md(f.tgt[:120])} |"
            for f in flags[:ROWS_PER_TABLE]
        ]
        lines.append("")
    return lines
