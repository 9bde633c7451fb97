"""Where release computation runs: worker processes on this machine, or a Dask cluster.

The driver (the ``aligner run`` process) always keeps the reading of inputs and every write: the cache, the memory,
the reports. Executors only compute — segment and align releases, translate batches of sentences — and return plain
results, so a run on a cluster writes exactly what a local run writes.

On Dask, a worker that dies is replaced by the scheduler and its tasks run again elsewhere; each release's result is
taken once, so none is lost or duplicated. Workers need the ``aligner`` package (same version) and, for machine
translation, the model at the same path or in the same cache as on the driver.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import AlignerError, UsageError
from ..translate.fill import FillOptions, translate_here
from .cache import ReleaseData
from .compute import ReleaseFailure, ReleaseTask, compute_all, guarded_compute
from .config import EXECUTORS

MT_CHUNK = 64  # sentences per translation task on a cluster


class LocalExecutor:
    """A pool of ``jobs`` worker processes on this machine (or this process alone with one job)."""

    name = "local"

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs

    def releases(self, tasks: Sequence[ReleaseTask]) -> Iterator[ReleaseData | ReleaseFailure]:
        yield from compute_all(tasks, self.jobs)

    translate = None  # machine translation runs in this process

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class _Translation:
    texts: list[str]
    warnings: list[str]


_TRANSLATORS: dict[tuple[str, str, int, int], Any] = {}


def _translate_chunk(texts: list[str], options: FillOptions) -> _Translation:
    """Translate on a worker; the model is loaded once per worker process."""
    warnings: list[str] = []
    return _Translation(translate_here(texts, options, warnings, _TRANSLATORS), warnings)


class DaskExecutor:
    """Tasks on a Dask distributed cluster: the one at ``scheduler``, or a local cluster of ``jobs`` workers."""

    name = "dask"

    def __init__(self, scheduler: str | None, jobs: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("the dask executor needs the dask extra: pip install 'aligner[dask]'") from None
        self.cluster = None
        try:
            if scheduler is None:
                self.cluster = LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
                )
                self.client = Client(self.cluster, timeout="30s")
            else:
                self.client = Client(scheduler, timeout="15s")
        except (OSError, TimeoutError) as exc:
            self.close()
            raise AlignerError(f"cannot reach the Dask scheduler ({exc})", scheduler or "local cluster") from None

    def releases(self, tasks: Sequence[ReleaseTask]) -> Iterator[ReleaseData | ReleaseFailure]:
        from distributed import as_completed

        if not tasks:
            return
        # every task aligns with the same lexicons: sent to each worker once, not with every task
        lexicons = tasks[0].lexicons
        if lexicons:
            (lexicons,) = self.client.scatter([lexicons], broadcast=True)  # one object: the whole tuple
        bare = [replace(t, lexicons=()) for t in tasks]
        futures = self.client.map(
            _compute_with, bare, lexicons=lexicons, key=[f"aligner-release-{t.key}" for t in tasks]
        )
        by_key = {f.key: t for f, t in zip(futures, tasks)}
        for future in as_completed(futures):
            task = by_key[future.key]
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - any worker-side failure is this release's, said in one line
                yield ReleaseFailure(task.id, f"failed on the Dask cluster: {type(exc).__name__}: {exc}")
            finally:
                future.release()

    def translate(self, texts: list[str], options: FillOptions, warnings: list[str]) -> list[str]:
        chunks = [texts[k : k + MT_CHUNK] for k in range(0, len(texts), MT_CHUNK)]
        futures = self.client.map(_translate_chunk, chunks, options=options, pure=False)
        out: list[str] = []
        for future in futures:
            try:
                part = future.result()
            except AlignerError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise AlignerError(f"machine translation failed on the Dask cluster: {exc}") from None
            out.extend(part.texts)
            warnings.extend(part.warnings)
        return out

    def close(self) -> None:
        for thing in (getattr(self, "client", None), self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001 - closing a cluster that failed to start
                    pass


def _compute_with(task: ReleaseTask, lexicons: tuple) -> ReleaseData | ReleaseFailure:
    return guarded_compute(replace(task, lexicons=tuple(lexicons)))


def make_executor(name: str, jobs: int, scheduler: str | None = None) -> LocalExecutor | DaskExecutor:
    if name == "local":
        if scheduler is not None:
            raise UsageError("--scheduler needs --executor dask")
        return LocalExecutor(jobs)
    if name == "dask":
        return DaskExecutor(scheduler, jobs)
    raise UsageError(f"unknown executor {name!r} (choose from {', '.join(EXECUTORS)})")
