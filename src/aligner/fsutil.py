"""Writing outputs safely: a temporary file in the same folder, flushed, then renamed over the target."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import AlignerError


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it back at once
    os.umask(mask)
    return mask


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: a failure leaves the previous file untouched."""
    atomic_write_chunks(path, [data])


def atomic_write_chunks(path: str | Path, chunks: Iterable[str | bytes]) -> None:
    """Stream ``chunks`` into a temporary file beside ``path``, then rename it over ``path``.

    An exception while producing the chunks, a full disk or a kill leaves the previous file as it was.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise AlignerError(f"cannot write ({exc.strerror})", path) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # as open() would create it: mkstemp's files are private (0600)
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise AlignerError(f"cannot write ({exc.strerror})", path) from None
        raise


def remove_stale_temporaries(folder: Path) -> int:
    """Delete the temporary files killed writers left under ``folder`` (call only while holding its lock)."""
    removed = 0
    for tmp in Path(folder).rglob(".*.tmp"):
        if tmp.is_file() and not tmp.is_symlink():
            try:
                tmp.unlink()
                removed += 1
            except OSError:
                pass
    return removed
