"""Glossary checks on aligned sentence pairs: approved term missing, forbidden term used, do-not-translate changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from . import Term, find, normalise


@dataclass(frozen=True)
class TermIssue:
    release: str
    bead: int
    src: str
    tgt: str
    term: str
    expected: list[str]
    found: str | None
    kind: str  # missing-approved, forbidden-used, dnt-changed
    origin: str = "aligned"  # where the English comes from: aligned, reviewed, tm-exact, tm-fuzzy:NN, mt:<model>

    def as_dict(self) -> dict:
        return asdict(self)


class GlossaryChecker:
    """Compiles a glossary once; ``check`` is linear in the sentence length (terms indexed by their first word)."""

    def __init__(self, terms: list[Term]) -> None:
        self.index: dict[str, list[tuple[list[str], Term, list[list[str]], list[list[str]]]]] = {}
        for t in terms:
            toks = normalise(t.source, "fr")
            if not toks:
                continue
            approved = [normalise(x, "en") for x in t.targets]
            forbidden = [normalise(x, "en") for x in t.forbidden]
            self.index.setdefault(toks[0], []).append((toks, t, approved, forbidden))

    def check(self, release: str, bead: int, src: str, tgt: str, origin: str = "aligned") -> list[TermIssue]:
        s = normalise(src, "fr")
        issues = []
        seen: set[str] = set()
        t_tokens = None
        for i, tok in enumerate(s):
            for toks, term, approved, forbidden in self.index.get(tok, ()):
                if term.source in seen or s[i : i + len(toks)] != toks:
                    continue
                seen.add(term.source)
                if t_tokens is None:
                    t_tokens = normalise(tgt, "en")
                if term.dnt:
                    if term.source not in tgt:
                        issues.append(
                            TermIssue(release, bead, src, tgt, term.source, [term.source], None, "dnt-changed", origin)
                        )
                    continue
                for f_toks, f in zip(forbidden, term.forbidden):
                    if find(t_tokens, f_toks):
                        issues.append(
                            TermIssue(release, bead, src, tgt, term.source, term.targets, f, "forbidden-used", origin)
                        )
                if approved and not any(find(t_tokens, a) for a in approved):
                    issues.append(
                        TermIssue(release, bead, src, tgt, term.source, term.targets, None, "missing-approved", origin)
                    )
        return issues

    def check_pairs(
        self, pairs: Iterable[tuple[str, int, str, str] | tuple[str, int, str, str, str]]
    ) -> list[TermIssue]:
        """Issues of (release, bead, French, English[, origin]) pairs, in order."""
        out: list[TermIssue] = []
        for pair in pairs:
            out.extend(self.check(*pair))
        return out
