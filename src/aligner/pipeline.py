"""The corpus job behind ``aligner run``: pair, segment, align, then write TMX, PO, the TM database and the report.

Each release's segmentation and alignment are cached under ``OUT/cache/`` with a key made of the content hashes of
its files, of the segmentation rules and of aligner's own code: an unchanged release is never recomputed and its
outputs are not rewritten. Releases are processed in parallel (``jobs``). Every file is written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__
from .corpus import SRC_LANG, TGT_LANG, Release, discover
from .errors import AlignerError
from .formats.tmx import TmxHeader, TranslationUnit, render_tmx, tmx_date
from .fsutil import atomic_write_chunks, atomic_write_text
from .model import Bead, Sentence
from .textio import read_text, read_text_bytes
from .units import HUMAN, ReleaseUnit, release_units, span_text

LOW_CONFIDENCE = 0.5
REPORT_SCHEMA = "aligner-report/1"
Progress = Callable[[int, int, str], None]


# ---------------------------------------------------------------- per release (runs in worker processes)


@dataclass
class ReleaseData:
    """Everything computed for one release; what the cache holds."""

    id: str
    key: str
    created: str
    fr: list[Sentence]
    en: list[Sentence] | None
    beads: list[Bead] | None
    params: dict
    stats: dict | None = None  # report figures, filled once the release's units are built
    fills: dict | None = None  # bead -> [English text, origin] from the memory or MT, as last written

    def to_json(self) -> dict:
        def sents(ss):
            return None if ss is None else [[s.text, s.paragraph, s.start, s.end] for s in ss]

        return {
            "id": self.id,
            "key": self.key,
            "created": self.created,
            "fr": sents(self.fr),
            "en": sents(self.en),
            "beads": None if self.beads is None else [[list(b.src), list(b.tgt), b.score] for b in self.beads],
            "params": self.params,
            "stats": self.stats,
            "fills": self.fills,
        }

    @classmethod
    def from_json(cls, d: dict) -> ReleaseData:
        def sents(ss):
            return None if ss is None else [Sentence(t, p, a, b) for t, p, a, b in ss]

        beads = None if d["beads"] is None else [Bead(tuple(s), tuple(t), sc) for s, t, sc in d["beads"]]
        return cls(
            d["id"],
            d["key"],
            d["created"],
            sents(d["fr"]),
            sents(d["en"]),
            beads,
            d["params"],
            d.get("stats"),
            d.get("fills"),
        )


_SPLITTERS: dict = {}


def _splitter(srx: str | None, lang: str):
    if srx is None:
        return None
    key = (srx, lang)
    if key not in _SPLITTERS:
        from .segment.srx import load_srx

        _SPLITTERS[key] = load_srx(srx).splitter(lang)
    return _SPLITTERS[key]


def _task(r: Release, key: str, srx: str | None, root: Path) -> dict:
    """What a worker needs to compute one release (plain data, so it crosses process boundaries)."""
    corr = corrections_path(root, r.id)
    return {
        "id": r.id,
        "key": key,
        "fr": str(r.fr),
        "en": None if r.en is None else str(r.en),
        "srx": srx,
        "corrections": str(corr) if corr.is_file() and r.en is not None else None,
    }


def compute_release(task: dict) -> dict:
    """Segment and align one release. Runs in a worker process: takes and returns plain data."""
    from .align import align_documents
    from .segment import segment_text

    fr_text = read_text(task["fr"])
    fr = segment_text(fr_text, SRC_LANG, split=_splitter(task["srx"], SRC_LANG), source=task["fr"])
    en = beads = None
    params: dict = {}
    if task["en"] is not None:
        en_text = read_text(task["en"])
        en = segment_text(en_text, TGT_LANG, split=_splitter(task["srx"], TGT_LANG), source=task["en"])
        if task.get("corrections"):
            beads = load_corrections(task["corrections"], task["id"], len(fr.sentences), len(en.sentences))
            params = {"reviewed": True, "corrections": task["corrections"]}
        else:
            alignment = align_documents(fr, en)
            beads = list(alignment.beads)
            params = alignment.params
    data = ReleaseData(
        task["id"],
        task["key"],
        tmx_date(),
        list(fr.sentences),
        None if en is None else list(en.sentences),
        beads,
        params,
    )
    return data.to_json()


def load_corrections(path: str | Path, release: str, n_src: int, n_tgt: int) -> list[Bead]:
    """A reviewer's corrected beads (from the review page), checked against the release as it is now."""
    path = Path(path)
    try:
        doc = json.loads(read_text(path))
        beads = [Bead(tuple(int(i) for i in b["src"]), tuple(int(j) for j in b["tgt"]), 1.0) for b in doc["beads"]]
        rel = doc["release"]
    except (ValueError, KeyError, TypeError) as exc:
        raise AlignerError(f"not a corrections file ({type(exc).__name__}: {exc})", path) from None
    if rel != release:
        raise AlignerError(f"corrections are for release {rel!r}, not {release!r}", path)
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    if src != list(range(n_src)) or tgt != list(range(n_tgt)):
        raise AlignerError(
            f"corrections do not cover the release as it is now ({n_src} French and {n_tgt} English sentences, "
            "each once and in order): review the release again",
            path,
        )
    return beads


# ---------------------------------------------------------------- keys and cache


def code_fingerprint() -> str:
    """Hash of the code that decides segmentation and alignment: a change invalidates every cached release."""
    h = hashlib.sha256(__version__.encode())
    base = Path(__file__).parent
    for rel in (
        "segment/rules.py",
        "segment/__init__.py",
        "segment/srx.py",
        "align/core.py",
        "align/params.py",
        "align/dp.py",
        "align/features.py",
        "align/lexicon.py",
    ):
        h.update((base / rel).read_bytes())
    return h.hexdigest()[:16]


def _file_hash(path: Path | None, check_text: bool = False) -> str:
    """Content hash of a file; with ``check_text`` the file must also be UTF-8 text (checked before any work)."""
    if path is None:
        return "-"
    if check_text:
        data = read_text_bytes(path)
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise AlignerError(f"cannot read ({exc.strerror})", path) from None
    return hashlib.sha256(data).hexdigest()


def corrections_path(root: Path, release_id: str) -> Path:
    """Where a reviewer's corrections for a release live: with the corpus, as an input of every run."""
    return Path(root) / "corrections" / f"{release_id}.json"


def release_key(release: Release, rules: str, code: str, root: Path | None = None) -> str:
    h = hashlib.sha256()
    corr = corrections_path(root, release.id) if root is not None else None
    extra = _file_hash(corr) if corr is not None and corr.is_file() else "-"
    for part in (code, rules, _file_hash(release.fr, True), _file_hash(release.en, True), extra):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _load_cache(path: Path, key: str) -> ReleaseData | None:
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        if d.get("key") != key:
            return None
        return ReleaseData.from_json(d)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: recompute


# ---------------------------------------------------------------- outputs


def _segments_text(sentences: list[Sentence]) -> str:
    lines, prev = [], None
    for s in sentences:
        if prev is not None and s.paragraph != prev:
            lines.append("")
        lines.append(s.text)
        prev = s.paragraph
    return "\n".join(lines) + ("\n" if lines else "")


def _units(data: ReleaseData, fr_text: str, en_text: str | None) -> list[ReleaseUnit]:
    beads = data.beads if data.beads is not None else [Bead((i,), (), 1.0) for i in range(len(data.fr))]
    reviewed = bool(data.params.get("reviewed"))
    return release_units(data.id, fr_text, data.fr, en_text, data.en, beads, data.created, reviewed)


def tmx_units(units: list[ReleaseUnit]) -> list[TranslationUnit]:
    out = []
    for u in units:
        if not u.tgt:
            continue
        out.append(
            TranslationUnit(
                src=u.src,
                tgt=u.tgt,
                props=[
                    ("x-release", u.release),
                    ("x-bead", str(u.bead)),
                    ("x-bead-type", u.kind),
                    ("x-alignment-score", f"{u.score:.4f}"),
                    ("x-origin", u.origin),
                ],
                attrs={"tuid": f"{u.release}:{u.bead}", "creationdate": u.created},
            )
        )
    return out


def _header(rules: dict, created: str) -> TmxHeader:
    from .align import AlignParams

    return TmxHeader(
        creationdate=created,
        props=[
            ("x-segmentation", json.dumps(rules, sort_keys=True)),
            ("x-alignment-parameters", json.dumps(AlignParams().as_dict(), sort_keys=True)),
        ],
    )


def _jsonl(data: ReleaseData) -> str:
    rows = []
    for b in data.beads or []:
        rows.append(
            json.dumps(
                {
                    "src": [data.fr[i].text for i in b.src],
                    "tgt": [data.en[j].text for j in b.tgt],
                    "src_ids": list(b.src),
                    "tgt_ids": list(b.tgt),
                    "score": b.score,
                },
                ensure_ascii=False,
            )
        )
    return "\n".join(rows) + ("\n" if rows else "")


def release_stats(data: ReleaseData, units: list[ReleaseUnit], mt_status: str = "") -> dict:
    out: dict = {"fr_sentences": len(data.fr), "en_sentences": None if data.en is None else len(data.en)}
    base = "no English counterpart" if data.en is not None else "no English original"
    out["no_counterpart"] = [[u.bead, u.src] for u in units if u.origin not in HUMAN]  # filled or not
    left = [u for u in units if not u.tgt]
    out["untranslated_sentences"] = sum(int(u.kind.split("-")[0]) for u in left)
    out["untranslated"] = [
        {"bead": u.bead, "line": u.src_line, "text": u.src, "reason": base + (f"; {mt_status}" if mt_status else "")}
        for u in left
    ]
    filled: dict[str, int] = {}
    for u in units:
        if u.origin.startswith(("tm-", "mt:")):
            kind = "mt" if u.origin.startswith("mt:") else u.origin.split(":")[0]
            filled[kind] = filled.get(kind, 0) + int(u.kind.split("-")[0])
    out["filled_sentences"] = dict(sorted(filled.items()))
    if data.beads is None:
        return out
    kinds: dict[str, int] = {}
    for b in data.beads:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    aligned = sum(len(b.src) for b in data.beads if b.src and b.tgt and b.score >= LOW_CONFIDENCE)
    low = [k for k, b in enumerate(data.beads) if b.score < LOW_CONFIDENCE]
    out.update(
        {
            "beads": len(data.beads),
            "beads_by_type": dict(sorted(kinds.items())),
            "aligned_sentences": aligned,
            "aligned_share": round(aligned / len(data.fr), 4) if data.fr else 0.0,
            "low_confidence_beads": len(low),
            "low_confidence_share": round(len(low) / len(data.beads), 4) if data.beads else 0.0,
            "low_confidence": low,
            "calibration": data.params.get("calibration", {}),
        }
    )
    return out


def _apply_fills(units: list[ReleaseUnit], fills: dict[int, tuple[str, str]]) -> list[ReleaseUnit]:
    out = []
    for u in units:
        f = fills.get(u.bead)
        out.append(replace(u, tgt=f[0], origin=f[1]) if f and not u.tgt else u)
    return out


# ---------------------------------------------------------------- the run


class run_lock:  # noqa: N801 - used as a context manager
    """An exclusive lock on the output folder: a second run on it stops with a clear message."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.fh = None

    def __enter__(self):
        import fcntl

        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self.fh = open(self.out / ".aligner.lock", "a+")  # noqa: SIM115 - held for the whole run
        except OSError as exc:
            raise AlignerError(f"cannot write the output folder ({exc.strerror})", self.out) from None
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            raise AlignerError(
                "another aligner run is writing this output folder; wait for it to finish", self.out
            ) from None
        return self

    def __exit__(self, *exc) -> None:
        self.fh.close()  # closing releases the lock; the (empty) lock file stays


def run_corpus(
    root: str | Path,
    out: str | Path,
    jobs: int = 1,
    srx: str | Path | None = None,
    progress: Progress | None = None,
    fill_options=None,
    gates=None,
    glossary: str | Path | None = None,
) -> dict:
    """Process a corpus into ``out``; returns the report (also written to ``out/report.json``).

    ``fill_options`` (a :class:`aligner.translate.fill.FillOptions`) says how French text without a counterpart is
    translated: from the memory, then with a MarianMT model; None leaves it untranslated. When the model is
    available, the French side of confidently aligned beads is translated too and scored against the English
    originals. ``glossary`` (OmegaT TSV, CSV or TBX) is checked on every aligned pair. ``gates`` (a
    :class:`aligner.report.Gates`) are checked; failures are in ``report["gates"]``.
    """
    corpus = discover(root)
    out = Path(out)
    # Everything that can be wrong with the inputs is found before the output folder is touched.
    checker = terms = None
    if glossary is not None:
        from .formats.glossary import load_glossary
        from .terms.check import GlossaryChecker

        terms = load_glossary(glossary)
        checker = GlossaryChecker(terms)
    code = code_fingerprint()
    if srx is not None:
        srx = str(Path(srx))
        rules = {"rules": "srx", "file": srx, "sha256": _file_hash(Path(srx))}
        from .segment.srx import load_srx

        load_srx(srx).splitter(SRC_LANG)
    else:
        rules = {"rules": "built-in", "version": __version__}
    rules_id = json.dumps(rules, sort_keys=True)
    releases = [r for r in corpus.releases if r.fr is not None]
    keys = {r.id: release_key(r, rules_id, code, corpus.root) for r in releases}  # reads and checks every file
    with run_lock(out):
        return _run_locked(
            corpus, out, jobs, srx, progress, fill_options, gates, glossary, checker, terms, rules, releases, keys
        )


def _run_locked(
    corpus, out: Path, jobs, srx, progress, fill_options, gates, glossary, checker, terms, rules, releases, keys
) -> dict:
    cache_dir = out / "cache"
    state_path = cache_dir / "state.json"
    try:
        previous = json.loads(state_path.read_text(encoding="utf-8")).get("releases", {})
    except (OSError, ValueError):
        previous = {}

    results: dict[str, ReleaseData] = {}
    todo = []
    for r in releases:
        cached = _load_cache(cache_dir / f"{r.id}.json", keys[r.id])
        if cached is not None:
            results[r.id] = cached
        else:
            todo.append(_task(r, keys[r.id], srx, corpus.root))
    done = len(results)
    total = len(releases)
    if progress:
        progress(done, total, "")
    fresh: set[str] = set()
    for d in _compute(todo, jobs):
        data = ReleaseData.from_json(d)
        atomic_write_text(cache_dir / f"{data.id}.json", json.dumps(d, ensure_ascii=False))
        results[data.id] = data
        fresh.add(data.id)
        done += 1
        if progress:
            progress(done, total, data.id)

    created = tmx_date()
    by_id = {r.id: r for r in releases}
    tm_path = out / "memory.sqlite"
    structural = bool(fresh) or set(previous) != set(keys) or not (out / "memory.tmx").exists()
    new_db = not tm_path.exists()
    aligned: dict[str, list[ReleaseUnit]] = {}

    texts: dict[str, tuple[str, str | None]] = {}

    def release_texts(rid: str) -> tuple[str, str | None]:
        """Each release's files are read once per run, whoever needs them (units, review pages)."""
        if rid not in texts:
            r = by_id[rid]
            texts[rid] = (read_text(r.fr), read_text(r.en) if r.en is not None else None)
        return texts[rid]

    def aligned_units(rid: str) -> list[ReleaseUnit]:
        if rid not in aligned:
            aligned[rid] = _units(results[rid], *release_texts(rid))
        return aligned[rid]

    # 1. the memory knows every aligned unit before anything is looked up in it
    from .tm import TranslationMemory

    with TranslationMemory(tm_path) as tm:
        for rid in sorted(set(previous) - set(keys)):
            tm.replace_release(rid, [])
        for rid in sorted(by_id):
            if rid in fresh or new_db:
                tm.replace_release(rid, tmx_units(aligned_units(rid)))

    # 2. French text without a counterpart: memory, then machine translation
    needs: dict[str, list[tuple[int, str]]] = {}
    for rid in sorted(by_id):
        data = results[rid]
        if rid in aligned or data.stats is None:
            items = [(u.bead, u.src) for u in aligned_units(rid) if not u.tgt]
        else:
            items = [(b, t) for b, t in data.stats["no_counterpart"]]
        if items:
            needs[rid] = items
    fill_info: dict = {"status": "off", "options": None}
    fills: dict[str, dict[int, tuple[str, str]]] = {}
    mt_status = ""
    if fill_options is not None and needs:
        from .translate.fill import fill

        res = fill(needs, tm_path, fill_options, cache_dir / "mt.json")
        fills = res.fills
        mt_status = "" if res.mt_status in ("ok", "not needed") else res.mt_status
        fill_info = {
            "status": res.mt_status,
            "options": fill_options.signature(),
            "model": res.model,
            "warnings": res.warnings,
        }

    # 3. per release: outputs are rewritten when the release or its fills changed, or when they are missing
    report_releases = []
    rebuilt: set[str] = set()
    for r in releases:
        data = results[r.id]
        paths = _release_paths(out, r)
        f = fills.get(r.id, {})
        stored = {int(k): tuple(v) for k, v in (data.fills or {}).items()}
        stale = r.id in fresh or stored != f or data.stats is None or not all(p.exists() for p in paths.values())
        if stale or structural:
            units = _apply_fills(aligned_units(r.id), f)
            _write_release(out, r, data, units, paths, rules, rebuild=r.id in fresh or stored != f)
            stats = release_stats(data, units, mt_status)
            if stats != data.stats or stored != f:
                data.stats, data.fills = stats, {str(k): list(v) for k, v in f.items()}
                atomic_write_text(cache_dir / f"{r.id}.json", json.dumps(data.to_json(), ensure_ascii=False))
            if stored != f:
                rebuilt.add(r.id)
                with TranslationMemory(tm_path) as tm:
                    tm.replace_release(r.id, tmx_units(units))
        entry = {
            "id": r.id,
            "paired": r.en is not None,
            "fr_file": str(r.fr),
            "en_file": None if r.en is None else str(r.en),
            "cached": r.id not in fresh,
            "outputs": {k: str(v.relative_to(out)) for k, v in paths.items()},
            "notes": [] if r.en is not None else ["no English original"],
        }
        entry.update({k: v for k, v in data.stats.items() if k != "no_counterpart"})
        report_releases.append(entry)

    # 4. the whole memory as TMX
    if structural or rebuilt:
        all_units = [u for rid in sorted(by_id) for u in _apply_fills(aligned_units(rid), fills.get(rid, {}))]
        atomic_write_chunks(out / "memory.tmx", render_tmx(tmx_units(all_units), _header(rules, created)))
        atomic_write_text(state_path, json.dumps({"releases": keys}, indent=1))

    report = _report(corpus, report_releases, rules, jobs, created)
    report["skipped"] = list(corpus.skipped)
    report["translation"] = fill_info
    from .report import Gates, evaluate_gates, render_junit, render_markdown

    if fill_options is not None and fill_options.model is not None and fill_info["status"] != "off":
        report["mt_quality"] = _quality(report_releases, by_id, aligned_units, fill_options, cache_dir)
    if checker is not None:
        total = 0
        for r in report_releases:
            if not r["paired"]:
                continue
            issues = checker.check_pairs(
                (r["id"], u.bead, u.src, u.tgt) for u in aligned_units(r["id"]) if u.tgt and u.origin in HUMAN
            )
            r["term_issues"] = len(issues)
            r["terminology"] = [i.as_dict() for i in issues[:500]]
            total += len(issues)
        report["terminology"] = {"glossary": str(glossary), "terms": len(terms), "issues": total}
    gates = gates or Gates()
    report["gates"] = {"settings": gates.as_dict(), "failures": evaluate_gates(report_releases, gates)}
    atomic_write_text(out / "report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    atomic_write_text(out / "report.md", render_markdown(report))
    atomic_write_text(out / "junit.xml", render_junit(report))
    _write_review(out, report, results, release_texts, fills, keys)
    return report


def _write_review(out: Path, report: dict, results: dict, release_texts, fills: dict, keys: dict) -> None:
    """OUT/review/index.html and a page per release (static, offline)."""
    from .report.html import render_index, render_release_page

    atomic_write_text(out / "review" / "index.html", render_index(report))
    sig_path = out / "cache" / "review.json"
    try:
        previous = json.loads(sig_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    signatures = {}
    for entry in report["releases"]:
        rid = entry["id"]
        # a page changes only with the release, its fills, its issues or its flags: skip unchanged ones
        basis = {k: v for k, v in entry.items() if k not in ("cached", "outputs")}
        sig = hashlib.sha256(
            json.dumps([keys[rid], fills.get(rid, {}), basis], sort_keys=True, default=str).encode()
        ).hexdigest()
        signatures[rid] = sig
        if previous.get(rid) == sig and (out / "review" / f"{rid}.html").exists():
            continue
        data = results[rid]
        fr_text, en_text = release_texts(rid)
        beads = data.beads if data.beads is not None else [Bead((i,), (), 1.0) for i in range(len(data.fr))]
        issues: dict[int, list[str]] = {}
        for i in entry.get("terminology", []):
            issues.setdefault(i["bead"], []).append(f"{i['kind']}: {i['term']} → {' / '.join(i['expected'])}")
        flags: dict[int, list[str]] = {}
        for f in (entry.get("mt_quality") or {}).get("flags", []):
            flags.setdefault(f["bead"], []).append(f"{f['kind']} (chrF {f['chrf']:.0f})")
        f = fills.get(rid, {})
        rows = []
        for k, b in enumerate(beads):
            tgt = span_text(en_text, [data.en[j] for j in b.tgt]) if (b.tgt and en_text is not None) else ""
            origin = "reviewed" if data.params.get("reviewed") and b.src and b.tgt else "aligned"
            if not b.tgt and b.src:
                tgt, origin = (f[k][0], f[k][1]) if k in f else ("", "none")
            rows.append(
                {
                    "index": k,
                    "src": list(b.src),
                    "tgt": list(b.tgt),
                    "src_text": span_text(fr_text, [data.fr[i] for i in b.src]),
                    "tgt_text": tgt,
                    "score": b.score,
                    "origin": origin,
                    "kind": b.kind,
                    "issues": issues.get(k, []),
                    "flags": flags.get(k, []),
                }
            )
        page = render_release_page(entry, rows, keys[rid], len(data.fr), len(data.en or []))
        atomic_write_text(out / "review" / f"{rid}.html", page)
    if signatures != previous:
        atomic_write_text(sig_path, json.dumps(signatures))


def _quality(releases: list[dict], by_id, aligned_units, options, cache_dir: Path) -> dict:
    """MT of the French side of confident beads, scored against the English originals per release and overall."""
    from .report import CONFIDENT, mt_quality
    from .score.mt import corpus_scores
    from .translate import resolve_model
    from .translate.fill import machine_translate

    try:
        resolve_model(options.model)  # cheap: no unit is built when there is no model to score with
    except AlignerError as exc:
        return {"status": f"no machine translation: {exc}"}
    pairs = {}
    for r in releases:
        if r["paired"]:
            pairs[r["id"]] = [
                (u.bead, u.src, u.tgt)
                for u in aligned_units(r["id"])
                if u.origin in HUMAN and u.tgt and u.score >= CONFIDENT
            ]
    warnings: list[str] = []
    texts = sorted({src for items in pairs.values() for _, src, _ in items})
    table, status, model, _ = machine_translate(texts, options, cache_dir / "mt.json", warnings)
    if status != "ok":
        return {"status": status}
    hyps, refs = [], []
    for r in releases:
        if r["id"] in pairs:
            q = mt_quality(pairs[r["id"]], table)
            hyps += q.pop("_hyps", [])
            refs += q.pop("_refs", [])
            r["mt_quality"] = q
    overall = [s.as_dict() for s in corpus_scores(hyps, refs)] if hyps else []
    return {"status": "ok", "model": model, "beads": len(hyps), "min_confidence": CONFIDENT, "scores": overall}


def _compute(todo: list[dict], jobs: int):
    if not todo:
        return
    if jobs <= 1 or len(todo) == 1:
        for t in todo:
            yield compute_release(t)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
        yield from pool.map(compute_release, todo)


def _release_paths(out: Path, r: Release) -> dict[str, Path]:
    paths = {
        "segments_fr": out / "segments" / SRC_LANG / f"{r.id}.txt",
        "po": out / "po" / f"{r.id}.po",
    }
    if r.en is not None:
        paths["segments_en"] = out / "segments" / TGT_LANG / f"{r.id}.txt"
        paths["alignment"] = out / "align" / f"{r.id}.jsonl"
        paths["tmx"] = out / "tmx" / f"{r.id}.tmx"
    return paths


def _write_release(out: Path, r: Release, data: ReleaseData, units, paths: dict, rules: dict, rebuild: bool) -> None:
    """Write the release's outputs that are missing, or all of them when it was recomputed."""
    from .formats.po import render_po

    writers = {
        "segments_fr": lambda p: atomic_write_text(p, _segments_text(data.fr)),
        "segments_en": lambda p: atomic_write_text(p, _segments_text(data.en)),
        "alignment": lambda p: atomic_write_text(p, _jsonl(data)),
        "tmx": lambda p: atomic_write_chunks(p, render_tmx(tmx_units(units), _header(rules, data.created))),
        "po": lambda p: atomic_write_text(p, render_po(units, r.id, f"{SRC_LANG}/{r.fr.name}", data.created)),
    }
    for name, path in paths.items():
        if rebuild or not path.exists():
            writers[name](path)


def _report(corpus, releases: list[dict], rules: dict, jobs: int, created: str) -> dict:
    from .align import AlignParams

    kinds: dict[str, int] = {}
    for r in releases:
        for k, v in r.get("beads_by_type", {}).items():
            kinds[k] = kinds.get(k, 0) + v
    paired = [r for r in releases if r["paired"]]
    fr_paired = sum(r["fr_sentences"] for r in paired)
    aligned = sum(r.get("aligned_sentences", 0) for r in paired)
    beads = sum(r.get("beads", 0) for r in paired)
    low = sum(r.get("low_confidence_beads", 0) for r in paired)
    return {
        "schema": REPORT_SCHEMA,
        "tool": {
            "name": "aligner",
            "version": __version__,
            "python": sys.version.split()[0],
            "platform": platform.platform(terse=True),
        },
        "generated": created,
        "inputs": {"corpus": str(corpus.root), "segmentation": rules, "jobs": jobs},
        "parameters": {"alignment": AlignParams().as_dict(), "low_confidence_threshold": LOW_CONFIDENCE},
        "corpus": {
            "releases": len(releases),
            "paired": len(paired),
            "fr_sentences": sum(r["fr_sentences"] for r in releases),
            "en_sentences": sum(r["en_sentences"] or 0 for r in releases),
            "beads": beads,
            "beads_by_type": dict(sorted(kinds.items())),
            "aligned_share": round(aligned / fr_paired, 4) if fr_paired else 0.0,
            "low_confidence_beads": low,
            "low_confidence_share": round(low / beads, 4) if beads else 0.0,
            "untranslated_sentences": sum(r["untranslated_sentences"] for r in releases),
        },
        "unpaired": {
            "french_only": [r.id for r in corpus.french_only],
            "english_only": [r.id for r in corpus.english_only],
        },
        "releases": releases,
    }


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


__all__ = ["run_corpus", "compute_release", "ReleaseData", "default_jobs"]


def corpus_pairs(root: str | Path, cache: str | Path | None = None, jobs: int = 1, min_score: float = 0.0):
    """(release, bead, French, English, score) of every aligned bead of a corpus.

    Reuses ``cache`` (an ``aligner run`` output folder) where its results are current; computes the rest in memory.
    """
    corpus = discover(root)
    code = code_fingerprint()
    rules_id = json.dumps({"rules": "built-in", "version": __version__}, sort_keys=True)
    releases = [r for r in corpus.releases if r.paired]
    results: dict[str, ReleaseData] = {}
    todo = []
    for r in releases:
        key = release_key(r, rules_id, code, corpus.root)
        cached = _load_cache(Path(cache) / "cache" / f"{r.id}.json", key) if cache else None
        if cached is not None:
            results[r.id] = cached
        else:
            todo.append(_task(r, key, None, corpus.root))
    for d in _compute(todo, jobs):
        data = ReleaseData.from_json(d)
        results[data.id] = data
    out = []
    for r in releases:
        for u in _units(results[r.id], read_text(r.fr), read_text(r.en)):
            if u.tgt and u.score >= min_score:
                out.append((r.id, u.bead, u.src, u.tgt, u.score))
    return out
