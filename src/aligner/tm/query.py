"""What a memory query returns and selects: fuzzy candidates ranked, matches de-duplicated (most trustworthy origin
first), and unit filters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from .text import match_key, similarity, tokens, upper_bound

_ORIGIN_RANK = {"reviewed": 0, "aligned": 1, "imported": 2}


@dataclass(frozen=True)
class Match:
    score: float  # percentage
    src: str
    tgt: str | None
    origin: str
    release: str | None
    unit_id: int
    src_lang: str = ""
    tgt_lang: str = ""
    count: int = 1  # units with this same source and translation (shown once)

    @property
    def exact(self) -> bool:
        return self.score >= 100.0


def glob_literal(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


@dataclass(frozen=True)
class UnitFilter:
    """Which units an export takes. ``origins``: an origin or its family (``mt`` takes ``mt:<model>@<rev>``,
    ``tm-fuzzy`` takes ``tm-fuzzy:82``, ``tm`` takes both ``tm-`` kinds). Machine translations are left out unless
    ``include_mt`` or ``origins`` is given. ``min_score``: alignment score at least this (units without one are left
    out). ``releases``: only these releases."""

    origins: tuple[str, ...] = ()
    releases: tuple[str, ...] = ()
    min_score: float | None = None
    include_mt: bool = False

    def where(self) -> tuple[str, list]:
        conds: list[str] = []
        args: list = []
        if self.origins:
            alts = []
            for o in self.origins:
                alts.append("origin = ? OR origin GLOB ? OR origin GLOB ?")
                args += [o, glob_literal(o) + ":*", glob_literal(o) + "-*"]
            conds.append("(" + " OR ".join(alts) + ")")
        elif not self.include_mt:
            conds.append("origin NOT GLOB 'mt:*'")
        if self.releases:
            conds.append(f"release IN (SELECT id FROM releases WHERE name IN ({','.join('?' * len(self.releases))}))")
            args += list(self.releases)
        if self.min_score is not None:
            conds.append("score IS NOT NULL AND score >= ?")
            args.append(self.min_score)
        return (" WHERE " + " AND ".join(conds) if conds else ""), args


def _origin_rank(origin: str) -> int:
    """Human work first, then imported units, then filled ones; machine translation last."""
    if origin in _ORIGIN_RANK:
        return _ORIGIN_RANK[origin]
    for rank, prefix in enumerate(("tm-", "po-fuzzy", "mt:"), 4):
        if origin.startswith(prefix):
            return rank
    return 3


def dedup(matches: list[Match]) -> list[Match]:
    """Best first; one match per (source, translation) with the count of units that carry it."""
    matches.sort(key=lambda m: (-m.score, _origin_rank(m.origin), m.unit_id))
    kept: dict[tuple[str, str], Match] = {}
    counts: dict[tuple[str, str], int] = {}
    for m in matches:
        k = (match_key(m.src), match_key(m.tgt or ""))
        counts[k] = counts.get(k, 0) + 1
        kept.setdefault(k, m)
    return [replace(m, count=counts[k]) for k, m in kept.items()]


def rank_candidates(q: list[str], key: str, rows: list[tuple], threshold: float, want: int) -> list[Match]:
    """Score candidates by edit distance, most promising first (by a cheap upper bound), and stop when no remaining
    candidate can enter the ``want`` best. A fuzzy score is at most 99: only an identical source is exact."""
    qc = Counter(q)
    pool = []
    for row in rows:
        if row[2] == key:
            continue  # an exact match, reported as such (or filtered out) by _exact
        toks = tokens(row[2])
        bound = round(min(upper_bound(qc, toks, len(q)), 99.0), 1)
        if bound >= threshold:
            pool.append((bound, toks, row))
    pool.sort(key=lambda p: -p[0])
    best: dict[tuple[str, str], float] = {}
    scored = []
    for bound, toks, (uid, src, skey, tgt, origin, rel, sl, tl) in pool:
        if len(best) >= want and sorted(best.values(), reverse=True)[want - 1] > bound:
            break
        s = min(round(similarity(q, toks, threshold), 1), 99.0)
        if s >= threshold:
            scored.append(Match(s, src, tgt, origin, rel, uid, sl, tl))
            k = (skey, match_key(tgt or ""))
            best[k] = max(best.get(k, 0.0), s)
    return dedup(scored)
