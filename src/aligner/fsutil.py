"""Writing outputs safely: a temporary file in the same folder, made durable, then renamed over the target.

A single write flushes its file to disk before the rename. Inside :func:`durable_batch` writes are grouped: each
goes to its temporary file at once, and when the batch commits the file system is flushed once (``syncfs``), every
file is renamed into place, and each folder is flushed so the renames themselves survive a crash. A failure or a kill
before the commit leaves every previous file as it was; the temporary files left behind are removed by the next run
(:func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

from .errors import AlignerError

BATCH_FILES = 1024  # a batch commits by itself once it holds this many files


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it back at once
    os.umask(mask)
    return mask


class _Batch:
    def __init__(self) -> None:
        self.pending: list[tuple[str, Path]] = []  # (temporary file, final path)

    def add(self, tmp: str, path: Path) -> None:
        self.pending.append((tmp, path))
        if len(self.pending) >= BATCH_FILES:
            self.commit()

    def commit(self) -> None:
        if not self.pending:
            return
        folders = sorted({p.parent for _, p in self.pending})
        _sync_filesystem(folders[0])
        for tmp, path in self.pending:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                self.abort()
                raise AlignerError(f"cannot write ({exc.strerror})", path) from None
        self.pending = []
        for folder in folders:
            sync_folder(folder)

    def abort(self) -> None:
        for tmp, _ in self.pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self.pending = []


_BATCH: ContextVar[_Batch | None] = ContextVar("aligner_write_batch", default=None)


@contextlib.contextmanager
def durable_batch() -> Iterator[None]:
    """Group the atomic writes made inside into one flush to disk. Nothing is renamed into place before the commit,
    so an error or a kill inside the block leaves every previous file as it was."""
    if _BATCH.get() is not None:  # already in a batch: join it
        yield
        return
    batch = _Batch()
    token = _BATCH.set(batch)
    try:
        yield
        batch.commit()
    except BaseException:
        batch.abort()
        raise
    finally:
        _BATCH.reset(token)


def _sync_filesystem(folder: Path) -> None:
    """Flush the file system holding ``folder`` (Linux ``syncfs``; ``sync`` elsewhere)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if getattr(libc, "syncfs", None) is None or libc.syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (renames into it) to disk, where the file system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot flush a folder; the renames are then as durable as they can be
    finally:
        os.close(fd)


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: a failure leaves the previous file untouched."""
    atomic_write_chunks(path, [data])


def atomic_write_chunks(path: str | Path, chunks: Iterable[str | bytes]) -> None:
    """Stream ``chunks`` into a temporary file beside ``path``, then rename it over ``path`` (at once, or when the
    current :func:`durable_batch` commits).

    An exception while producing the chunks, a full disk or a kill leaves the previous file as it was.
    """
    path = Path(path)
    batch = _BATCH.get()
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
            if batch is None:
                fh.flush()
                os.fsync(fh.fileno())
        if batch is None:
            os.replace(tmp, path)
        else:
            batch.add(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
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
