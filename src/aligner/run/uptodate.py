"""Whether ``aligner run`` would change nothing: its inputs and outputs are as the last clean run left them.

A run that ended cleanly (every release computed, no MT failure) records, as the last thing it writes under the
output folder's lock:

- a hash of everything it read: the corpus folder's files (content), the rule, glossary and dictionary files its
  settings name, the settings themselves, aligner's own code, and which MT model each language pair resolves to
  (a model that appears or changes counts as a change);
- the size and modification time of every file it left in OUT (an output edited, removed or added by hand, or by
  ``aligner apply`` or ``aligner tm``, counts as a change);
- what it said: warnings, the summary table, gate failures and the exit status.

The next ``aligner run`` with the same settings compares and, when nothing differs, says so and repeats what the
last run said, with its exit status, without loading the aligner (``--force`` runs every stage anyway). Every run
removes the record before it touches OUT, so a run that stops half-way leaves none. A corpus holding symbolic links
is always run: what a link leads to can change without the corpus folder showing it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import AlignerError
from .config import RunConfig
from .lock import LOCK_NAME, run_lock

RECORD = Path("cache") / "up-to-date.json"
SCHEMA = "aligner-up-to-date/1"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Replay:
    """What a run said on the console, to say again when a later run finds nothing changed."""

    warnings: tuple[str, ...] = ()  # to stderr, always
    summary: tuple[str, ...] = ()  # the table, to stdout unless --quiet
    where: str = ""  # where the outputs are, to stderr unless --quiet
    errors: tuple[str, ...] = ()  # failed releases and gates, to stderr, always
    exit_code: int = 0

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Replay:
        return cls(tuple(d["warnings"]), tuple(d["summary"]), str(d["where"]), tuple(d["errors"]), int(d["exit_code"]))


def up_to_date(config: RunConfig) -> Replay | None:
    """The last run's :class:`Replay` when neither its inputs nor its outputs changed since; else None."""
    path = config.out / RECORD
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("schema") != SCHEMA:
            return None
        pairs = [(str(a), str(b)) for a, b in record["pairs"]]
        with run_lock(config.out):
            if inputs_digest(config, pairs) != record["inputs"] or output_state(config.out) != record["outputs"]:
                return None
            return Replay.from_json(record["replay"])
    except (OSError, ValueError, KeyError, TypeError, AlignerError):
        return None  # no record, or one that cannot be trusted: run


def forget(out: Path) -> None:
    """Remove the record: called by a run before it changes anything in ``out``."""
    (out / RECORD).unlink(missing_ok=True)


def remember(config: RunConfig, pairs: Iterable[tuple[str, str]], replay: Replay, mt_failed: bool = False) -> None:
    """Record the run that just ended (under its lock, after its last output). Not when MT failed with a model at
    hand (the next run tries again), nor when the corpus holds links."""
    from ..fsutil import atomic_write_text

    pairs = sorted(set(pairs))
    if mt_failed and any(not s.startswith("none:") for s in _model_state(config, pairs).values()):
        return
    digest = inputs_digest(config, pairs)
    if digest is None:
        return
    record = {
        "schema": SCHEMA,
        "pairs": pairs,
        "inputs": digest,
        "outputs": output_state(config.out),
        "replay": asdict(replay),
    }
    atomic_write_text(config.out / RECORD, json.dumps(record, ensure_ascii=False))


def inputs_digest(config: RunConfig, pairs: Sequence[tuple[str, str]]) -> str | None:
    """A hash of everything a run reads; None when the corpus holds links (always run then)."""
    h = hashlib.sha256(SCHEMA.encode())
    _add(h, "settings", json.dumps({**config.to_json(), "out": str(config.out)}, sort_keys=True))
    _add(h, "code", _code_state())
    _add(h, "models", json.dumps(_model_state(config, pairs), sort_keys=True))
    files = _corpus_files(config.corpus, config.out)
    if files is None:
        return None
    named = [(str(p), p) for p in (config.srx, config.glossary, *config.lexicons) if p is not None]
    for name, path in [*files, *named]:
        _add(h, "file", name)
        _add(h, "content", "" if path is None else _file_hash(path))
    return h.hexdigest()


def output_state(out: Path) -> dict[str, list[int]]:
    """Size and modification time (ns) of every file in ``out`` but the record and the lock."""
    skip = {str(RECORD), LOCK_NAME}
    state: dict[str, list[int]] = {}
    for folder, dirs, names in os.walk(out):
        dirs.sort()
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, out)
            if rel not in skip:
                st = os.lstat(path)
                state[rel] = [st.st_size, st.st_mtime_ns]
    return state


def _add(h: Any, label: str, value: str) -> None:
    data = value.encode("utf-8", "surrogateescape")
    h.update(f"{label}:{len(data)}:".encode())
    h.update(data)


def _corpus_files(root: Path, out: Path) -> list[tuple[str, Path | None]] | None:
    """Every file under the corpus folder, sorted, with its path; hidden ones (which a run lists as skipped, unread)
    by name only, and the output folder left out when it lies inside. None when the corpus holds a symbolic link."""
    out_real = os.path.realpath(out)
    files: list[tuple[str, Path | None]] = []
    for folder, dirs, names in os.walk(root):
        if os.path.realpath(folder) == out_real:
            dirs.clear()
            continue
        for name in (*dirs, *names):
            if os.path.islink(os.path.join(folder, name)):
                return None
        rel = os.path.relpath(folder, root)
        files += [(os.path.join(rel, d), None) for d in dirs if d.startswith(".")]
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            files.append((os.path.join(rel, name), None if name.startswith(".") else Path(folder, name)))
    return sorted(files, key=lambda f: f[0])


def _file_hash(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        return f"unreadable: {exc.strerror}"


def _code_state() -> str:
    """aligner's version and the size and time of each of its files (an upgrade or an edit counts as a change)."""
    from .. import __version__

    base = Path(__file__).resolve().parent.parent
    parts = [__version__]
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            st = os.stat(os.path.join(folder, name))
            parts.append(f"{os.path.relpath(os.path.join(folder, name), base)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


def _model_state(config: RunConfig, pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Per language pair, the model MT would use (name, revision, back end, beam), or why there is none."""
    if config.translation.model is None:
        return {}
    from ..translate.fill import translation_source

    state: dict[str, str] = {}
    for lang, pivot in pairs:
        try:
            state[f"{lang}-{pivot}"] = translation_source(config.translation.for_pair(lang, pivot)).key
        except AlignerError as absent:
            state[f"{lang}-{pivot}"] = f"none: {absent}"
    return state
