"""Finding MarianMT models on this machine, never on the network unless asked (``aligner models pull``).

A folder path is used as is. A hub name (``Helsinki-NLP/opus-mt-fr-en``) is looked up in ``$ALIGNER_MODELS_DIR``
(default ``~/.cache/aligner/models``, one folder per model with ``/`` written as ``--``) and then in the Hugging Face
cache with ``local_files_only``; the hub is never contacted, so a missing model is one clear message at once.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import AlignerError
from ..settings import DEFAULT_MODEL

__all__ = ["DEFAULT_MODEL", "ModelNotFound", "ModelRef", "language_pair", "list_models", "pull_model", "resolve_model"]

MARIAN_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")


class ModelNotFound(AlignerError):
    """The translation model is not on this machine."""


@dataclass(frozen=True)
class ModelRef:
    name: str  # what the user asked for
    path: Path  # the folder with config.json, *.spm, vocab.json and the weights
    revision: str  # hub commit, or a hash of the local weights

    @property
    def label(self) -> str:
        """``name@revision`` as recorded in every unit the model translates."""
        short = Path(self.name).name if Path(self.name).is_dir() else self.name
        return f"{short}@{self.revision[:12]}"


def language_pair(name: str) -> str | None:
    """The pair an opus-mt model translates, from its name: ``fr-en``, or ``mul-en`` for a multilingual one."""
    import re

    m = re.search(r"opus-mt-([a-z]{2,3})-([a-z]{2,3})(?:$|[^a-z])", name.rsplit("/", 1)[-1])
    return f"{m.group(1)}-{m.group(2)}" if m else None


def models_dir() -> Path:
    return Path(os.environ.get("ALIGNER_MODELS_DIR", Path.home() / ".cache" / "aligner" / "models"))


def _is_model_dir(path: Path) -> bool:
    return path.is_dir() and all((path / f).exists() for f in MARIAN_FILES)


def _local_revision(path: Path) -> str:
    h = hashlib.sha256()
    for name in ("config.json", "model.safetensors", "pytorch_model.bin"):
        p = path / name
        if p.exists():
            h.update(p.read_bytes() if p.stat().st_size < 50_000_000 else str(p.stat().st_mtime_ns).encode())
    return h.hexdigest()


def resolve_model(name: str | Path) -> ModelRef:
    """Find a model folder for ``name`` on this machine, or raise :class:`ModelNotFound` with what to do."""
    path = Path(name).expanduser()
    if path.is_dir():
        if not _is_model_dir(path):
            missing = [f for f in MARIAN_FILES if not (path / f).exists()]
            raise ModelNotFound(f"not a MarianMT model folder (missing {', '.join(missing)})", path)
        return ModelRef(str(name), path, _local_revision(path))
    name = str(name)
    local = models_dir() / name.replace("/", "--")
    if _is_model_dir(local):
        return ModelRef(name, local, _local_revision(local))
    snap = _hub_cache_snapshot(name)
    if snap is not None:
        return ModelRef(name, snap, snap.name)
    raise ModelNotFound(
        f"translation model {name!r} is not on this machine: run `aligner models pull {name}` where the model hub "
        f"is reachable, or pass --model with a MarianMT folder"
    )


def hub_cache_dir() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface"))
    return home / "hub"


def _hub_cache_snapshot(name: str) -> Path | None:
    """The cached snapshot of a hub model (the one ``refs/main`` points to, else the newest), read from disk only."""
    repo = hub_cache_dir() / ("models--" + name.replace("/", "--"))
    snaps = repo / "snapshots"
    if not snaps.is_dir():
        return None
    ref = repo / "refs" / "main"
    if ref.is_file():
        path = snaps / ref.read_text(encoding="utf-8").strip()
        if _is_model_dir(path):
            return path
    found = sorted((p for p in snaps.iterdir() if _is_model_dir(p)), key=lambda p: p.stat().st_mtime, reverse=True)
    return found[0] if found else None


def list_models() -> list[ModelRef]:
    """Models available locally: in ``$ALIGNER_MODELS_DIR`` and MarianMT models in the Hugging Face cache."""
    out: list[ModelRef] = []
    base = models_dir()
    if base.is_dir():
        for p in sorted(base.iterdir()):
            if _is_model_dir(p):
                out.append(ModelRef(p.name.replace("--", "/"), p, _local_revision(p)))
    try:
        from huggingface_hub import scan_cache_dir

        for repo in scan_cache_dir().repos:
            for rev in repo.revisions:
                if _is_model_dir(Path(rev.snapshot_path)):
                    out.append(ModelRef(repo.repo_id, Path(rev.snapshot_path), rev.commit_hash))
    except Exception:  # noqa: BLE001 - no cache, or an unreadable one: nothing to list from it
        pass
    return out


def pull_model(name: str) -> ModelRef:
    """Download a model from the hub into ``$ALIGNER_MODELS_DIR`` (needs network access)."""
    from huggingface_hub import snapshot_download

    target = models_dir() / name.replace("/", "--")
    try:
        path = snapshot_download(name, local_dir=str(target), etag_timeout=10)
    except Exception as exc:  # noqa: BLE001 - report any download failure as one line
        raise AlignerError(f"cannot download {name!r} ({type(exc).__name__}: {str(exc)[:200]})") from None
    return ModelRef(name, Path(path), _local_revision(Path(path)))
